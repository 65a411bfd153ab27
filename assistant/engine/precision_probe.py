"""Times a compiled decoder's step at a few batch sizes, for choosing its precision.

A few steps on a synthetic source at one sentence and at a typical document batch: enough to
tell f32 from bf16 apart (they differ by tens of percent where they differ at all), short
enough to run at a first warm-up. Runs on the engine worker thread.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

import numpy as np

from assistant.engine.batching import ROWS_BY_BUCKET
from assistant.engine.decoder import StatefulDecoder
from assistant.engine.encoder import EncodedSource

PROBE_SOURCE_TOKENS = 32
"""A typical sentence's encoder bucket."""
PROBE_ROWS: tuple[int, ...] = (1, ROWS_BY_BUCKET[PROBE_SOURCE_TOKENS])
"""Batch regimes timed: one sentence, and a document batch at that bucket."""
PROBE_STEPS = 3
"""Timed steps per regime (after one untimed step); the fastest is kept."""


def _source(width: int, seed: int) -> EncodedSource:
    hidden = np.random.default_rng(seed).standard_normal(
        (1, PROBE_SOURCE_TOKENS, width), dtype=np.float32
    )
    mask = np.ones((1, PROBE_SOURCE_TOKENS), dtype=np.int64)
    return EncodedSource(hidden=hidden, mask=mask, tokens=PROBE_SOURCE_TOKENS)


def step_ms(
    decoder: StatefulDecoder, rows: Sequence[int] = PROBE_ROWS, steps: int = PROBE_STEPS
) -> dict[int, float]:
    """The fastest of `steps` decoder steps, in milliseconds, for each batch size in `rows`.
    The decoder is reset afterwards."""
    width = decoder.row_cost.width
    timings: dict[int, float] = {}
    try:
        for count in rows:
            decoder.start_batch([_source(width, n) for n in range(count)], 1)
            tokens = np.full(count, 2, dtype=np.int64)
            decoder.step(tokens)
            best = float("inf")
            for _ in range(steps):
                started = time.perf_counter()
                decoder.step(tokens)
                best = min(best, (time.perf_counter() - started) * 1000.0)
            timings[count] = round(best, 3)
    finally:
        decoder.reset()
    return timings
