"""The bytes the engine compiles are the bytes verification hashed: a file swapped after (or
while) the bundle is verified is refused or has no effect; it is never used."""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import openvino as ov
import pytest

from assistant.core.translation import TranslationOptions, TranslationRequest
from assistant.engine import model_files
from assistant.engine.errors import PreflightError
from assistant.engine.precision import Precision
from assistant.engine.warmup import warm_up
from assistant.models.errors import BundleRefusedError
from assistant.models.store import InstalledModel, ModelStore
from assistant.models.verify import verify_bundle
from assistant.paths import AppPaths
from assistant.services import LazyTranslator, warm_up_installed
from assistant.state.settings import Settings
from tests.builders.tiny_bundle import TinyBundle
from tests.engine.tampered import (
    DECODER_XML,
    ENCODER_BIN,
    ENCODER_XML,
    PROBE,
    other_encoder_weights,
    probe_rows,
)

EXACT = Settings(precision="f32")
OPTIONS = TranslationOptions(max_new_tokens=16)
ROUNDS = 10
GARBAGE_XML = b'<?xml version="1.0"?>\n<net name="not-the-signed-model" version="11"><layers>'


@dataclass
class Swap:
    """One bundle file, with the genuine bytes and the planted ones kept beside the bundle."""

    target: Path
    genuine: Path
    planted: Path

    def put(self, source: Path) -> None:
        """Atomically make the bundle file a (hard-linked, so instant) copy of `source`."""
        staged = source.with_name(f"{source.name}.{threading.get_ident()}.next")
        staged.unlink(missing_ok=True)
        staged.hardlink_to(source)
        staged.replace(self.target)


def _swaps(model: InstalledModel) -> dict[str, Swap]:
    """Swappable bundle files; their copies live in the models folder, outside the bundle."""
    planted = {
        ENCODER_BIN: other_encoder_weights(model.path, probe_rows(model.path, model.manifest)),
        DECODER_XML: GARBAGE_XML,
        "vocab.json": b'{"<s>": 0, "oops',
    }
    swaps = {}
    for name, data in planted.items():
        genuine = model.path.parent / f".genuine-{name}"
        shutil.copyfile(model.path / name, genuine)
        (model.path.parent / f".planted-{name}").write_bytes(data)
        swaps[name] = Swap(model.path / name, genuine, model.path.parent / f".planted-{name}")
    return swaps


@pytest.fixture
def genuine(app_paths: AppPaths, installed_tiny_m2m100: InstalledModel) -> str:
    """PROBE's translation by the untouched bundle."""
    runner, _ = warm_up_installed(app_paths, ModelStore(app_paths), installed_tiny_m2m100, EXACT)
    return runner.translate(TranslationRequest(PROBE, "en", "de", OPTIONS)).text


@pytest.fixture
def xml_seen_by_openvino(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[bytes]]:
    """Every model XML handed to OpenVINO's frontends, as bytes."""
    seen: list[bytes] = []
    read_model = ov.Core.read_model

    def spy(self: ov.Core, model: object, weights: object = None, *args: object) -> ov.Model:
        if isinstance(model, bytes):
            seen.append(model)
        elif isinstance(model, str) and model.lstrip().startswith("<"):
            seen.append(model.encode())
        else:
            seen.append(Path(str(model)).read_bytes())
        return read_model(self, model, weights, *args)

    monkeypatch.setattr(ov.Core, "read_model", spy)
    yield seen


