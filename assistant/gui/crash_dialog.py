"""The crash dialog: an uncaught exception's report, copyable, never a silent exit."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class CrashDialog(QDialog):
    """Shows a crash report with a Copy button. GUI thread only."""

    def __init__(self, report: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Something went wrong")
        self.setAccessibleName("Crash report")
        intro = QLabel(
            "The assistant hit an unexpected error. Your text was not sent anywhere. "
            "Copy the report below and attach it to a bug report; then you can keep working."
        )
        intro.setWordWrap(True)
        self.report = QPlainTextEdit(report)
        self.report.setReadOnly(True)
        self.report.setAccessibleName("Crash report text")
        self.report.setMinimumSize(560, 260)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton("&Copy report")
        self.copy_button.setAccessibleName("Copy crash report")
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.copy_button.clicked.connect(self._on_copy_clicked)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.report)
        layout.addWidget(buttons)

    def _on_copy_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.report.toPlainText())
        self.copy_button.setText("Copied")


class CrashReporter:
    """The GUI's crash sink: opens one dialog per report, parented to the main window."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self.parent = parent
        self.dialogs: list[CrashDialog] = []

    def __call__(self, report: str) -> None:
        """`install_excepthook` sink. Must be called on the GUI thread (excepthook of Qt slots
        and of tasks spawned on the GUI loop are)."""
        dialog = CrashDialog(report, self.parent)
        self.dialogs.append(dialog)
        dialog.finished.connect(lambda _code: self.dialogs.remove(dialog))
        dialog.open()
