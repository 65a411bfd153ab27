"""Gives back the pages of model weight files once OpenVINO has repacked the weights.

OpenVINO maps the IR `.bin` read-only and, on the CPU, copies the weights into its own layout
at the first inference; the mapped file pages then sit in the resident set unused. Dropping
them (`madvise(MADV_DONTNEED)` on read-only file mappings) is safe: a page touched again is
read back from the file. Linux only; elsewhere this does nothing. Call it from the thread that
owns the compiled models, after their first inference.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
import sys
from collections.abc import Iterable
from pathlib import Path

log = logging.getLogger(__name__)

MADV_DONTNEED = 4


def _libc() -> ctypes.CDLL | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
    except OSError:
        return None
    libc.madvise.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
    libc.madvise.restype = ctypes.c_int
    return libc


def release_file_pages(files: Iterable[Path]) -> int:
    """Drop this process' resident pages of read-only mappings of `files`; returns bytes."""
    libc = _libc()
    wanted = {str(Path(f).resolve()) for f in files}
    if libc is None or not wanted:
        return 0
    released = 0
    try:
        maps = Path("/proc/self/maps").read_text().splitlines()
    except OSError:
        return 0
    for line in maps:
        fields = line.split(maxsplit=5)
        if len(fields) < 6 or fields[5].strip() not in wanted or "w" in fields[1]:
            continue
        start, end = (int(x, 16) for x in fields[0].split("-"))
        if libc.madvise(start, end - start, MADV_DONTNEED) == 0:
            released += end - start
    log.debug("Released %.0f MB of mapped weight pages", released / 2**20)
    return released


def release_fd_pages(fds: Iterable[int]) -> int:
    """Like `release_file_pages`, for the files open as `fds` (found by device and inode, so
    it works for files without a name); returns bytes."""
    libc = _libc()
    wanted: set[tuple[int, int, int]] = set()
    for fd in fds:
        info = os.fstat(fd)
        wanted.add((os.major(info.st_dev), os.minor(info.st_dev), info.st_ino))
    if libc is None or not wanted:
        return 0
    try:
        maps = Path("/proc/self/maps").read_text().splitlines()
    except OSError:
        return 0
    released = 0
    for line in maps:
        fields = line.split(maxsplit=5)
        if len(fields) < 5 or "w" in fields[1] or ":" not in fields[3]:
            continue
        major, minor = (int(x, 16) for x in fields[3].split(":"))
        if (major, minor, int(fields[4])) not in wanted:
            continue
        start, end = (int(x, 16) for x in fields[0].split("-"))
        if libc.madvise(start, end - start, MADV_DONTNEED) == 0:
            released += end - start
    log.debug("Released %.0f MB of mapped weight pages", released / 2**20)
    return released
