"""Finding and answering the app's non-blocking questions the way a user would."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox


def visible_message_box() -> QMessageBox | None:
    """The message box on screen (the newest one), if any."""
    boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]
    shown = [box for box in boxes if box.isVisible()]
    return shown[-1] if shown else None


def visible_input_dialog() -> QInputDialog | None:
    """The text question on screen, if any."""
    dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, QInputDialog)]
    shown = [dialog for dialog in dialogs if dialog.isVisible()]
    return shown[-1] if shown else None


def answer(box: QMessageBox, choice: QMessageBox.StandardButton) -> None:
    """Click `choice` (Yes, No) in `box`."""
    button = box.button(choice)
    assert button is not None, f"{box.text()!r} offers no {choice}"
    button.click()
