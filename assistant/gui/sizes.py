"""Byte counts as the user reads them: the one formatter the command line uses too."""

from __future__ import annotations

from assistant.core.wording import GIB, MIB, size_text

__all__ = ["GIB", "MIB", "size_text"]
