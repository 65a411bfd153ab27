"""Splits a sentence that is too long for the encoder at clause, then word, then character
boundaries, so every piece fits and nothing is ever cut off. Pure; safe on any thread.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable

CountTokens = Callable[[str], int]

_CLAUSE = re.compile(r"[,;:،]\s+|[、，；：]\s*|\s+(?=[-–—(])")
_WORD = re.compile(r"\s+")


def _pieces(text: str, pattern: re.Pattern[str]) -> list[str]:
    """Cut after each match, so the pieces concatenate back to `text` exactly."""
    cuts = [m.end() for m in pattern.finditer(text) if 0 < m.end() < len(text)]
    bounds = [0, *cuts, len(text)]
    return [text[a:b] for a, b in itertools.pairwise(bounds) if text[a:b]]


def _halves(text: str) -> list[str]:
    middle = len(text) // 2
    return [text[:middle], text[middle:]]


def _pack(parts: list[str], count: CountTokens, limit: int) -> list[str]:
    """Greedily join consecutive parts while the joined text still fits."""
    packed: list[str] = []
    for part in parts:
        candidate = packed[-1] + part if packed else part
        if packed and count(candidate.strip()) <= limit:
            packed[-1] = candidate
        else:
            packed.append(part)
    return [p.strip() for p in packed if p.strip()]


def split_to_fit(text: str, count: CountTokens, limit: int) -> list[str]:
    """Pieces of `text`, each with `count(piece) <= limit`, in order, together holding every
    character of `text` except the whitespace at the cuts."""
    text = text.strip()
    if not text or count(text) <= limit:
        return [text] if text else []
    parts = _pieces(text, _CLAUSE)
    if len(parts) < 2:
        parts = _pieces(text, _WORD)
    if len(parts) < 2:
        parts = _halves(text)
    result: list[str] = []
    for piece in _pack(parts, count, limit):
        result.extend([piece] if count(piece) <= limit else split_to_fit(piece, count, limit))
    return result
