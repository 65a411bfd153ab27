"""The stateful M2M-100 decoder on the CPU: one step per call, K/V cache kept in its state.

Owned by the engine worker thread. `start` resets the state for each batch of sentences;
`reset` also drops the encoder output it holds, so nothing of a user's text stays in memory.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import openvino as ov

from assistant.engine.batching import RowCost
from assistant.engine.encoder import EncodedSource


def _reordered_by_graph(state_name: str) -> bool:
    """Self-attention K/V: the graph gathers them by `beam_idx` itself."""
    return state_name.startswith("past_key_values.") and ".decoder." in state_name


class StatefulDecoder:
    """Feeds one token per row (a beam of a sentence), reorders the cache through `beam_idx`,
    returns logits. Rows of finished sentences can leave the batch between steps."""

    def __init__(self, compiled: ov.CompiledModel, device: str) -> None:
        self.device = device
        self._request = compiled.create_infer_request()
        self._inputs: dict[str, np.ndarray] = {}
        self._has_beam_idx = any(p.get_any_name() == "beam_idx" for p in compiled.inputs)
        self._width = compiled.input("encoder_hidden_states").get_partial_shape()[2].get_length()
        self._kept: np.ndarray | None = None
        """Rows kept by `keep_rows` since the last step, in the cache's previous numbering."""
        names = [state.name for state in self._request.query_state()]
        graph_reordered = sum(1 for name in names if _reordered_by_graph(name))
        vocab = compiled.output(0).get_partial_shape()[2]
        self.row_cost = RowCost(
            width=self._width,
            self_states=graph_reordered,
            other_states=len(names) - graph_reordered,
            vocab=vocab.get_length() if vocab.is_static else 0,
        )
        """What one row of a batch holds, for `batching.rows_for`."""

    @property
    def can_batch(self) -> bool:
        """Whether rows can leave the batch (the graph reorders its cache by `beam_idx`)."""
        return self._has_beam_idx

    @property
    def rows(self) -> int:
        """Rows in the current batch."""
        return int(self._inputs["input_ids"].shape[0]) if self._inputs else 0

    def start(self, source: EncodedSource, beams: int) -> None:
        """Reset the K/V state and bind one sentence's encoder output for `beams` beams."""
        self.start_batch([source], beams)

    def start_batch(self, sources: Sequence[EncodedSource], beams: int) -> None:
        """Reset the K/V state and bind several sentences' encoder outputs, `beams` rows each
        (sentence i owns rows `i * beams` to `i * beams + beams - 1`). Outputs are zero-padded
        to the longest one's length, with the mask 0 there, so each row's attention is its own."""
        self._request.reset_state()
        length = max(source.hidden.shape[1] for source in sources)
        rows = len(sources) * beams
        hidden = np.zeros((rows, length, self._width), dtype=np.float32)
        mask = np.zeros((rows, length), dtype=np.int64)
        for number, source in enumerate(sources):
            span = slice(number * beams, (number + 1) * beams)
            hidden[span, : source.hidden.shape[1]] = source.hidden[0]
            mask[span, : source.mask.shape[1]] = source.mask[0]
        self._inputs = {
            "encoder_hidden_states": hidden,
            "encoder_attention_mask": mask,
            "input_ids": np.zeros((rows, 1), dtype=np.int64),
        }
        if self._has_beam_idx:
            self._inputs["beam_idx"] = np.arange(rows, dtype=np.int32)
        self._kept = None

    def step(self, tokens: np.ndarray, beam_idx: np.ndarray | None = None) -> np.ndarray:
        """Run one step: `tokens` [rows] are the last tokens of the rows after reordering
        the cache by `beam_idx` (the parent row of each). Returns logits [rows, vocab]."""
        self._inputs["input_ids"][:, 0] = tokens
        if self._has_beam_idx:
            rows = self._inputs["input_ids"].shape[0]
            order = np.arange(rows, dtype=np.int32) if beam_idx is None else beam_idx
            if self._kept is not None:
                order = self._kept[order]
                self._kept = None
            self._inputs["beam_idx"][:] = order
        self._request.infer(self._inputs, share_inputs=True)
        logits: np.ndarray = self._request.get_output_tensor(0).data[:, -1, :]
        return logits

    def keep_rows(self, kept: np.ndarray) -> None:
        """Keep only rows `kept` (ascending, current numbering) for the following steps; the
        next step's `beam_idx` and tokens then number the kept rows 0..len(kept)-1.

        Self-attention K/V follow at the next step through `beam_idx`; everything else held
        per row (cross-attention K/V, the encoder output and its mask) is gathered here, once."""
        if not self._has_beam_idx:
            raise RuntimeError("this decoder has no beam_idx input; rows cannot leave")
        kept = np.asarray(kept, dtype=np.int32)
        rows = self.rows
        for state in self._request.query_state():
            if _reordered_by_graph(state.name):
                continue
            held = state.state
            if held.shape and held.shape[0] == rows:
                state.state = ov.Tensor(np.ascontiguousarray(held.data[kept]))
        self._kept = kept if self._kept is None else self._kept[kept]
        for name in ("encoder_hidden_states", "encoder_attention_mask"):
            self._inputs[name] = np.ascontiguousarray(self._inputs[name][kept])
        self._inputs["input_ids"] = np.zeros((len(kept), 1), dtype=np.int64)
        self._inputs["beam_idx"] = np.zeros(len(kept), dtype=np.int32)

    def warm(self, start_id: int = 2) -> None:
        """One step on a blank input, so the device finishes preparing its weights now."""
        blank = EncodedSource(
            hidden=np.zeros((1, 4, self._width), dtype=np.float32),
            mask=np.ones((1, 4), dtype=np.int64),
            tokens=4,
        )
        self.start(blank, 1)
        self.step(np.array([start_id], dtype=np.int64))
        self.reset()

    def reset(self) -> None:
        """Drop the K/V state and the bound encoder output (clear-state)."""
        self._request.reset_state()
        self._inputs = {}
        self._kept = None
