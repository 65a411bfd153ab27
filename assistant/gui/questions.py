"""Yes/No questions that leave the event loop running (downloads and warm-up go on meanwhile)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QAbstractButton, QInputDialog, QLineEdit, QMessageBox, QWidget

YES = QMessageBox.StandardButton.Yes
NO = QMessageBox.StandardButton.No


def ask_yes_no(
    parent: QWidget, title: str, question: str, details: str, on_yes: Callable[[], object]
) -> QMessageBox:
    """Open a window-modal question with No as the default; call `on_yes` if Yes is chosen."""
    box = QMessageBox(QMessageBox.Icon.Question, title, question, YES | NO, parent)
    box.setInformativeText(details)
    box.setDefaultButton(NO)
    box.setAccessibleName(title)

    def on_clicked(button: QAbstractButton) -> None:
        if box.standardButton(button) == YES:
            on_yes()

    box.buttonClicked.connect(on_clicked)
    box.finished.connect(box.deleteLater)
    box.open()
    return box


PROMPT_WIDTH = 560
"""Wide enough for a whole URL or a 64-digit SHA-256 without scrolling."""


def ask_text(
    parent: QWidget, title: str, label: str, on_answer: Callable[[str], object], width: int = 0
) -> QInputDialog:
    """Open a window-modal text question; `on_answer` gets the text when OK is chosen."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setAccessibleName(title)
    dialog.setLabelText(label)
    dialog.textValueSelected.connect(on_answer)
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    widen(dialog, width or PROMPT_WIDTH)
    return dialog


def widen(dialog: QInputDialog, width: int = PROMPT_WIDTH) -> None:
    """Make an open text question at least `width` pixels wide (its own layout would keep it
    at about 200, too narrow for a URL)."""
    for edit in dialog.findChildren(QLineEdit):
        edit.setMinimumWidth(width)
    dialog.adjustSize()
