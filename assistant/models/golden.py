"""Golden preflight vectors: fixed inputs and the token ids a bundle produced on CPU at export."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class GoldenVector:
    """One preflight case: translating `source` must give exactly `token_ids` (greedy)."""

    source: str
    source_lang: str
    target_lang: str
    token_ids: tuple[int, ...]
    max_new_tokens: int
