"""The bytes of one model folder, read once; the engine builds everything from them.

As a verification `Capture` it receives each file while it is hashed, so the IR OpenVINO
compiles and the tokenizer files are the bytes that were proven; the folder's files are never
opened again, not even for the preflight's CPU rebuild. A folder with nothing to verify
against (an unsigned export) is read once the same way.

Where it can, each IR file is kept in an unnamed file (Linux `O_TMPFILE`, created beside the
bundle; it has no name, so only this process' descriptors reach it), written chunk by chunk
right after each chunk is hashed, and OpenVINO maps it through the descriptor: the kernel can
then drop the weight pages the CPU no longer reads, as it does for a mapped bundle file.
Elsewhere the bytes live in OpenVINO tensors, which the compiled models keep for as long as
they need them.

Owned by the warm-up thread; `close` it when the warm-up ends (compiled models keep what they
use).
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable, Mapping
from pathlib import Path

import openvino as ov

from assistant.engine.errors import ModelFilesError
from assistant.engine.memory_trim import release_fd_pages
from assistant.models.hashing import Sink, hash_file
from assistant.models.verify import VerifiedBundle

IR_PARTS = ("openvino_encoder_model", "openvino_decoder_model")
TOKENIZER_FILES = (
    "sentencepiece.bpe.model",
    "vocab.json",
    "tokenizer_config.json",
    "added_tokens.json",
    "special_tokens_map.json",
)
"""The tokenizer's files (those present are used)."""


class _Unnamed:
    """An unnamed file holding one file's bytes, written in order as they are hashed."""

    def __init__(self, folder: Path, size: int) -> None:
        self.fd = os.open(folder, os.O_TMPFILE | os.O_RDWR | os.O_CLOEXEC, 0o600)
        self._end = 0
        try:
            # Reserve the blocks now: a full disk then shows here, not halfway through.
            os.posix_fallocate(self.fd, 0, size)
        except OSError as error:
            if error.errno not in (errno.EOPNOTSUPP, errno.EINVAL, errno.ENOSYS):
                os.close(self.fd)
                raise

    @property
    def path(self) -> str:
        """The name OpenVINO opens it by: this process' descriptor."""
        return f"/proc/self/fd/{self.fd}"

    def write_all(self, data: memoryview) -> None:
        """Append `data` (a chunk that was just hashed)."""
        while data:
            written = os.pwrite(self.fd, data, self._end)
            self._end += written
            data = data[written:]

    def close(self) -> None:
        os.close(self.fd)


def _can_make_unnamed() -> bool:
    return hasattr(os, "O_TMPFILE") and Path("/proc/self/fd").is_dir()


