"""Compiles model parts along a device plan, falling back on failure and timing every compile.

Used on the one engine worker thread during warm-up; it keeps no state besides the report.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import openvino as ov

from assistant.core.telemetry import CompileRecord, Fallback
from assistant.engine.errors import NoDeviceError
from assistant.engine.precision import Precision, compile_config
from assistant.engine.report import EngineReport

log = logging.getLogger(__name__)

CacheDirFor = Callable[[str], Path]
"""Maps a device name to its `CACHE_DIR` (the bundle's cache key decides the folder)."""

ModelFor = Callable[[str], ov.Model]
"""Gives the model to compile for a device (e.g. static shapes for the NPU only)."""


def _loaded_from_cache(compiled: ov.CompiledModel) -> bool:
    try:
        return bool(compiled.get_property("LOADED_FROM_CACHE"))
    except RuntimeError:
        return False


class PartCompiler:
    """Compiles `ov.Model`s for named parts, trying each device of a plan in order."""

    def __init__(
        self,
        core: ov.Core,
        report: EngineReport,
        precision: Precision = Precision.DEFAULT,
        cache_dir_for: CacheDirFor | None = None,
    ) -> None:
        self._core = core
        self._report = report
        self._precision = precision
        self._cache_dir_for = cache_dir_for

    def compile(
        self, part: str, model: ov.Model | ModelFor, devices: Sequence[str]
    ) -> tuple[ov.CompiledModel, str]:
        """Compile on the first device that accepts `model` (or `model(device)`, when a part
        needs a different shape per device); each failure is recorded as a fallback with its
        reason. Raises NoDeviceError when every device fails."""
        failures: list[str] = []
        for position, device in enumerate(devices):
            config = compile_config(device, self._precision, part=part)
            if self._cache_dir_for is not None:
                cache_dir = self._cache_dir_for(device)
                cache_dir.mkdir(parents=True, exist_ok=True)
                config["CACHE_DIR"] = str(cache_dir)
            log.info("Compiling the %s to %s", part, device)
            started = time.perf_counter()
            try:
                chosen = model if isinstance(model, ov.Model) else model(device)
                compiled = self._core.compile_model(chosen, device, config)
            except RuntimeError as error:
                reason = str(error).strip().splitlines()[0] if str(error).strip() else "failed"
                failures.append(f"{device}: {reason}")
                if position + 1 < len(devices):
                    nxt = devices[position + 1]
                    log.warning("The %s fell back from %s to %s: %s", part, device, nxt, reason)
                    self._report.fallbacks.append(Fallback(part, device, nxt, reason))
                continue
            elapsed = (time.perf_counter() - started) * 1000.0
            self._report.compiles.append(
                CompileRecord(part, device, elapsed, _loaded_from_cache(compiled))
            )
            return compiled, device
        raise NoDeviceError(part, "; ".join(failures) or "no device in the plan")
