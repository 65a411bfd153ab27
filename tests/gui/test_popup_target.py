"""The Settings list of target languages, and the quick popup translating into that target."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from assistant.core.languages import M2M100_LANGUAGES
from assistant.gui.settings_dialog import SettingsDialog
from assistant.gui.shell import AppShell
from assistant.paths import AppPaths
from assistant.state.settings_store import SettingsStore
from tests.gui.conftest import WaitUntil

MakeShell = Callable[..., AppShell]

FRENCH = "Bonjour à tous, nous partons demain matin pour la gare de Lyon."
GERMAN = "Guten Morgen, wir fahren morgen früh mit dem Zug nach Berlin."


@pytest.fixture
def quits(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Leaving the app is the process boundary: record it instead of ending the test run."""
    calls: list[bool] = []
    monkeypatch.setattr(AppShell, "quit", lambda self: calls.append(True))
    return calls


def _settings_from_menu(shell: AppShell) -> SettingsDialog:
    shell.window.settings_action.trigger()
    QApplication.processEvents()
    dialog = shell.settings_dialog.dialog
    assert dialog is not None
    return dialog


def test_the_settings_menu_lists_all_100_target_languages(make_shell: MakeShell) -> None:
    shell = make_shell()
    dialog = _settings_from_menu(shell)
    codes = {dialog.target.itemData(i) for i in range(dialog.target.count())}
    assert dialog.target.count() == 100
    assert codes == set(M2M100_LANGUAGES)
    assert dialog.target.currentData() == "en"
    assert dialog.target.itemText(dialog.target.findData("ja")) == "Japanese (ja)"


def test_the_popup_translates_into_the_target_chosen_in_settings(
    make_shell: MakeShell,
    quits: list[bool],
    wait_for: WaitUntil,
    app_paths: AppPaths,
    crash_reports: list[str],
) -> None:
    shell = make_shell(tray_available=True)
    dialog = _settings_from_menu(shell)
    dialog.target.setCurrentIndex(dialog.target.findData("fr"))
    dialog.accept()
    QGuiApplication.clipboard().setText(FRENCH)
    task = shell.quick.translate_clipboard()
    popup = shell.quick.popup
    wait_for(task.done, 20_000)
    assert popup.target_lang() == "fr"
    assert popup.result.text() == FRENCH  # already French: the rules answer, no model needed
    assert popup.detected.text() == "French → French"
    assert popup.trace.text().startswith("rules · ")
    assert crash_reports == []


def test_changing_the_popup_target_translates_again_and_is_remembered(
    make_shell: MakeShell,
    quits: list[bool],
    wait_for: WaitUntil,
    app_paths: AppPaths,
    crash_reports: list[str],
) -> None:
    shell = make_shell(tray_available=True)
    shell.show(minimized=True)
    wait_for(lambda: shell.engine.problem is not None, 10_000)  # no model is installed
    QGuiApplication.clipboard().setText(GERMAN)
    popup = shell.quick.popup
    first = shell.quick.translate_clipboard()
    wait_for(first.done, 20_000)
    assert popup.target_lang() == "en"
    assert "No translation model is installed" in popup.result.text()
    index = popup.target.findData("de")
    popup.target.setCurrentIndex(index)
    popup.target.activated.emit(index)  # what Qt sends when the user picks an entry
    wait_for(lambda: popup.result.text() == GERMAN, 20_000)
    assert popup.detected.text() == "German → German"
    assert SettingsStore(app_paths.settings_file).load().settings.default_target_lang == "de"
    assert shell.settings.settings.default_target_lang == "de"
    assert crash_reports == []


def test_a_link_in_the_popup_is_kept_and_names_no_language(
    make_shell: MakeShell, wait_for: WaitUntil, crash_reports: list[str]
) -> None:
    shell = make_shell(tray_available=True)
    link = "https://example.org/timetable-2026.pdf"
    QGuiApplication.clipboard().setText(link)
    task = shell.quick.translate_clipboard()
    popup = shell.quick.popup
    wait_for(task.done, 20_000)
    assert popup.result.text() == link
    assert popup.detected.text() == "Kept as it is (no language to translate into English)"
    assert "English → English" not in popup.detected.text()
    assert crash_reports == []
