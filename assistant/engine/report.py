"""What the engine did while loading: compile times, device fallbacks, preflight, stage times.

Plain dataclasses, filled on the worker thread and read by diagnostics once a stage is done.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.core.telemetry import CompileRecord, Fallback


@dataclass
class EngineReport:
    """Everything diagnostics shows about one load of the engine."""

    devices_available: tuple[str, ...] = ()
    npu_driver_version: str | None = None
    compiles: list[CompileRecord] = field(default_factory=list)
    fallbacks: list[Fallback] = field(default_factory=list)
    stage_ms: dict[str, float] = field(default_factory=dict)
    """Elapsed time per warm-up stage: verify, compile encoder, load decoder, preflight."""
    preflight_passed: bool | None = None
    preflight_detail: str = ""

    @property
    def fallback_count(self) -> int:
        """How many times a part had to leave its preferred device."""
        return len(self.fallbacks)

    def part_devices(self) -> dict[str, str]:
        """The device each part finally runs on (the last compile of that part wins)."""
        devices: dict[str, str] = {}
        for record in self.compiles:
            devices[record.part.split(":")[0]] = record.device
        return devices

    def compile_ms(self, cached: bool) -> float:
        """Total compile time of cold (False) or cached (True) compiles."""
        return sum(r.milliseconds for r in self.compiles if r.cached == cached)
