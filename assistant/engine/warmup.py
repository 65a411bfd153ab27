"""Loading the M2M-100 engine in visible stages: start runtime -> verify -> load tokenizer ->
compile encoder -> load decoder -> preflight -> ready, each reported through `on_progress` as a
`WarmupStage` and timed.

The model folder's files are read once: during verification, which hashes them into the
buffers of a `ModelFiles`, or (for a folder with nothing to verify) at the start. Everything
after, including the preflight's CPU rebuild, is built from those bytes.

Call `warm_up` on the engine worker thread; it blocks for seconds (tens on a first NPU
compile) and returns a runner that thread then owns.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

import openvino as ov

from assistant.core.errors import CancelledError
from assistant.core.progress import ProgressCallback, no_progress
from assistant.core.telemetry import Fallback
from assistant.engine.compiler import CacheDirFor, PartCompiler
from assistant.engine.decoder import StatefulDecoder
from assistant.engine.decoder_precision import compile_fastest_decoder, record_preflight_fallback
from assistant.engine.devices import AUTO, DECODER, ENCODER, DeviceInventory, DevicePlan
from assistant.engine.encoder import DEFAULT_BUCKETS, BucketedEncoder
from assistant.engine.errors import ModelFilesError, PreflightError
from assistant.engine.m2m100 import M2M100Runner
from assistant.engine.model_files import IR_PARTS, ModelFiles
from assistant.engine.precision import Precision
from assistant.engine.preflight import run_preflight
from assistant.engine.report import EngineReport, WarmupStage
from assistant.engine.tokenizer import M2MTokenizer
from assistant.models.golden import GoldenVector
from assistant.models.verify import keeping

ENCODER_PART, DECODER_PART = IR_PARTS
ENCODER_XML, DECODER_XML = f"{ENCODER_PART}.xml", f"{DECODER_PART}.xml"

T = TypeVar("T")

Verify = Callable[[ProgressCallback], object]
"""Checks the bundle's signature and file hashes with `verify_bundle` on the calling thread
(which keeps the bytes for the engine); raises BundleRefusedError."""


class _Stager:
    """Reports and times the stages; a False from `on_progress` cancels."""

    def __init__(self, on_progress: ProgressCallback, report: EngineReport) -> None:
        self._on_progress = on_progress
        self.report = report

    def tell(self, stage: WarmupStage, fraction: float) -> bool:
        if not self._on_progress(stage, fraction):
            raise CancelledError("Loading the translation model was cancelled.")
        return True

    def verify_progress(self, _stage: str, fraction: float) -> bool:
        """The verifier's progress, reported as the VERIFY stage."""
        return self.tell(WarmupStage.VERIFY, fraction)

    def run(self, stage: WarmupStage, work: Callable[[], T]) -> T:
        self.tell(stage, 0.0)
        started = time.perf_counter()
        result = work()
        self.report.stage_ms[stage] = round((time.perf_counter() - started) * 1000.0, 1)
        self.tell(stage, 1.0)
        return result


def build_runner(
    model_dir: Path,
    *,
    core: ov.Core,
    plan: DevicePlan,
    compiler: PartCompiler,
    buckets: Sequence[int] = DEFAULT_BUCKETS,
    model_version: str | None = None,
    stager: _Stager | None = None,
    files: ModelFiles | None = None,
    tokenizer: M2MTokenizer | None = None,
    cpu_has_bf16: bool = False,
) -> M2M100Runner:
    """Compile the encoder buckets and the decoder from `files` (already read or verified);
    without them, the folder's files are read once now. `tokenizer` reuses one already built
    from the same files (its vocabulary takes a while to parse). With `cpu_has_bf16`, the
    decoder's precision is chosen by measurement (`decoder_precision`)."""
    stager = stager or _Stager(no_progress, EngineReport())
    owned = files is None
    if files is None:
        files = ModelFiles(model_dir)
        files.read_unverified()
    try:
        version = model_version or model_dir.name
        return _build(
            files, core, plan, compiler, buckets, stager, version, tokenizer, cpu_has_bf16
        )
    finally:
        if owned:
            files.close()


def _build(
    files: ModelFiles,
    core: ov.Core,
    plan: DevicePlan,
    compiler: PartCompiler,
    buckets: Sequence[int],
    stager: _Stager,
    model_version: str,
    tokenizer: M2MTokenizer | None,
    cpu_has_bf16: bool,
) -> M2M100Runner:
    if tokenizer is None:
        tokenizer = stager.run(
            WarmupStage.LOAD_TOKENIZER, lambda: M2MTokenizer.from_files(files.tokenizer_files())
        )

    def compile_encoder() -> BucketedEncoder:
        model = files.read_model(core, ENCODER_PART)
        return BucketedEncoder(
            model, compiler, plan.for_part(ENCODER), buckets, pad_id=tokenizer.pad_id
        )

    def load_decoder() -> StatefulDecoder:
        model = files.read_model(core, DECODER_PART)
        compiled = compile_fastest_decoder(
            compiler, model, plan.for_part(DECODER), cpu_has_bf16=cpu_has_bf16, report=stager.report
        )
        del model
        decoder = compiled.runner()
        del compiled
        # First inferences make the CPU copy weights into its layout; the mapped pages of the
        # weights are then dead weight. Decoder first: the two parts' peaks do not add up.
        decoder.warm()
        files.release_pages([f"{DECODER_PART}.bin"])
        encoder.warm()
        files.release_pages([f"{ENCODER_PART}.bin"])
        return decoder

    encoder = stager.run(WarmupStage.COMPILE_ENCODER, compile_encoder)
    decoder = stager.run(WarmupStage.LOAD_DECODER, load_decoder)
    return M2M100Runner(tokenizer, encoder, decoder, model_version)


