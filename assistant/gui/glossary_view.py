"""The Glossary window's layout: terms never to translate, and fixed term pairs."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from assistant.gui.error_banner import ErrorBanner

PAIR_COLUMNS = ("From", "To", "Term", "Always translated as")


CellTyped = Callable[[int, int, str], None]
"""(row, column, text so far) while a pair's cell is being edited."""


class LiveCellDelegate(QStyledItemDelegate):
    """The pair table's cell editor, reporting every keystroke (before the edit is committed)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.on_typed: CellTyped = lambda _row, _column, _text: None

    def createEditor(  # noqa: N802 (a Qt override)
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        """A line edit whose typing is passed to `on_typed`."""
        editor = super().createEditor(parent, option, index)
        row, column = index.row(), index.column()
        if isinstance(editor, QLineEdit):
            editor.textEdited.connect(lambda text: self.on_typed(row, column, text))
        return editor


def _hint() -> QLabel:
    label = QLabel("")
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setStyleSheet("color: #b03a2e;")
    return label


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet("font-weight: bold; margin-top: 6px;")
    return label


class GlossaryView(QDialog):
    """A view: widgets only; `GlossaryEditor` fills it and reacts to it.

    Closing asks `can_close` first (the editor asks about unsaved changes there)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Glossary")
        self.setAccessibleName("Glossary")
        self.resize(760, 600)
        self.can_close: Callable[[], bool] = lambda: True
        self.errors = ErrorBanner()
        self.start_over_button = QPushButton("Start a new glossary…")
        self.start_over_button.setAccessibleName("Start a new glossary")
        self.start_over_button.hide()
        self.where = QLabel("")
        self.where.setTextFormat(Qt.TextFormat.PlainText)
        self.where.setWordWrap(True)
        self.where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.terms = QListWidget()
        self.terms.setAccessibleName("Terms never translated")
        self.new_term = QLineEdit()
        self.new_term.setPlaceholderText("A name or word to keep as it is, e.g. OpenVINO")
        self.new_term.setAccessibleName("New term never translated")
        self.add_term_button = QPushButton("&Add")
        self.add_term_button.setAccessibleName("Add the term")
        self.remove_term_button = QPushButton("&Remove")
        self.remove_term_button.setAccessibleName("Remove the selected term")
        self.term_hint = _hint()
        self.pairs = QTableWidget(0, len(PAIR_COLUMNS))
        self.pairs.setHorizontalHeaderLabels(PAIR_COLUMNS)
        self.pairs.setAccessibleName("Term pairs")
        self.pairs.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.pairs.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.pairs.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.pairs.verticalHeader().hide()
        self.cell_editor = LiveCellDelegate(self.pairs)
        self.pairs.setItemDelegate(self.cell_editor)
        self.add_pair_button = QPushButton("Add a &pair")
        self.add_pair_button.setAccessibleName("Add a term pair")
        self.remove_pair_button = QPushButton("Remove the pa&ir")
        self.remove_pair_button.setAccessibleName("Remove the selected term pair")
        self.pair_hint = _hint()
        self.status = QLabel("")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Glossary status")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.buttons.rejected.connect(self.reject)
        self._lay_out()

    def _lay_out(self) -> None:
        banner = QHBoxLayout()
        banner.addWidget(self.errors, 1)
        banner.addWidget(self.start_over_button)
        add_term = QHBoxLayout()
        add_term.addWidget(self.new_term, 1)
        add_term.addWidget(self.add_term_button)
        add_term.addWidget(self.remove_term_button)
        pair_buttons = QHBoxLayout()
        pair_buttons.addWidget(self.add_pair_button)
        pair_buttons.addWidget(self.remove_pair_button)
        pair_buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(banner)
        layout.addWidget(self.where)
        layout.addWidget(_heading("Never translate"))
        layout.addWidget(self.terms, 1)
        layout.addLayout(add_term)
        layout.addWidget(self.term_hint)
        layout.addWidget(_heading("Always translate a term the same way (per language pair)"))
        layout.addWidget(self.pairs, 2)
        layout.addLayout(pair_buttons)
        layout.addWidget(self.pair_hint)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)

    def set_editable(self, editable: bool) -> None:
        """Allow or block editing (blocked while the file on disk is malformed)."""
        for widget in (
            self.terms,
            self.new_term,
            self.add_term_button,
            self.remove_term_button,
            self.pairs,
            self.add_pair_button,
            self.remove_pair_button,
            self.save_button,
        ):
            widget.setEnabled(editable)

    def reject(self) -> None:
        """Close (Escape, Close, the window's ✕) unless `can_close` says to stay."""
        if self.can_close():
            super().reject()
