"""Logging to the platform log directory. User text is never logged unless asked for."""

from __future__ import annotations

import logging
import logging.handlers

from assistant.paths import AppPaths

LOG_USER_TEXT = False
"""When False (the default) modules must log lengths and languages, never the text itself."""


def configure_logging(paths: AppPaths, verbose: bool = False) -> None:
    """Send the app's log records to a rotating file (and stderr when verbose)."""
    paths.logs.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(
        paths.log_file, maxBytes=2_000_000, backupCount=2, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger("assistant")
    root.handlers.clear()
    root.addHandler(handler)
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    if verbose:
        stream = logging.StreamHandler()
        stream.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        root.addHandler(stream)


def describe_text(text: str) -> str:
    """What may be logged about a piece of user text: its length, or the text if allowed."""
    return repr(text) if LOG_USER_TEXT else f"<{len(text)} chars>"
