"""Greedy search over a stepping decoder, token-identical to transformers `generate()`.

Runs on the caller's (worker) thread; `is_cancelled` is polled before every decode step.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from assistant.core.errors import CancelledError
from assistant.core.translation import CancelCheck

StepFn = Callable[[np.ndarray, "np.ndarray | None"], np.ndarray]
"""`step(last_tokens [beams], beam_idx [beams] | None) -> logits [beams, vocab]`."""


@dataclass(frozen=True)
class SearchSpec:
    """The constants of one generation: the ids and the length bound."""

    start_id: int
    """`decoder_start_token_id` (2 for M2M-100)."""
    forced_bos_id: int
    """The target-language token forced as the first generated token."""
    eos_id: int
    max_new_tokens: int


def check_cancelled(is_cancelled: CancelCheck | None) -> None:
    """Raise CancelledError if the caller asked to stop."""
    if is_cancelled is not None and is_cancelled():
        raise CancelledError("Translation cancelled.")


def greedy_search(
    step: StepFn, spec: SearchSpec, is_cancelled: CancelCheck | None = None
) -> list[int]:
    """Ids `[start, lang, ..., eos]` as `generate(num_beams=1, forced_bos_token_id=lang)`."""
    sequence = [spec.start_id]
    token = np.array([spec.start_id], dtype=np.int64)
    while len(sequence) - 1 < spec.max_new_tokens:
        check_cancelled(is_cancelled)
        logits = step(token, None)
        next_id = spec.forced_bos_id if len(sequence) == 1 else int(np.argmax(logits[0]))
        sequence.append(next_id)
        if next_id == spec.eos_id:
            break
        token[0] = next_id
    return sequence
