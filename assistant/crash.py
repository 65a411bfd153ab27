"""Crash reports: every uncaught exception becomes a report, never a silent exit."""

from __future__ import annotations

import logging
import platform
import sys
import traceback
from collections.abc import Callable
from types import TracebackType

from assistant import __version__

log = logging.getLogger(__name__)

ReportSink = Callable[[str], None]


def format_report(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> str:
    """A copyable plain-text report: versions, platform and the traceback."""
    lines = [
        f"Offline Translation Assistant {__version__} crashed.",
        f"Python {platform.python_version()} on {platform.platform()}",
        "",
        *traceback.format_exception(exc_type, exc, tb),
    ]
    return "\n".join(line.rstrip("\n") for line in lines)


def stderr_sink(report: str) -> None:
    """Print a report to stderr (the CLI's sink)."""
    stream = sys.stderr or sys.__stderr__
    if stream is not None:
        print(report, file=stream)


def install_excepthook(sink: ReportSink = stderr_sink) -> None:
    """Route uncaught exceptions to `sink` (and the log); Ctrl+C keeps its normal behaviour."""

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        report = format_report(exc_type, exc, tb)
        log.error("Uncaught exception\n%s", report)
        sink(report)

    sys.excepthook = hook
