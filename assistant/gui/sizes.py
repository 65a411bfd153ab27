"""Byte counts as the user reads them, in the units the CLI prints (MiB, GiB)."""

from __future__ import annotations

MIB = 2**20
GIB = 2**30


def size_text(size_bytes: int) -> str:
    """ "1.8 GiB", "597 MiB" or "2.4 MiB"."""
    if size_bytes >= GIB:
        return f"{size_bytes / GIB:.1f} GiB"
    if size_bytes >= 100 * MIB:
        return f"{size_bytes / MIB:,.0f} MiB"
    return f"{size_bytes / MIB:.1f} MiB"
