"""Clear state from the window: a confirmation listing what goes, the state layer's wipe, and
a report of what was removed. The window's and the popup's text goes too, and the models'
in-memory state is reset on the inference worker that owns them."""

from __future__ import annotations

import threading

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from assistant.gui.clear_state import WILL_WIPE, ClearStateDialog


def _message_box() -> QMessageBox | None:
    boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]
    visible = [box for box in boxes if box.isVisible()]
    return visible[-1] if visible else None


def test_clear_state_lists_wipes_and_reports(
    make_shell, wait_for, app_paths, installed_tiny_m2m100, crash_reports
):
    shell = make_shell(tray_available=True)
    shell.show()
    wait_for(lambda: shell.engine.is_ready, 60_000)
    window = shell.window
    window.languages.set_pair("en", "de")
    window.input.setPlainText("Please keep this sentence private.")
    window.translate_button.click()
    wait_for(lambda: shell.translate.last_result is not None, 30_000)
    assert shell.translate.streamed
    QGuiApplication.clipboard().setText("Clipboard text the popup shows.")
    shell.quick.translate_clipboard()
    popup = shell.quick.popup
    wait_for(lambda: popup.result.text() not in ("", "Translating…"), 30_000)
    assert popup.detected.text()
    assert shell.quick.kept_texts == ["Clipboard text the popup shows."]
    assert shell.backend.vault.history.count() == 2
    wipe_threads: list[str] = []
    shell.backend.hooks.register(
        "thread probe", lambda: wipe_threads.append(threading.current_thread().name)
    )

    window.clear_state_button.click()
    dialog = shell.clear_state.dialog
    assert isinstance(dialog, ClearStateDialog) and dialog.isVisible()
    listed = dialog.findChildren(type(window.trace))[0].text()
    for item in WILL_WIPE:
        assert item in listed
    dialog.wipe_button.click()
    wait_for(lambda: shell.clear_state.last_report is not None, 20_000)

    report = shell.clear_state.last_report
    assert report.entries_removed.get("history") == 2
    assert "kept clipboard text" in report.memory_cleared
    assert "decoder state and caches" in report.memory_cleared
    assert shell.quick.kept_texts == []
    assert window.input.toPlainText() == window.output.toPlainText() == ""
    assert shell.translate.streamed == []
    assert popup.result.text() == popup.detected.text() == popup.trace.text() == ""
    assert wipe_threads and wipe_threads[0].startswith("inference")
    box = _message_box()
    assert box is not None
    assert "Removed 2 history entries" in box.informativeText()
    assert shell.backend.vault.history.count() == 0
    assert not app_paths.database.exists()
    assert crash_reports == []


def test_cancelling_the_confirmation_wipes_nothing(
    make_shell, wait_for, installed_tiny_m2m100, crash_reports
):
    shell = make_shell()
    shell.window.input.setPlainText("keep me")
    shell.window.clear_state_button.click()
    shell.clear_state.dialog.reject()
    assert shell.clear_state.last_report is None
    assert shell.window.input.toPlainText() == "keep me"
