"""The CPU decoder's precision: measured once per bundle and machine, kept sealed, reused,
skipped for exact f32, and guarded by preflight."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import openvino as ov
import pytest

from assistant.core.translation import TranslationOptions
from assistant.engine.decoder_precision import MIN_GAIN, decide
from assistant.engine.devices import DeviceInventory
from assistant.engine.precision import BF16, F32, ChoiceSource, Precision, RegimeTiming
from assistant.engine.precision_probe import PROBE_ROWS
from assistant.engine.precision_record import RECORD_NAME, RECORD_PART, PrecisionRecord
from assistant.engine.report import BlobOutcome, EngineReport
from assistant.engine.warmup import warm_up
from assistant.models.compiled_cache import BundleCacheDirs, CompiledCache
from assistant.models.golden import GoldenVector
from assistant.paths import AppPaths
from tests.builders.tiny_m2m100 import TinyM2M100
from tests.engine.conftest import ParityPair

BF16_CPU = DeviceInventory(available=("CPU",), cpu_capabilities=("FP32", "BF16", "INT8"))
PLAIN_CPU = DeviceInventory(available=("CPU",), cpu_capabilities=("FP32", "INT8"))
MAX_TOKENS = 16
BUCKET = 32


def _dirs(app_paths: AppPaths, core: ov.Core) -> BundleCacheDirs:
    return CompiledCache(app_paths).dir_for_bundle(core, "e" * 64)


def _load(
    model: TinyM2M100,
    dirs: BundleCacheDirs,
    core: ov.Core,
    inventory: DeviceInventory = BF16_CPU,
    precision: Precision = Precision.DEFAULT,
    golden: Sequence[GoldenVector] = (),
) -> EngineReport:
    _, report = warm_up(
        model.ov_dir,
        buckets=(BUCKET,),
        cache_dir_for=dirs,
        core=core,
        inventory=inventory,
        precision=precision,
        golden=golden,
    )
    return report


def _decoder_compiles(report: EngineReport) -> int:
    return sum(1 for record in report.compiles if record.part == "decoder")


def _record_checks(report: EngineReport) -> list[BlobOutcome]:
    return [check.outcome for check in report.blobs if check.part == RECORD_PART]


def test_the_first_warm_up_measures_and_the_second_reuses_the_sealed_choice(
    tiny_m2m100: TinyM2M100, app_paths: AppPaths
) -> None:
    core = ov.Core()
    dirs = _dirs(app_paths, core)
    first = _load(tiny_m2m100, dirs, core)
    measured = first.decoder_precision
    assert measured is not None and measured.source is ChoiceSource.MEASURED
    assert measured.precision in (F32, BF16)
    assert [t.rows for t in measured.timings] == list(PROBE_ROWS)
    assert all(t.f32_ms > 0 and t.bf16_ms > 0 for t in measured.timings)
    assert measured.reason.startswith(f"{measured.precision}: ")
    assert measured.reason.endswith("measured at first warm-up")
    assert _record_checks(first) == [BlobOutcome.MISSING, BlobOutcome.STORED]
    assert _decoder_compiles(first) in (2, 3)  # bf16, f32, and bf16 again if bf16 won
    assert (dirs("CPU") / RECORD_NAME).is_file()

    second = _load(tiny_m2m100, dirs, core)
    cached = second.decoder_precision
    assert cached is not None and cached.source is ChoiceSource.CACHED
    assert (cached.precision, cached.reason, cached.timings) == (
        measured.precision,
        measured.reason,
        measured.timings,
    )
    assert _record_checks(second) == [BlobOutcome.LOADED]
    assert _decoder_compiles(second) == 1


def test_exact_f32_and_a_cpu_without_bf16_are_not_measured(
    tiny_m2m100: TinyM2M100, app_paths: AppPaths
) -> None:
    core = ov.Core()
    dirs = _dirs(app_paths, core)
    exact = _load(tiny_m2m100, dirs, core, precision=Precision.F32)
    plain = _load(tiny_m2m100, dirs, core, inventory=PLAIN_CPU)
    for report, reason in ((exact, "f32: exact f32 asked"), (plain, "f32: the CPU has no bf16")):
        choice = report.decoder_precision
        assert choice is not None
        assert (choice.precision, choice.source, choice.reason) == (F32, ChoiceSource.FIXED, reason)
        assert _decoder_compiles(report) == 1 and not _record_checks(report)
    assert not (dirs("CPU") / RECORD_NAME).exists()


def test_without_a_sealed_cache_nothing_is_measured(tiny_m2m100: TinyM2M100) -> None:
    _, report = warm_up(tiny_m2m100.ov_dir, buckets=(BUCKET,), inventory=BF16_CPU)
    choice = report.decoder_precision
    assert choice is not None and (choice.precision, choice.source) == (F32, ChoiceSource.FIXED)
    assert choice.reason == "f32: not measured: no compiled cache to keep the measurement in"


def _forge(record: Path, precision: str) -> None:
    """Rewrite the record's choice, keeping its (now wrong) seal."""
    mac, _, body = record.read_bytes().partition(b"\n")
    content = json.loads(body)
    content["precision"] = precision
    content["reason"] = f"{precision}: planted"
    record.write_bytes(mac + b"\n" + json.dumps(content, sort_keys=True).encode())


