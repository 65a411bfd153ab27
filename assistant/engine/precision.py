"""Execution precision: the device's default (fast; bf16 on CPUs that have it) or exact f32."""

from __future__ import annotations

from enum import Enum


class Precision(str, Enum):
    """How a compiled part does its arithmetic."""

    DEFAULT = "default"
    F32 = "f32"
    """Exact: f32 compute, f32 KV cache, no dynamic activation quantization."""


def compile_config(device: str, precision: Precision, *, latency: bool = True) -> dict[str, str]:
    """OpenVINO properties for compiling one part on `device` at `precision`, batch size 1."""
    config: dict[str, str] = {}
    if latency:
        config["PERFORMANCE_HINT"] = "LATENCY"
    if device == "CPU":
        config["NUM_STREAMS"] = "1"
    if precision is Precision.F32:
        config["INFERENCE_PRECISION_HINT"] = "f32"
        if device == "CPU":
            config["KV_CACHE_PRECISION"] = "f32"
            config["DYNAMIC_QUANTIZATION_GROUP_SIZE"] = "0"
    return config
