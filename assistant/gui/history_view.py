"""The History window's layout: a search box, the entries, and Copy / Delete / Clear all."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from assistant.gui.error_banner import ErrorBanner
from assistant.gui.languages import language_name
from assistant.state.records import StoredRecord

COLUMNS = ("When", "Languages", "Text", "Translation")
PREVIEW_CHARS = 120


def preview(text: str) -> str:
    """One line of `text` for a table cell (the full text is in the tooltip)."""
    flat = " ".join(text.split())
    return flat if len(flat) <= PREVIEW_CHARS else flat[: PREVIEW_CHARS - 1] + "…"


class HistoryView(QDialog):
    """A view: widgets only. `HistoryBrowser` fills it and reacts to its buttons."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("History")
        self.setAccessibleName("History")
        self.resize(860, 520)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search the text and its translation")
        self.search.setAccessibleName("Search history")
        self.search.setClearButtonEnabled(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setAccessibleName("History entries")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.summary = QLabel("")
        self.summary.setAccessibleName("History summary")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.errors = ErrorBanner()
        self.copy_source_button = QPushButton("Copy &text")
        self.copy_source_button.setAccessibleName("Copy the selected text")
        self.copy_button = QPushButton("&Copy translation")
        self.copy_button.setAccessibleName("Copy the selected translation")
        self.delete_button = QPushButton("&Delete…")
        self.delete_button.setAccessibleName("Delete the selected entry")
        self.clear_button = QPushButton("C&lear all…")
        self.clear_button.setAccessibleName("Clear all history")
        buttons = QHBoxLayout()
        for button in (self.copy_source_button, self.copy_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.clear_button)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.errors)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        layout.addLayout(buttons)
        layout.addWidget(close)

    def show_entries(self, entries: list[StoredRecord]) -> None:
        """Fill the table, newest first; each row keeps its entry's id."""
        self.table.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            record = entry.record
            when = entry.created_at.astimezone().strftime("%Y-%m-%d %H:%M")
            pair = f"{language_name(record.source_lang)} → {language_name(record.target_lang)}"
            cells = (
                (when, when),
                (pair, pair),
                (preview(record.source_text), record.source_text),
                (preview(record.output_text), record.output_text),
            )
            for column, (text, full) in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(full[:2000])
                item.setData(Qt.ItemDataRole.UserRole, entry.id)
                self.table.setItem(row, column, item)
        if entries:
            self.table.selectRow(0)
        self.set_selection_actions(bool(entries))

    def set_selection_actions(self, enabled: bool) -> None:
        """Enable what needs a selected entry."""
        for button in (self.copy_source_button, self.copy_button, self.delete_button):
            button.setEnabled(enabled)

    def selected_id(self) -> int | None:
        """The id of the selected entry, or None."""
        item = self.table.item(self.table.currentRow(), 0)
        if item is None:
            return None
        value = item.data(Qt.ItemDataRole.UserRole)
        return int(value) if value is not None else None
