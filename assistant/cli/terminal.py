"""User text at the edges of the command line: an argument that is not UTF-8 is refused in
one line, and control sequences in text shown on a terminal are displayed, never obeyed.

Files (`--out`) and JSON keep the text exactly: JSON escapes every control character, so a
script that parses it gets the same string back.
"""

from __future__ import annotations

import argparse
import json
import re
from typing import Any, TextIO

from assistant.core.errors import BadInputError

PATH_ARGUMENTS = frozenset({"data_dir", "output"})
"""Arguments that name files: any bytes the file system allows are fine there."""

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Terminal controls: C0 except tab and newline, DEL, and C1 (0x9b alone starts a CSI)."""
_JSON_UNESCAPED_CONTROL = re.compile("[\x7f-\x9f]")
"""Controls `json.dumps` leaves as they are (it escapes C0 itself)."""
_SHOWN_ARGUMENT_CHARS = 60


def for_terminal(text: str) -> str:
    """`text` with every control character shown as an escape (`\\x1b`), tabs and newlines
    kept (a Windows line end counts as a newline)."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group(0)):02x}", text.replace("\r\n", "\n"))


def show(text: str, stream: TextIO) -> str:
    """`text` as it may be written to `stream`: escaped for a terminal, unchanged otherwise."""
    isatty = getattr(stream, "isatty", None)
    return for_terminal(text) if isatty is not None and isatty() else text


def json_text(data: Any, indent: int | None = None) -> str:
    """JSON for `data`, non-ASCII kept readable and every control character escaped."""
    dumped = json.dumps(data, ensure_ascii=False, indent=indent)
    return _JSON_UNESCAPED_CONTROL.sub(lambda m: f"\\u{ord(m.group(0)):04x}", dumped)


def refuse_undecodable(args: argparse.Namespace) -> None:
    """Raise BadInputError when a text argument holds bytes that are not UTF-8 (Python keeps
    them as lone surrogates, which no text tool downstream accepts)."""
    for name, value in vars(args).items():
        if name in PATH_ARGUMENTS or not isinstance(value, str):
            continue
        bad = next((char for char in value if "\ud800" <= char <= "\udfff"), None)
        if bad is None:
            continue
        shown = value.encode("utf-8", "surrogateescape" if bad >= "\udc80" else "replace")
        text = for_terminal(shown.decode("utf-8", "backslashreplace"))
        text = text.replace("\n", "\\n").replace("\t", "\\t")
        if len(text) > _SHOWN_ARGUMENT_CHARS:
            text = text[: _SHOWN_ARGUMENT_CHARS - 1] + "…"
        byte = f"byte 0x{ord(bad) - 0xDC00:02x}" if "\udc80" <= bad <= "\udcff" else "a surrogate"
        raise BadInputError(
            f"The argument '{text}' is not valid UTF-8 text ({byte}). Pass UTF-8 text, or "
            "save it as a UTF-8 file and use --file or standard input."
        )
