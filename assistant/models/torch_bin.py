"""`pytorch_model.bin` files as numpy arrays, in both layouts `torch.save` writes.

- Zip (torch >= 1.6): `<top>/data.pkl` plus one member `<top>/data/<key>` per storage.
- Legacy (`_use_new_zipfile_serialization=False`): magic number, protocol and system-info
  pickles, the state-dict pickle, the list of storage keys, then each storage's raw bytes
  after an int64 element count.

Memory: the file is memory-mapped once. Storages that sit uncompressed in the file (torch
always stores zip members uncompressed) are used in place, at the data offset given by each
member's local header, so contiguous tensors are views of the private (copy-on-write) mapping
and only strided or bfloat16 tensors are copied. A compressed member is read into memory on its own.
The mapping closes when the last array using it is freed; until then the file must not be
rewritten in place, and on Windows it stays locked. Zip CRCs of mapped members are not
checked (that would read the whole file).
"""

from __future__ import annotations

import mmap
import struct
import zipfile
import zlib
from pathlib import Path
from typing import IO

import numpy as np

from assistant.models.torch_pickle import (
    ByteOrder,
    ElementType,
    TensorRef,
    load_pickle,
    load_tensor_refs,
    refused,
    tensor_from_storage,
)

LEGACY_MAGIC = 0x1950A86A20F9469CFC6C
LEGACY_PROTOCOL = 1001
_LOCAL_HEADER = struct.Struct("<4s22xHH")


def read_torch_bin(path: Path) -> dict[str, np.ndarray]:
    """Every tensor of the state dict saved in `path`, by name; runs no pickle code."""
    try:
        with path.open("rb") as handle:
            head = handle.read(4)
            if not head:
                raise refused(path, "it is empty")
            mapping = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_COPY)
            if head == b"PK\x03\x04":
                return _read_zip(handle, memoryview(mapping), path)
            if head[:1] == b"\x80":
                handle.seek(0)
                return _read_legacy(handle, memoryview(mapping), path)
    except OSError as error:
        raise refused(path, f"cannot read it: {error.strerror or error}") from None
    raise refused(path, "it is neither a torch zip archive nor a pickle")


def _read_zip(handle: IO[bytes], mapping: memoryview, path: Path) -> dict[str, np.ndarray]:
    try:
        with zipfile.ZipFile(handle) as archive:
            members = {info.filename: info for info in archive.infolist()}
            pickles = [n for n in members if n.endswith("/data.pkl") and n.count("/") == 1]
            if len(pickles) != 1:
                raise refused(path, "the zip holds no single <folder>/data.pkl")
            prefix = pickles[0].removesuffix("data.pkl")
            with archive.open(pickles[0]) as pickled:
                refs = load_tensor_refs(pickled, path)
            order = _zip_byteorder(archive, members.get(f"{prefix}byteorder"), path)
            storages: dict[str, memoryview] = {}
            for ref in refs.values():
                key = ref.storage.key
                if key not in storages:
                    info = members.get(f"{prefix}data/{key}")
                    if info is None:
                        raise refused(path, f"storage {key} is missing from the zip")
                    storages[key] = _member_bytes(archive, info, mapping, path)
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        RuntimeError,
        NotImplementedError,
        ValueError,
    ) as error:
        raise refused(path, f"damaged zip: {error}") from None
    return _arrays(refs, storages, order, path)


def _zip_byteorder(archive: zipfile.ZipFile, info: zipfile.ZipInfo | None, path: Path) -> ByteOrder:
    if info is None:
        return "<"
    order = archive.read(info).strip()
    if order not in (b"little", b"big"):
        raise refused(path, f"unknown byte order {order[:20]!r}")
    return "<" if order == b"little" else ">"


def _member_bytes(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, mapping: memoryview, path: Path
) -> memoryview:
    if info.compress_type != zipfile.ZIP_STORED or info.flag_bits & 0x1:
        return memoryview(archive.read(info))
    start = info.header_offset
    if start + _LOCAL_HEADER.size > len(mapping):
        raise refused(path, f"member {info.filename} lies past the end of the file")
    signature, name_length, extra_length = _LOCAL_HEADER.unpack_from(mapping, start)
    if signature != b"PK\x03\x04":
        raise refused(path, f"member {info.filename} has no local zip header")
    data_start = start + _LOCAL_HEADER.size + name_length + extra_length
    if data_start + info.file_size > len(mapping):
        raise refused(path, f"member {info.filename} is cut short (truncated file?)")
    return mapping[data_start : data_start + info.file_size]


def _read_legacy(handle: IO[bytes], mapping: memoryview, path: Path) -> dict[str, np.ndarray]:
    if load_pickle(handle, path) != LEGACY_MAGIC:
        raise refused(path, "a pickle that does not start with torch's magic number")
    if load_pickle(handle, path) != LEGACY_PROTOCOL:
        raise refused(path, "an unknown legacy torch protocol version")
    system = load_pickle(handle, path)
    little = system.get("little_endian", True) if isinstance(system, dict) else True
    order: ByteOrder = "<" if little is not False else ">"
    refs = load_tensor_refs(handle, path)
    keys = load_pickle(handle, path)
    if not isinstance(keys, list) or not all(isinstance(key, str) for key in keys):
        raise refused(path, "its storage key list is malformed")
    elements: dict[str, ElementType] = {}
    for ref in refs.values():
        elements.setdefault(ref.storage.key, ref.storage.element)
    storages: dict[str, memoryview] = {}
    position = handle.tell()
    count_format = struct.Struct(f"{order}q")
    for key in keys:
        if key not in elements:
            raise refused(path, f"storage {key} is not used by any tensor")
        if position + count_format.size > len(mapping):
            raise refused(path, "it ends before its storages (truncated file?)")
        (count,) = count_format.unpack_from(mapping, position)
        start = position + count_format.size
        position = start + count * elements[key].dtype.itemsize
        if count < 0 or position > len(mapping):
            raise refused(path, f"storage {key} is cut short (truncated file?)")
        storages[key] = mapping[start:position]
    return _arrays(refs, storages, order, path)


def _arrays(
    refs: dict[str, TensorRef], storages: dict[str, memoryview], order: ByteOrder, path: Path
) -> dict[str, np.ndarray]:
    arrays: dict[str, np.ndarray] = {}
    for name, ref in refs.items():
        data = storages.get(ref.storage.key)
        if data is None:
            raise refused(path, f"storage {ref.storage.key} of {name} is missing")
        arrays[name] = tensor_from_storage(ref, data, path, name, order)
    return arrays
