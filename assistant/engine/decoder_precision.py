"""Compiles the CPU decoder at the precision this machine runs it fastest in.

At the first warm-up of a bundle on a machine whose CPU has bf16, the decoder is compiled at
f32 and at bf16 in turn and a few steps of each are timed (`precision_probe`); the faster one
is kept, and the choice is sealed beside the compiled blobs (`precision_record`) so later
warm-ups compile it directly. Exact f32, a CPU without bf16, or no sealed cache mean f32
without measuring. One decoder serves every batch size (two would hold its weights twice), so
bf16 is chosen when its speed-up over both regimes (geometric mean) reaches MIN_GAIN.

Runs on the engine worker thread during the "load decoder" stage.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass

import openvino as ov

from assistant.engine.compiler import PartCompiler
from assistant.engine.cross_inputs import compile_decoder
from assistant.engine.decoder import StatefulDecoder
from assistant.engine.precision import (
    BF16,
    F32,
    ChoiceSource,
    Precision,
    PrecisionChoice,
    RegimeTiming,
)
from assistant.engine.precision_probe import step_ms
from assistant.engine.precision_record import PrecisionRecord
from assistant.engine.report import EngineReport

log = logging.getLogger(__name__)

MIN_GAIN = 1.05
"""bf16 must be at least this much faster (geometric mean over the regimes) to be chosen."""
MEASURED = "measured at first warm-up"


@dataclass(frozen=True)
class CompiledDecoder:
    """The decoder's step model, its cross-attention projector (if split), and their device."""

    step: ov.CompiledModel
    cross: ov.CompiledModel | None
    device: str

    def runner(self) -> StatefulDecoder:
        """A decoder that steps this compiled model."""
        return StatefulDecoder(self.step, self.device, self.cross)


def _compile(
    compiler: PartCompiler, model: ov.Model, devices: Sequence[str], precision: str
) -> CompiledDecoder:
    compiler.decoder_precision = precision
    return CompiledDecoder(*compile_decoder(compiler, model, devices))


def _gain(timings: Sequence[RegimeTiming]) -> float:
    return math.exp(sum(math.log(max(t.speedup, 1e-9)) for t in timings) / len(timings))


def _ratios(timings: Sequence[RegimeTiming]) -> str:
    """E.g. "1.30× as fast as f32 at 16 rows, 1.10× at 1 row"."""
    ordered = sorted(timings, key=lambda t: -t.rows)
    parts = [f"{t.speedup:.2f}× at {t.rows} row{'s' if t.rows > 1 else ''}" for t in ordered]
    parts[0] = parts[0].replace("×", "× as fast as f32", 1)
    return ", ".join(parts)


def decide(timings: Sequence[RegimeTiming]) -> PrecisionChoice:
    """The measured choice and its reason, from both precisions' step times."""
    ratios = _ratios(timings)
    if _gain(timings) >= MIN_GAIN:
        reason = f"bf16: {ratios}, {MEASURED}"
        return PrecisionChoice(BF16, reason, ChoiceSource.MEASURED, tuple(timings))
    reason = f"f32: bf16 only {ratios}, {MEASURED}"
    return PrecisionChoice(F32, reason, ChoiceSource.MEASURED, tuple(timings))


def _fixed(reason: str) -> PrecisionChoice:
    return PrecisionChoice(F32, f"f32: {reason}", ChoiceSource.FIXED)


def _measure(
    compiler: PartCompiler, model: ov.Model, devices: Sequence[str]
) -> tuple[CompiledDecoder, PrecisionChoice]:
    """Compile and time bf16, then f32, one at a time so their memory never adds up. f32 goes
    last: it wins on most CPUs without AMX (`docs/performance.md`), and is then kept as it is."""
    bf16 = _compile(compiler, model, devices, BF16)
    bf16_ms = step_ms(bf16.runner())
    del bf16
    f32 = _compile(compiler, model, devices, F32)
    f32_ms = step_ms(f32.runner())
    timings = [RegimeTiming(rows, f32_ms[rows], bf16_ms[rows]) for rows in f32_ms]
    choice = decide(timings)
    if choice.precision == F32:
        return f32, choice
    del f32
    return _compile(compiler, model, devices, BF16), choice


def compile_fastest_decoder(
    compiler: PartCompiler,
    model: ov.Model,
    devices: Sequence[str],
    *,
    cpu_has_bf16: bool,
    report: EngineReport,
) -> CompiledDecoder:
    """Compile the decoder at its chosen precision, recorded in `report.decoder_precision`."""
    record: PrecisionRecord | None = None
    if compiler.precision is Precision.F32:
        choice = _fixed("exact f32 asked")
    elif devices[0] != "CPU":
        choice = _fixed(f"the decoder runs on {devices[0]}")
    elif not cpu_has_bf16:
        choice = _fixed("the CPU has no bf16")
    else:
        record, why_not = PrecisionRecord.open(compiler.cache_dir_for, report)
        cached = record.load() if record is not None else None
        choice = cached or _fixed(f"not measured: {why_not}")
    if record is not None and choice.source is not ChoiceSource.CACHED:
        compiled, choice = _measure(compiler, model, devices)
        record.store(choice)
    else:
        compiled = _compile(compiler, model, devices, choice.precision)
    log.info("The decoder computes in %s (%s)", choice.precision, choice.reason)
    report.decoder_precision = choice
    return compiled


def record_preflight_fallback(
    chosen: PrecisionChoice | None, cache_dir_for: object, report: EngineReport
) -> None:
    """After the golden check failed with a bf16 decoder (and every part was rebuilt at exact
    f32): say so, and keep f32 for later warm-ups on this machine."""
    if chosen is None or chosen.precision != BF16:
        return
    choice = PrecisionChoice(
        F32, "f32: bf16 failed the golden check", ChoiceSource.PREFLIGHT, chosen.timings
    )
    report.decoder_precision = choice
    record, _ = PrecisionRecord.open(cache_dir_for, report)
    if record is not None:
        record.store(choice)
