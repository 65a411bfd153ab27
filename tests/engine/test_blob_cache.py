"""Compiled blobs: only blobs this install sealed are loaded; anything else is deleted,
recompiled from the verified model, and counted."""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import shutil
from collections.abc import Callable
from pathlib import Path

import openvino as ov
import pytest

from assistant.core.translation import TranslationOptions, TranslationRequest
from assistant.engine.devices import DeviceInventory
from assistant.engine.precision import Precision
from assistant.engine.report import BlobOutcome, EngineReport
from assistant.engine.warmup import warm_up
from assistant.models import compiled_cache
from assistant.models.compiled_cache import CompiledCache
from assistant.models.store import InstalledModel, ModelStore
from assistant.paths import AppPaths
from assistant.services import warm_up_installed
from assistant.state.settings import Settings
from tests.builders.tiny_m2m100 import TinyM2M100
from tests.engine.tampered import (
    ENCODER_BIN,
    PROBE,
    cpu_encoder,
    exported_blob,
    openvino_cache_blob,
    other_encoder_model,
    other_encoder_weights,
    probe_rows,
)

EXACT = Settings(precision="f32")
OPTIONS = TranslationOptions(max_new_tokens=16)


@pytest.fixture
def cpu_keeps_blobs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Blobs are kept for the CPU too, as they are for the NPU on a machine that has one."""
    monkeypatch.setattr(
        compiled_cache, "BLOB_DEVICES", frozenset({"CPU", "GPU", "NPU"}), raising=False
    )


def _translate(paths: AppPaths, model: InstalledModel) -> tuple[str, EngineReport]:
    runner, report = warm_up_installed(paths, ModelStore(paths), model, EXACT)
    return runner.translate(TranslationRequest(PROBE, "en", "de", OPTIONS)).text, report


def _evil_output(model: InstalledModel, tmp_path: Path) -> str:
    """What the planted weights translate PROBE to (proof that loading them would show)."""
    folder = tmp_path / "other-weights"
    shutil.copytree(model.path, folder)
    rows = probe_rows(model.path, model.manifest)
    (folder / ENCODER_BIN).write_bytes(other_encoder_weights(model.path, rows))
    runner, _ = warm_up(folder, precision=Precision.F32)
    return runner.translate(TranslationRequest(PROBE, "en", "de", OPTIONS)).text


def _reseal(seal: Path, blob: bytes, key: bytes) -> None:
    """A seal for `blob` made with another key, otherwise just like the genuine one."""
    _mac, _, body = seal.read_bytes().partition(b"\n")
    record = json.loads(body)
    record["blob"] = {"size": len(blob), "sha256": hashlib.sha256(blob).hexdigest()}
    body = json.dumps(record, sort_keys=True, separators=(",", ":")).encode()
    mac = hmac.new(key, b"assistant compiled-blob seal v1\n" + body, hashlib.sha256)
    seal.write_bytes(mac.hexdigest().encode() + b"\n" + body)


def _plant_openvino_cache_file(model: InstalledModel, tmp_path: Path, cache: Path) -> None:
    core = ov.Core()
    evil = cpu_encoder(
        other_encoder_model(core, model.path, probe_rows(model.path, model.manifest))
    )
    planted = openvino_cache_blob(core, evil, "encoder:32", Precision.F32, tmp_path / "scratch")
    blobs = list(cache.rglob("*.blob"))
    assert blobs
    for blob in blobs:
        blob.write_bytes(planted)


def _plant_export_keeping_the_seal(model: InstalledModel, tmp_path: Path, cache: Path) -> None:
    core = ov.Core()
    evil = cpu_encoder(
        other_encoder_model(core, model.path, probe_rows(model.path, model.manifest))
    )
    (blob,) = cache.rglob("encoder*.blob")
    blob.write_bytes(exported_blob(core, evil, "encoder:32", Precision.F32))


def _plant_export_with_a_forged_seal(model: InstalledModel, tmp_path: Path, cache: Path) -> None:
    core = ov.Core()
    evil = cpu_encoder(
        other_encoder_model(core, model.path, probe_rows(model.path, model.manifest))
    )
    planted = exported_blob(core, evil, "encoder:32", Precision.F32)
    (blob,) = cache.rglob("encoder*.blob")
    blob.write_bytes(planted)
    _reseal(blob.with_suffix(".seal"), planted, secrets.token_bytes(32))


Plant = Callable[[InstalledModel, Path, Path], None]


@pytest.mark.parametrize(
    "plant",
    [
        _plant_openvino_cache_file,
        _plant_export_keeping_the_seal,
        _plant_export_with_a_forged_seal,
    ],
    ids=["openvino-cache-file", "export-under-the-genuine-seal", "export-with-a-forged-seal"],
)
def test_a_blob_built_from_other_weights_dropped_in_place_is_not_loaded(
    app_paths: AppPaths,
    installed_tiny_m2m100: InstalledModel,
    cpu_keeps_blobs: None,
    tmp_path: Path,
    plant: Plant,
) -> None:
    model = installed_tiny_m2m100
    genuine, first = _translate(app_paths, model)
    assert genuine != _evil_output(model, tmp_path)
    assert first.preflight_passed and not first.fallbacks
    plant(model, tmp_path, app_paths.compiled_cache)

    again, report = _translate(app_paths, model)

    assert again == genuine
    assert report.preflight_passed
    rejected = [c for c in report.blobs if c.outcome is BlobOutcome.REJECTED]
    assert [c.part for c in rejected][:1] == ["encoder:32"]
    assert report.blob_rejections == len(rejected)
    assert sum("compiled blob rejected" in f.reason for f in report.fallbacks) == len(rejected)
    # A part whose blob was not replaced still loads from its own.
    decoder_rejected = "decoder" in [c.part for c in rejected]
    assert [c.cached for c in report.compiles] == [False, not decoder_rejected]
    # The recompiled blob is sealed again and used on the next start.
    third, healed = _translate(app_paths, model)
    assert third == genuine and healed.blob_rejections == 0
    assert healed.compiles[0].cached


def test_the_rejection_reaches_the_gui_fallbacks(
    app_paths: AppPaths, installed_tiny_m2m100: InstalledModel, cpu_keeps_blobs: None
) -> None:
    _translate(app_paths, installed_tiny_m2m100)
    (blob,) = app_paths.compiled_cache.rglob("encoder*.blob")
    blob.write_bytes(blob.read_bytes()[:-1] + b"\0")
    _, report = _translate(app_paths, installed_tiny_m2m100)
    (fallback,) = report.fallbacks
    assert (fallback.part, fallback.from_device, fallback.to_device) == (
        "encoder:32",
        "CPU (compiled blob)",
        "CPU",
    )
    assert "its bytes do not match its seal" in fallback.reason


@pytest.mark.parametrize("damage", ["truncated", "seal-removed", "seal-of-another-part"])
def test_damaged_blobs_and_seals_are_deleted_recompiled_and_counted(
    tiny_m2m100: TinyM2M100, app_paths: AppPaths, damage: str
) -> None:
    core = ov.Core()
    dirs = CompiledCache(app_paths).dir_for_bundle(core, "e" * 64, blob_devices=("CPU",))

    def load() -> EngineReport:
        return warm_up(tiny_m2m100.ov_dir, buckets=(16,), cache_dir_for=dirs, core=core)[1]

    load()
    folder = dirs("CPU")
    (blob,) = folder.glob("encoder*.blob")
    seal = blob.with_suffix(".seal")
    if damage == "truncated":
        blob.write_bytes(blob.read_bytes()[:-10])
    elif damage == "seal-removed":
        seal.unlink()
    else:
        decoder_seal = sorted(folder.glob("decoder-*.seal"))[0]
        seal.write_bytes(decoder_seal.read_bytes())
    report = load()
    assert [c.cached for c in report.compiles] == [False, True]
    encoder = [c for c in report.blobs if c.part == "encoder:16"]
    assert [c.outcome for c in encoder] == [BlobOutcome.REJECTED, BlobOutcome.STORED]
    assert report.blob_rejections == 1 and len(report.fallbacks) == 1
    assert load().compiles[0].cached


def test_blobs_the_engine_did_not_name_are_swept_unopened(
    tiny_m2m100: TinyM2M100, app_paths: AppPaths
) -> None:
    dirs = CompiledCache(app_paths).dir_for_bundle(ov.Core(), "b" * 64, blob_devices=("CPU",))
    stray = dirs("CPU") / "8412794104731452.blob"
    stray.write_bytes(b"an OpenVINO cache file of an older version")
    _, report = warm_up(tiny_m2m100.ov_dir, buckets=(16,), cache_dir_for=dirs)
    assert not stray.exists()
    assert [c.outcome for c in report.blobs if c.part == "encoder:16"] == [
        BlobOutcome.MISSING,
        BlobOutcome.STORED,
    ]


def test_without_a_signing_key_nothing_is_cached_and_the_reason_is_recorded(
    tiny_m2m100: TinyM2M100, app_paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    from assistant.models import install_key
    from assistant.models.errors import SigningUnavailableError

    def no_key(*_args: object, **_kwargs: object) -> None:
        raise SigningUnavailableError("No keychain here.")

    monkeypatch.setattr(install_key, "load_install_key", no_key)
    dirs = CompiledCache(app_paths).dir_for_bundle(ov.Core(), "d" * 64, blob_devices=("CPU",))
    for _ in range(2):
        _, report = warm_up(tiny_m2m100.ov_dir, buckets=(16,), cache_dir_for=dirs)
        assert {c.outcome for c in report.blobs} == {BlobOutcome.UNSEALED}
        assert report.blobs[0].detail == "No keychain here."
        assert not any(c.cached for c in report.compiles)
    assert not list(dirs("CPU").glob("*.blob"))


class CpuPosingAsNpu(ov.Core):  # type: ignore[misc]
    """An OpenVINO core whose "NPU" is the CPU: this machine has no NPU, but the engine's NPU
    path (static buckets, blobs sealed per device) runs unchanged on it."""

    def compile_model(self, model: object, device: str = "CPU", config: object = None) -> object:
        return super().compile_model(model, "CPU", config or {})

    def import_model(self, stream: object, device: str, config: object = None) -> object:
        return super().import_model(stream, "CPU", config or {})

    def get_property(self, device: str, name: str) -> object:
        if device == "NPU":
            raise RuntimeError("no such device")
        return super().get_property(device, name)


def test_npu_buckets_load_from_sealed_blobs_on_the_second_start(
    tiny_m2m100: TinyM2M100, app_paths: AppPaths
) -> None:
    core = CpuPosingAsNpu()
    dirs = CompiledCache(app_paths).dir_for_bundle(core, "c" * 64)
    inventory = DeviceInventory(available=("CPU", "NPU"))

    def load() -> EngineReport:
        runner, report = warm_up(
            tiny_m2m100.ov_dir, buckets=(8, 16), cache_dir_for=dirs, core=core, inventory=inventory
        )
        assert runner.devices() == {"encoder": "NPU", "decoder": "CPU"}
        return report

    cold, warm = load(), load()
    assert [(c.part, c.device, c.cached) for c in cold.compiles] == [
        ("encoder:8", "NPU", False),
        ("encoder:16", "NPU", False),
        ("decoder", "CPU", False),
    ]
    assert [(c.part, c.cached) for c in warm.compiles] == [
        ("encoder:8", True),
        ("encoder:16", True),
        ("decoder", False),
    ]
    assert {c.part: c.outcome for c in warm.blobs} == {
        "encoder:8": BlobOutcome.LOADED,
        "encoder:16": BlobOutcome.LOADED,
    }
    assert len(list(dirs("NPU").glob("*.blob"))) == 2
