"""Import errors name what the user picked, a folder that is no bundle is refused before it is
copied, and no retry button outlives its dismissed error."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.gui.model_manager import ModelManager
from assistant.models.store import STAGING_PREFIX, ModelStore
from assistant.paths import AppPaths
from tests.builders.tiny_bundle import TinyBundle
from tests.gui.conftest import WaitUntil


def _staging_folders(app_paths: AppPaths) -> list[Path]:
    root = app_paths.models
    return sorted(root.glob(f"{STAGING_PREFIX}*")) if root.is_dir() else []


def _import(manager: ModelManager, source: Path, wait_for: WaitUntil) -> str:
    task = manager.import_path(source)
    wait_for(task.done, 30_000)
    return manager.dialog.errors.text


def test_a_folder_that_is_no_bundle_is_refused_by_its_name_before_any_copy(
    manager: ModelManager,
    wait_for: WaitUntil,
    app_paths: AppPaths,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    crash_reports: list[str],
) -> None:
    picked = tmp_path / "My Downloads" / "holiday photos"
    picked.mkdir(parents=True)
    (picked / "beach.jpg").write_bytes(b"\xff\xd8" + b"0" * 4096)
    staged: list[Path] = []
    original = ModelStore.new_staging_dir

    def new_staging_dir(store: ModelStore) -> Path:
        staged.append(original(store))
        return staged[-1]

    monkeypatch.setattr(ModelStore, "new_staging_dir", new_staging_dir)
    message = _import(manager, picked, wait_for)
    assert message.startswith(f"{picked} is not a model bundle: the folder has no manifest.json.")
    assert STAGING_PREFIX not in message
    assert staged == []  # refused where it is: nothing was copied
    assert _staging_folders(app_paths) == []
    assert manager.dialog.error_action.text() == "Choose another folder…"
    assert crash_reports == []


def test_a_bundle_missing_a_file_is_refused_naming_the_picked_folder(
    manager: ModelManager,
    wait_for: WaitUntil,
    app_paths: AppPaths,
    tmp_path: Path,
    tiny_m2m100_bundle: TinyBundle,
) -> None:
    tiny_m2m100_bundle.trust_in(app_paths)
    picked = tmp_path / "incomplete bundle"
    shutil.copytree(tiny_m2m100_bundle.bundle_dir, picked)
    (picked / "openvino_encoder_model.bin").unlink()
    message = _import(manager, picked, wait_for)
    assert message.startswith(f"{picked} is missing the file 'openvino_encoder_model.bin'")
    assert ModelStore(app_paths).list() == ()


def test_an_archive_that_is_no_bundle_names_the_archive(
    manager: ModelManager, wait_for: WaitUntil, app_paths: AppPaths, tmp_path: Path
) -> None:
    content = tmp_path / "notes"
    content.mkdir()
    (content / "readme.txt").write_text("not a model", encoding="utf-8")
    archive = Path(shutil.make_archive(str(tmp_path / "notes"), "zip", content))
    message = _import(manager, archive, wait_for)
    assert message.startswith(f"{archive} is not a model bundle: the archive has no manifest")
    assert STAGING_PREFIX not in message
    assert manager.dialog.error_action.text() == "Choose another file…"
    assert _staging_folders(app_paths) == []


def test_dismissing_the_error_also_hides_its_retry_button(
    manager: ModelManager, wait_for: WaitUntil, tmp_path: Path
) -> None:
    picked = tmp_path / "empty"
    picked.mkdir()
    _import(manager, picked, wait_for)
    dialog = manager.dialog
    assert dialog.error_action.isVisibleTo(dialog)
    dialog.errors.close_button.click()
    assert not dialog.errors.isVisibleTo(dialog)
    assert not dialog.error_action.isVisibleTo(dialog)
