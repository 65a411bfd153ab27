"""How many sentences the decoder steps together: a measured table per encoder bucket,
bounded by the memory the batch's caches take.

Decode reads every weight once per step whatever the number of rows, so rows are nearly free
until the step turns compute-bound; the table holds the knee of the per-row step time that
`benchmarks/document_speed.py` measures on the 418M model (int8, 2 cores).
"""

from __future__ import annotations

from dataclasses import dataclass

ROWS_BY_BUCKET: dict[int, int] = {32: 16, 64: 16, 128: 8}
"""Rows per step (sentences x beams) by the batch's largest encoder bucket."""
DEFAULT_ROWS = 8
"""For buckets the table does not hold."""
CACHE_BUDGET_BYTES = 512 * 1024 * 1024
"""The K/V caches, encoder outputs and logits of one batch stay under this."""


@dataclass(frozen=True)
class RowCost:
    """What one row of a batch holds in memory, from the decoder's shapes."""

    width: int
    """d_model."""
    self_states: int
    """Self-attention K/V tensors (2 per layer), each growing by one token per step."""
    other_states: int
    """Tensors held at the source length: cross-attention K/V (and encoder outputs)."""
    vocab: int

    def bytes(self, source_length: int, new_tokens: int) -> int:
        """Bytes of one row at f32 for a source of `source_length` and `new_tokens` steps."""
        per_position = 4 * self.width
        kv = self.self_states * (new_tokens + 1) + (self.other_states + 1) * source_length
        return kv * per_position + 4 * self.vocab


def rows_for(bucket: int, cost: RowCost, new_tokens: int) -> int:
    """Rows per step for a batch whose largest sentence fills `bucket`."""
    rows = ROWS_BY_BUCKET.get(bucket, DEFAULT_ROWS)
    fit = CACHE_BUDGET_BYTES // max(cost.bytes(bucket, new_tokens), 1)
    return max(1, min(rows, fit))
