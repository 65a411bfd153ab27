"""What the engine reports while and after loading: the warm-up stages it passes, and what
it did (compile times, device fallbacks, preflight, stage times).

Plain enums and dataclasses, filled on the worker thread and rendered by the front ends. This
module imports no runtime, so the GUI can import it at start-up.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from assistant.core.telemetry import CompileRecord, Fallback
from assistant.engine.precision import PrecisionChoice


class WarmupStage(str, Enum):
    """The visible steps of one warm-up, in order (DESIGN.md §5). The engine passes them as
    the `stage` of its progress callback."""

    START_RUNTIME = "start runtime"
    """Importing OpenVINO and finding this machine's devices."""
    VERIFY = "verify"
    LOAD_TOKENIZER = "load tokenizer"
    COMPILE_ENCODER = "compile encoder"
    LOAD_DECODER = "load decoder"
    PREFLIGHT = "preflight"
    READY = "ready"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class PlannedDevices:
    """The devices each model part will try, best first, as this warm-up planned them from
    the devices the machine has (reported before compiling, so the front ends can say it)."""

    encoder: tuple[str, ...]
    decoder: tuple[str, ...]


class BlobOutcome(str, Enum):
    """What became of a part's compiled blob during one load."""

    LOADED = "loaded"
    """Its seal and bytes checked out; OpenVINO imported it."""
    STORED = "stored"
    """Compiled from the verified model, exported, sealed and written."""
    MISSING = "missing"
    """None yet (first load on this device, runtime and driver)."""
    REJECTED = "rejected"
    """It failed a check; it was deleted and the part recompiled from the verified model."""
    NOT_CACHEABLE = "not cacheable"
    """This runtime cannot export or import the part; it is compiled every time."""
    UNSEALED = "unsealed"
    """No key to seal blobs with (see the detail); the part is compiled every time."""


@dataclass(frozen=True)
class BlobCheck:
    """One part's compiled blob on one device, and what the engine did with it."""

    part: str
    device: str
    outcome: BlobOutcome
    detail: str = ""


@dataclass
class EngineReport:
    """Everything diagnostics shows about one load of the engine."""

    devices_available: tuple[str, ...] = ()
    npu_driver_version: str | None = None
    compiles: list[CompileRecord] = field(default_factory=list)
    fallbacks: list[Fallback] = field(default_factory=list)
    stage_ms: dict[WarmupStage, float] = field(default_factory=dict)
    """Elapsed time per warm-up stage: verify, compile encoder, load decoder, preflight."""
    preflight_passed: bool | None = None
    preflight_detail: str = ""
    blobs: list[BlobCheck] = field(default_factory=list)
    """Each compiled-blob lookup and write; a rejection of a blob is also listed in
    `fallbacks`. The decoder-precision record is checked here too (part "decoder:precision")."""
    decoder_precision: PrecisionChoice | None = None
    """The CPU decoder's precision and why (measured, kept from a measurement, or fixed)."""

    @property
    def fallback_count(self) -> int:
        """How many times a part had to leave its preferred device."""
        return len(self.fallbacks)

    @property
    def blob_rejections(self) -> int:
        """How many compiled blobs failed their check and were replaced."""
        return sum(1 for check in self.blobs if check.outcome is BlobOutcome.REJECTED)

    def compile_ms(self, cached: bool) -> float:
        """Total compile time of cold (False) or cached (True) compiles."""
        return sum(r.milliseconds for r in self.compiles if r.cached == cached)
