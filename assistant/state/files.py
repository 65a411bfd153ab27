"""Small file operations the state layer relies on: atomic writes and keeping bad files aside."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


def atomic_write_bytes(path: Path, data: bytes, mode: int = 0o600) -> None:
    """Replace `path` with `data` so a crash leaves either the old or the new file, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        temp.chmod(mode)
        temp.replace(path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def keep_aside(path: Path) -> Path:
    """Rename a damaged `path` to `<name>.bak` (or `<name>.N.bak` if taken); return the new path."""
    candidate = path.with_name(f"{path.name}.bak")
    number = 1
    while candidate.exists():
        candidate = path.with_name(f"{path.name}.{number}.bak")
        number += 1
    path.replace(candidate)
    return candidate


def kept_aside(path: Path) -> list[Path]:
    """Every `.bak` copy `keep_aside` made of `path`."""
    return sorted(path.parent.glob(f"{path.name}*.bak"))


def remove_path(path: Path) -> tuple[int, int]:
    """Delete a file or a whole directory; return (files removed, bytes removed)."""
    if path.is_symlink() or path.is_file():
        size = path.lstat().st_size
        path.unlink()
        return 1, size
    if not path.is_dir():
        return 0, 0
    files = 0
    size = 0
    for child in path.rglob("*"):
        if child.is_file() and not child.is_symlink():
            files += 1
            size += child.stat().st_size
    shutil.rmtree(path)
    return files, size
