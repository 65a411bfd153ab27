"""The History window's behaviour: search, copy, delete one entry, clear all (both asked first).

GUI thread only. The vault is read and written on `executor` (the request thread), because
opening it may ask the system keychain, which can be slow.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from assistant.core.wording import count_of
from assistant.gui.history_view import HistoryView, preview
from assistant.gui.questions import ask_yes_no
from assistant.gui.tasks import spawn
from assistant.state.records import StoredRecord
from assistant.state.vault import Vault

SHOWN_ENTRIES = 500
SEARCH_DELAY_MS = 250


@dataclass(frozen=True)
class HistoryPage:
    """What one look at the history found."""

    entries: list[StoredRecord]
    total: int
    off_reason: str | None


def read_page(vault: Vault, query: str) -> HistoryPage:
    """The newest entries, or those matching `query` (call off the GUI thread)."""
    status = vault.status()
    history = vault.history
    if query.strip():
        entries = history.search(query, limit=SHOWN_ENTRIES)
    else:
        entries = history.recent(limit=SHOWN_ENTRIES)
    return HistoryPage(entries, history.count(), None if status.history_on else status.reason)


def summary_text(page: HistoryPage, query: str) -> str:
    """The line under the table: how many entries, what matched, and whether history is off."""
    shown = len(page.entries)
    if query.strip():
        verb = "matches" if shown == 1 else "match"
        text = f"{count_of(shown, 'entry', 'entries')} {verb} “{query.strip()}”."
        if shown >= SHOWN_ENTRIES:
            text = f"The first {shown:,} entries that match “{query.strip()}” are shown."
    elif page.total == 0:
        text = "The history is empty."
    elif shown < page.total:
        text = f"The newest {shown:,} of {count_of(page.total, 'entry', 'entries')}."
    else:
        text = f"{count_of(page.total, 'entry', 'entries')}, newest first."
    if page.off_reason:
        text += f" {page.off_reason}"
    return text


class HistoryBrowser(QObject):
    """Controller of a HistoryView. Emits `changed` after entries were deleted.

    `forget_requested` may be emitted from any thread (clear-state's hooks run on a worker):
    the window then drops every entry it shows."""

    changed = Signal()
    forget_requested = Signal()

    def __init__(self, vault: Vault, executor: Executor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.executor = executor
        self.view = HistoryView(parent)
        self.entries: dict[int, StoredRecord] = {}
        self.task: asyncio.Task[None] | None = None
        self._generation = 0
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.refresh)
        v = self.view
        v.search.textChanged.connect(self._search_timer.start)
        v.copy_source_button.clicked.connect(lambda: self.copy_selected(translation=False))
        v.copy_button.clicked.connect(lambda: self.copy_selected(translation=True))
        v.delete_button.clicked.connect(self.ask_delete)
        v.clear_button.clicked.connect(self.ask_clear)
        v.table.itemSelectionChanged.connect(self._on_selection_changed)
        self.forget_requested.connect(self._on_forget_requested)

    def open(self) -> HistoryView:
        """Show the window and load the newest entries."""
        self.view.show()
        self.view.raise_()
        self.refresh()
        return self.view

    def refresh(self) -> asyncio.Task[None]:
        """Load the entries for the search box's text (the latest call wins)."""
        self._search_timer.stop()
        self._generation += 1
        self.task = spawn(self._load(self._generation), self.view.errors.show_error)
        return self.task

    def copy_selected(self, translation: bool = True) -> str | None:
        """Put the selected entry's translation (or its text) on the clipboard."""
        entry = self._selected()
        if entry is None:
            return None
        text = entry.record.output_text if translation else entry.record.source_text
        QGuiApplication.clipboard().setText(text)
        self.view.summary.setText("Translation copied." if translation else "Text copied.")
        return text

    def ask_delete(self) -> QMessageBox | None:
        """Ask before deleting the selected entry; deletes it on Yes."""
        entry = self._selected()
        if entry is None:
            return None
        record = entry.record
        return ask_yes_no(
            self.view,
            "Delete entry?",
            "Delete this entry from the history?",
            f"“{preview(record.source_text)[:60]}” → “{preview(record.output_text)[:60]}”\n"
            "It is removed from the disk for good; the translation memory keeps its copy "
            "until you clear state.",
            lambda: self.delete(entry.id),
        )

    def delete(self, entry_id: int) -> asyncio.Task[None]:
        """Delete one entry, then reload."""
        return spawn(
            self._change(lambda: self.vault.history.delete(entry_id)), self.view.errors.show_error
        )

    def ask_clear(self) -> QMessageBox:
        """Ask before deleting every entry; clears the history on Yes."""
        return ask_yes_no(
            self.view,
            "Clear all history?",
            "Delete every entry in the history?",
            "This cannot be undone. The translation memory and the audit log stay; Clear "
            "state… removes them too.",
            self.clear,
        )

    def clear(self) -> asyncio.Task[None]:
        """Delete every entry, then reload."""
        return spawn(self._change(self.vault.history.clear), self.view.errors.show_error)

    async def _load(self, generation: int) -> None:
        query = self.view.search.text()
        loop = asyncio.get_running_loop()
        page = await loop.run_in_executor(self.executor, read_page, self.vault, query)
        if generation != self._generation:
            return
        self.entries = {entry.id: entry for entry in page.entries}
        self.view.errors.hide()
        self.view.show_entries(page.entries)
        self.view.clear_button.setEnabled(page.total > 0)
        self.view.summary.setText(summary_text(page, query))

    async def _change(self, work: Callable[[], object]) -> None:
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(self.executor, work)
        self.changed.emit()
        await self.refresh()

    def _selected(self) -> StoredRecord | None:
        entry_id = self.view.selected_id()
        return self.entries.get(entry_id) if entry_id is not None else None

    def _on_forget_requested(self) -> None:
        self._generation += 1  # a load under way shows nothing
        self.entries = {}
        self.view.search.clear()
        self._search_timer.stop()
        self.view.show_entries([])
        self.view.summary.setText("")

    def _on_selection_changed(self) -> None:
        self.view.set_selection_actions(self._selected() is not None)
