"""Local-only telemetry: per-stage latency, tiers, tools, cache hits, fallbacks, compile times.

Nothing here holds user text, and nothing is sent anywhere. Thread-safe: the inference worker
records, the GUI thread reads snapshots.
"""

from __future__ import annotations

import json
import math
import threading
from collections import Counter, deque
from dataclasses import asdict, dataclass, field
from pathlib import Path

HISTOGRAM_EDGES_MS: tuple[float, ...] = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000)
MAX_SAMPLES = 2000


@dataclass(frozen=True)
class LatencySummary:
    """Percentiles and a histogram of one stage's latency, in milliseconds."""

    count: int
    p50: float
    p95: float
    max: float
    histogram: dict[str, int]


@dataclass(frozen=True)
class Fallback:
    """A model part that could not run where planned."""

    part: str
    from_device: str
    to_device: str
    reason: str


@dataclass(frozen=True)
class CompileRecord:
    """How long compiling one part took, and whether the compiled-blob cache was warm."""

    part: str
    device: str
    milliseconds: float
    cached: bool


@dataclass(frozen=True)
class TelemetrySnapshot:
    """Everything the diagnostics view and `assistant doctor` show."""

    stages: dict[str, LatencySummary]
    tiers: dict[str, int]
    tools: dict[str, int]
    cache_hits: int
    cache_misses: int
    fallbacks: list[Fallback]
    compiles: list[CompileRecord]
    queue_wait: LatencySummary | None

    def to_json(self) -> str:
        """The snapshot as pretty JSON."""
        return json.dumps(asdict(self), indent=2, sort_keys=True)


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of already sorted values (0 for none)."""
    if not sorted_values:
        return 0.0
    rank = max(1, math.ceil(fraction * len(sorted_values)))
    return sorted_values[rank - 1]


def summarise(samples: list[float]) -> LatencySummary:
    """Percentiles and histogram buckets ("<=1", ..., ">5000") of latency samples."""
    ordered = sorted(samples)
    buckets: Counter[str] = Counter()
    for value in ordered:
        edge = next((e for e in HISTOGRAM_EDGES_MS if value <= e), None)
        buckets[f"<={edge:g}" if edge is not None else f">{HISTOGRAM_EDGES_MS[-1]:g}"] += 1
    return LatencySummary(
        count=len(ordered),
        p50=percentile(ordered, 0.50),
        p95=percentile(ordered, 0.95),
        max=ordered[-1] if ordered else 0.0,
        histogram=dict(buckets),
    )


@dataclass
class Telemetry:
    """The in-process collector. One instance per app run."""

    _stages: dict[str, deque[float]] = field(default_factory=dict)
    _tiers: Counter[str] = field(default_factory=Counter)
    _tools: Counter[str] = field(default_factory=Counter)
    _cache_hits: int = 0
    _cache_misses: int = 0
    _fallbacks: list[Fallback] = field(default_factory=list)
    _compiles: list[CompileRecord] = field(default_factory=list)
    _queue_wait: deque[float] = field(default_factory=lambda: deque(maxlen=MAX_SAMPLES))
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def record_answer(self, tier: str, tools: list[str], timings_ms: dict[str, float]) -> None:
        """Count which tier answered and which tools ran; add each stage's latency."""
        with self._lock:
            self._tiers[tier] += 1
            self._tools.update(tools)
            for stage, ms in timings_ms.items():
                self._stages.setdefault(stage, deque(maxlen=MAX_SAMPLES)).append(ms)

    def record_memory_lookup(self, hit: bool) -> None:
        """Count a translation-memory hit or miss."""
        with self._lock:
            if hit:
                self._cache_hits += 1
            else:
                self._cache_misses += 1

    def record_fallback(self, fallback: Fallback) -> None:
        """Remember a device fallback and its reason."""
        with self._lock:
            self._fallbacks.append(fallback)

    def record_compile(self, record: CompileRecord) -> None:
        """Remember a compile time (cold or cached)."""
        with self._lock:
            self._compiles.append(record)
            self._stages.setdefault("compile", deque(maxlen=MAX_SAMPLES)).append(
                record.milliseconds
            )

    def record_queue_wait(self, milliseconds: float) -> None:
        """How long a request waited for the inference worker."""
        with self._lock:
            self._queue_wait.append(milliseconds)

    def snapshot(self) -> TelemetrySnapshot:
        """A consistent copy of everything collected so far."""
        with self._lock:
            return TelemetrySnapshot(
                stages={name: summarise(list(s)) for name, s in sorted(self._stages.items())},
                tiers=dict(self._tiers),
                tools=dict(self._tools),
                cache_hits=self._cache_hits,
                cache_misses=self._cache_misses,
                fallbacks=list(self._fallbacks),
                compiles=list(self._compiles),
                queue_wait=summarise(list(self._queue_wait)) if self._queue_wait else None,
            )

    def save(self, path: Path) -> None:
        """Write the snapshot as JSON (atomically), for `assistant doctor` to read later."""
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".tmp")
        partial.write_text(self.snapshot().to_json(), encoding="utf-8")
        partial.replace(path)
