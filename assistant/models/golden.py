"""Golden preflight vectors: fixed inputs and the token ids a bundle produced on CPU at export."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

_KEYS = frozenset({"source", "source_lang", "target_lang", "token_ids", "max_new_tokens"})


@dataclass(frozen=True)
class GoldenVector:
    """One preflight case: translating `source` must give exactly `token_ids` (greedy).

    `token_ids` is the whole sequence greedy `generate()` returned, starting with the
    decoder start token (2) and the forced target-language token, ending with EOS (2)
    unless `max_new_tokens` was reached first.
    """

    source: str
    source_lang: str
    target_lang: str
    token_ids: tuple[int, ...]
    max_new_tokens: int

    def to_json(self) -> dict[str, Any]:
        """The manifest form of this vector."""
        return {
            "source": self.source,
            "source_lang": self.source_lang,
            "target_lang": self.target_lang,
            "token_ids": list(self.token_ids),
            "max_new_tokens": self.max_new_tokens,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> GoldenVector:
        """Parse the manifest form; raises KeyError/TypeError/ValueError when malformed."""
        if set(data) != _KEYS:
            raise ValueError(f"a golden vector must have exactly the keys {sorted(_KEYS)}")
        ids = data["token_ids"]
        if not isinstance(ids, list) or not all(type(i) is int for i in ids):
            raise ValueError("token_ids must be a list of integers")
        fields = (data["source"], data["source_lang"], data["target_lang"])
        if not all(isinstance(value, str) for value in fields):
            raise TypeError("source, source_lang and target_lang must be strings")
        max_new = data["max_new_tokens"]
        if type(max_new) is not int or max_new <= 0:
            raise ValueError("max_new_tokens must be a positive integer")
        return cls(fields[0], fields[1], fields[2], tuple(ids), max_new)


GOLDEN_CASES: tuple[tuple[str, str, str], ...] = (
    ("Hello, how are you today?", "en", "de"),
    ("Der Zug fährt morgen um acht Uhr ab.", "de", "en"),
    ("La réunion commence demain matin à neuf heures.", "fr", "es"),
)
"""(source, source_lang, target_lang) sentences every translator bundle records at export."""

GOLDEN_MAX_NEW_TOKENS = 24
