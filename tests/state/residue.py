"""Byte-level search of every file under the app's directories, for privacy tests."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from assistant.paths import AppPaths


@dataclass(frozen=True)
class Residue:
    """One needle found in one file."""

    path: Path
    needle: bytes


def encodings_of(text: str) -> list[bytes]:
    """The byte forms a string can take on disk (SQLite stores UTF-8 or UTF-16 text)."""
    return [text.encode("utf-8"), text.encode("utf-16-le"), text.encode("utf-16-be")]


def all_files(paths: AppPaths) -> list[Path]:
    """Every regular file under every app root (including SQLite WAL, SHM and journals)."""
    return sorted(
        path
        for root in paths.all_roots()
        if root.exists()
        for path in root.rglob("*")
        if path.is_file() and not path.is_symlink()
    )


def find_residue(paths: AppPaths, needles: list[bytes]) -> list[Residue]:
    """Every (file, needle) pair where the raw bytes of the file contain the needle."""
    found: list[Residue] = []
    for path in all_files(paths):
        data = path.read_bytes()
        found.extend(Residue(path, needle) for needle in needles if needle in data)
    return found
