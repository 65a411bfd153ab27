"""Streamed SHA-256 of many files at once, on a few threads (hashlib releases the GIL).

A file can be hashed straight into a buffer the caller keeps (the digest is then taken over the
very bytes in that buffer), or into a `Sink` that is handed each chunk right after it is
hashed: either way, whoever uses the bytes uses what was hashed. Files are opened without
following a symbolic link, and a file whose length differs from the one expected is an error.

`on_progress` is only ever called on the calling thread; returning False stops every worker.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from io import FileIO
from pathlib import Path
from typing import Protocol

from assistant.core.errors import CancelledError
from assistant.core.progress import ProgressCallback

CHUNK_BYTES = 4 * 1024 * 1024
REPORT_SECONDS = 0.05
"""Longest wait between progress reports while hashing."""
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)


class Sink(Protocol):
    """Receives a file's bytes in order, each chunk right after it was hashed."""

    def write_all(self, data: memoryview) -> None:
        """Keep `data` (all of it) after what came before."""
        ...


class SizeChangedError(OSError):
    """A file's length is not the one expected (it was changed while being read)."""

    def __init__(self, path: Path, expected: int, actual: int) -> None:
        super().__init__(f"{path}: {actual} bytes, expected {expected}")
        self.filename = str(path)
        self.expected = expected
        self.actual = actual


class _Shared:
    """Bytes hashed so far, and the stop flag, shared by the workers."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.done = 0
        self.stop = threading.Event()
        self.changed = threading.Event()

    def add(self, count: int) -> None:
        with self.lock:
            self.done += count
        self.changed.set()


def _stream(
    handle: FileIO, digest: hashlib._Hash, shared: _Shared | None, sink: Sink | None = None
) -> int:
    buffer = bytearray(CHUNK_BYTES)
    view = memoryview(buffer)
    total = 0
    while count := handle.readinto(buffer):
        if shared is not None and shared.stop.is_set():
            return -1
        digest.update(view[:count])
        if sink is not None:
            sink.write_all(view[:count])
        total += count
        if shared is not None:
            shared.add(count)
    return total


def _fill(handle: FileIO, into: memoryview, digest: hashlib._Hash, shared: _Shared | None) -> int:
    """Read into `into` until it is full, hashing what landed there; -1 when stopped."""
    done, size = 0, len(into)
    while done < size:
        if shared is not None and shared.stop.is_set():
            return -1
        target = into[done : min(size, done + CHUNK_BYTES)]
        count = handle.readinto(target)
        if not count:
            return done
        digest.update(target[:count])
        done += count
        if shared is not None:
            shared.add(count)
    return done + len(handle.read(1))


def hash_file(
    path: Path,
    size: int | None = None,
    into: memoryview | Sink | None = None,
    shared: _Shared | None = None,
) -> str:
    """Hex SHA-256 of `path`, read once. With `into` (a writable buffer of the expected length,
    or a Sink) the bytes are kept there as they are hashed. Raises SizeChangedError when the
    file is not `size` (or `len(into)`) bytes long, OSError when it is a link or unreadable."""
    expected = len(into) if isinstance(into, memoryview) else size
    digest = hashlib.sha256()
    try:
        with FileIO(os.open(path, _OPEN_FLAGS), "rb") as handle:
            if isinstance(into, memoryview):
                total = _fill(handle, into.cast("B"), digest, shared)
            else:
                total = _stream(handle, digest, shared, into)
    except OSError as error:
        if error.filename is None:  # the Sink failed (e.g. a full disk): name the file it held
            error.filename = str(path)
        raise
    if total < 0:
        return ""
    if expected is not None and total != expected:
        raise SizeChangedError(path, expected, total)
    return digest.hexdigest()


def default_workers() -> int:
    """Up to four threads, never more than the machine's cores."""
    return max(1, min(4, os.cpu_count() or 1))


def sha256_files(
    paths: Sequence[Path],
    total_bytes: int,
    on_progress: ProgressCallback,
    stage: str,
    cancel_message: str,
    workers: int | None = None,
    sizes: Sequence[int | None] | None = None,
    into: Sequence[memoryview | Sink | None] | None = None,
) -> list[str]:
    """Hex SHA-256 of each path, in order; raises CancelledError when `on_progress` says stop.

    `sizes` are the lengths the files must have; `into` gives, per file, a buffer or Sink to
    keep it in (or None to hash it without keeping it)."""
    shared = _Shared()
    total = total_bytes or 1
    lengths = list(sizes) if sizes is not None else [None] * len(paths)
    targets: list[memoryview | Sink | None] = list(into) if into else [None] * len(paths)
    with ThreadPoolExecutor(max_workers=workers or default_workers()) as pool:
        futures: list[Future[str]] = [
            pool.submit(hash_file, path, size, target, shared)
            for path, size, target in zip(paths, lengths, targets, strict=True)
        ]
        try:
            while not all(future.done() for future in futures):
                shared.changed.wait(REPORT_SECONDS)
                shared.changed.clear()
                if any(future.done() and future.exception() for future in futures):
                    break
                if not on_progress(stage, min(1.0, shared.done / total)):
                    raise CancelledError(cancel_message)
        finally:
            shared.stop.set()
        return [future.result() for future in futures]
