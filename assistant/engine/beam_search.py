"""Beam search over a stepping decoder, a port of transformers' vectorised `_beam_search`.

Same candidate count (2 x beams), the same -1e9 masking in float32, length penalty and
early-stopping heuristics, so the returned ids equal `generate(num_beams=n, ...)`. One
`SentenceBeams` holds one sentence's search, so a batch of sentences can step together.
The decoder's cache follows the beams through `beam_idx`. Runs on the caller's thread.
"""

from __future__ import annotations

import numpy as np

from assistant.core.translation import CancelCheck
from assistant.engine.greedy import SearchSpec, StepFn, check_cancelled

NEG = np.float32(-1.0e9)


def _topk(values: np.ndarray, k: int) -> np.ndarray:
    """Indices of the k largest values, largest first (ties: lower index first)."""
    if k < values.shape[0]:
        part = np.argpartition(-values, k - 1)[:k]
    else:
        part = np.arange(values.shape[0])
    order = np.lexsort((part, -values[part]))
    return part[order]


def _log_softmax(logits: np.ndarray) -> np.ndarray:
    x = logits.astype(np.float32, copy=False)
    shifted = x - x.max(axis=-1, keepdims=True)
    result: np.ndarray = shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
    return result


class SentenceBeams:
    """One sentence's beam search: feed it the logits of its beams until `advance` says done."""

    def __init__(
        self,
        spec: SearchSpec,
        num_beams: int,
        length_penalty: float = 1.0,
        early_stopping: bool | str = True,
    ) -> None:
        self.spec = spec
        self.width = num_beams
        self._length_penalty = length_penalty
        self._early_stopping = early_stopping
        self._max_length = 1 + spec.max_new_tokens
        self._top_mask = np.arange(2 * num_beams) < num_beams
        self._running = np.full((num_beams, self._max_length), spec.eos_id, dtype=np.int64)
        self._running[:, 0] = spec.start_id
        self._finished_seqs = self._running.copy()
        self._running_scores = np.zeros(num_beams, dtype=np.float32)
        self._running_scores[1:] = NEG
        self._finished_scores = np.full(num_beams, NEG, dtype=np.float32)
        self._is_finished = np.zeros(num_beams, dtype=bool)
        self._running_parents = np.full((num_beams, self._max_length - 1), -1, dtype=np.int64)
        self._finished_parents = self._running_parents.copy()
        self._improvable = True
        self.cache_order = np.arange(num_beams, dtype=np.int32)
        """The parent beam of each beam for the next step's cache reorder."""
        self._cur_len = 1
        self.done = spec.max_new_tokens <= 0

    @property
    def last_tokens(self) -> np.ndarray:
        """The token each beam feeds at the next step."""
        tokens: np.ndarray = self._running[:, self._cur_len - 1]
        return tokens

    def advance(self, logits: np.ndarray) -> bool:
        """Take one step's logits [beams, vocab]; True once the search is over."""
        spec, num_beams, cur_len = self.spec, self.width, self._cur_len
        length_penalty, early_stopping = self._length_penalty, self._early_stopping
        log_probs = _log_softmax(logits)
        vocab = log_probs.shape[-1]
        if cur_len == 1:
            log_probs = np.full_like(log_probs, -np.inf)
            log_probs[:, spec.forced_bos_id] = 0.0
        flat = (log_probs + self._running_scores[:, None]).reshape(-1)
        top = _topk(flat, 2 * num_beams)
        top_scores = flat[top]
        parents, tokens = top // vocab, top % vocab
        cand_seqs = self._running[parents].copy()
        cand_seqs[:, cur_len] = tokens
        cand_parents = self._running_parents[parents].copy()
        cand_parents[:, cur_len - 1] = parents
        hits = (tokens == spec.eos_id) | (cur_len + 1 >= self._max_length)

        cont_scores = top_scores + hits.astype(np.float32) * NEG
        nxt = _topk(cont_scores, num_beams)
        self._running, self._running_scores = cand_seqs[nxt], cont_scores[nxt]
        self._running_parents = cand_parents[nxt]

        just_finished = hits & self._top_mask
        scored = top_scores / np.float32(cur_len**length_penalty)
        scored = scored + np.float32(self._is_finished.all() and early_stopping is True) * NEG
        scored = scored + np.float32(not self._improvable) * NEG
        scored = scored + (~just_finished).astype(np.float32) * NEG
        merged_scores = np.concatenate((self._finished_scores, scored))
        best = _topk(merged_scores, num_beams)
        self._finished_seqs = np.concatenate((self._finished_seqs, cand_seqs))[best]
        self._finished_scores = merged_scores[best]
        self._finished_parents = np.concatenate((self._finished_parents, cand_parents))[best]
        self._is_finished = np.concatenate((self._is_finished, just_finished))[best]

        self.cache_order = self._running_parents[:, cur_len - 1].astype(np.int32)
        cur_len = self._cur_len = cur_len + 1
        if early_stopping == "never" and length_penalty > 0.0:
            best_len = self._max_length - 1
        else:
            best_len = cur_len - 1
        best_running = self._running_scores[0] / np.float32(best_len**length_penalty)
        worst_finished = np.where(self._is_finished, self._finished_scores.min(), NEG)
        self._improvable = self._improvable and bool(np.any(best_running > worst_finished))
        all_full = bool(self._is_finished.all()) and early_stopping is True
        self.done = not self._improvable or all_full or bool(hits.all())
        return self.done

    def result(self) -> list[int]:
        """The best hypothesis' ids `[start, lang, ..., eos]`."""
        generated = int((self._finished_parents[0] != -1).sum())
        return [int(t) for t in self._finished_seqs[0, : 1 + generated]]


def beam_search(
    step: StepFn,
    spec: SearchSpec,
    num_beams: int,
    length_penalty: float = 1.0,
    early_stopping: bool | str = True,
    is_cancelled: CancelCheck | None = None,
) -> list[int]:
    """The best hypothesis' ids `[start, lang, ..., eos]` for one sentence."""
    beams = SentenceBeams(spec, num_beams, length_penalty, early_stopping)
    while not beams.done:
        check_cancelled(is_cancelled)
        beams.advance(step(beams.last_tokens, beams.cache_order))
    return beams.result()
