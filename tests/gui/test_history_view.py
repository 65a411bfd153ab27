"""The History window over the real encrypted vault: search, copy, delete one entry and clear
all, each deletion asked first."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
import qasync
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from assistant.gui.history_browser import HistoryBrowser
from assistant.gui.shell import AppShell
from assistant.paths import AppPaths
from assistant.state.records import TranslationRecord
from assistant.state.settings import Settings
from assistant.state.vault import Vault
from tests.gui.conftest import WaitUntil
from tests.gui.dialogs import visible_message_box

MakeShell = Callable[..., AppShell]

RECORDS = (
    TranslationRecord("Good morning", "Guten Morgen", "en", "de", "model"),
    TranslationRecord("Where is the station?", "Où est la gare ?", "en", "fr", "model"),
    TranslationRecord("Thank you very much", "Muchas gracias", "en", "es", "memory"),
)


@pytest.fixture
def vault(app_paths: AppPaths) -> Iterator[Vault]:
    """A vault with history on and three entries (the last one newest)."""
    vault = Vault(app_paths, Settings())
    for record in RECORDS:
        assert vault.history.add(record) is not None
    yield vault
    vault.close()


@pytest.fixture
def browser(
    qtbot: QtBot, qloop: qasync.QEventLoop, vault: Vault, wait_for: WaitUntil
) -> Iterator[HistoryBrowser]:
    """The History window, open, with its first load finished."""
    executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="requests")
    browser = HistoryBrowser(vault, executor)
    qtbot.addWidget(browser.view)
    browser.open()
    assert browser.task is not None
    task = browser.task
    wait_for(task.done, 10_000)
    yield browser
    executor.shutdown(wait=True)


def _column(browser: HistoryBrowser, column: int) -> list[str]:
    table = browser.view.table
    items = [table.item(row, column) for row in range(table.rowCount())]
    return [item.text() for item in items if item is not None]


def _answer(box: QMessageBox | None, button: QMessageBox.StandardButton) -> None:
    assert box is not None and box.isVisible()
    box.button(button).click()


def test_the_window_lists_entries_newest_first(browser: HistoryBrowser) -> None:
    assert _column(browser, 2) == ["Thank you very much", "Where is the station?", "Good morning"]
    assert _column(browser, 1)[0] == "English → Spanish"
    assert browser.view.summary.text() == "3 entries, newest first."


def test_search_shows_only_matching_entries(browser: HistoryBrowser, wait_for: WaitUntil) -> None:
    browser.view.search.setText("GARE")  # any case, and in the translation too
    wait_for(lambda: browser.view.table.rowCount() == 1, 5_000)
    assert _column(browser, 3) == ["Où est la gare ?"]
    wait_for(lambda: browser.view.summary.text() == "1 entry matches “GARE”.", 5_000)
    browser.view.search.setText("nothing like this")
    wait_for(lambda: browser.view.table.rowCount() == 0, 5_000)
    assert not browser.view.delete_button.isEnabled()


def test_copy_puts_the_selected_translation_on_the_clipboard(browser: HistoryBrowser) -> None:
    browser.view.table.selectRow(1)
    browser.view.copy_button.click()
    assert QGuiApplication.clipboard().text() == "Où est la gare ?"
    browser.view.copy_source_button.click()
    assert QGuiApplication.clipboard().text() == "Where is the station?"


def test_delete_asks_first_and_removes_only_that_entry(
    browser: HistoryBrowser, vault: Vault, wait_for: WaitUntil
) -> None:
    browser.view.table.selectRow(0)
    box = browser.ask_delete()
    assert box is not None
    assert box.text() == "Delete this entry from the history?"
    assert "Thank you very much" in box.informativeText()
    _answer(box, QMessageBox.StandardButton.No)
    assert vault.history.count() == 3
    browser.view.table.selectRow(0)
    browser.view.delete_button.click()
    wait_for(lambda: visible_message_box() is not None, 2_000)
    _answer(visible_message_box(), QMessageBox.StandardButton.Yes)
    wait_for(lambda: browser.view.table.rowCount() == 2, 10_000)
    assert [entry.record.source_text for entry in vault.history.recent()] == [
        "Where is the station?",
        "Good morning",
    ]
    assert "Thank you very much" not in _column(browser, 2)


def test_clear_all_asks_first_and_empties_the_history(
    browser: HistoryBrowser, vault: Vault, wait_for: WaitUntil
) -> None:
    _answer(browser.ask_clear(), QMessageBox.StandardButton.No)
    assert vault.history.count() == 3
    _answer(browser.ask_clear(), QMessageBox.StandardButton.Yes)
    wait_for(lambda: browser.view.table.rowCount() == 0, 10_000)
    assert vault.history.count() == 0
    wait_for(lambda: browser.view.summary.text() == "The history is empty.", 5_000)
    assert not browser.view.clear_button.isEnabled()


def test_the_menu_opens_history_with_what_the_window_translated(
    make_shell: MakeShell, wait_for: WaitUntil, crash_reports: list[str]
) -> None:
    shell = make_shell()
    shell.show()
    shell.window.input.setPlainText("https://example.org/a")
    task = shell.translate.start()
    assert task is not None
    wait_for(task.done, 20_000)
    shell.window.history_action.trigger()
    history = shell.views.history
    assert history is not None and history.view.isVisible()
    wait_for(lambda: history.view.table.rowCount() == 1, 10_000)
    assert _column(history, 2) == ["https://example.org/a"]
    assert crash_reports == []


def test_clear_state_empties_an_open_history_window(
    make_shell: MakeShell, wait_for: WaitUntil, crash_reports: list[str]
) -> None:
    shell = make_shell()
    shell.show()
    shell.window.input.setPlainText("https://example.org/private")
    task = shell.translate.start()
    assert task is not None
    wait_for(task.done, 20_000)
    view = shell.views.open_history()
    history = shell.views.history
    assert view is not None and history is not None
    wait_for(lambda: view.table.rowCount() == 1, 10_000)
    wiped = asyncio.ensure_future(shell.clear_state.wipe(False))
    wait_for(wiped.done, 30_000)
    assert "the History window's entries" in wiped.result().memory_cleared
    wait_for(lambda: view.table.rowCount() == 0, 5_000)
    assert history.entries == {}
    assert crash_reports == []
