"""Measures the Qt event loop's responsiveness: every gap between the ticks of a 5 ms timer on
the GUI thread, and, for each gap over STALL_MS, what every thread was doing meanwhile."""

from __future__ import annotations

import os
import statistics
import sys
import threading
import time
import traceback
from dataclasses import dataclass, field

from PySide6.QtCore import QTimer

TICK_MS = 5
STALL_MS = 30.0
P95_GAP_MS = 50.0
"""The bound on the 95th percentile gap: what a user feels as a smooth window."""
MAX_GAP_MS = 150.0
"""The bound on the largest gap: honest on a loaded 2-core machine, where another process can
take the core for a scheduler slice; the window still never looks frozen."""
STACKS_ENV = "ASSISTANT_GAP_STACKS"
"""Set to 1 to print what every thread did during each gap over STALL_MS."""


@dataclass
class Stall:
    """A snapshot during one gap over STALL_MS: the tick it delayed, how late it was then, and
    the stacks of all threads at that moment."""

    tick: int
    lag_ms: float
    stacks: dict[str, list[str]] = field(default_factory=dict)

    def describe(self, depth: int = 6) -> str:
        """The innermost `depth` frames of each thread."""
        lines = [f"tick {self.tick}, {self.lag_ms:.0f} ms late:"]
        for name, frames in self.stacks.items():
            lines.append(f"  [{name}]")
            lines += [f"    {frame}" for frame in frames[-depth:]]
        return "\n".join(lines)


class GapMeter:
    """A 5 ms timer on the GUI thread recording every gap between two ticks. With
    `sample_stalls` a thread snapshots all stacks (`sys._current_frames`) every 10 ms while a
    tick is more than STALL_MS late (it takes the GIL to do so: off for measuring)."""

    def __init__(self, sample_stalls: bool | None = None) -> None:
        self.sample_stalls = (
            os.environ.get(STACKS_ENV) == "1" if sample_stalls is None else sample_stalls
        )
        self.timer = QTimer()
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._on_tick)
        self.last = 0.0
        self.gaps_ms: list[float] = []
        self.stalls: list[Stall] = []
        self._running = threading.Event()
        self._ticked = 0
        self._sampler: threading.Thread | None = None

    @property
    def largest_ms(self) -> float:
        return max(self.gaps_ms, default=0.0)

    @property
    def ticks(self) -> int:
        return len(self.gaps_ms)

    def percentile(self, share: float) -> float:
        """The gap below which `share` of all gaps lie."""
        ordered = sorted(self.gaps_ms)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0

    def summary(self) -> str:
        """p50 / p95 / max of the gaps, in ms."""
        median = statistics.median(self.gaps_ms) if self.gaps_ms else 0.0
        return (
            f"event-loop gap p50 {median:.1f} ms, p95 {self.percentile(0.95):.1f} ms, "
            f"max {self.largest_ms:.1f} ms over {self.ticks} ticks"
        )

    def check(self) -> None:
        """Assert the bounds (p95 and max), printing the summary and any sampled stalls."""
        print(f"\n{self.summary()}")
        for stall in self.stalls:
            print(stall.describe())
        assert self.percentile(0.95) < P95_GAP_MS, self.summary()
        assert self.largest_ms < MAX_GAP_MS, self.summary()

    def start(self) -> None:
        self.last = time.perf_counter()
        self.timer.start()
        self._running.set()
        if not self.sample_stalls:
            return
        gui = threading.get_ident()
        self._sampler = threading.Thread(target=self._sample, args=(gui,), daemon=True)
        self._sampler.start()

    def stop(self) -> None:
        self.timer.stop()
        self._running.clear()
        if self._sampler is not None:
            self._sampler.join()

    def _on_tick(self) -> None:
        now = time.perf_counter()
        self.gaps_ms.append((now - self.last) * 1000)
        self.last = now
        self._ticked += 1

    def _sample(self, gui: int) -> None:
        names = {thread.ident: thread.name for thread in threading.enumerate()}
        names[gui] = "GUI"
        while self._running.is_set():
            time.sleep(0.010)
            lag_ms = (time.perf_counter() - self.last) * 1000
            if lag_ms > STALL_MS:
                frames = sys._current_frames()
                stacks = {
                    names.get(ident, str(ident)): [
                        f"{f.filename.rsplit('/', 2)[-1]}:{f.lineno} {f.name}"
                        for f in traceback.extract_stack(frame)
                    ]
                    for ident, frame in frames.items()
                    if ident != threading.get_ident()
                }
                self.stalls.append(Stall(self._ticked, lag_ms, stacks))
