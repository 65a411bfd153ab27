"""Counts and sizes as the user reads them, shared by the window and the command line."""

from __future__ import annotations

MIB = 2**20
GIB = 2**30


def count_of(number: int, singular: str, plural: str | None = None) -> str:
    """ "1 file", "2 files", "0 entries" (with `plural` for irregular words)."""
    word = singular if number == 1 else (plural or f"{singular}s")
    return f"{number:,} {word}"


def size_text(size_bytes: int) -> str:
    """ "1.8 GiB", "597 MiB" or "2.4 MiB": binary units, as everywhere in the app."""
    if size_bytes >= GIB:
        return f"{size_bytes / GIB:.1f} GiB"
    if size_bytes >= 100 * MIB:
        return f"{size_bytes / MIB:,.0f} MiB"
    return f"{size_bytes / MIB:.1f} MiB"


def part_label(part: str) -> str:
    """A model part in plain words: "encoder:32" -> "encoder (sentences up to 32 tokens)"."""
    name, _, bucket = part.partition(":")
    if bucket.isdigit():
        return f"{name} (sentences up to {bucket} tokens)"
    return part
