"""The progress-callback convention shared by every long operation."""

from __future__ import annotations

from collections.abc import Callable

ProgressCallback = Callable[[str, float], bool]
"""`on_progress(stage, fraction) -> keep_going`; returning False asks the operation to cancel."""


def no_progress(stage: str, fraction: float) -> bool:
    """A progress callback that ignores reports and never cancels."""
    del stage, fraction
    return True
