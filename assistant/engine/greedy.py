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


class SentenceGreedy:
    """One sentence's greedy search: feed it its row's logits until `advance` says done."""

    width = 1

    def __init__(self, spec: SearchSpec) -> None:
        self.spec = spec
        self.sequence = [spec.start_id]
        self.cache_order = np.zeros(1, dtype=np.int32)
        self.done = spec.max_new_tokens <= 0

    @property
    def last_tokens(self) -> np.ndarray:
        """The token this sentence feeds at the next step."""
        return np.array([self.sequence[-1]], dtype=np.int64)

    def advance(self, logits: np.ndarray) -> bool:
        """Take one step's logits [1, vocab]; True once the sentence is over."""
        forced = len(self.sequence) == 1
        next_id = self.spec.forced_bos_id if forced else int(np.argmax(logits[0]))
        self.sequence.append(next_id)
        self.done = next_id == self.spec.eos_id or len(self.sequence) > self.spec.max_new_tokens
        return self.done

    def result(self) -> list[int]:
        """Ids `[start, lang, ..., eos]`."""
        return list(self.sequence)


def greedy_search(
    step: StepFn, spec: SearchSpec, is_cancelled: CancelCheck | None = None
) -> list[int]:
    """Ids `[start, lang, ..., eos]` as `generate(num_beams=1, forced_bos_token_id=lang)`."""
    search = SentenceGreedy(spec)
    while not search.done:
        check_cancelled(is_cancelled)
        search.advance(step(search.last_tokens, None))
    return search.result()