def warm_up(
    model_dir: Path,
    *,
    verify: Verify | None = None,
    golden: Sequence[GoldenVector] = (),
    cache_dir_for: CacheDirFor | None = None,
    device_preference: str = AUTO,
    precision: Precision = Precision.DEFAULT,
    buckets: Sequence[int] = DEFAULT_BUCKETS,
    model_version: str | None = None,
    on_progress: ProgressCallback = no_progress,
    core: ov.Core | None = None,
    inventory: DeviceInventory | None = None,
) -> tuple[M2M100Runner, EngineReport]:
    """Verify, compile, preflight. A preflight mismatch rebuilds every part on the CPU at f32
    from the same bytes and records the fallback; a mismatch there too raises PreflightError.

    `verify` must verify `model_dir` with `verify_bundle` on this thread: the bytes it hashes
    are the ones the engine uses. Without it the folder is read once, unchecked."""
    report = EngineReport()
    stager = _Stager(on_progress, report)
    core, inventory = stager.run(WarmupStage.START_RUNTIME, lambda: _runtime(core, inventory))
    report.devices_available = inventory.available
    report.npu_driver_version = inventory.npu_driver_version
    files = ModelFiles(model_dir)
    try:
        if verify is not None:
            with keeping(files):
                stager.run(WarmupStage.VERIFY, lambda: verify(stager.verify_progress))
            if files.proven is None:
                raise ModelFilesError(str(model_dir), "its verification kept none of its bytes")
        else:
            files.read_unverified()
        return _warm_up(
            files,
            core,
            inventory,
            report,
            stager,
            golden,
            cache_dir_for,
            device_preference,
            precision,
            buckets,
            model_version,
        )
    finally:
        files.close()


def _runtime(
    core: ov.Core | None, inventory: DeviceInventory | None
) -> tuple[ov.Core, DeviceInventory]:
    core = core or ov.Core()
    return core, inventory or DeviceInventory.discover(core)


def _warm_up(
    files: ModelFiles,
    core: ov.Core,
    inventory: DeviceInventory,
    report: EngineReport,
    stager: _Stager,
    golden: Sequence[GoldenVector],
    cache_dir_for: CacheDirFor | None,
    device_preference: str,
    precision: Precision,
    buckets: Sequence[int],
    model_version: str | None,
) -> tuple[M2M100Runner, EngineReport]:
    model_dir = files.root
    plan = DevicePlan.make(inventory, device_preference)
    compiler = PartCompiler(core, report, precision, cache_dir_for)
    runner = build_runner(
        model_dir,
        core=core,
        plan=plan,
        compiler=compiler,
        buckets=buckets,
        model_version=model_version,
        stager=stager,
        files=files,
        cpu_has_bf16=inventory.cpu_has_bf16,
    )
    if golden:
        result = stager.run(WarmupStage.PREFLIGHT, lambda: run_preflight(runner, golden))
        passed, detail = result.passed, result.detail
        exact_cpu = runner.encoder.device == "CPU" and precision is Precision.F32
        if not passed and not exact_cpu:
            for part, device in runner.devices().items():
                reason = f"preflight mismatch: {detail}"
                report.fallbacks.append(Fallback(part, device, "CPU (f32)", reason))
            chosen = report.decoder_precision
            tokenizer = runner.tokenizer
            del runner  # before the rebuild, so two models never share the memory peak
            cpu_plan = DevicePlan({ENCODER: ("CPU",), DECODER: ("CPU",)})
            cpu_compiler = PartCompiler(core, report, Precision.F32, cache_dir_for)
            runner = build_runner(
                model_dir,
                core=core,
                plan=cpu_plan,
                compiler=cpu_compiler,
                buckets=buckets,
                model_version=model_version,
                files=files,
                tokenizer=tokenizer,
            )
            record_preflight_fallback(chosen, cache_dir_for, report)
            retry = run_preflight(runner, golden)
            passed, detail = retry.passed, retry.detail
        report.preflight_passed, report.preflight_detail = passed, detail
        if not passed:
            raise PreflightError(detail)
    stager.tell(WarmupStage.READY, 1.0)
    return runner, report
