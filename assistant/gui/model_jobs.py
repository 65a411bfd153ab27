"""The model manager's store operations as jobs: run one at a time on the models thread, shown
in the dialog's progress row, and ended with a notice, or an error and an action that retries.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal

from assistant.core.progress import ProgressCallback
from assistant.gui.jobs import Job, JobRunner
from assistant.gui.model_getter import ModelGetter
from assistant.gui.model_listing import ModelListing
from assistant.gui.model_manager_dialog import ModelManagerDialog
from assistant.gui.tasks import spawn


@dataclass(frozen=True)
class ModelJob:
    """One operation: what it says while it runs, the work, and how it ends."""

    what: str
    work: Callable[[ProgressCallback], Any]
    """Runs on the models thread."""
    retry_label: str
    retry: Callable[[], object]
    done: Callable[[Any], str]
    """The notice for the work's result."""
    verifies: str | None = None
    """The model whose verification this job reports."""
    reload: bool = True
    """Whether success changes the installed models (the engine then reloads)."""


class ModelJobRunner(QObject):
    """Runs ModelJobs for the model manager's dialog. GUI thread only.

    Each job runs on the listing's models thread, which then lists the store again; once that
    listing is published it emits `succeeded(job, result)` or `failed(job, error)`, then
    `ended()`. While a job runs the dialog's actions and the getter's Get buttons are disabled.
    """

    succeeded = Signal(object, object)
    failed = Signal(object, object)
    ended = Signal()

    def __init__(
        self,
        dialog: ModelManagerDialog,
        listing: ModelListing,
        getter: ModelGetter,
        jobs: JobRunner,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.dialog = dialog
        self.listing = listing
        self.jobs = jobs
        self.getter = getter
        self.task: asyncio.Task[Any] | None = None
        self._retry: Callable[[], object] | None = None
        dialog.error_action.clicked.connect(self._on_error_action_clicked)
        dialog.errors.close_button.clicked.connect(dialog.error_action.hide)

    def start(self, job: ModelJob) -> asyncio.Task[Any]:
        """Run `job`; the task's result says whether it succeeded."""
        d = self.dialog
        self._retry = job.retry
        d.error_action.setText(job.retry_label)
        d.progress.begin(job.what)
        d.errors.hide()
        d.error_action.hide()
        d.notice.setText("")
        for button in d.action_buttons():
            button.setEnabled(False)
        self.getter.hold(True)
        self.task = spawn(self._run(job))
        return self.task

    def offer(self, label: str, action: Callable[[], object]) -> None:
        """Show the error action as `label`, doing `action`."""
        self._retry = action
        self.dialog.error_action.setText(label)
        self.dialog.error_action.show()

    async def _run(self, job: ModelJob) -> bool:
        d = self.dialog
        work = Job(job.what, job.work, self.listing.models_thread)
        try:
            outcome = await self.jobs.run(work, d.progress.token, d.progress.on_progress)
            await self.listing.reload()
        finally:
            d.progress.end()
            for button in d.action_buttons():
                button.setEnabled(True)
            self.getter.hold(False)
        if outcome.cancelled and outcome.error is not None:
            d.notice.setText(outcome.error.user_message)
        elif outcome.error is not None:
            d.errors.show_error(outcome.error)
            d.error_action.show()
            self.failed.emit(job, outcome.error)
        else:
            d.notice.setText(job.done(outcome.result))
            self.succeeded.emit(job, outcome.result)
        self.ended.emit()
        return outcome.succeeded

    def _on_error_action_clicked(self) -> None:
        if self._retry is not None:
            self._retry()
