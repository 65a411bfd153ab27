"""The catalogue of models the app can get: shipped in the package, each entry pinned to a Hub
repo and commit, with the file sizes and SHA-256 that public sources confirm.

Read-only data; safe from any thread.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from assistant.resources import CATALOGUE, read_text


@dataclass(frozen=True)
class PinnedFile:
    """One file of an entry: its size and SHA-256 where a public source confirms them."""

    name: str
    size: int | None
    sha256: str | None


@dataclass(frozen=True)
class CatalogueEntry:
    """A model the app offers to get."""

    entry_id: str
    kind: str
    title: str
    summary: str
    repo: str
    revision: str
    licence: str
    languages: tuple[str, ...]
    download_bytes: int
    installed_bytes: dict[str, int]
    files: tuple[PinnedFile, ...]
    pin_source: str
    recommended: bool = False

    def pinned(self, name: str) -> PinnedFile | None:
        """The entry's pin for file `name`, if it lists the file."""
        return next((f for f in self.files if f.name == name), None)

    def installed_size(self, recipe: str) -> int:
        """Bytes on disk after install with `recipe` (the largest known if unknown)."""
        return self.installed_bytes.get(recipe, max(self.installed_bytes.values(), default=0))


def _entry(data: dict[str, Any]) -> CatalogueEntry:
    return CatalogueEntry(
        entry_id=str(data["id"]),
        kind=str(data["kind"]),
        title=str(data["title"]),
        summary=str(data["summary"]),
        repo=str(data["repo"]),
        revision=str(data["revision"]),
        licence=str(data["licence"]),
        languages=tuple(str(code) for code in data["languages"]),
        download_bytes=int(data["download_bytes"]),
        installed_bytes={str(k): int(v) for k, v in data["installed_bytes"].items()},
        files=tuple(
            PinnedFile(str(f["name"]), f.get("size"), f.get("sha256")) for f in data["files"]
        ),
        pin_source=str(data["pin_source"]),
        recommended=bool(data.get("recommended", False)),
    )


@cache
def load_catalogue() -> tuple[CatalogueEntry, ...]:
    """Every entry of the shipped catalogue, recommended first."""
    text = read_text(CATALOGUE)
    entries = tuple(_entry(item) for item in json.loads(text)["entries"])
    return tuple(sorted(entries, key=lambda entry: not entry.recommended))


def find_entry(entry_id: str) -> CatalogueEntry | None:
    """The catalogue entry called `entry_id`, if any."""
    return next((entry for entry in load_catalogue() if entry.entry_id == entry_id), None)
