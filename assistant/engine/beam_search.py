"""Beam search over a stepping decoder, a port of transformers' vectorised `_beam_search`.

Same candidate count (2 x beams), the same -1e9 masking in float32, length penalty and
early-stopping heuristics, so the returned ids equal `generate(num_beams=n, ...)` for batch 1.
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


def beam_search(
    step: StepFn,
    spec: SearchSpec,
    num_beams: int,
    length_penalty: float = 1.0,
    early_stopping: bool | str = True,
    is_cancelled: CancelCheck | None = None,
) -> list[int]:
    """The best hypothesis' ids `[start, lang, ..., eos]`."""
    max_length = 1 + spec.max_new_tokens
    keep = 2 * num_beams
    top_mask = np.arange(keep) < num_beams
    running = np.full((num_beams, max_length), spec.eos_id, dtype=np.int64)
    running[:, 0] = spec.start_id
    finished_seqs = running.copy()
    running_scores = np.zeros(num_beams, dtype=np.float32)
    running_scores[1:] = NEG
    finished_scores = np.full(num_beams, NEG, dtype=np.float32)
    is_finished = np.zeros(num_beams, dtype=bool)
    running_parents = np.full((num_beams, max_length - 1), -1, dtype=np.int64)
    finished_parents = running_parents.copy()
    improvable = True
    cache_order = np.arange(num_beams, dtype=np.int32)
    cur_len = 1
    while True:
        check_cancelled(is_cancelled)
        log_probs = _log_softmax(step(running[:, cur_len - 1], cache_order))
        vocab = log_probs.shape[-1]
        if cur_len == 1:
            log_probs = np.full_like(log_probs, -np.inf)
            log_probs[:, spec.forced_bos_id] = 0.0
        flat = (log_probs + running_scores[:, None]).reshape(-1)
        top = _topk(flat, keep)
        top_scores = flat[top]
        parents, tokens = top // vocab, top % vocab
        cand_seqs = running[parents].copy()
        cand_seqs[:, cur_len] = tokens
        cand_parents = running_parents[parents].copy()
        cand_parents[:, cur_len - 1] = parents
        hits = (tokens == spec.eos_id) | (cur_len + 1 >= max_length)

        cont_scores = top_scores + hits.astype(np.float32) * NEG
        nxt = _topk(cont_scores, num_beams)
        running, running_scores = cand_seqs[nxt], cont_scores[nxt]
        running_parents = cand_parents[nxt]

        just_finished = hits & top_mask
        scored = top_scores / np.float32(cur_len**length_penalty)
        scored = scored + np.float32(is_finished.all() and early_stopping is True) * NEG
        scored = scored + np.float32(not improvable) * NEG
        scored = scored + (~just_finished).astype(np.float32) * NEG
        merged_scores = np.concatenate((finished_scores, scored))
        best = _topk(merged_scores, num_beams)
        finished_seqs = np.concatenate((finished_seqs, cand_seqs))[best]
        finished_scores = merged_scores[best]
        finished_parents = np.concatenate((finished_parents, cand_parents))[best]
        is_finished = np.concatenate((is_finished, just_finished))[best]

        cache_order = running_parents[:, cur_len - 1].astype(np.int32)
        cur_len += 1
        if early_stopping == "never" and length_penalty > 0.0:
            best_len = max_length - 1
        else:
            best_len = cur_len - 1
        best_running = running_scores[0] / np.float32(best_len**length_penalty)
        worst_finished = np.where(is_finished, finished_scores.min(), NEG)
        improvable = improvable and bool(np.any(best_running > worst_finished))
        all_full = bool(is_finished.all()) and early_stopping is True
        if not improvable or all_full or bool(hits.all()):
            break
    generated = int((finished_parents[0] != -1).sum())
    return [int(t) for t in finished_seqs[0, : 1 + generated]]
