"""A Hugging Face checkpoint folder (`config.json` plus weights) read into numpy, without torch.

Weights come from the first of `WEIGHT_FILES` present: safetensors (single or sharded)
before `pytorch_model.bin` (single or sharded), which `torch_bin` reads without running its
pickle. Safetensors tensors are copied out of the library's mapping one at a time, `.bin`
tensors are views of a memory-mapped file where possible, so a checkpoint is held in memory
at most once. `.bin` arrays sit in a private (copy-on-write) mapping, so the converter can hand
them to OpenVINO without a copy; nothing writes them. Runs on the calling thread (a converter
job).
"""

from __future__ import annotations

import json
import mmap
import struct
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np
from safetensors import SafetensorError, safe_open

from assistant.core.progress import ProgressCallback, no_progress
from assistant.models.errors import CancelledError, CheckpointError
from assistant.models.torch_bin import read_torch_bin
from assistant.models.torch_pickle import bfloat16_to_float32

STAGE = "Reading weights"
CONFIG_NAME = "config.json"
WEIGHT_FILES = (
    "model.safetensors",
    "model.safetensors.index.json",
    "pytorch_model.bin",
    "pytorch_model.bin.index.json",
)
SAFETENSORS_DTYPES = ("F32", "F16", "BF16", "F64", "I64", "I32", "I16", "I8", "U8", "BOOL")


@dataclass(frozen=True)
class Checkpoint:
    """A model's `config.json` and its tensors by their transformers names."""

    config: dict[str, object]
    tensors: Mapping[str, np.ndarray]
    weight_files: tuple[Path, ...] = ()
    """The files the tensors were read from, in reading order."""


def load_checkpoint(folder: Path, on_progress: ProgressCallback = no_progress) -> Checkpoint:
    """Reads `folder`'s config and weights; `on_progress` hears once per weights file."""
    config = _read_json_object(folder / CONFIG_NAME, "Download the model's config.json again")
    shards = _weight_shards(folder)
    tensors: dict[str, np.ndarray] = {}
    for done, (path, names) in enumerate(shards):
        if not on_progress(STAGE, done / len(shards)):
            raise CancelledError("Reading the checkpoint was cancelled.")
        if path.suffix == ".safetensors":
            tensors.update(_read_safetensors(path, names))
        else:
            tensors.update(_pick(read_torch_bin(path), names, path))
    on_progress(STAGE, 1.0)
    return Checkpoint(config, MappingProxyType(tensors), tuple(path for path, _ in shards))


def _weight_shards(folder: Path) -> list[tuple[Path, Collection[str] | None]]:
    """The weights files to read, each with the tensor names to take from it (None: all)."""
    for name in WEIGHT_FILES:
        path = folder / name
        if path.is_file():
            return _index_shards(path) if name.endswith(".index.json") else [(path, None)]
    raise CheckpointError(
        f"{folder} has no weights file ({', '.join(WEIGHT_FILES)}). Choose the folder that "
        "`save_pretrained` wrote, or download the model's weights into it.",
        file=str(folder),
    )


def _index_shards(index: Path) -> list[tuple[Path, Collection[str] | None]]:
    advice = "Download the model again with all of its shards"
    weight_map = _read_json_object(index, advice).get("weight_map")
    if not isinstance(weight_map, dict) or not all(
        isinstance(shard, str) for shard in weight_map.values()
    ):
        raise _broken(index, "it has no weight_map of tensor names to shard files", advice)
    by_shard: dict[str, list[str]] = {}
    for tensor, shard in weight_map.items():
        by_shard.setdefault(shard, []).append(tensor)
    shards: list[tuple[Path, Collection[str] | None]] = []
    for shard, tensors in by_shard.items():
        path = index.parent / shard
        if Path(shard).name != shard or shard in ("", ".", "..") or not path.is_file():
            raise _broken(index, f"its shard {shard!r} is not a file next to it", advice)
        shards.append((path, tensors))
    return shards


def _pick(
    arrays: Mapping[str, np.ndarray], names: Collection[str] | None, path: Path
) -> Mapping[str, np.ndarray]:
    if names is None:
        return arrays
    missing = [name for name in names if name not in arrays]
    if missing:
        raise _broken(
            path, f"it lacks {missing[0]}, which the shard index places there", "Download it again"
        )
    return {name: arrays[name] for name in names}


def _read_safetensors(path: Path, names: Collection[str] | None) -> dict[str, np.ndarray]:
    advice = "Download it again"
    arrays: dict[str, np.ndarray] = {}
    bfloat16: list[str] = []
    try:
        with safe_open(str(path), framework="np") as handle:
            available: list[str] = list(handle.keys())
            for name in available if names is None else names:
                if name not in available:
                    raise _broken(
                        path, f"it lacks {name}, which the shard index places there", advice
                    )
                dtype = handle.get_slice(name).get_dtype()
                if dtype not in SAFETENSORS_DTYPES:
                    raise _broken(path, f"tensor {name} has the unsupported type {dtype}", advice)
                if dtype == "BF16":
                    bfloat16.append(name)
                    continue
                array: np.ndarray = handle.get_tensor(name)
                arrays[name] = array
    except (SafetensorError, OSError, ValueError, TypeError) as error:
        raise _broken(path, f"not a readable safetensors file: {error}", advice) from None
    if bfloat16:
        arrays.update(_read_bfloat16(path, bfloat16))
    return arrays


def _read_bfloat16(path: Path, names: list[str]) -> dict[str, np.ndarray]:
    """bfloat16 tensors, which numpy cannot hold, as float32; `safe_open` checked the header."""
    try:
        with path.open("rb") as handle:
            (length,) = struct.unpack("<Q", handle.read(8))
            header: dict[str, Any] = json.loads(handle.read(length))
            mapping = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        arrays: dict[str, np.ndarray] = {}
        for name in names:
            begin, end = header[name]["data_offsets"]
            bits = np.frombuffer(mapping, "<u2", (end - begin) // 2, 8 + length + begin)
            arrays[name] = bfloat16_to_float32(bits.reshape(header[name]["shape"]))
        return arrays
    except (OSError, ValueError, TypeError, KeyError, struct.error) as error:
        raise _broken(
            path, f"its bfloat16 tensors cannot be read: {error}", "Download it again"
        ) from None


def _read_json_object(path: Path, advice: str) -> dict[str, object]:
    if not path.is_file():
        raise _broken(path, "it is missing", advice)
    try:
        value = json.loads(path.read_bytes())
    except (OSError, ValueError, RecursionError) as error:
        raise _broken(path, f"it is not valid JSON: {error}", advice) from None
    if not isinstance(value, dict):
        raise _broken(path, f"it holds a JSON {type(value).__name__}, not an object", advice)
    return value


def _broken(path: Path, problem: str, advice: str) -> CheckpointError:
    problem = " ".join(problem.split())[:300]
    return CheckpointError(f"{path} cannot be used: {problem}. {advice}.", file=str(path))
