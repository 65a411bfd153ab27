"""Clear state: confirm what will be wiped, let the state layer wipe it, say what was removed."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from assistant.gui.error_banner import ErrorBanner
from assistant.gui.jobs import Job, JobRunner
from assistant.gui.tasks import spawn
from assistant.gui.worker import InferenceWorker
from assistant.state.clear_state import ClearStateReport

WILL_WIPE = (
    "translation history",
    "translation memory",
    "the text in the window and the clipboard text the app kept",
    "logs that may hold your text",
    "the models' in-memory state (decoder state, caches, the triage model's conversation)",
)


class ClearStateDialog(QDialog):
    """The confirmation: a list of what goes, and an opt-in for the compiled-model cache."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Clear state")
        self.setAccessibleName("Clear state confirmation")
        items = "".join(f"<li>{item}</li>" for item in WILL_WIPE)
        text = QLabel(
            f"<p>This permanently deletes:</p><ul>{items}</ul>"
            "<p>Settings and installed models are kept.</p>"
        )
        text.setWordWrap(True)
        self.include_cache = QCheckBox("Also delete the compiled-model cache (next start is slow)")
        self.include_cache.setAccessibleName("Also delete the compiled-model cache")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Cancel | QDialogButtonBox.StandardButton.Ok
        )
        self.wipe_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.wipe_button.setText("&Wipe")
        self.wipe_button.setAccessibleName("Wipe now")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.include_cache)
        layout.addWidget(buttons)


class ClearStateController(QObject):
    """Runs the wipe. GUI thread only; the wipe itself runs as a job on the inference worker,
    which owns the models whose in-memory state the wipe's hooks reset.

    It reaches into no other controller: `stop_requests` stops the running translation, and
    `wiping` tells the views to drop the text they show before the wipe starts.
    """

    wiping = Signal()

    def __init__(
        self,
        window: QWidget,
        errors: ErrorBanner,
        activity: QLabel,
        jobs: JobRunner,
        worker: InferenceWorker,
        wipe: Callable[[bool], ClearStateReport],
        stop_requests: Callable[[], Awaitable[None]],
    ) -> None:
        super().__init__(window)
        self.window = window
        self.errors = errors
        self.activity = activity
        self.jobs = jobs
        self.worker = worker
        self.wipe_state = wipe
        self.stop_requests = stop_requests
        self.dialog: ClearStateDialog | None = None
        self.last_report: ClearStateReport | None = None

    def ask(self) -> None:
        """Open the confirmation (non-blocking); wipes when the user confirms."""
        self.dialog = ClearStateDialog(self.window)
        self.dialog.accepted.connect(self._on_confirmed)
        self.dialog.open()

    def _on_confirmed(self) -> None:
        assert self.dialog is not None
        spawn(self.wipe(self.dialog.include_cache.isChecked()), self.errors.show_error)

    async def wipe(self, include_cache: bool) -> ClearStateReport:
        """Wipe everything listed in WILL_WIPE and show what was removed."""
        await self.stop_requests()  # it stops after the current sentence
        self.wiping.emit()
        self.activity.setText("Clearing state…")
        job = Job("Clearing state", lambda _progress: self.wipe_state(include_cache), self.worker)
        outcome = await self.jobs.run(job)
        if outcome.error is not None:
            self.activity.setText("")
            raise outcome.error
        report = outcome.result
        assert report is not None
        self.last_report = report
        self.activity.setText("State cleared.")
        box = QMessageBox(
            QMessageBox.Icon.Information, "State cleared", "Removed:", parent=self.window
        )
        box.setInformativeText("\n".join(report.lines()))
        box.setAccessibleName("What was removed")
        box.open()
        return report
