"""The tokenizer's vocabulary, parsed in slices so the GUI thread keeps running, is exactly
what `json.load` gives, whatever the file's layout; a broken file still fails."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.engine.errors import ModelFilesError
from assistant.engine.tokenizer import VOCAB_SLICE_LINES, M2MTokenizer, load_vocab_in_slices
from tests.builders.cache import M2M_TOKENIZER_DIR as TOKENIZER_DIR


def test_the_real_vocabulary_parses_to_what_json_load_gives() -> None:
    path = TOKENIZER_DIR / "vocab.json"
    parsed = load_vocab_in_slices(str(path))
    assert parsed == json.loads(path.read_text(encoding="utf-8"))
    assert list(parsed) == list(json.loads(path.read_text(encoding="utf-8")))
    assert len(parsed) > VOCAB_SLICE_LINES * 10


@pytest.mark.parametrize(
    "layout",
    [
        {"separators": (",", ":")},
        {"indent": 2},
        {"indent": None},
    ],
    ids=["compact", "one-entry-per-line", "one-line"],
)
def test_every_layout_parses_like_json_load(tmp_path: Path, layout: dict[str, object]) -> None:
    vocab = {f'tok{i},\\"x': i for i in range(VOCAB_SLICE_LINES * 2 + 7)}
    vocab["dup"] = 1
    path = tmp_path / "vocab.json"
    path.write_text(json.dumps(vocab, **layout), encoding="utf-8")  # type: ignore[arg-type]
    assert load_vocab_in_slices(str(path)) == vocab


def test_a_nested_value_across_a_slice_boundary_is_parsed_whole(tmp_path: Path) -> None:
    vocab: dict[str, object] = {f"t{i}": i for i in range(VOCAB_SLICE_LINES - 2)}
    vocab["nested"] = {"a": [1, 2, 3], "b": {"c": 4}}
    vocab.update({f"u{i}": i for i in range(10)})
    path = tmp_path / "vocab.json"
    path.write_text(json.dumps(vocab, indent=2), encoding="utf-8")
    assert load_vocab_in_slices(str(path)) == vocab


def test_a_broken_vocabulary_is_a_model_files_error(tmp_path: Path) -> None:
    for name in ("sentencepiece.bpe.model", "tokenizer_config.json", "special_tokens_map.json"):
        if (TOKENIZER_DIR / name).exists():
            (tmp_path / name).write_bytes((TOKENIZER_DIR / name).read_bytes())
    lines = (TOKENIZER_DIR / "vocab.json").read_text(encoding="utf-8").splitlines()
    lines[5000] = '  "broken: 5000,'
    (tmp_path / "vocab.json").write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(ModelFilesError, match="tokenizer"):
        M2MTokenizer(tmp_path)
