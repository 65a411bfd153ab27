"""Execution precision: the device's default (fast; bf16 on CPUs that have it) or exact f32,
and the CPU decoder's own precision, chosen per machine (`decoder_precision`)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Precision(str, Enum):
    """How a compiled part does its arithmetic."""

    DEFAULT = "default"
    """The device's choice, except the CPU decoder: see `compile_config`."""
    F32 = "f32"
    """Exact: f32 compute, f32 KV cache, no dynamic activation quantization."""


F32, BF16 = "f32", "bf16"
DECODER_PRECISIONS = (F32, BF16)
"""What the CPU decoder may compute in."""


class ChoiceSource(str, Enum):
    """Where the decoder's precision came from at one warm-up."""

    MEASURED = "measured"
    """Timed at this warm-up (the first on this machine, runtime and bundle)."""
    CACHED = "cached"
    """Read from the sealed record of an earlier measurement."""
    FIXED = "fixed"
    """Not measured: exact f32 asked, no bf16 on the CPU, or nowhere to keep a measurement."""
    PREFLIGHT = "preflight"
    """The measured choice failed the golden check; the decoder fell back to f32."""


@dataclass(frozen=True)
class RegimeTiming:
    """One decoder step's time at both precisions, for one batch size."""

    rows: int
    f32_ms: float
    bf16_ms: float

    @property
    def speedup(self) -> float:
        """How many times faster bf16 is than f32 (below 1: slower)."""
        return self.f32_ms / self.bf16_ms if self.bf16_ms > 0 else 0.0


@dataclass(frozen=True)
class PrecisionChoice:
    """The CPU decoder's precision at one warm-up, and why (shown in diagnostics)."""

    precision: str
    """F32 or BF16."""
    reason: str
    """E.g. "bf16: 1.3× faster at 16 rows, 1.1× at 1 row, measured at first warm-up"."""
    source: ChoiceSource
    timings: tuple[RegimeTiming, ...] = ()


def compile_config(
    device: str,
    precision: Precision,
    *,
    part: str = "",
    latency: bool = True,
    decoder_precision: str = F32,
) -> dict[str, str]:
    """OpenVINO properties for compiling one part on `device` at `precision`, batch size 1.

    The CPU decoder (and its cross-attention projector) computes at `decoder_precision`, f32
    unless a measurement on this machine chose bf16 (`precision_probe`): one token at a time,
    weight-compressed matrix products can be faster in f32 than in bf16 (18 vs 24 ms per
    token for the 418M model on a 2-core Sapphire Rapids VM). The encoder keeps the device's
    default (bf16 where the CPU has it: on 128 tokens it is twice as fast). Exact `F32`
    overrides both.
    """
    if decoder_precision not in DECODER_PRECISIONS:
        raise ValueError(f"unknown decoder precision: {decoder_precision!r}")
    config: dict[str, str] = {}
    if latency:
        config["PERFORMANCE_HINT"] = "LATENCY"
    if device == "CPU":
        config["NUM_STREAMS"] = "1"
    if precision is Precision.F32:
        config["INFERENCE_PRECISION_HINT"] = F32
    elif device == "CPU" and part.split(":")[0] == "decoder":
        config["INFERENCE_PRECISION_HINT"] = decoder_precision
    if precision is Precision.F32 and device == "CPU":
        config["KV_CACHE_PRECISION"] = "f32"
        config["DYNAMIC_QUANTIZATION_GROUP_SIZE"] = "0"
    return config
