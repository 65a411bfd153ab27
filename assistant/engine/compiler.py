"""Compiles model parts along a device plan, falling back on failure and timing every compile.

With sealed cache folders (`SealedCacheDirs`), a part on a device that keeps blobs is imported
from its checked blob when there is one, and its blob is written after a compile; OpenVINO is
never given a `CACHE_DIR`, so it never loads a blob the engine did not check. A plain
`cache_dir_for` callable has no key to seal with, so nothing is cached.

Used on the one engine worker thread during warm-up; it keeps no state besides the report.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import openvino as ov

from assistant.core.telemetry import CompileRecord, Fallback
from assistant.engine.blob_cache import BlobCache, SealedCacheDirs
from assistant.engine.errors import NoDeviceError
from assistant.engine.precision import F32, Precision, compile_config
from assistant.engine.report import EngineReport

log = logging.getLogger(__name__)

CacheDirFor = Callable[[str], Path]
"""Maps a device name to its compiled-blob folder (the bundle's cache key decides the folder);
only a `SealedCacheDirs` one is used for blobs."""

ModelFor = Callable[[str], ov.Model]
"""Gives the model to compile for a device (e.g. static shapes for the NPU only)."""


class PartCompiler:
    """Compiles `ov.Model`s for named parts, trying each device of a plan in order."""

    def __init__(
        self,
        core: ov.Core,
        report: EngineReport,
        precision: Precision = Precision.DEFAULT,
        cache_dir_for: CacheDirFor | None = None,
        decoder_precision: str = F32,
    ) -> None:
        self._core = core
        self._report = report
        self._precision = precision
        self.cache_dir_for = cache_dir_for
        self.decoder_precision = decoder_precision
        """The CPU decoder's precision (`precision.compile_config`); set before compiling it."""
        self._blobs = (
            BlobCache(core, cache_dir_for, report)
            if isinstance(cache_dir_for, SealedCacheDirs)
            else None
        )

    @property
    def precision(self) -> Precision:
        """The precision every part is compiled at."""
        return self._precision

    def compile(
        self,
        part: str,
        model: ov.Model | ModelFor,
        devices: Sequence[str],
        *,
        record: bool = True,
    ) -> tuple[ov.CompiledModel, str]:
        """Compile on the first device that accepts `model` (or `model(device)`, when a part
        needs a different shape per device); each failure is recorded as a fallback with its
        reason. Raises NoDeviceError when every device fails. `record=False` leaves the
        compile out of the report's compile list (a helper part of another part)."""
        failures: list[str] = []
        for position, device in enumerate(devices):
            config = compile_config(
                device, self._precision, part=part, decoder_precision=self.decoder_precision
            )
            blobs = self._blobs if self._blobs is not None and self._blobs.applies(device) else None
            started = time.perf_counter()
            imported = blobs.load(part, device, config) if blobs is not None else None
            if imported is not None:
                log.info("Loaded the %s on %s from its checked compiled blob", part, device)
                if record:
                    self._record(part, device, started, cached=True)
                return imported, device
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
            if record:
                self._record(part, device, started, cached=False)
            if blobs is not None:
                blobs.store(part, device, config, compiled)
            return compiled, device
        raise NoDeviceError(part, "; ".join(failures) or "no device in the plan")

    def _record(self, part: str, device: str, started: float, *, cached: bool) -> None:
        elapsed = (time.perf_counter() - started) * 1000.0
        self._report.compiles.append(CompileRecord(part, device, elapsed, cached))
