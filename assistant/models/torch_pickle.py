"""The pickle inside a `pytorch_model.bin`, read without running any of it.

`TensorUnpickler.find_class` hands out only local stand-ins for the few globals a plain
state dict names (the tensor rebuild functions, `collections.OrderedDict` and the storage
types), and refuses every other global before it is imported. The stand-ins only record
where each tensor lies in its storage; `tensor_from_storage` turns such a record and the
storage's bytes into a numpy array. Pure functions: any thread may call them.
"""

from __future__ import annotations

import collections
import pickle
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Literal, NoReturn, TypeGuard

import numpy as np
from numpy.lib.stride_tricks import as_strided

from assistant.models.errors import CheckpointError

ByteOrder = Literal["<", ">"]


class _Inert:
    """Refuses the pickle BUILD opcode, so a file cannot alter a stand-in after creating it."""

    def __setstate__(self, state: object) -> NoReturn:
        raise pickle.UnpicklingError("the pickle tries to modify a tensor record")


@dataclass(frozen=True, eq=False)
class ElementType(_Inert):
    """A torch storage type; bfloat16 elements are read as uint16 and widened to float32."""

    name: str
    dtype: np.dtype[Any]
    bfloat16: bool = False


@dataclass(frozen=True)
class StorageRef(_Inert):
    """One storage (`archive/data/<key>` in a zip) of `numel` elements."""

    key: str
    element: ElementType
    numel: int


@dataclass(frozen=True)
class TensorRef(_Inert):
    """Where a tensor's elements lie in its storage, in elements."""

    storage: StorageRef
    offset: int
    size: tuple[int, ...]
    stride: tuple[int, ...]


@dataclass(frozen=True, eq=False)
class _Builder(_Inert):
    function: Callable[..., TensorRef]

    def __call__(self, *args: object) -> TensorRef:
        return self.function(*args)


_STORAGE_DTYPES = {
    "FloatStorage": "<f4",
    "HalfStorage": "<f2",
    "BFloat16Storage": "<u2",
    "DoubleStorage": "<f8",
    "LongStorage": "<i8",
    "IntStorage": "<i4",
    "ShortStorage": "<i2",
    "CharStorage": "i1",
    "ByteStorage": "u1",
    "BoolStorage": "?",
    "UntypedStorage": "u1",
}


def _is_count(value: object) -> TypeGuard[int]:
    return type(value) is int and value >= 0


def _counts(value: object, what: str) -> tuple[int, ...]:
    if not isinstance(value, tuple | list) or not all(_is_count(item) for item in value):
        raise pickle.UnpicklingError(f"a tensor {what} is not a list of counts")
    return tuple(value)


def _rebuild_tensor(storage: object, offset: object, size: object, stride: object) -> TensorRef:
    if not isinstance(storage, StorageRef) or not _is_count(offset):
        raise pickle.UnpicklingError("a tensor is rebuilt from something that is not a storage")
    sizes, strides = _counts(size, "size"), _counts(stride, "stride")
    if len(sizes) != len(strides):
        raise pickle.UnpicklingError("a tensor's size and stride differ in length")
    return TensorRef(storage, offset, sizes, strides)


def _rebuild_tensor_v2(
    storage: object, offset: object, size: object, stride: object, *_flags: object
) -> TensorRef:
    if len(_flags) > 3:
        raise pickle.UnpicklingError("_rebuild_tensor_v2 got too many arguments")
    return _rebuild_tensor(storage, offset, size, stride)


def _rebuild_parameter(data: object, *_flags: object) -> TensorRef:
    if not isinstance(data, TensorRef) or len(_flags) > 3:
        raise pickle.UnpicklingError("a parameter is rebuilt from something that is not a tensor")
    return data


_ALLOWED: dict[tuple[str, str], object] = {
    ("torch._utils", "_rebuild_tensor"): _Builder(_rebuild_tensor),
    ("torch._utils", "_rebuild_tensor_v2"): _Builder(_rebuild_tensor_v2),
    ("torch._utils", "_rebuild_parameter"): _Builder(_rebuild_parameter),
    ("torch._utils", "_rebuild_parameter_with_state"): _Builder(_rebuild_parameter),
    ("collections", "OrderedDict"): collections.OrderedDict,
    **{
        ("torch", name): ElementType(name, np.dtype(code), bfloat16=name == "BFloat16Storage")
        for name, code in _STORAGE_DTYPES.items()
    },
}


