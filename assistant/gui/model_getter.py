"""Get: a catalogue model or a Hub repo downloaded, checked, converted, signed with the install
key and installed, shown in every attached CatalogueView.

One Get runs at a time, on the models thread (the store is single-writer), which also opens the
install key. A download that fails part-way is kept, so Resume continues it; Cancel deletes it,
and quitting the app keeps it for the next Get.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal

from assistant.core.cancel import CancelToken
from assistant.core.progress import ProgressCallback
from assistant.gui.catalogue_view import CatalogueView, RowText, entry_text, repo_text
from assistant.gui.jobs import Job, JobOutcome, JobRunner
from assistant.gui.model_listing import ModelListing
from assistant.gui.sizes import size_text
from assistant.gui.tasks import spawn
from assistant.models.catalogue import load_catalogue
from assistant.models.hub_plan import resolve_source
from assistant.models.install_key import open_install_key
from assistant.models.model_get import GetRequest, get_model
from assistant.models.recipes import DEFAULT_RECIPE
from assistant.models.store import InstalledModel, ModelStore
from assistant.paths import AppPaths


@dataclass
class GetItem:
    """One row: what Get asks for, the repo it comes from, and the last failure."""

    text: RowText
    request: GetRequest
    repo: str
    failure: str = ""


@dataclass(frozen=True)
class GetOutcome:
    """A finished Get: the installed model, and the install key's fallback notice if any."""

    model: InstalledModel
    key_notice: str | None


def run_get(
    paths: AppPaths,
    store: ModelStore,
    request: GetRequest,
    on_progress: ProgressCallback,
    cancel: CancelToken,
) -> GetOutcome:
    """Open the install key and get the model. Models thread only."""
    key = open_install_key(paths)
    assert key is not None, "open_install_key creates the key when it is missing"
    installed = get_model(request, store, key.private, on_progress, cancel)
    return GetOutcome(installed, key.notice)


def source_repo(model: InstalledModel) -> str:
    """The Hub repo an installed model was got from ("" for imported bundles)."""
    return model.manifest.versions.get("source", "").partition("@")[0]


class ModelGetter(QObject):
    """Controller of the catalogue views. GUI thread only.

    `models_changed` fires after a Get installed a model, so the engine can (re)load;
    `busy_changed` while a Get runs, so other model operations wait.
    """

    models_changed = Signal()
    busy_changed = Signal(bool)

    def __init__(
        self,
        paths: AppPaths,
        listing: ModelListing,
        jobs: JobRunner,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.paths = paths
        self.listing = listing
        self.jobs = jobs
        listing.changed.connect(self.refresh)
        self.items = {
            entry.entry_id: GetItem(
                entry_text(entry, DEFAULT_RECIPE), GetRequest(entry.entry_id), entry.repo
            )
            for entry in load_catalogue()
        }
        self.views: list[CatalogueView] = []
        self.installed: dict[str, InstalledModel] = {}
        self.running: str | None = None
        self.token = CancelToken()
        self.task: asyncio.Task[Any] | None = None
        self.held = False
        self.notice = ""

    @property
    def busy(self) -> bool:
        """True while a Get runs."""
        return self.running is not None

    def attach(self, view: CatalogueView) -> None:
        """Show the catalogue in `view` and act on its Get and Resume buttons."""
        self.views.append(view)
        view.get_requested.connect(self._on_get_requested)
        self.refresh()

    def hold(self, held: bool) -> None:
        """Disable Get while another model operation runs (`held`), or enable it again."""
        self.held = held
        self.refresh()

    def refresh(self) -> None:
        """Redraw every row, with what the last listing says is installed."""
        models = self.listing.models
        self.installed = {source_repo(m): m for m in models if source_repo(m)}
        for view in self.views:
            view.set_notice(self.notice)
            for key in self.items:
                self._draw(view, key)

    def key_of(self, source: str) -> str:
        """The row of a catalogue id or Hub repo id (BadInputError for anything else)."""
        repo, entry = resolve_source(source)
        return entry.entry_id if entry is not None else repo

    def get(self, request: GetRequest) -> asyncio.Task[Any]:
        """Start getting what `request` names; its row shows the progress."""
        key = self.key_of(request.source)
        item = self.items.get(key)
        if item is None:
            item = self.items[key] = GetItem(repo_text(key), request, key)
        item.request = request
        item.failure = ""
        self.running = key
        self.token = CancelToken()
        self.notice = ""
        self.refresh()
        self.busy_changed.emit(True)
        self.task = spawn(self._run(key, item))
        return self.task

    def cancel(self) -> None:
        """Stop the running Get at its next progress report, as its Cancel button does (the
        partial download is deleted)."""
        self.token.cancel()

    def _draw(self, view: CatalogueView, key: str) -> None:
        item = self.items[key]
        row = view.row(key, item.text)
        installed = self.installed.get(item.repo)
        can_get = not self.busy and not self.held
        if key == self.running:
            if row.progress.isHidden():
                row.show_running(f"Getting {item.text.title}", self.token)
        elif installed is not None:
            row.show_installed(f"✓ Installed as {installed.model_id}")
        elif item.failure:
            row.show_failed(item.failure, can_get)
        else:
            row.show_idle(can_get)

    async def _run(self, key: str, item: GetItem) -> bool:
        rows = [view.rows[key].progress for view in self.views]

        def show(stage: object, fraction: float) -> None:
            for row in rows:
                row.on_progress(str(stage), fraction)

        token = self.token
        job = Job(
            f"Getting {item.text.title}",
            lambda progress: run_get(self.paths, self.listing.store, item.request, progress, token),
            self.listing.models_thread,
        )
        try:
            installed = self._settle(item, await self.jobs.run(job, self.token, show))
            await self.listing.reload()
        finally:
            self.running = None
            self.refresh()
            self.busy_changed.emit(False)
        if installed is not None:
            self.models_changed.emit()
        return installed is not None

    def _settle(self, item: GetItem, outcome: JobOutcome[GetOutcome]) -> InstalledModel | None:
        """Note how the Get ended (the notice or the row's failure); the installed model."""
        if outcome.cancelled and outcome.error is not None:
            self.notice = outcome.error.user_message
        elif outcome.error is not None:
            item.failure = outcome.error.user_message
        elif outcome.result is not None:
            installed = outcome.result.model
            size = size_text(installed.manifest.total_size)
            done = f"Installed {installed.model_id} ({size}, verified)."
            key_notice = outcome.result.key_notice
            self.notice = f"{done} {key_notice}" if key_notice else done
            return installed
        return None

    def _on_get_requested(self, key: str) -> None:
        self.get(self.items[key].request)
