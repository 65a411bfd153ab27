"""Streamed SHA-256 of many files at once, on a few threads (hashlib releases the GIL).

`on_progress` is only ever called on the calling thread; returning False stops every worker.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from assistant.core.errors import CancelledError
from assistant.core.progress import ProgressCallback

CHUNK_BYTES = 4 * 1024 * 1024
REPORT_SECONDS = 0.05
"""Longest wait between progress reports while hashing."""


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


def _hash_one(path: Path, shared: _Shared) -> str:
    digest = hashlib.sha256()
    buffer = bytearray(CHUNK_BYTES)
    view = memoryview(buffer)
    with path.open("rb", buffering=0) as handle:
        while count := handle.readinto(buffer):
            if shared.stop.is_set():
                return ""
            digest.update(view[:count])
            shared.add(count)
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
) -> list[str]:
    """Hex SHA-256 of each path, in order; raises CancelledError when `on_progress` says stop."""
    shared = _Shared()
    total = total_bytes or 1
    with ThreadPoolExecutor(max_workers=workers or default_workers()) as pool:
        futures: list[Future[str]] = [pool.submit(_hash_one, path, shared) for path in paths]
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
