"""The stateful M2M-100 decoder on the CPU: one step per call, K/V cache kept in its state.

Owned by the engine worker thread. `start` resets the state for each sentence; `reset` also
drops the encoder output it holds, so nothing of a user's text stays in memory.
"""

from __future__ import annotations

import numpy as np
import openvino as ov

from assistant.engine.encoder import EncodedSource


class StatefulDecoder:
    """Feeds one token per beam, reorders the cache through `beam_idx`, returns logits."""

    def __init__(self, compiled: ov.CompiledModel, device: str) -> None:
        self.device = device
        self._request = compiled.create_infer_request()
        self._inputs: dict[str, np.ndarray] = {}
        self._has_beam_idx = any(p.get_any_name() == "beam_idx" for p in compiled.inputs)
        self._width = compiled.input("encoder_hidden_states").get_partial_shape()[2].get_length()

    def start(self, source: EncodedSource, beams: int) -> None:
        """Reset the K/V state and bind one sentence's encoder output for `beams` beams."""
        self._request.reset_state()
        hidden = np.ascontiguousarray(np.repeat(source.hidden, beams, axis=0))
        mask = np.ascontiguousarray(np.repeat(source.mask, beams, axis=0))
        self._inputs = {
            "encoder_hidden_states": hidden,
            "encoder_attention_mask": mask,
            "input_ids": np.zeros((beams, 1), dtype=np.int64),
        }
        if self._has_beam_idx:
            self._inputs["beam_idx"] = np.arange(beams, dtype=np.int32)

    def step(self, tokens: np.ndarray, beam_idx: np.ndarray | None = None) -> np.ndarray:
        """Run one step: `tokens` [beams] are the last tokens of the beams after reordering
        the cache by `beam_idx` (the parent beam of each). Returns logits [beams, vocab]."""
        self._inputs["input_ids"][:, 0] = tokens
        if self._has_beam_idx:
            beams = self._inputs["input_ids"].shape[0]
            order = np.arange(beams, dtype=np.int32) if beam_idx is None else beam_idx
            self._inputs["beam_idx"][:] = order
        self._request.infer(self._inputs, share_inputs=True)
        logits: np.ndarray = self._request.get_output_tensor(0).data[:, -1, :]
        return logits

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
