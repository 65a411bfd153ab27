"""The Glossary editor: do-not-translate terms and term pairs, checked as they are typed, saved
in one step to the glossary file the cascade reads. GUI thread only (the file is small)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QMessageBox, QTableWidgetItem, QWidget

from assistant.core.errors import StateError
from assistant.core.glossary import Glossary, GlossaryEntry, entry_problem, term_problem
from assistant.core.languages import resolve_language
from assistant.core.wording import count_of
from assistant.gui.glossary_document import GlossaryDocument
from assistant.gui.glossary_view import GlossaryView
from assistant.gui.questions import ask_yes_no
from assistant.state.glossary_file import GlossaryFile

PROBLEM_COLOUR = QColor("#f5b7b1")


class GlossaryEditor(QObject):
    """Controller of a GlossaryView over one glossary file.

    Emits `saved(Glossary)` with what was written (read back from the file), so the app can
    use it from the next request on."""

    saved = Signal(object)

    def __init__(self, file: GlossaryFile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = GlossaryDocument(file)
        self.view = GlossaryView(parent)
        self.dirty = False
        self._filling = False
        v = self.view
        v.can_close = self._can_close
        v.new_term.textChanged.connect(self._on_new_term_changed)
        v.new_term.returnPressed.connect(self.add_term)
        v.add_term_button.clicked.connect(self.add_term)
        v.remove_term_button.clicked.connect(self.remove_term)
        v.add_pair_button.clicked.connect(self.add_pair)
        v.remove_pair_button.clicked.connect(self.remove_pair)
        v.pairs.itemChanged.connect(self._on_pair_edited)
        v.cell_editor.on_typed = self._on_cell_typed
        v.save_button.clicked.connect(self.save)
        v.start_over_button.clicked.connect(self.ask_start_over)

    def open(self) -> GlossaryView:
        """Show the window with the file's current contents."""
        self.load()
        self.view.show()
        self.view.raise_()
        return self.view

    def load(self) -> None:
        """Read the file into the view; a malformed file is shown, not touched."""
        v = self.view
        v.where.setText(f"Saved in {self.document.path}")
        v.errors.hide()
        v.start_over_button.hide()
        try:
            glossary = self.document.load()
        except StateError as error:
            self._fill(Glossary())
            v.errors.show_message(
                f"{error.user_message}\nThe editor leaves the file as it is. Fix it in a text "
                "editor, or start a new glossary (the old file is kept beside it as .bak)."
            )
            v.start_over_button.show()
            v.set_editable(False)
            return
        v.set_editable(True)
        self._fill(glossary)

    def glossary(self) -> Glossary:
        """The glossary as the view holds it (valid rows only; call `problem` first)."""
        terms = tuple(self.view.terms.item(i).text() for i in range(self.view.terms.count()))
        entries = []
        for row in range(self.view.pairs.rowCount()):
            source_lang, target_lang, source, target = self._row(row)
            entries.append(
                GlossaryEntry(
                    resolve_language(source_lang),
                    resolve_language(target_lang),
                    source.strip(),
                    target.strip(),
                )
            )
        return Glossary(tuple(entries), terms)

    def problem(self) -> str | None:
        """The first reason the pairs cannot be saved, naming its row; None when all are fine."""
        for row in range(self.view.pairs.rowCount()):
            problem = entry_problem(*self._row(row))
            if problem is not None:
                return f"Pair {row + 1}: {problem}"
        return None

    def add_term(self) -> bool:
        """Add the typed do-not-translate term, if it is valid."""
        text = self.view.new_term.text()
        if term_problem(text, self._terms()) is not None or not self.view.new_term.isEnabled():
            return False
        self.view.terms.addItem(text.strip())
        self.view.new_term.clear()
        self._changed()
        return True

    def remove_term(self) -> None:
        """Remove the selected do-not-translate term."""
        row = self.view.terms.currentRow()
        if row >= 0:
            self.view.terms.takeItem(row)
            self._changed()

    def add_pair(self) -> int:
        """Add an empty term pair row and start editing its first cell; returns the row."""
        table = self.view.pairs
        row = table.rowCount()
        self._filling = True
        table.insertRow(row)
        for column in range(table.columnCount()):
            table.setItem(row, column, QTableWidgetItem(""))
        self._filling = False
        table.setCurrentCell(row, 0)
        self._changed()
        return row

    def remove_pair(self) -> None:
        """Remove the selected term pair."""
        row = self.view.pairs.currentRow()
        if row >= 0:
            self.view.pairs.removeRow(row)
            self._changed()

    def save(self) -> Glossary | None:
        """Write the glossary (refused while a pair is invalid); the saved glossary or None."""
        problem = self.problem()
        if problem is not None:
            self.view.pair_hint.setText(f"Not saved. {problem}")
            return None
        try:
            saved = self.document.save(self.glossary())
        except StateError as error:
            self.view.errors.show_error(error)
            return None
        self._fill(saved)
        terms = count_of(len(saved.do_not_translate), "term")
        pairs = count_of(len(saved.entries), "term pair")
        self.view.status.setText(
            f"Saved {terms} never translated and {pairs}. Translations use them from now on."
        )
        self.saved.emit(saved)
        return saved

    def ask_start_over(self) -> QMessageBox:
        """Ask before setting the malformed file aside and starting an empty glossary."""
        return ask_yes_no(
            self.view,
            "Start a new glossary?",
            "Set the current glossary file aside and start an empty one?",
            f"{self.document.path.name} is renamed to {self.document.path.name}.bak, so "
            "nothing in it is lost; the new glossary is written when you click Save.",
            self._start_over,
        )

    def _start_over(self) -> None:
        kept = self.document.set_aside()
        self.view.errors.hide()
        self.view.start_over_button.hide()
        self.view.set_editable(True)
        self._fill(Glossary())
        if kept is not None:
            self.view.status.setText(f"The old file is kept as {kept}.")

    def _fill(self, glossary: Glossary) -> None:
        v = self.view
        self._filling = True
        v.terms.clear()
        v.terms.addItems(list(glossary.do_not_translate))
        v.pairs.setRowCount(len(glossary.entries))
        for row, entry in enumerate(glossary.entries):
            cells = (entry.source_lang, entry.target_lang, entry.source, entry.target)
            for column, text in enumerate(cells):
                v.pairs.setItem(row, column, QTableWidgetItem(text))
        self._filling = False
        self.dirty = False
        self._check_pairs()
        self._on_new_term_changed(v.new_term.text())

    def _terms(self) -> tuple[str, ...]:
        return tuple(self.view.terms.item(i).text() for i in range(self.view.terms.count()))

    def _row(self, row: int) -> tuple[str, str, str, str]:
        def cell(column: int) -> str:
            item = self.view.pairs.item(row, column)
            return item.text() if item is not None else ""

        return cell(0), cell(1), cell(2), cell(3)

    def _check_pairs(self) -> None:
        table = self.view.pairs
        self._filling = True
        for row in range(table.rowCount()):
            bad = entry_problem(*self._row(row)) is not None
            for column in range(table.columnCount()):
                item = table.item(row, column)
                if item is not None:
                    item.setBackground(QBrush(PROBLEM_COLOUR) if bad else QBrush())
        self._filling = False
        problem = self.problem()
        self.view.pair_hint.setText(problem or "")
        self.view.save_button.setEnabled(problem is None and self.view.pairs.isEnabled())

    def _changed(self) -> None:
        self.dirty = True
        self.view.status.setText("Not saved yet.")
        self._check_pairs()

    def _on_pair_edited(self, _item: QTableWidgetItem) -> None:
        if not self._filling:
            self._changed()

    def _on_cell_typed(self, row: int, column: int, text: str) -> None:
        cells = list(self._row(row))
        cells[column] = text
        problem = entry_problem(*cells)
        self.view.pair_hint.setText(f"Pair {row + 1}: {problem}" if problem else "")
        self.view.save_button.setEnabled(problem is None and self.problem_elsewhere(row) is None)

    def problem_elsewhere(self, row: int) -> str | None:
        """The first problem of any pair but `row` (the one being typed in)."""
        for other in range(self.view.pairs.rowCount()):
            problem = entry_problem(*self._row(other)) if other != row else None
            if problem is not None:
                return problem
        return None

    def _on_new_term_changed(self, text: str) -> None:
        problem = term_problem(text, self._terms()) if text else None
        self.view.term_hint.setText(problem or "")
        self.view.add_term_button.setEnabled(
            bool(text.strip()) and problem is None and self.view.new_term.isEnabled()
        )

    def _can_close(self) -> bool:
        if not self.dirty:
            return True
        ask_yes_no(
            self.view,
            "Discard changes?",
            "The glossary has changes that are not saved. Close without saving?",
            "Click No, then Save, to keep them.",
            self._discard_and_close,
        )
        return False

    def _discard_and_close(self) -> None:
        self.dirty = False
        self.view.reject()
