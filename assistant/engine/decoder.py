"""The stateful M2M-100 decoder on the CPU: one step per call, self-attention K/V in its state.

Owned by the engine worker thread. `start_batch` resets the state for each batch of sentences;
`reset` also drops the encoder output it holds, so nothing of a user's text stays in memory.
With the cross-attention projector (`cross_inputs.split_cross_attention`), cross K/V are
computed once per batch and fed as inputs, so rows of finished sentences can leave the batch.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import openvino as ov

from assistant.engine.batching import RowCost
from assistant.engine.cross_inputs import is_self_attention_state
from assistant.engine.encoder import EncodedSource

STEP_INPUTS = ("input_ids", "beam_idx")
"""Inputs set per step; every other input is held per row for the whole batch."""


class StatefulDecoder:
    """Feeds one token per row (a beam of a sentence), reorders the cache through `beam_idx`,
    returns logits. Rows of finished sentences can leave the batch between steps."""

    def __init__(
        self, compiled: ov.CompiledModel, device: str, cross: ov.CompiledModel | None = None
    ) -> None:
        self.device = device
        self._request = compiled.create_infer_request()
        self._cross = cross.create_infer_request() if cross is not None else None
        self._names = {port.get_any_name() for port in compiled.inputs}
        self._inputs: dict[str, np.ndarray] = {}
        hidden_port = (cross or compiled).input("encoder_hidden_states")
        self._width = hidden_port.get_partial_shape()[2].get_length()
        self._kept: np.ndarray | None = None
        """Rows kept by `keep_rows` since the last step, in the cache's previous numbering."""
        self_states = sum(
            1 for state in self._request.query_state() if is_self_attention_state(state.name)
        )
        vocab = compiled.output(0).get_partial_shape()[2]
        self.row_cost = RowCost(
            width=self._width,
            self_states=self_states,
            other_states=len(cross.outputs) if cross is not None else 0,
            vocab=vocab.get_length() if vocab.is_static else 0,
        )
        """What one row of a batch holds, for `batching.rows_for`."""

    @property
    def can_batch(self) -> bool:
        """Whether rows can leave the batch: cross K/V are inputs, the cache follows
        `beam_idx`."""
        return self._cross is not None and "beam_idx" in self._names

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
        hidden = np.zeros((len(sources), length, self._width), dtype=np.float32)
        mask = np.zeros((len(sources), length), dtype=np.int64)
        for number, source in enumerate(sources):
            hidden[number, : source.hidden.shape[1]] = source.hidden[0]
            mask[number, : source.mask.shape[1]] = source.mask[0]
        held = {"encoder_hidden_states": hidden, "encoder_attention_mask": mask}
        if self._cross is not None:
            # Not shared: a projector output may alias its input (a state copying it).
            self._cross.infer({"encoder_hidden_states": hidden}, share_inputs=False)
            for port in self._cross.model_outputs:
                name = port.get_any_name()
                held[name] = self._cross.get_tensor(port).data.copy()
        rows = len(sources) * beams
        self._inputs = {
            name: np.ascontiguousarray(np.repeat(value, beams, axis=0) if beams > 1 else value)
            for name, value in held.items()
            if name in self._names
        }
        self._inputs["input_ids"] = np.zeros((rows, 1), dtype=np.int64)
        if "beam_idx" in self._names:
            self._inputs["beam_idx"] = np.arange(rows, dtype=np.int32)
        self._kept = None

    def step(self, tokens: np.ndarray, beam_idx: np.ndarray | None = None) -> np.ndarray:
        """Run one step: `tokens` [rows] are the last tokens of the rows after reordering
        the cache by `beam_idx` (the parent row of each). Returns logits [rows, vocab]."""
        self._inputs["input_ids"][:, 0] = tokens
        if "beam_idx" in self._inputs:
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

        Self-attention K/V follow at the next step through `beam_idx`; the inputs held per
        row (cross-attention K/V, the encoder output and its mask) are indexed here, once."""
        if not self.can_batch:
            raise RuntimeError("this decoder keeps cross-attention K/V in state; rows cannot leave")
        kept = np.asarray(kept, dtype=np.int32)
        for name, value in list(self._inputs.items()):
            if name not in STEP_INPUTS:
                self._inputs[name] = np.ascontiguousarray(value[kept])
        self._kept = kept if self._kept is None else self._kept[kept]
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
        if self._cross is not None:
            self._cross = self._cross.get_compiled_model().create_infer_request()
