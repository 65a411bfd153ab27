"""Get, as the user sees it: the catalogue rows in the first-run panel and in Models…, and a
Get by repo id against a loopback Hub (question, progress, Cancel, Resume, installed)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends.fail import Keyring as NoKeychain
from PySide6.QtWidgets import QMessageBox

from assistant.gui.catalogue_view import RECOMMENDED, CatalogueRow, CatalogueView
from assistant.gui.model_getter import ModelGetter
from assistant.gui.model_manager import ModelManager
from assistant.gui.sizes import size_text
from assistant.models.catalogue import find_entry, load_catalogue
from assistant.models.hub_plan import M2M100_FILES
from assistant.models.install_key import install_key_file
from assistant.models.model_get import unpinned_warning
from assistant.models.store import ModelStore
from assistant.paths import AppPaths
from tests.builders.tiny_m2m100 import TinyM2M100
from tests.gui.dialogs import answer, visible_input_dialog, visible_message_box
from tests.models.hub_server import HubRepo, HubServer, serve_hub

REPO = "tester/m2m100-tiny"
WEIGHTS = "model.safetensors"


@pytest.fixture
def hub(tiny_m2m100: TinyM2M100, monkeypatch: pytest.MonkeyPatch) -> Iterator[HubServer]:
    """A loopback Hub serving the tiny checkpoint as REPO; HF_ENDPOINT points at it."""
    folder = tiny_m2m100.hf_dir
    names = [name for name in (*M2M100_FILES, WEIGHTS) if (folder / name).is_file()]
    with serve_hub([HubRepo(REPO, {name: (folder / name).read_bytes() for name in names})]) as hub:
        monkeypatch.setenv("HF_ENDPOINT", hub.endpoint)
        monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
        yield hub


def _leftovers(app_paths: AppPaths) -> list[Path]:
    roots = (app_paths.models, app_paths.downloads)
    return [p for root in roots if root.exists() for p in root.rglob("*") if p.is_file()]


def _ask_for(manager: ModelManager, repo: str) -> QMessageBox:
    """Get from Hugging Face…, type `repo`, OK: the unpinned question that follows."""
    manager.dialog.get_from_hub_button.click()
    dialog = visible_input_dialog()
    assert dialog is not None and "owner/name" in dialog.labelText()
    dialog.setTextValue(repo)
    dialog.accept()
    box = visible_message_box()
    assert box is not None
    return box


def _start_a_slow_get(manager: ModelManager, hub: HubServer, wait_for) -> CatalogueRow:
    """Get REPO from a Hub that sends 16 KiB every 10 ms; its row once bytes are arriving."""
    hub.config.chunk_size = 16 * 1024
    hub.config.chunk_delay = 0.01
    answer(_ask_for(manager, REPO), QMessageBox.StandardButton.Yes)
    row = manager.dialog.catalogue.rows[REPO]
    wait_for(lambda: row.progress.bar.value() > 0, 60_000)
    return row


def _assert_lists_the_catalogue(view: CatalogueView) -> None:
    entries = load_catalogue()
    assert [row.title.text() for row in view.rows.values()] == [e.title for e in entries]
    for entry, row in zip(entries, view.rows.values(), strict=True):
        languages = f"{len(entry.languages)} language" + ("s" if len(entry.languages) > 1 else "")
        assert row.facts.text() == (
            f"Download {size_text(entry.download_bytes)} · installed "
            f"{size_text(entry.installed_size('int8'))} · {languages} · {entry.licence}"
        )
        assert row.summary.text() == entry.summary
        assert row.badge.isVisibleTo(row) is entry.recommended
        assert row.get_button.isVisibleTo(row) and row.get_button.isEnabled()
    recommended = [row.title.text() for row in view.rows.values() if row.badge.isVisibleTo(row)]
    assert recommended == ["M2M-100 418M"]
    assert next(iter(view.rows.values())).badge.text() == RECOMMENDED


def test_sizes_use_the_cli_units() -> None:
    assert size_text(1_941_931_012) == "1.8 GiB"
    assert size_text(626_000_000) == "597 MiB"
    assert size_text(2_400_000) == "2.3 MiB"


def test_the_first_run_panel_lists_the_catalogue(make_shell, wait_for) -> None:
    shell = make_shell()
    shell.show()
    panel = shell.window.cold_start
    wait_for(lambda: "No translation model" in panel.heading.text(), 10_000)
    assert panel.catalogue.isVisibleTo(panel)
    _assert_lists_the_catalogue(panel.catalogue)


def test_models_lists_the_catalogue(manager: ModelManager) -> None:
    assert manager.dialog.catalogue.isVisibleTo(manager.dialog)
    _assert_lists_the_catalogue(manager.dialog.catalogue)


def test_get_in_the_first_run_panel_fails_on_a_wrong_pin_and_offers_resume(
    make_shell, wait_for, hub: HubServer, app_paths: AppPaths, crash_reports
) -> None:
    entry = find_entry("m2m100-418m")
    assert entry is not None
    files = {f.name: b"not the file the catalogue pins" for f in entry.files}
    hub.add_repo(HubRepo(entry.repo, files, sha=entry.revision))
    shell = make_shell()
    shell.show()
    panel = shell.window.cold_start
    wait_for(lambda: "No translation model" in panel.heading.text(), 10_000)
    row = panel.catalogue.rows[entry.entry_id]
    row.get_button.click()
    assert row.progress.isVisibleTo(row)
    assert row.progress.stage.text() == f"Getting {entry.title}"
    task = shell.getter.task
    assert task is not None
    wait_for(task.done, 30_000)
    for view in (panel.catalogue, shell.models.dialog.catalogue):
        shown = view.rows[entry.entry_id]
        assert "catalogue pins" in shown.failure.text()
        assert shown.resume_button.isVisibleTo(shown) and shown.resume_button.isEnabled()
        assert not shown.get_button.isVisibleTo(shown)
    assert hub.downloads("pytorch_model.bin") == []
    assert ModelStore(app_paths).list() == ()
    assert crash_reports == []


def test_get_by_repo_id_asks_installs_and_the_engine_loads_it(
    make_shell, wait_for, hub: HubServer, crash_reports
) -> None:
    shell = make_shell()
    shell.show()
    panel = shell.window.cold_start
    wait_for(lambda: "No translation model" in panel.heading.text(), 10_000)
    shell.models.open()
    box = _ask_for(shell.models, REPO)
    assert box.text() == f"Get {REPO} from Hugging Face?"
    assert unpinned_warning(REPO) in box.informativeText()
    answer(box, QMessageBox.StandardButton.Yes)

    rows = [view.rows[REPO] for view in (shell.models.dialog.catalogue, panel.catalogue)]
    for row in rows:
        assert row.progress.isVisibleTo(row) and row.progress.cancel_button.isEnabled()
        assert not row.get_button.isVisibleTo(row)
    assert not shell.models.dialog.import_file_button.isEnabled()
    stages: list[str] = []
    rows[0].progress.bar.valueChanged.connect(
        lambda _v: stages.append(rows[0].progress.stage.text())
    )
    task = shell.getter.task
    wait_for(task.done, 120_000)
    assert task.result() is True
    assert "Downloading" in stages and any(s.startswith("Converting") for s in stages)
    model_id = "m2m100-tiny-int8"
    for row in rows:
        assert row.installed.isVisibleTo(row)
        assert row.installed.text() == f"✓ Installed as {model_id}"
        assert not row.progress.isVisibleTo(row)
    table = shell.models.dialog.table
    assert [table.item(r, 0).text() for r in range(table.rowCount())] == [model_id]
    assert shell.models.dialog.import_file_button.isEnabled()
    assert shell.models.dialog.catalogue.notice.text().startswith(f"Installed {model_id} (")
    strip = shell.window.status_strip
    wait_for(lambda: shell.engine.is_ready, 60_000)
    assert strip.text_of("M2M-100").startswith(("M2M-100: ready", "M2M-100: fell back"))
    assert not panel.catalogue.isVisibleTo(panel)
    assert crash_reports == []


def test_no_to_the_unpinned_question_does_nothing(
    manager: ModelManager, getter: ModelGetter, wait_for, hub: HubServer, app_paths: AppPaths
) -> None:
    box = _ask_for(manager, REPO)
    answer(box, QMessageBox.StandardButton.No)
    wait_for(lambda: visible_message_box() is None, 5_000)
    assert getter.task is None
    assert REPO not in manager.dialog.catalogue.rows
    assert hub.requests == []
    assert ModelStore(app_paths).list() == ()


def test_cancel_leaves_nothing(
    manager: ModelManager,
    getter: ModelGetter,
    wait_for,
    hub: HubServer,
    app_paths: AppPaths,
    crash_reports,
) -> None:
    row = _start_a_slow_get(manager, hub, wait_for)
    assert row.progress.stage.text() == "Downloading"
    wait_for(lambda: row.progress.eta.text().endswith("left"), 30_000)
    row.progress.cancel_button.click()
    task = getter.task
    assert task is not None
    wait_for(task.done, 30_000)
    assert task.result() is False
    assert "cancelled" in manager.dialog.catalogue.notice.text()
    assert row.get_button.isVisibleTo(row) and row.get_button.isEnabled()
    assert not row.failure.isVisibleTo(row)
    assert ModelStore(app_paths).list() == ()
    assert _leftovers(app_paths) == []
    assert crash_reports == []


def test_a_cut_download_offers_resume_which_continues_it(
    manager: ModelManager,
    getter: ModelGetter,
    wait_for,
    hub: HubServer,
    app_paths: AppPaths,
    crash_reports,
) -> None:
    cut = 4 * 2**20
    hub.config.cut_after[WEIGHTS] = cut
    answer(_ask_for(manager, REPO), QMessageBox.StandardButton.Yes)
    row = manager.dialog.catalogue.rows[REPO]
    wait_for(lambda: getter.task is not None and getter.task.done(), 60_000)
    assert row.failure.isVisibleTo(row) and WEIGHTS in row.failure.text()
    assert row.resume_button.isVisibleTo(row) and row.resume_button.text() == "Resume"
    assert f"{WEIGHTS}.part" in [p.name for p in _leftovers(app_paths)]

    row.resume_button.click()
    wait_for(lambda: getter.task is not None and getter.task.done(), 120_000)
    assert row.installed.text() == "✓ Installed as m2m100-tiny-int8"
    assert not row.failure.isVisibleTo(row) and not row.resume_button.isVisibleTo(row)
    resumed = hub.downloads(WEIGHTS)[-1].range
    assert resumed is not None and int(resumed.split("=")[1].rstrip("-")) > 0
    assert crash_reports == []


def test_without_a_keychain_the_get_names_the_key_file(
    manager: ModelManager,
    getter: ModelGetter,
    wait_for,
    hub: HubServer,
    app_paths: AppPaths,
    crash_reports,
) -> None:
    keyring.set_keyring(NoKeychain())  # the memory keyring fixture restores the real one
    answer(_ask_for(manager, REPO), QMessageBox.StandardButton.Yes)
    wait_for(lambda: getter.task is not None and getter.task.done(), 120_000)
    notice = manager.dialog.catalogue.notice.text()
    assert notice.startswith("Installed m2m100-tiny-int8")
    assert str(install_key_file(app_paths)) in notice and "no keychain" in notice
    assert crash_reports == []


def test_quitting_during_a_get_stops_it_and_keeps_the_download_for_next_time(
    make_shell, wait_for, hub: HubServer, app_paths: AppPaths, crash_reports
) -> None:
    shell = make_shell()
    shell.show()
    shell.models.open()
    _start_a_slow_get(shell.models, hub, wait_for)
    task = shell.getter.task
    shell.shutdown()
    wait_for(task.done, 30_000)
    assert task.result() is False
    assert ModelStore(app_paths).list() == ()
    assert any(p.suffix == ".part" and p.stat().st_size for p in _leftovers(app_paths))
    assert crash_reports == []


def test_quitting_during_a_download_keeps_it_and_the_next_get_resumes(
    manager: ModelManager,
    getter: ModelGetter,
    wait_for,
    hub: HubServer,
    app_paths: AppPaths,
    crash_reports,
) -> None:
    row = _start_a_slow_get(manager, hub, wait_for)
    getter.jobs.cancel_all()  # what the shell does when the app quits
    task = getter.task
    assert task is not None
    wait_for(task.done, 30_000)
    assert task.result() is False and ModelStore(app_paths).list() == ()
    (kept,) = [p for p in _leftovers(app_paths) if p.suffix == ".part"]
    assert kept.stat().st_size > 0

    hub.config.chunk_delay = 0.0
    answer(_ask_for(manager, REPO), QMessageBox.StandardButton.Yes)
    wait_for(lambda: getter.task is not None and getter.task.done(), 120_000)
    assert row.installed.text() == "✓ Installed as m2m100-tiny-int8"
    resumed = hub.downloads(kept.name.removesuffix(".part"))[-1].range
    assert resumed is not None and int(resumed.split("=")[1].rstrip("-")) > 0
    assert not [p for p in app_paths.downloads.rglob("*") if p.is_file()]
    assert crash_reports == []
