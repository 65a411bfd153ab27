"""M2M-100 tokenization: source text to ids with the language token, ids back to text.

Wraps `transformers.M2M100Tokenizer` (sentencepiece only, no torch). Not thread-safe: it
mutates `src_lang`; the engine worker thread owns it.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from assistant.engine.errors import ModelFilesError, UnsupportedLanguageError

VOCAB_SLICE_LINES = 2048
"""Entries parsed per `json.loads` call: each call holds the interpreter lock for a few ms,
not the ~100 ms one call over all 128k entries takes, so the GUI thread keeps running."""


def load_vocab_in_slices(path: str) -> Any:
    """`json.load(path)`, parsed a slice of lines at a time where the file has one entry per
    line (as M2M-100's `vocab.json` does); any other layout is parsed whole. Same result."""
    text = Path(path).read_text(encoding="utf-8")
    lines = text.splitlines()
    if len(lines) < 3 or lines[0].strip() != "{" or lines[-1].strip() != "}":
        return json.loads(text)
    body = lines[1:-1]
    vocab: dict[str, Any] = {}
    try:
        for start in range(0, len(body), VOCAB_SLICE_LINES):
            entries = [
                line.rstrip().rstrip(",") for line in body[start : start + VOCAB_SLICE_LINES]
            ]
            vocab.update(json.loads("{" + ",".join(entries) + "}"))
    except ValueError:
        return json.loads(text)
    return vocab


class M2MTokenizer:
    """Encodes and decodes for one M2M-100 model; language codes are checked here."""

    def __init__(self, model_dir: Path) -> None:
        from transformers import M2M100Tokenizer
        from transformers.models.m2m_100 import tokenization_m2m_100

        tokenization_m2m_100.load_json = load_vocab_in_slices
        try:
            self._tok = M2M100Tokenizer.from_pretrained(str(model_dir))
        except (OSError, ValueError, ImportError) as error:
            # transformers turns a file it cannot parse into an ImportError about protobuf;
            # the parse error it was handling says what is wrong.
            cause = error.__context__ if isinstance(error, ImportError) else None
            reason = cause if isinstance(cause, ValueError) else error
            raise ModelFilesError(str(model_dir), f"tokenizer: {reason}") from error
        self._lang_ids: dict[str, int] = dict(self._tok.lang_code_to_id)
        self._drop_ids = frozenset(self._lang_ids.values()) | frozenset(self._tok.all_special_ids)
        self.eos_id: int = int(self._tok.eos_token_id)
        self.pad_id: int = int(self._tok.pad_token_id)

    @classmethod
    def from_files(cls, files: Mapping[str, bytes]) -> M2MTokenizer:
        """The tokenizer of already read (verified) files, by name: they are written to a
        private folder made for this call, loaded, and the folder is removed before this
        returns; the model's own folder is never read."""
        with tempfile.TemporaryDirectory(prefix="assistant-tokenizer-") as private:
            for name, data in files.items():
                if Path(name).name != name:
                    raise ModelFilesError(name, "not a tokenizer file name")
                (Path(private) / name).write_bytes(data)
            return cls(Path(private))

    def languages(self) -> frozenset[str]:
        """The language codes of the model (e.g. "en", "zh")."""
        return frozenset(self._lang_ids)

    def lang_id(self, code: str) -> int:
        """The `__xx__` token id of a language; raises UnsupportedLanguageError."""
        try:
            return self._lang_ids[code]
        except KeyError:
            raise UnsupportedLanguageError(code) from None

    def encode(self, text: str, source_lang: str) -> list[int]:
        """`[__src__, pieces..., </s>]`, never truncated (long text is split before this)."""
        self.lang_id(source_lang)
        self._tok.src_lang = source_lang
        ids: list[int] = self._tok(text)["input_ids"]
        return ids

    def count(self, text: str, source_lang: str) -> int:
        """How many ids `encode` gives, for splitting text to fit the encoder's buckets."""
        return len(self.encode(text, source_lang))

    def decode(self, ids: list[int]) -> str:
        """Text of generated ids, without the language token or other special tokens."""
        kept = [i for i in ids if i not in self._drop_ids]
        text: str = self._tok.decode(kept, skip_special_tokens=True)
        return text.strip()
