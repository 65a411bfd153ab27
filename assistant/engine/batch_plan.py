"""Which consecutive sentences of a request are decoded together.

Batches keep the sentences' order, so a sentence streams as soon as it and the ones before it
are done. Each batch is as large as the rows table allows for its largest sentence's bucket.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Piece:
    """One sentence (or a split part of one) ready for the model."""

    text: str
    ids: list[int]
    paragraph_break_after: bool
    segment: int
    """The segment it came from; split parts of one segment share it."""


def plan_batches(
    pieces: Sequence[Piece],
    rows_for: Callable[[Sequence[Piece]], int],
    beams: int,
    limit: int | None,
) -> list[range]:
    """Consecutive index ranges of `pieces`; each batch's sentences x `beams` fits the rows
    `rows_for(batch)` allows, and holds at most `limit` sentences (None: no limit)."""
    batches: list[range] = []
    start = 0
    while start < len(pieces):
        end = start + 1
        while end < len(pieces):
            grown = pieces[start : end + 1]
            if limit is not None and len(grown) > limit:
                break
            if len(grown) * beams > rows_for(grown):
                break
            end += 1
        batches.append(range(start, end))
        start = end
    return batches
