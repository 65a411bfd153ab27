"""Several sentences' searches (greedy or beam) stepped together on one decoder.

Each step feeds every live row at once, so the weights are read once per step for all of
them. A sentence that finishes is reported at once and its rows leave the batch, so long
sentences do not carry short ones. Runs on the caller's (worker) thread; `is_cancelled` is
polled before every step.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

import numpy as np

from assistant.core.translation import CancelCheck
from assistant.engine.greedy import check_cancelled


class SentenceSearch(Protocol):
    """One sentence's search, fed the logits of its own rows."""

    width: int
    """Rows it owns (its beam count)."""
    cache_order: np.ndarray
    """Parent of each of its rows for the next step, numbered within its rows."""
    done: bool

    @property
    def last_tokens(self) -> np.ndarray:
        """The token each of its rows feeds at the next step."""
        ...

    def advance(self, logits: np.ndarray) -> bool:
        """Take its rows' logits [width, vocab]; True once it is over."""
        ...

    def result(self) -> list[int]:
        """Its generated ids."""
        ...


class RowDecoder(Protocol):
    """A decoder whose rows can leave the batch between steps (`StatefulDecoder`)."""

    def step(self, tokens: np.ndarray, beam_idx: np.ndarray | None = None) -> np.ndarray:
        """Logits [rows, vocab] after reordering the cache by `beam_idx`."""
        ...

    def keep_rows(self, kept: np.ndarray) -> None:
        """Keep only rows `kept` for the following steps."""
        ...


DoneCallback = Callable[[int, list[int]], None]
"""`on_done(sentence number, ids)`, called once per sentence as soon as it finishes."""


def search_batch(
    decoder: RowDecoder,
    searches: Sequence[SentenceSearch],
    on_done: DoneCallback,
    is_cancelled: CancelCheck | None = None,
) -> int:
    """Step all `searches` together (their rows bound in order by `start_batch`) until each
    is done; returns the number of decoder steps run."""
    active = []
    for number, search in enumerate(searches):
        if search.done:
            on_done(number, search.result())
        else:
            active.append(number)
    if len(active) < len(searches) and active:
        decoder.keep_rows(_rows_of(searches, range(len(searches)), active))
    steps = 0
    while active:
        check_cancelled(is_cancelled)
        live = [searches[n] for n in active]
        tokens = np.concatenate([s.last_tokens for s in live])
        offsets = np.cumsum([0] + [s.width for s in live[:-1]])
        order = np.concatenate([s.cache_order + o for s, o in zip(live, offsets, strict=True)])
        logits = decoder.step(tokens, order.astype(np.int32))
        steps += 1
        finished = [
            n
            for n, search, offset in zip(active, live, offsets, strict=True)
            if search.advance(logits[offset : offset + search.width])
        ]
        if not finished:
            continue
        for number in finished:
            on_done(number, searches[number].result())
        still = [n for n in active if n not in finished]
        if still:
            decoder.keep_rows(_rows_of(searches, active, still))
        active = still
    return steps


def _rows_of(
    searches: Sequence[SentenceSearch], batch: Sequence[int], kept: Sequence[int]
) -> np.ndarray:
    """The row numbers, within `batch`'s rows, of the sentences in `kept`."""
    rows: list[int] = []
    start = 0
    wanted = set(kept)
    for number in batch:
        width = searches[number].width
        if number in wanted:
            rows.extend(range(start, start + width))
        start += width
    return np.array(rows, dtype=np.int32)
