"""A progress row for long model operations: stage, bar, ETA and Cancel."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from assistant.gui.relay import CancelToken

STAGE_WORDS = {
    "copy": "Copying",
    "extract": "Unpacking",
    "download": "Downloading",
    "verify": "Verifying",
    "hash": "Checking files",
    "export": "Converting",
    "sign": "Signing",
}


def format_eta(elapsed_s: float, fraction: float) -> str:
    """ "about 12 s left" from the time spent and the fraction done ("" when unknown)."""
    if fraction <= 0.02 or fraction >= 1.0 or elapsed_s < 0.5:
        return ""
    remaining = elapsed_s * (1.0 - fraction) / fraction
    if remaining < 60:
        return f"about {remaining:.0f} s left"
    return f"about {remaining / 60:.0f} min left"


class OperationProgress(QWidget):
    """Shows one running operation. GUI thread only; `token` is what Cancel sets."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stage = QLabel("")
        self.stage.setTextFormat(Qt.TextFormat.PlainText)
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.bar.setAccessibleName("Operation progress")
        self.eta = QLabel("")
        self.eta.setAccessibleName("Time left")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setAccessibleName("Cancel operation")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stage)
        layout.addWidget(self.bar, 1)
        layout.addWidget(self.eta)
        layout.addWidget(self.cancel_button)
        self.token = CancelToken()
        self._started = time.monotonic()
        self.cancel_button.clicked.connect(self._on_cancel_clicked)
        self.hide()

    def begin(self, what: str) -> CancelToken:
        """Show the row for a new operation and return its cancel token."""
        self.token = CancelToken()
        self._started = time.monotonic()
        self.stage.setText(what)
        self.bar.setValue(0)
        self.eta.setText("")
        self.cancel_button.setEnabled(True)
        self.show()
        return self.token

    def on_progress(self, stage: str, fraction: float) -> None:
        """Slot for ProgressRelay.progressed."""
        self.stage.setText(STAGE_WORDS.get(stage.split(":")[0], stage.capitalize()))
        self.bar.setValue(round(max(0.0, min(1.0, fraction)) * 1000))
        self.eta.setText(format_eta(time.monotonic() - self._started, fraction))

    def end(self) -> None:
        """Hide the row."""
        self.hide()

    def _on_cancel_clicked(self) -> None:
        self.token.cancel()
        self.cancel_button.setEnabled(False)
        self.stage.setText("Cancelling…")
