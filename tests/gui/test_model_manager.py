"""The model manager imports the real signed tiny bundle and refuses a tampered copy, trusts a
publisher key from a file, and asks before it removes a model."""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox

from assistant.gui.model_convert import convert_arguments
from assistant.gui.model_manager import UNTRUSTED_KEY_MESSAGE, ModelManager
from assistant.gui.sizes import size_text
from assistant.models.install_key import install_key_file
from assistant.models.store import ModelStore
from assistant.models.trust import TrustStore
from tests.gui.dialogs import answer, visible_message_box


def _table_column(manager: ModelManager, column: int) -> list[str]:
    table = manager.dialog.table
    items = [table.item(row, column) for row in range(table.rowCount())]
    return [item.text() for item in items if item is not None]


def test_import_of_the_signed_bundle_lists_it_verified(
    manager, wait_for, app_paths, tiny_m2m100_bundle, crash_reports
):
    assert manager.dialog.empty.isVisibleTo(manager.dialog)
    tiny_m2m100_bundle.trust_in(app_paths)
    changed: list[bool] = []
    manager.models_changed.connect(lambda: changed.append(True))
    task = manager.import_path(tiny_m2m100_bundle.bundle_dir)
    assert not manager.dialog.import_file_button.isEnabled()
    wait_for(task.done, 30_000)
    assert _table_column(manager, 0) == ["tiny-m2m100-fp32"]
    assert _table_column(manager, 4) == ["verified ✓"]
    assert "Installed tiny-m2m100-fp32 (verified)." in manager.dialog.notice.text()
    assert manager.dialog.import_file_button.isEnabled()
    assert changed == [True]
    assert not manager.dialog.empty.isVisibleTo(manager.dialog)
    assert crash_reports == []


def test_a_tampered_bundle_is_refused_with_its_message(
    manager, wait_for, app_paths, tmp_path, tiny_m2m100_bundle, crash_reports
):
    tiny_m2m100_bundle.trust_in(app_paths)
    copy = tmp_path / "tampered"
    shutil.copytree(tiny_m2m100_bundle.bundle_dir, copy)
    with (copy / "openvino_encoder_model.bin").open("r+b") as blob:
        blob.seek(100)
        byte = blob.read(1)
        blob.seek(100)
        blob.write(bytes([byte[0] ^ 0xFF]))
    task = manager.import_path(copy)
    wait_for(task.done, 30_000)
    message = manager.dialog.errors.text
    assert "openvino_encoder_model.bin" in message
    assert manager.dialog.error_action.isVisibleTo(manager.dialog)
    assert manager.dialog.error_action.text() == "Import again"
    assert _table_column(manager, 0) == []
    assert ModelStore(app_paths).list() == ()
    assert crash_reports == []


def _choose_file(monkeypatch, path: Path) -> list[str]:
    """The file dialog answers `path`; returns the titles of the dialogs it was asked for."""
    titles: list[str] = []

    def choose(_parent, title, *_args):
        titles.append(title)
        return str(path), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", choose)
    return titles


def test_trusting_a_publisher_key_file_adds_the_key(
    manager, wait_for, app_paths, monkeypatch, tiny_m2m100_bundle, crash_reports
):
    key_id = tiny_m2m100_bundle.key_id
    assert TrustStore.load(app_paths).find(key_id) is None
    titles = _choose_file(monkeypatch, tiny_m2m100_bundle.public_key_file)
    manager.dialog.trust_key_button.click()
    assert titles == ["Trust a publisher's public key"]
    wait_for(lambda: manager.jobs.task is not None and manager.jobs.task.done(), 10_000)
    trusted = TrustStore.load(app_paths).find(key_id)
    assert trusted is not None and trusted.source == "trusted"
    assert manager.dialog.notice.text() == f"Bundles signed by key {key_id} are trusted now."
    assert crash_reports == []


def test_an_untrusted_bundle_offers_to_trust_its_key_then_imports_it(
    manager, wait_for, app_paths, monkeypatch, tiny_m2m100_bundle, crash_reports
):
    task = manager.import_path(tiny_m2m100_bundle.bundle_dir)
    wait_for(task.done, 30_000)
    assert manager.dialog.errors.text == UNTRUSTED_KEY_MESSAGE
    assert "assistant models trust" not in manager.dialog.errors.text
    action = manager.dialog.error_action
    assert action.isVisibleTo(manager.dialog) and action.text() == "Trust a key file…"
    _choose_file(monkeypatch, tiny_m2m100_bundle.public_key_file)
    action.click()
    wait_for(lambda: _table_column(manager, 0) == ["tiny-m2m100-fp32"], 30_000)
    assert _table_column(manager, 4) == ["verified ✓"]
    assert TrustStore.load(app_paths).find(tiny_m2m100_bundle.key_id) is not None
    assert crash_reports == []