class ModelFiles:
    """The read-once contents of the M2M-100 files in `root` (a `Capture` for verify)."""

    def __init__(self, root: Path, *, unnamed_files: bool = True) -> None:
        self.root = Path(root)
        self._use_unnamed = unnamed_files and _can_make_unnamed()
        self._bytes: dict[str, bytearray] = {}
        self._tensors: dict[str, ov.Tensor] = {}
        self._unnamed: dict[str, _Unnamed] = {}
        self._views: list[memoryview] = []
        self.proven: VerifiedBundle | None = None
        self._complete = False

    @staticmethod
    def wanted(name: str) -> bool:
        """Whether the engine uses the bundle file `name`."""
        ir = any(name in (f"{part}.xml", f"{part}.bin") for part in IR_PARTS)
        return ir or name in TOKENIZER_FILES

    # The verification Capture.

    def wants(self, root: Path) -> bool:
        """True for this folder (by identity, not by spelling)."""
        try:
            return Path(root).samefile(self.root)
        except OSError:
            return False

    def buffer(self, path: str, size: int) -> memoryview | Sink | None:
        """Where to keep a file the engine uses; None for the rest (hashed, not kept)."""
        if not self.wanted(path):
            return None
        self._complete = False
        if path in self._unnamed:
            self._unnamed.pop(path).close()
        is_ir = path not in TOKENIZER_FILES
        if is_ir and size > 0 and self._use_unnamed:
            try:
                unnamed = _Unnamed(self.root, size)
            except OSError:
                self._use_unnamed = False
            else:
                self._unnamed[path] = unnamed
                return unnamed
        if path.endswith(".bin"):
            tensor = ov.Tensor(ov.Type.u8, ov.Shape([size]))
            self._tensors[path] = tensor
            view = memoryview(tensor.data).cast("B")
        else:
            self._bytes[path] = bytearray(size)
            view = memoryview(self._bytes[path])
        self._views.append(view)
        return view

    def verified(self, bundle: VerifiedBundle) -> None:
        """The buffers hold the signed bytes: drop the writable views."""
        self._finish()
        self.proven = bundle

    def _finish(self) -> None:
        for view in self._views:
            view.release()
        self._views.clear()
        self._complete = True

    # Reading a folder with nothing to verify against.

    def read_unverified(self) -> None:
        """Read every file the engine uses from `root`, once (for unsigned model folders)."""
        names = [f"{part}{ext}" for part in IR_PARTS for ext in (".xml", ".bin")]
        names += [name for name in TOKENIZER_FILES if (self.root / name).is_file()]
        for name in names:
            path = self.root / name
            try:
                size = path.stat().st_size
                target = self.buffer(name, size)
                assert target is not None
                hash_file(path.resolve(), into=target)
            except OSError as error:
                self.close()
                raise ModelFilesError(str(path), error.strerror or "unreadable") from error
        self._finish()

    # Using the bytes.

    def _require(self, name: str) -> None:
        if not self._complete:
            raise ModelFilesError(str(self.root / name), "not verified")
        if name not in self._bytes and name not in self._tensors and name not in self._unnamed:
            raise ModelFilesError(str(self.root / name), "missing")

    def read_model(self, core: ov.Core, part: str) -> ov.Model:
        """The `ov.Model` of `part` (e.g. "openvino_encoder_model") from the kept bytes."""
        xml, weights = f"{part}.xml", f"{part}.bin"
        self._require(xml)
        self._require(weights)
        try:
            if xml in self._unnamed and weights in self._unnamed:
                return core.read_model(self._unnamed[xml].path, self._unnamed[weights].path)
            return core.read_model(model=self._contents(xml), weights=self._weights(weights))
        except RuntimeError as error:
            raise ModelFilesError(str(self.root / xml), str(error).splitlines()[0]) from error

    def _contents(self, name: str) -> bytes:
        if name in self._unnamed:
            fd = self._unnamed[name].fd
            return os.pread(fd, os.fstat(fd).st_size, 0)
        if name in self._tensors:
            return bytes(memoryview(self._tensors[name].data).cast("B"))
        return bytes(self._bytes[name])

    def _weights(self, name: str) -> ov.Tensor:
        if name in self._tensors:
            return self._tensors[name]
        data = self._contents(name)
        tensor = ov.Tensor(ov.Type.u8, ov.Shape([len(data)]))
        memoryview(tensor.data).cast("B")[:] = data
        return tensor

    def tokenizer_files(self) -> Mapping[str, bytes]:
        """The tokenizer's files by name."""
        self._require("vocab.json")
        return {name: bytes(self._bytes[name]) for name in TOKENIZER_FILES if name in self._bytes}

    def release_pages(self, names: Iterable[str]) -> int:
        """Give back the resident pages of these files' mappings (they are read back from the
        unnamed file when touched again); bytes released."""
        return release_fd_pages([self._unnamed[n].fd for n in names if n in self._unnamed])

    def close(self) -> None:
        """Drop every buffer this object holds (compiled models keep what they still use)."""
        for view in self._views:
            view.release()
        self._views.clear()
        for unnamed in self._unnamed.values():
            unnamed.close()
        self._unnamed.clear()
        self._tensors.clear()
        self._bytes.clear()
        self._complete = False
