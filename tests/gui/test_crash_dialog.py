"""Uncaught exceptions open a crash dialog with a copyable report."""

from __future__ import annotations

import sys

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from assistant.core.errors import BadInputError
from assistant.crash import install_excepthook
from assistant.gui.crash_dialog import CrashDialog, CrashReporter
from assistant.gui.error_banner import ErrorBanner
from assistant.gui.tasks import spawn


def test_an_exception_in_a_task_opens_the_dialog_with_a_copyable_report(
    qtbot, qloop, wait_for, monkeypatch
):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    reporter = CrashReporter()
    install_excepthook(reporter)

    async def broken() -> None:
        raise ZeroDivisionError("division by zero in a slot")

    spawn(broken())
    wait_for(lambda: bool(reporter.dialogs), 5_000)
    dialog = reporter.dialogs[0]
    qtbot.addWidget(dialog)
    assert dialog.isVisible()
    report = dialog.report.toPlainText()
    assert "crashed" in report
    assert "ZeroDivisionError: division by zero in a slot" in report
    dialog.copy_button.click()
    assert QGuiApplication.clipboard().text() == report
    assert dialog.copy_button.text() == "Copied"


def test_typed_errors_go_to_the_banner_not_the_crash_dialog(qtbot, qloop, wait_for, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    reporter = CrashReporter()
    install_excepthook(reporter)
    banner = ErrorBanner()
    qtbot.addWidget(banner)

    async def refused() -> None:
        raise BadInputError("The text is empty. Type or paste something to translate.")

    task = spawn(refused(), banner.show_error)
    wait_for(task.done, 5_000)
    QApplication.processEvents()
    assert banner.text == "The text is empty. Type or paste something to translate."
    assert reporter.dialogs == []


def test_the_dialog_report_is_read_only(qtbot):
    dialog = CrashDialog("Traceback: boom")
    qtbot.addWidget(dialog)
    assert dialog.report.isReadOnly()
    assert dialog.report.toPlainText() == "Traceback: boom"