def refused(path: Path, problem: str) -> CheckpointError:
    """The error for a `.bin` file that cannot be read; `problem` becomes one line."""
    return CheckpointError(
        f"{path} is not a readable PyTorch weights file ({' '.join(problem.split())[:300]}). "
        "Download the model again, or use a copy that has model.safetensors.",
        file=str(path),
    )


class TensorUnpickler(pickle.Unpickler):
    """Unpickles a state dict into `TensorRef`s; any other global raises `CheckpointError`."""

    def __init__(self, file: IO[bytes], path: Path) -> None:
        super().__init__(file)
        self._path = path

    def find_class(self, module: str, name: str, /) -> object:
        allowed = _ALLOWED.get((module, name))
        if allowed is None:
            raise CheckpointError(
                f"{self._path} was refused: its pickle asks for {module}.{name}, which a plain "
                "weights file never needs, and nothing in it was run. Use the model's "
                "model.safetensors, or download it again from a source you trust.",
                file=str(self._path),
            )
        return allowed

    def persistent_load(self, pid: object, /) -> StorageRef:
        # zip: (storage, type, key, location, numel); legacy adds a view record, always None
        # since torch 0.4 (storage views are not supported).
        if not isinstance(pid, tuple) or len(pid) not in (5, 6) or pid[0] != "storage":
            raise pickle.UnpicklingError("a persistent id is not a tensor storage")
        element, key, _location, numel = pid[1:5]
        if not isinstance(element, ElementType) or not isinstance(key, str) or not _is_count(numel):
            raise pickle.UnpicklingError("a storage record is malformed")
        if len(pid) == 6 and pid[5] is not None:
            raise pickle.UnpicklingError("it uses storage views of torch < 0.4; save it again")
        return StorageRef(key, element, numel)


def load_pickle(file: IO[bytes], path: Path) -> object:
    """One pickle from `file`, through `TensorUnpickler`; every failure is a `CheckpointError`."""
    try:
        return TensorUnpickler(file, path).load()
    except CheckpointError:
        raise
    except Exception as error:  # a hostile or damaged pickle can raise nearly anything
        raise refused(path, f"{type(error).__name__}: {error}") from None


def load_tensor_refs(file: IO[bytes], path: Path) -> dict[str, TensorRef]:
    """The state dict pickled in `file`: names mapped to where each tensor lies."""
    state = load_pickle(file, path)
    if not isinstance(state, dict):
        raise refused(path, f"it holds a {type(state).__name__}, not a state dict of tensors")
    for name, value in state.items():
        if not isinstance(name, str) or not isinstance(value, TensorRef):
            raise refused(path, f"entry {name!r} is not a tensor")
    return dict(state)


def bfloat16_to_float32(bits: np.ndarray) -> np.ndarray:
    """Widens bfloat16 values held as uint16 to float32 (exact)."""
    widened = bits.astype(np.uint32)
    widened <<= 16
    return widened.view(np.float32)


def tensor_from_storage(
    ref: TensorRef, data: memoryview, path: Path, name: str, order: ByteOrder = "<"
) -> np.ndarray:
    """The C-contiguous array `ref` describes in a storage's bytes `data`, whose
    byte order is `order` ("<" or ">").

    A contiguous little-endian tensor stays a view of `data`; any other one is copied."""
    element = ref.storage.element
    dtype = element.dtype.newbyteorder(order)
    numel = ref.storage.numel
    if len(data) < numel * dtype.itemsize:
        raise refused(path, f"the storage of {name} is shorter than its tensor (truncated file?)")
    flat = np.frombuffer(data, dtype=dtype, count=numel)
    if 0 in ref.size:
        array = np.empty(ref.size, dtype=dtype)
    else:
        last = ref.offset + sum((n - 1) * s for n, s in zip(ref.size, ref.stride, strict=True))
        if last >= numel:
            raise refused(path, f"tensor {name} reaches past the end of its storage")
        byte_strides = tuple(step * dtype.itemsize for step in ref.stride)
        view = as_strided(flat[ref.offset :], ref.size, byte_strides)
        array = view if view.flags.c_contiguous else view.copy(order="C")
    if not array.dtype.isnative:
        array = array.astype(array.dtype.newbyteorder("="))
    if element.bfloat16:
        array = bfloat16_to_float32(array)
    return array
