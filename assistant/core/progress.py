"""The progress-callback convention shared by every long operation."""

from __future__ import annotations

from collections.abc import Callable

ProgressCallback = Callable[[str, float], bool]
"""`on_progress(stage, fraction) -> keep_going`; returning False asks the operation to cancel."""


def no_progress(stage: str, fraction: float) -> bool:
    """A progress callback that ignores reports and never cancels."""
    del stage, fraction
    return True


PROGRESS_LINE = "progress"
"""First field of a progress report passed between processes as one line of text:
`progress<TAB>stage<TAB>fraction`."""


def progress_line(stage: str, fraction: float) -> str:
    """One report as a line for a parent process (stage names hold no tabs or newlines)."""
    flat = " ".join(stage.split())
    return f"{PROGRESS_LINE}\t{flat}\t{max(0.0, min(1.0, fraction)):.4f}\n"


def parse_progress_line(line: str) -> tuple[str, float] | None:
    """(stage, fraction) from a `progress_line`, or None for any other line."""
    fields = line.rstrip("\r\n").split("\t")
    if len(fields) != 3 or fields[0] != PROGRESS_LINE:
        return None
    try:
        fraction = float(fields[2])
    except ValueError:
        return None
    return (fields[1], fraction) if 0.0 <= fraction <= 1.0 else None
