"""Yes/No questions that leave the event loop running (downloads and warm-up go on meanwhile)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QAbstractButton, QMessageBox, QWidget

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
