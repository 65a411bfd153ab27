"""The translation-memory contract; the state layer stores it encrypted."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Protocol


def normalise_source(text: str) -> str:
    """The memory's notion of "the same source": NFC, trimmed, inner whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFC", text).split())


@dataclass(frozen=True)
class MemoryKey:
    """An exact-match key: normalised source, language pair and model version."""

    source: str
    source_lang: str
    target_lang: str
    model_version: str

    @classmethod
    def of(cls, text: str, source_lang: str, target_lang: str, model_version: str) -> MemoryKey:
        """Build a key, normalising the source text."""
        return cls(normalise_source(text), source_lang, target_lang, model_version)


class TranslationMemory(Protocol):
    """Earlier results, looked up by exact key. Implementations must be thread-safe."""

    def lookup(self, key: MemoryKey) -> str | None:
        """The stored output for `key`, or None."""
        ...

    def remember(self, key: MemoryKey, output: str) -> None:
        """Store `output` for `key` (replacing an older one)."""
        ...
