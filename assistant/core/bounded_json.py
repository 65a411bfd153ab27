"""JSON from files the user or an attacker may have written: size and nesting are capped
before the parser runs, so a hostile file is a malformed file, never a RecursionError.

Pure functions, safe on any thread.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

MAX_DEPTH = 64
"""Deeper than any file the app writes (settings, glossary, manifests: 4 levels at most)."""

_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")


class JsonLimitError(ValueError):
    """The JSON is larger or more deeply nested than the caller allows (a malformed file)."""


def nests_deeper_than(raw: bytes, limit: int) -> bool:
    """True when the arrays and objects of JSON text nest more than `limit` levels (brackets
    inside strings do not count); linear in the length, and it never recurses."""
    brackets = _STRING.sub(b"", raw).translate(None, _NOT_BRACKETS)
    depth = 0
    for bracket in brackets:
        depth += 1 if bracket in b"[{" else -1
        if depth > limit:
            return True
    return False


def loads_bounded(
    raw: bytes,
    max_bytes: int,
    max_depth: int = MAX_DEPTH,
    object_pairs_hook: Callable[[list[tuple[str, Any]]], Any] | None = None,
) -> Any:
    """Parse UTF-8 JSON of at most `max_bytes` bytes and `max_depth` levels.

    Raises ValueError (JsonLimitError, json.JSONDecodeError or UnicodeDecodeError) for
    anything that is not such JSON, as for any other malformed file."""
    if len(raw) > max_bytes:
        raise JsonLimitError(f"it is larger than {max_bytes:,} bytes")
    if nests_deeper_than(raw, max_depth):
        raise JsonLimitError(f"it nests deeper than {max_depth} levels")
    try:
        return json.loads(raw.decode("utf-8"), object_pairs_hook=object_pairs_hook)
    except RecursionError:
        raise JsonLimitError(f"it nests deeper than {max_depth} levels") from None


def read_bounded(path: Path, max_bytes: int) -> bytes:
    """The bytes of `path`, reading no more than `max_bytes + 1` of them (so a caller can
    tell a file that is too large); raises OSError like `Path.read_bytes`."""
    with path.open("rb") as handle:
        return handle.read(max_bytes + 1)
