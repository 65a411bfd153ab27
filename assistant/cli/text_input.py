"""Reading user text for the CLI: arguments, stdin or files, with clear refusals of bad input."""

from __future__ import annotations

import sys
from pathlib import Path

from assistant.core.errors import BadInputError
from assistant.core.wording import size_text

MAX_INPUT_BYTES = 16 * 1024 * 1024
"""Larger inputs are refused (split the file first); 1 MiB of text is fine."""


def decode_text(data: bytes, origin: str) -> str:
    """`data` as UTF-8 text; refuses binary and invalid UTF-8 naming `origin`."""
    if len(data) > MAX_INPUT_BYTES:
        raise BadInputError(
            f"{origin} is {size_text(len(data))}; the limit is {size_text(MAX_INPUT_BYTES)}. "
            "Split it into smaller files."
        )
    if b"\x00" in data:
        raise BadInputError(f"{origin} looks binary (it contains NUL bytes); give plain text.")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BadInputError(
            f"{origin} is not valid UTF-8 (byte {error.start}); save it as UTF-8 text."
        ) from error
    return text.removeprefix("\ufeff")


def read_stdin() -> str:
    """All of standard input as text."""
    return decode_text(sys.stdin.buffer.read(MAX_INPUT_BYTES + 1), "standard input")


def read_argument(value: str | None) -> str:
    """The TEXT argument; "-" (or none, with piped input) reads standard input."""
    if value is None or value == "-":
        if value is None and sys.stdin.isatty():
            raise BadInputError("no text given: pass TEXT, '-' for standard input, or --file.")
        return read_stdin()
    return value


def read_file(path: Path) -> str:
    """A text or Markdown file's contents."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_INPUT_BYTES + 1)
    except FileNotFoundError as error:
        raise BadInputError(f"{path} does not exist.") from error
    except IsADirectoryError as error:
        raise BadInputError(f"{path} is a folder; give a text or Markdown file.") from error
    except OSError as error:
        raise BadInputError(f"{path} cannot be read ({error.strerror}).") from error
    return decode_text(data, str(path))