def test_remove_asks_naming_the_size_and_no_keeps_the_model(
    manager, wait_for, app_paths, installed_tiny_m2m100, crash_reports
):
    wait_for(manager.listing.reload().done, 10_000)
    size = size_text(installed_tiny_m2m100.manifest.total_size)
    manager.dialog.remove_button.click()
    box = visible_message_box()
    assert box is not None
    assert box.text() == f"Remove tiny-m2m100-fp32 ({size})?"
    assert f"deletes its {size} of files" in box.informativeText()
    answer(box, QMessageBox.StandardButton.No)
    wait_for(lambda: visible_message_box() is None, 5_000)
    assert manager.jobs.task is None
    assert [m.model_id for m in ModelStore(app_paths).list()] == ["tiny-m2m100-fp32"]
    assert _table_column(manager, 0) == ["tiny-m2m100-fp32"]

    manager.dialog.remove_button.click()
    box = visible_message_box()
    assert box is not None
    answer(box, QMessageBox.StandardButton.Yes)
    wait_for(lambda: manager.jobs.task is not None and manager.jobs.task.done(), 10_000)
    assert ModelStore(app_paths).list() == ()
    assert manager.dialog.notice.text() == "Removed tiny-m2m100-fp32."
    assert crash_reports == []


def test_removing_a_model_empties_the_list(
    manager, wait_for, app_paths, installed_tiny_m2m100, crash_reports
):
    wait_for(manager.listing.reload().done, 10_000)
    assert _table_column(manager, 0) == ["tiny-m2m100-fp32"]
    task = manager.remove("tiny-m2m100-fp32")
    wait_for(task.done, 10_000)
    assert _table_column(manager, 0) == []
    assert manager.dialog.notice.text() == "Removed tiny-m2m100-fp32."
    assert crash_reports == []


def test_removing_the_loaded_model_unloads_the_engine(
    make_shell, wait_for, installed_tiny_m2m100, crash_reports
):
    shell = make_shell()
    shell.show()
    wait_for(lambda: shell.engine.is_ready, 60_000)
    window = shell.window
    task = shell.models.remove(installed_tiny_m2m100.model_id)
    wait_for(task.done, 20_000)
    strip = window.status_strip
    wait_for(lambda: strip.text_of("M2M-100") == "M2M-100: not installed", 20_000)
    assert not shell.engine.is_ready
    assert strip.install_offered("M2M-100")
    assert shell.backend.loader.loaded is None, "the removed model's runner is released"
    assert "decoder state and caches" not in shell.backend.hooks.names()

    window.languages.set_pair("en", "de")
    window.input.setPlainText("The weather is pleasant in the mountains today.")
    window.translate_button.click()
    wait_for(lambda: shell.translate.busy, 5_000)
    wait_for(lambda: not shell.translate.busy, 20_000)
    # The cold-start panel says no model is installed; the window says it once, not twice.
    wait_for(lambda: "needs a translation model" in window.activity.text(), 5_000)
    assert window.cold_start.offers_models and window.errors.isHidden()
    assert crash_reports == []


def test_convert_arguments_pass_the_data_dir_on(app_paths, tmp_path) -> None:
    out = tmp_path / "out"
    arguments = convert_arguments(app_paths, tmp_path / "m2m100-hf", out)
    assert arguments[:4] == ["-m", "assistant", "--data-dir", str(app_paths.data.parent)]
    assert arguments[-3:] == [str(tmp_path / "m2m100-hf"), "--out", str(out)]


def test_convert_is_a_job_that_uses_the_app_dirs_and_leaves_no_output_folder(
    manager, wait_for, app_paths, tmp_path, monkeypatch, crash_reports
):
    # The conversion process must not reach the real keychain; with none, its signing key goes
    # to the labelled file in this test's data dir, which also shows that it inherits this
    # process's environment. The empty source folder then stops it.
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    source = tmp_path / "m2m100-hf"
    source.mkdir()
    converted = app_paths.cache / "converted"
    for _attempt in range(2):  # the same folder twice: each run gets a fresh output folder
        task = manager.convert(source)
        assert not manager.dialog.convert_button.isEnabled()
        assert manager.dialog.progress.stage.text().startswith("Converting m2m100-hf")
        wait_for(task.done, 60_000)
        assert task.result() is False
        assert str(install_key_file(app_paths)) in manager.dialog.errors.text
        assert manager.dialog.error_action.text() == "Convert again"
        assert manager.dialog.convert_button.isEnabled()
        assert list(converted.iterdir()) == []
    assert not ModelStore(app_paths).list()
    assert crash_reports == []


def test_cancelling_a_conversion_kills_it_and_installs_nothing(
    manager, wait_for, app_paths, tmp_path, monkeypatch, crash_reports
):
    # A converter that would run for a minute: Cancel must end it at the next poll.
    monkeypatch.setattr(sys, "executable", str(_slow_python(tmp_path)))
    source = tmp_path / "m2m100-hf"
    source.mkdir()
    task = manager.convert(source)
    wait_for(lambda: manager.dialog.progress.bar.isVisibleTo(manager.dialog), 5_000)
    started = time.monotonic()
    manager.dialog.progress.cancel_button.click()
    wait_for(task.done, 10_000)
    assert time.monotonic() - started < 10
    assert manager.dialog.notice.text() == "Conversion cancelled; nothing was installed."
    assert manager.dialog.errors.isHidden()
    assert list((app_paths.cache / "converted").iterdir()) == []
    assert not ModelStore(app_paths).list()
    assert crash_reports == []


def _slow_python(folder: Path) -> Path:
    """An executable that ignores its arguments and sleeps for a minute."""
    script = folder / "slow-python"
    script.write_text("#!/bin/sh\nexec sleep 60\n")
    script.chmod(0o755)
    return script
