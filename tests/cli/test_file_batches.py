"""`translate --file`: a multi-sentence file is decoded in batches, and `--json` reports the
whole file's tokens and per-stage timings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.cli.main import main
from assistant.models.store import InstalledModel


def _translate_file(
    path: Path, lines: list[str], capsys: pytest.CaptureFixture[str], *extra: str
) -> dict[str, object]:
    path.write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    args = ["translate", "--json", "--from", "en", "--to", "de", "--file", str(path), *extra]
    assert main(args) == 0
    answer: dict[str, object] = json.loads(capsys.readouterr().out)
    return answer


@pytest.mark.slow
def test_file_is_batched_by_default_and_json_reports_the_whole_file(
    installed_tiny_m2m100: InstalledModel,
    shared_data: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    flores = (shared_data / "flores200-dev" / "en.txt").read_text().splitlines()
    lines = [line for line in flores[:14] if len(line) < 150][:8]
    batched = _translate_file(tmp_path / "doc.txt", lines, capsys)
    assert batched["tier"] == "model"
    tokens = batched["tokens"]
    assert isinstance(tokens, dict) and tokens["input"] > 8 * 3 and tokens["output"] >= 8 * 2
    timings = batched["timings_ms"]
    assert isinstance(timings, dict)
    assert {"tokenize", "encode", "decode", "detokenize", "total"} <= set(timings)
    assert all(ms >= 0 for ms in timings.values())
    # A different text (one more line), so the translation memory cannot answer it.
    alone = _translate_file(tmp_path / "doc2.txt", [*lines, "Thank you."], capsys, "--batch", "1")
    assert alone["tier"] == "model"
    outputs = str(batched["output"]).rstrip("\n").split("\n\n")
    assert len(outputs) == len(lines)
    assert str(alone["output"]).split("\n\n")[: len(lines)] == outputs


def test_a_batch_below_one_is_refused_with_a_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "doc.txt"
    source.write_text("Good morning.", encoding="utf-8")
    code = main(["translate", "--to", "de", "--batch", "0", "--file", str(source)])
    assert code != 0
    assert "--batch must be at least 1" in capsys.readouterr().err
