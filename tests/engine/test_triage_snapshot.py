"""The triage LLM loads the bytes its verification hashed, from a private copy, never the
bundle's files themselves: a file swapped after verification does not reach the pipeline."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from assistant.core.instructions import Intent
from assistant.engine.triage import TriageLLM
from assistant.engine.triage_snapshot import TriageSnapshot
from assistant.models.errors import BundleRefusedError
from assistant.models.importer import import_bundle
from assistant.models.install_key import load_install_key
from assistant.models.store import STAGING_PREFIX, InstalledModel, ModelStore
from assistant.models.triage import make_triage_bundle
from assistant.models.verify import keeping
from assistant.paths import AppPaths
from assistant.services import LazyTriage


@pytest.fixture
def installed_smollm2(app_paths: AppPaths, tmp_path: Path, smollm2_gguf: Path) -> InstalledModel:
    key = load_install_key(app_paths)
    assert key is not None
    make_triage_bundle(smollm2_gguf, tmp_path / "bundle", key)
    return import_bundle(tmp_path / "bundle", ModelStore(app_paths))


def _gguf(model: InstalledModel) -> Path:
    (name,) = [e.path for e in model.manifest.files if e.path.endswith(".gguf")]
    return model.path / name


def _staging(store: ModelStore) -> list[Path]:
    return sorted(store.root.glob(f"{STAGING_PREFIX}*"))


@pytest.mark.slow
def test_a_file_swapped_after_verification_never_reaches_the_pipeline(
    app_paths: AppPaths, installed_smollm2: InstalledModel
) -> None:
    store = ModelStore(app_paths)
    snapshot = TriageSnapshot(installed_smollm2.path, store.new_staging_dir())
    assert stat.S_IMODE(snapshot.folder.stat().st_mode) == 0o700
    with keeping(snapshot):
        store.verify(installed_smollm2.model_id)
    swapped = _gguf(installed_smollm2)
    swapped.chmod(0o600)
    swapped.write_bytes(b"GGUF" + b"\0" * 4096)  # what an attacker writes once the hash passed
    llm = TriageLLM(snapshot.entry(), "CPU")
    snapshot.loaded()
    try:
        decision = llm.triage("Could you put good night in Italian for my friend?")
        assert (decision.intent, decision.target_lang) == (Intent.TRANSLATE, "it")
    finally:
        llm.close()
    assert not snapshot.folder.exists() and _staging(store) == []


def test_a_tampered_bundle_is_refused_and_leaves_no_copy(
    app_paths: AppPaths, installed_smollm2: InstalledModel
) -> None:
    tampered = _gguf(installed_smollm2)
    tampered.chmod(0o600)
    with tampered.open("r+b") as handle:
        handle.seek(4096)
        handle.write(b"\xff")
    store = ModelStore(app_paths)
    triage = LazyTriage(store, installed_smollm2)
    with pytest.raises(Exception, match="does not match its signed SHA-256") as raised:
        triage.triage("Could you put good night in Italian for my friend?")
    assert isinstance(raised.value.__cause__, BundleRefusedError)
    assert _staging(store) == [] and not triage.loaded


def test_the_copy_is_not_handed_out_before_it_is_proven(tmp_path: Path) -> None:
    snapshot = TriageSnapshot(tmp_path / "bundle", tmp_path / "copy")
    with pytest.raises(Exception, match="the copy was not verified"):
        snapshot.entry()


@pytest.mark.slow
def test_the_lazy_triage_leaves_no_copy_once_loaded_and_none_after_close(
    app_paths: AppPaths, installed_smollm2: InstalledModel
) -> None:
    store = ModelStore(app_paths)
    triage = LazyTriage(store, installed_smollm2)
    decision = triage.triage("how do you say the bill please in german")
    assert decision.target_lang == "de" and triage.loaded
    assert _staging(store) == []
    triage.close()
    assert _staging(store) == [] and not triage.loaded
