"""The Glossary editor: terms and pairs checked as they are typed, saved to the file the app
reads, and a malformed or changed file never overwritten behind the user's back."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot

from assistant.core.glossary import Glossary, GlossaryEntry
from assistant.gui.glossary_editor import GlossaryEditor
from assistant.gui.shell import AppShell
from assistant.paths import AppPaths
from assistant.state.glossary_file import GlossaryFile

MakeShell = Callable[..., AppShell]


@pytest.fixture
def glossary_file(app_paths: AppPaths) -> GlossaryFile:
    """The glossary file in this test's config directory (not there yet)."""
    return GlossaryFile.in_config(app_paths.config)


@pytest.fixture
def editor(qtbot: QtBot, glossary_file: GlossaryFile) -> GlossaryEditor:
    """The editor over `glossary_file`, open."""
    editor = GlossaryEditor(glossary_file)
    qtbot.addWidget(editor.view)
    editor.open()
    return editor


def _set_pair(editor: GlossaryEditor, row: int, *cells: str) -> None:
    for column, text in enumerate(cells):
        item = editor.view.pairs.item(row, column)
        assert item is not None
        item.setText(text)  # what committing a cell edit does


def _answer(box: QMessageBox, button: QMessageBox.StandardButton) -> None:
    assert box.isVisible()
    box.button(button).click()


def test_terms_are_checked_as_they_are_typed(qtbot: QtBot, editor: GlossaryEditor) -> None:
    view = editor.view
    assert not view.add_term_button.isEnabled()
    QTest.keyClicks(view.new_term, "OpenVINO")
    assert view.add_term_button.isEnabled() and view.term_hint.text() == ""
    view.add_term_button.click()
    assert [view.terms.item(i).text() for i in range(view.terms.count())] == ["OpenVINO"]
    QTest.keyClicks(view.new_term, "openvino")
    assert view.term_hint.text() == "“openvino” is already in the list."
    assert not view.add_term_button.isEnabled()
    assert not editor.add_term()


def test_a_pair_with_an_unknown_language_cannot_be_saved(
    editor: GlossaryEditor, glossary_file: GlossaryFile
) -> None:
    row = editor.add_pair()
    assert editor.view.pair_hint.text() == "Pair 1: Give the source language."
    _set_pair(editor, row, "en", "xx", "laptop", "Notebook")
    assert "“xx” is not a language M2M-100 knows" in editor.view.pair_hint.text()
    assert not editor.view.save_button.isEnabled()
    assert editor.save() is None
    assert not glossary_file.path.exists()
    _set_pair(editor, row, "en", "German", "laptop", "Notebook")
    assert editor.view.pair_hint.text() == ""
    assert editor.view.save_button.isEnabled()


def test_saved_glossary_is_what_the_app_reads_and_the_editor_shows_again(
    qtbot: QtBot, editor: GlossaryEditor, glossary_file: GlossaryFile
) -> None:
    QTest.keyClicks(editor.view.new_term, "Contoso")
    editor.view.add_term_button.click()
    _set_pair(editor, editor.add_pair(), "English", "de", " laptop ", "Notebook")
    saved: list[Glossary] = []
    editor.saved.connect(saved.append)
    editor.view.save_button.click()
    expected = Glossary((GlossaryEntry("en", "de", "laptop", "Notebook"),), ("Contoso",))
    assert glossary_file.load() == expected
    assert saved == [expected]
    assert glossary_file.path.stat().st_mode & 0o777 == 0o600
    assert "Saved 1 term never translated and 1 term pair." in editor.view.status.text()
    again = GlossaryEditor(glossary_file)
    qtbot.addWidget(again.view)
    again.open()
    assert again.glossary() == expected
    cell = again.view.pairs.item(0, 1)
    assert cell is not None and cell.text() == "de"


def test_a_malformed_file_is_shown_and_left_alone_until_the_user_starts_over(
    qtbot: QtBot, glossary_file: GlossaryFile
) -> None:
    glossary_file.path.parent.mkdir(parents=True, exist_ok=True)
    glossary_file.path.write_text('{"do_not_translate": ["OpenVINO",]}', encoding="utf-8")
    original = glossary_file.path.read_bytes()
    editor = GlossaryEditor(glossary_file)
    qtbot.addWidget(editor.view)
    editor.open()
    assert str(glossary_file.path) in editor.view.errors.text
    assert "not valid JSON" in editor.view.errors.text
    assert not editor.view.save_button.isEnabled()
    assert not editor.view.new_term.isEnabled()
    _answer(editor.ask_start_over(), QMessageBox.StandardButton.No)
    assert glossary_file.path.read_bytes() == original
    _answer(editor.ask_start_over(), QMessageBox.StandardButton.Yes)
    assert (glossary_file.path.parent / "glossary.json.bak").read_bytes() == original
    QTest.keyClicks(editor.view.new_term, "OpenVINO")
    editor.view.add_term_button.click()
    assert editor.save() == Glossary((), ("OpenVINO",))
    assert glossary_file.load() == Glossary((), ("OpenVINO",))


def test_a_file_changed_on_disk_since_it_was_opened_is_not_overwritten(
    qtbot: QtBot, editor: GlossaryEditor, glossary_file: GlossaryFile
) -> None:
    glossary_file.path.write_text('{"do_not_translate": ["Edited by hand"]}', encoding="utf-8")
    QTest.keyClicks(editor.view.new_term, "OpenVINO")
    editor.view.add_term_button.click()
    assert editor.save() is None
    assert "changed outside the editor" in editor.view.errors.text
    assert glossary_file.load() == Glossary((), ("Edited by hand",))


def test_closing_with_unsaved_changes_asks_first(qtbot: QtBot, editor: GlossaryEditor) -> None:
    QTest.keyClicks(editor.view.new_term, "OpenVINO")
    editor.view.add_term_button.click()
    editor.view.reject()
    assert editor.view.isVisible()
    boxes = [box for box in editor.view.findChildren(QMessageBox) if box.isVisible()]
    assert len(boxes) == 1
    box = boxes[0]
    assert box.text().startswith("The glossary has changes")
    _answer(box, QMessageBox.StandardButton.Yes)
    assert not editor.view.isVisible()


def test_the_menu_editor_changes_the_glossary_the_cascade_uses(
    qtbot: QtBot, make_shell: MakeShell, tmp_path: Path
) -> None:
    shell = make_shell()
    shell.window.glossary_action.trigger()
    editor = shell.views.glossary
    assert editor is not None and editor.view.isVisible()
    QTest.keyClicks(editor.view.new_term, "Contoso")
    editor.view.add_term_button.click()
    assert editor.save() is not None
    assert shell.runner.cascade.glossary == Glossary((), ("Contoso",))


def test_a_pair_cell_is_checked_while_it_is_typed(editor: GlossaryEditor) -> None:
    row = editor.add_pair()
    _set_pair(editor, row, "en", "de", "laptop", "Notebook")
    table = editor.view.pairs
    item = table.item(row, 1)
    assert item is not None
    table.editItem(item)
    cell = table.viewport().findChild(QLineEdit)
    assert cell is not None
    cell.selectAll()
    QTest.keyClicks(cell, "xx")
    assert editor.view.pair_hint.text().startswith("Pair 1: “xx” is not a language")
    assert not editor.view.save_button.isEnabled()
    QTest.keyClicks(cell, "\b\b")
    QTest.keyClicks(cell, "fr")
    assert editor.view.pair_hint.text() == ""
    assert editor.view.save_button.isEnabled()
    assert item.text() == "de"  # nothing is committed until the cell is left
