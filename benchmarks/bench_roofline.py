"""The memory-bandwidth floor of a decode step, and a profile of where one step's time goes."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

FIRST_STEP_ONLY = ("encoder_attn.k_proj", "encoder_attn.v_proj")
"""Cross-attention K/V projections: computed once per sentence, kept in the decoder state."""


def read_bandwidth_gbs(size_mb: int = 1024, threads: int = 2, repeats: int = 5) -> float:
    """Best read bandwidth over `repeats`: `threads` threads each reduce their share of a
    buffer much larger than the caches (numpy releases the GIL)."""
    data = np.ones(size_mb * 2**20 // 4, dtype=np.float32)
    shares = np.array_split(data, threads)
    best = 0.0
    for _ in range(repeats):
        workers = [threading.Thread(target=np.dot, args=(s, s)) for s in shares]
        started = time.perf_counter()
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        best = max(best, data.nbytes / (time.perf_counter() - started) / 1e9)
    return best


@dataclass(frozen=True)
class StepBytes:
    """Weight bytes a decode step reads."""

    total: int
    lm_head: int


def decoder_step_bytes(decoder_xml: Path, vocab_size: int) -> StepBytes:
    """Sum the decoder's weight constants, minus those used only on the first step; the LM head
    is the constant whose first dimension is the vocabulary."""
    import openvino as ov

    model = ov.Core().read_model(decoder_xml)
    total = lm_head = 0
    for op in model.get_ordered_ops():
        if op.get_type_name() != "Constant" or op.get_byte_size() < 4096:
            continue
        name = op.get_friendly_name()
        if any(part in name for part in FIRST_STEP_ONLY):
            continue
        size = int(op.get_byte_size())
        total += size
        shape = list(op.get_output_shape(0))
        if shape and shape[0] == vocab_size:
            lm_head += size
    return StepBytes(total, lm_head)


@dataclass(frozen=True)
class StepProfile:
    """One greedy decode step, split by where its time goes (milliseconds, medians)."""

    step_ms: float
    infer_ms: float
    layers_ms: float
    lm_head_ms: float

    @property
    def python_ms(self) -> float:
        """Time outside OpenVINO's inference: argmax, input updates, the Python loop."""
        return max(0.0, self.step_ms - self.infer_ms)


def profile_decode_step(model_dir: Path, vocab_size: int, steps: int = 24) -> StepProfile:
    """Run our runner's decoder configuration with OpenVINO performance counters on. The LM
    head's time is its node's counter; the decoder layers are the rest of the inference call
    (per-node counters of fused subgraphs overlap, so they are not summed)."""
    import openvino as ov

    from assistant.engine.precision import Precision, compile_config

    core = ov.Core()
    config = {**compile_config("CPU", Precision.DEFAULT, part="decoder"), "PERF_COUNT": "YES"}
    decoder = core.compile_model(
        core.read_model(model_dir / "openvino_decoder_model.xml"), "CPU", config
    )
    request = decoder.create_infer_request()
    hidden_size = decoder.input("encoder_hidden_states").get_partial_shape()[2].get_length()
    inputs = {
        "encoder_hidden_states": np.random.default_rng(0).standard_normal(
            (1, 20, hidden_size), dtype=np.float32
        ),
        "encoder_attention_mask": np.ones((1, 20), dtype=np.int64),
        "input_ids": np.array([[2]], dtype=np.int64),
        "beam_idx": np.zeros(1, dtype=np.int32),
    }
    request.reset_state()
    step_ms, infer_ms, head_ms = [], [], []
    for _ in range(steps):
        started = time.perf_counter()
        request.infer(inputs, share_inputs=True)
        inferred = time.perf_counter()
        inputs["input_ids"][0, 0] = int(np.argmax(request.get_output_tensor(0).data[0, -1]))
        step_ms.append((time.perf_counter() - started) * 1000.0)
        infer_ms.append((inferred - started) * 1000.0)
        head_ms.append(
            sum(
                info.real_time.total_seconds() * 1000.0
                for info in request.profiling_info
                if "lm_head" in info.node_name
            )
        )
    skip = 2  # the first steps also fill the cross-attention cache
    infer, head = float(np.median(infer_ms[skip:])), float(np.median(head_ms[skip:]))
    return StepProfile(
        step_ms=float(np.median(step_ms[skip:])),
        infer_ms=infer,
        layers_ms=infer - head,
        lm_head_ms=head,
    )