def test_a_tampered_record_is_deleted_and_the_decoder_measured_again(
    tiny_m2m100: TinyM2M100, app_paths: AppPaths
) -> None:
    core = ov.Core()
    dirs = _dirs(app_paths, core)
    first = _load(tiny_m2m100, dirs, core).decoder_precision
    assert first is not None
    record = dirs("CPU") / RECORD_NAME
    _forge(record, BF16 if first.precision == F32 else F32)

    again = _load(tiny_m2m100, dirs, core)
    choice = again.decoder_precision
    assert choice is not None and choice.source is ChoiceSource.MEASURED
    assert "planted" not in choice.reason
    checks = [c for c in again.blobs if c.part == RECORD_PART]
    assert [c.outcome for c in checks] == [BlobOutcome.REJECTED, BlobOutcome.STORED]
    assert "not written by this install" in checks[0].detail
    assert _record_checks(_load(tiny_m2m100, dirs, core)) == [BlobOutcome.LOADED]

    record.write_bytes(b"garbage")
    rejected = _load(tiny_m2m100, dirs, core)
    assert _record_checks(rejected)[0] is BlobOutcome.REJECTED
    assert rejected.decoder_precision is not None
    assert rejected.decoder_precision.source is ChoiceSource.MEASURED


def test_a_record_of_another_machine_or_runtime_is_not_used(
    tiny_m2m100: TinyM2M100, app_paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    core = ov.Core()
    dirs = _dirs(app_paths, core)
    _load(tiny_m2m100, dirs, core)
    record = dirs("CPU") / RECORD_NAME
    other = CompiledCache(app_paths).dir_for_bundle(core, "d" * 64)
    (other("CPU") / RECORD_NAME).write_bytes(record.read_bytes())
    report = _load(tiny_m2m100, other, core)
    checks = [c for c in report.blobs if c.part == RECORD_PART]
    assert checks[0].outcome is BlobOutcome.REJECTED
    assert "another model, runtime or CPU" in checks[0].detail


def test_the_rule_picks_bf16_only_when_it_is_faster_overall() -> None:
    fast = decide([RegimeTiming(1, 20.0, 18.0), RegimeTiming(16, 60.0, 40.0)])
    assert fast.precision == BF16
    assert fast.reason == (
        "bf16: 1.50× as fast as f32 at 16 rows, 1.11× at 1 row, measured at first warm-up"
    )
    slow = decide([RegimeTiming(1, 20.0, 26.0), RegimeTiming(16, 60.0, 58.0)])
    assert slow.precision == F32
    assert slow.reason.startswith("f32: bf16 only 1.03× as fast as f32 at 16 rows, 0.77× at 1")
    even = 60.0 / (MIN_GAIN - 0.01)
    assert decide([RegimeTiming(16, 60.0, even)]).precision == F32


def _plant_bf16_choice(dirs: BundleCacheDirs) -> None:
    """A genuine record (written by this install) that chose bf16."""
    record, _ = PrecisionRecord.open(dirs, EngineReport())
    assert record is not None
    record.store(decide((RegimeTiming(1, 2.0, 1.0), RegimeTiming(16, 4.0, 2.0))))


def _golden_only_bf16_misses(
    tiny_m2m100: TinyM2M100,
    pair: ParityPair,
    sentences: list[str],
    dirs: BundleCacheDirs,
    core: ov.Core,
) -> GoldenVector | None:
    """An exact golden vector (the exact-f32 runner's ids, which equal transformers') that the
    default precision decodes exactly with an f32 decoder and differently with a bf16 one."""
    _plant_bf16_choice(dirs)
    runners = {}
    for precision, inventory in ((F32, PLAIN_CPU), (BF16, BF16_CPU)):
        runners[precision], report = warm_up(
            tiny_m2m100.ov_dir,
            buckets=(BUCKET,),
            cache_dir_for=dirs,
            core=core,
            inventory=inventory,
        )
        assert report.decoder_precision is not None
        assert report.decoder_precision.precision == precision
    options = TranslationOptions(max_new_tokens=MAX_TOKENS)
    for text in sentences:
        ids = pair.runner.tokenizer.encode(text, "en")
        if len(ids) > BUCKET:
            continue
        expected = tuple(pair.runner.generate_ids(ids, "de", options))
        got = {p: tuple(r.generate_ids(ids, "de", options)) for p, r in runners.items()}
        if got[F32] == expected != got[BF16]:
            return GoldenVector(text, "en", "de", expected, MAX_TOKENS)
    return None


def test_a_bf16_choice_that_fails_preflight_falls_back_to_f32_and_is_remembered(
    tiny_m2m100: TinyM2M100,
    real_tok_pair: ParityPair,
    shared_data: Path,
    app_paths: AppPaths,
) -> None:
    core = ov.Core()
    dirs = _dirs(app_paths, core)
    english = (shared_data / "flores200-dev" / "en.txt").read_text().splitlines()
    golden = _golden_only_bf16_misses(tiny_m2m100, real_tok_pair, english, dirs, core)
    if golden is None:
        pytest.skip("no FLORES sentence tells a bf16 decoder from an f32 one on this CPU")
    _plant_bf16_choice(dirs)

    report = _load(tiny_m2m100, dirs, core, golden=[golden])
    assert report.preflight_passed is True
    assert ("decoder", "CPU (f32)") in {(f.part, f.to_device) for f in report.fallbacks}
    choice = report.decoder_precision
    assert choice is not None and choice.source is ChoiceSource.PREFLIGHT
    assert (choice.precision, choice.reason) == (F32, "f32: bf16 failed the golden check")

    later = _load(tiny_m2m100, dirs, core, golden=[golden])
    assert later.decoder_precision is not None
    assert (later.decoder_precision.precision, later.decoder_precision.source) == (
        F32,
        ChoiceSource.CACHED,
    )
    assert later.preflight_passed is True and not later.fallbacks
