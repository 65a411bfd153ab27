"""How long the app took from process start to a visible window (logged, shown in diagnostics)."""

from __future__ import annotations

import os
import time
from pathlib import Path

_IMPORTED_AT = time.monotonic()


def ms_since_start() -> float:
    """Milliseconds since the process started (Linux /proc, 10 ms resolution); elsewhere,
    since this module was imported."""
    try:
        stat = Path(f"/proc/{os.getpid()}/stat").read_text()
        started_ticks = int(stat.rsplit(")", 1)[1].split()[19])
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        return (uptime - started_ticks / os.sysconf("SC_CLK_TCK")) * 1000
    except (OSError, ValueError, IndexError):
        return (time.monotonic() - _IMPORTED_AT) * 1000
