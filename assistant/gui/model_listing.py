"""The installed models as the GUI shows them: a snapshot the models thread reads and
publishes, so no widget lists the ModelStore on the GUI thread."""

from __future__ import annotations

import asyncio
from concurrent.futures import Executor

from PySide6.QtCore import QObject, Signal

from assistant.gui.jobs import Job, JobRunner
from assistant.gui.tasks import spawn
from assistant.models.store import InstalledModel, ModelStore


class ModelListing(QObject):
    """The last listing of `store`, read on `models_thread`. Lives on the GUI thread.

    `reload` queues a fresh listing behind whatever the models thread is doing (so it sees
    the install or removal that ran before it) and emits `changed(models)` once published.
    `models` is an immutable tuple, safe to read from any thread.
    """

    changed = Signal(object)

    def __init__(
        self,
        store: ModelStore,
        models_thread: Executor,
        jobs: JobRunner,
        models: tuple[InstalledModel, ...] = (),
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.models_thread = models_thread
        self.jobs = jobs
        self.models = models
        self.closed = False

    @classmethod
    def read_now(cls, store: ModelStore, models_thread: Executor, jobs: JobRunner) -> ModelListing:
        """A listing with its first snapshot already read on `models_thread` (at start-up,
        before any job is queued there, so the wait is one read of the manifests)."""
        return cls(store, models_thread, jobs, models_thread.submit(store.list).result())

    def reload(self) -> asyncio.Task[tuple[InstalledModel, ...]]:
        """List the store again on the models thread; the task ends once it is published."""
        return spawn(self._reload())

    def close(self) -> None:
        """Stop listing (the app is quitting and the models thread is shutting down)."""
        self.closed = True

    async def _reload(self) -> tuple[InstalledModel, ...]:
        if self.closed:
            return self.models
        job = Job("Listing models", lambda _progress: self.store.list(), self.models_thread)
        outcome = await self.jobs.run(job)
        if outcome.result is not None:
            self.models = outcome.result
            self.changed.emit(self.models)
        return self.models

    def find(self, model_id: str) -> InstalledModel | None:
        """The listed model with `model_id`, if the last listing had it."""
        return next((m for m in self.models if m.model_id == model_id), None)

    def translator(self) -> InstalledModel | None:
        """The listed translation model the engine loads (the store's own choice)."""
        return next((m for m in self.models if m.kind == "m2m100"), None)