@pytest.fixture(params=["unnamed-files", "tensors"])
def storage(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Where the verified bytes are kept: unnamed files (Linux), or OpenVINO tensors (the
    rest, and file systems without `O_TMPFILE`)."""
    if request.param == "tensors":
        monkeypatch.setattr(model_files, "_can_make_unnamed", lambda: False)
    return str(request.param)


@pytest.mark.parametrize("name", [ENCODER_BIN, DECODER_XML, "vocab.json"])
def test_a_file_swapped_right_after_verify_is_never_used(
    app_paths: AppPaths,
    installed_tiny_m2m100: InstalledModel,
    genuine: str,
    name: str,
    storage: str,
) -> None:
    model = installed_tiny_m2m100
    swap = _swaps(model)[name]
    swapped: list[str] = []

    def swap_when_verified(stage: str, fraction: float) -> bool:
        if stage == "verify" and fraction >= 1.0 and not swapped:
            swap.put(swap.planted)
            swapped.append(name)
        return True

    runner, report = warm_up_installed(
        app_paths, ModelStore(app_paths), model, EXACT, swap_when_verified
    )
    assert swapped and swap.target.read_bytes() == swap.planted.read_bytes()
    assert runner.translate(TranslationRequest(PROBE, "en", "de", OPTIONS)).text == genuine
    assert report.preflight_passed and not report.fallbacks


def test_garbage_xml_swapped_in_never_reaches_openvinos_frontend(
    app_paths: AppPaths,
    installed_tiny_m2m100: InstalledModel,
    xml_seen_by_openvino: list[bytes],
) -> None:
    model = installed_tiny_m2m100
    swap = _swaps(model)[DECODER_XML]
    signed = {(model.path / ENCODER_XML).read_bytes(), swap.genuine.read_bytes()}

    def swap_when_verified(stage: str, fraction: float) -> bool:
        if stage == "verify" and fraction >= 1.0:
            swap.put(swap.planted)
        return True

    warm_up_installed(app_paths, ModelStore(app_paths), model, EXACT, swap_when_verified)
    assert len(xml_seen_by_openvino) == 2
    assert set(xml_seen_by_openvino) <= signed


def test_files_swapped_repeatedly_during_real_translations_are_refused_or_have_no_effect(
    app_paths: AppPaths,
    installed_tiny_m2m100: InstalledModel,
    genuine: str,
    xml_seen_by_openvino: list[bytes],
) -> None:
    model = installed_tiny_m2m100
    swaps = list(_swaps(model).values())
    signed = {(model.path / ENCODER_XML).read_bytes(), (model.path / DECODER_XML).read_bytes()}
    stop = threading.Event()
    swapped = [0]

    def swapper() -> None:
        while not stop.is_set():
            for swap in swaps:
                swap.put(swap.planted)
                swapped[0] += 1
            time.sleep(0.005)
            for swap in swaps:
                swap.put(swap.genuine)
            time.sleep(0.02)

    thread = threading.Thread(target=swapper, daemon=True)
    thread.start()
    outcomes: list[str] = []
    try:
        for _ in range(ROUNDS):
            translator = LazyTranslator(app_paths, ModelStore(app_paths), model, EXACT)
            try:
                text = translator.translate(TranslationRequest(PROBE, "en", "de", OPTIONS)).text
            except BundleRefusedError as refusal:
                assert refusal.reason in ("hash-mismatch", "wrong-size"), refusal.reason
                outcomes.append("refused")
                continue
            assert text == genuine
            outcomes.append("genuine")
    finally:
        stop.set()
        thread.join()
        for swap in swaps:
            swap.put(swap.genuine)
    assert swapped[0] > len(outcomes) and len(outcomes) == ROUNDS
    assert set(xml_seen_by_openvino) <= signed


def test_the_preflight_rebuild_uses_the_verified_bytes_not_the_folder(
    tiny_m2m100_bundle: TinyBundle, tmp_path: Path, xml_seen_by_openvino: list[bytes]
) -> None:
    bundle = Path(shutil.copytree(tiny_m2m100_bundle.bundle_dir, tmp_path / "bundle"))
    trust = tiny_m2m100_bundle.trust_store()
    vector = tiny_m2m100_bundle.manifest.golden[0]
    wrong = replace(vector, token_ids=(*vector.token_ids[:-1], vector.token_ids[-1] + 1))

    def empty_the_folder_once_verified(stage: str, fraction: float) -> bool:
        if stage == "verify" and fraction >= 1.0:
            for item in bundle.iterdir():
                item.unlink()
        return True

    # A golden vector no build can match forces the CPU f32 rebuild after the first build;
    # both builds run on bytes read before the folder was emptied.
    with pytest.raises(PreflightError, match="self-check"):
        warm_up(
            bundle,
            verify=lambda progress: verify_bundle(bundle, trust, progress),
            golden=[wrong],
            precision=Precision.DEFAULT,
            buckets=(16,),
            on_progress=empty_the_folder_once_verified,
        )
    assert not list(bundle.iterdir())
    assert len(xml_seen_by_openvino) == 4
