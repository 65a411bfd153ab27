"""A progress row for long model operations: stage, bar, ETA and Cancel."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from assistant.core.cancel import CancelToken

STAGE_WORDS = {
    "copy": "Copying",
    "extract": "Unpacking",
    "download": "Downloading",
    "verify": "Verifying",
    "hash": "Checking files",
    "export": "Converting",
    "convert": "Converting",
    "sign": "Signing",
}


def stage_text(stage: str) -> str:
    """ "Downloading", or "Converting (compress)" for a stage with a step ("convert: compress")."""
    head, _, step = stage.partition(":")
    words = STAGE_WORDS.get(head.strip(), head.strip().capitalize())
    return f"{words} ({step.strip()})" if step.strip() else words


def format_eta(elapsed_s: float, fraction: float, start_fraction: float = 0.0) -> str:
    """ "about 12 s left" from the time spent since the stage was at `start_fraction` and the
    fraction done now ("" when unknown)."""
    progressed = fraction - start_fraction
    if progressed <= 0.02 or fraction >= 1.0 or elapsed_s < 0.5:
        return ""
    remaining = elapsed_s * (1.0 - fraction) / progressed
    if remaining < 60:
        return f"about {remaining:.0f} s left"
    return f"about {remaining / 60:.0f} min left"


class OperationProgress(QWidget):
    """Shows one running operation. GUI thread only; `token` is what Cancel sets.

    The time left is estimated per stage (its steps share it), from when the stage began."""

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
        self._stage = ""
        self._stage_started = (time.monotonic(), 0.0)
        self.cancel_button.clicked.connect(self._on_cancel_clicked)
        self.hide()

    def begin(self, what: str, token: CancelToken | None = None) -> CancelToken:
        """Show the row for a new operation and return its cancel token (`token` when given:
        rows that show the same operation share it)."""
        self.token = token or CancelToken()
        self._stage = ""
        self._stage_started = (time.monotonic(), 0.0)
        self.stage.setText(what)
        self.bar.setValue(0)
        self.eta.setText("")
        self.cancel_button.setEnabled(True)
        self.show()
        return self.token

    def on_progress(self, stage: str, fraction: float) -> None:
        """Slot for ProgressRelay.progressed."""
        fraction = max(0.0, min(1.0, fraction))
        phase = stage.partition(":")[0]  # "convert: build" and "convert: sign" share one bar
        if phase != self._stage:
            self._stage = phase
            self._stage_started = (time.monotonic(), fraction)
        if not self.token.cancelled:
            self.stage.setText(stage_text(stage))
        self.bar.setValue(round(fraction * 1000))
        started, start_fraction = self._stage_started
        self.eta.setText(format_eta(time.monotonic() - started, fraction, start_fraction))

    def end(self) -> None:
        """Hide the row."""
        self.hide()

    def _on_cancel_clicked(self) -> None:
        self.token.cancel()
        self.cancel_button.setEnabled(False)
        self.stage.setText("Cancelling…")
