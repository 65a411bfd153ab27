"""The model manager's behaviour: list and verify models; get, import, install, convert and
remove them; trust publisher keys.

Store operations, conversion included, run as ModelJobs on the one models thread that owns the
store, Gets through the ModelGetter on the same thread. Every failure is shown with an action
that retries it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QTableWidgetItem, QWidget

from assistant.core.errors import AssistantError
from assistant.gui.hub_get_prompt import HubGetPrompt
from assistant.gui.jobs import JobRunner
from assistant.gui.model_convert import convert_and_import
from assistant.gui.model_getter import ModelGetter
from assistant.gui.model_jobs import ModelJob, ModelJobRunner
from assistant.gui.model_listing import ModelListing
from assistant.gui.model_manager_dialog import ModelManagerDialog
from assistant.gui.questions import ask_text, ask_yes_no
from assistant.gui.sizes import size_text
from assistant.models.download import install_from_url
from assistant.models.errors import BundleRefusedError
from assistant.models.picked_import import NOT_A_BUNDLE, import_picked
from assistant.models.store import InstalledModel
from assistant.models.trust import trust_key_file
from assistant.paths import AppPaths

UNTRUSTED_KEY = "untrusted-key"
UNTRUSTED_KEY_MESSAGE = (
    "This bundle is signed by a publisher key that this install does not trust. If you know "
    "and trust its publisher, click “Trust a key file…” and choose their public key file; the "
    "import then runs again."
)


class ModelManager(QObject):
    """Controller of a ModelManagerDialog. GUI thread only.

    `models_changed` fires after an install or removal, so the engine can (re)load. While
    `getter` runs a Get, the dialog's other actions wait, and the other way round.
    """

    models_changed = Signal()

    def __init__(
        self,
        paths: AppPaths,
        listing: ModelListing,
        getter: ModelGetter,
        jobs: JobRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.paths = paths
        self.listing = listing
        self.store = listing.store
        """Written by the jobs only, on `listing.models_thread`."""
        self.dialog = ModelManagerDialog(parent)
        self.verification: dict[str, str] = {}
        self.importing: Path | None = None
        """What the user last picked to import (its refusal offers to pick another)."""
        d = self.dialog
        self.jobs = ModelJobRunner(d, listing, getter, jobs, self)
        self.hub_prompt = HubGetPrompt(getter, d, d.errors)
        getter.attach(d.catalogue)
        getter.busy_changed.connect(self._on_getter_busy_changed)
        getter.models_changed.connect(self.refresh)
        self.models_changed.connect(getter.refresh)
        self.jobs.succeeded.connect(self._on_job_succeeded)
        self.jobs.failed.connect(self._on_job_failed)
        listing.changed.connect(self.refresh)
        self.jobs.ended.connect(self.refresh)
        d.get_from_hub_button.clicked.connect(self.hub_prompt.ask)
        d.trust_key_button.clicked.connect(self._on_trust_key_clicked)
        d.import_file_button.clicked.connect(self._on_import_file_clicked)
        d.import_folder_button.clicked.connect(self._on_import_folder_clicked)
        d.install_url_button.clicked.connect(self._on_install_url_clicked)
        d.convert_button.clicked.connect(self._on_convert_clicked)
        d.verify_button.clicked.connect(self._on_verify_clicked)
        d.remove_button.clicked.connect(self._on_remove_clicked)

    def open(self) -> None:
        """Show the dialog with the last listing, and list the models again."""
        self.refresh()
        self.listing.reload()
        self.dialog.show()
        self.dialog.raise_()

    def refresh(self) -> None:
        """Draw the last listing of the installed models into the table."""
        models = self.listing.models
        table = self.dialog.table
        table.setRowCount(len(models))
        for row, model in enumerate(models):
            values = (
                model.model_id,
                model.kind,
                model.manifest.recipe,
                size_text(model.manifest.total_size),
                self.verification.get(model.model_id, "not checked yet"),
            )
            for column, value in enumerate(values):
                table.setItem(row, column, QTableWidgetItem(value))
        self.dialog.empty.setVisible(not models)
        if models and table.currentRow() < 0:
            table.selectRow(0)

    def selected_model(self) -> str | None:
        """The model id of the selected row."""
        item = self.dialog.table.item(self.dialog.table.currentRow(), 0)
        return item.text() if item is not None else None

    def import_path(self, source: Path) -> asyncio.Task[Any]:
        """Import a bundle folder or archive (what the Import buttons do after the file picker)."""
        self.importing = source
        return self.jobs.start(
            ModelJob(
                f"Importing {source.name}",
                lambda progress: import_picked(source, self.store, progress),
                "Import again",
                lambda: self.import_path(source),
                done=lambda model: f"Installed {model.model_id} (verified).",
            )
        )

    def convert(self, hf_dir: Path) -> asyncio.Task[Any]:
        """Convert a Hugging Face folder in a separate process, then import the bundle."""
        return self.jobs.start(
            ModelJob(
                f"Converting {hf_dir.name} (this takes minutes)",
                lambda progress: convert_and_import(self.paths, self.store, hf_dir, progress),
                "Convert again",
                lambda: self.convert(hf_dir),
                done=lambda model: f"Converted and installed {model.model_id} (verified).",
            )
        )

    def verify(self, model_id: str) -> asyncio.Task[Any]:
        """Re-verify one installed model's signature and files."""
        return self.jobs.start(
            ModelJob(
                f"Verifying {model_id}",
                lambda progress: self.store.verify(model_id, progress),
                "Verify again",
                lambda: self.verify(model_id),
                done=lambda _bundle: f"{model_id} verified: signature and every file match.",
                verifies=model_id,
                reload=False,
            )
        )

    def ask_remove(self, model_id: str) -> QMessageBox:
        """Ask whether to remove `model_id`, naming the space it frees; removes it on Yes."""
        model = self.listing.find(model_id)
        size = size_text(model.manifest.total_size) if model is not None else "all"
        return ask_yes_no(
            self.dialog,
            "Remove model?",
            f"Remove {model_id} ({size})?",
            f"This deletes its {size} of files from this computer. To use it again, get or "
            "import it again.",
            lambda: self.remove(model_id),
        )

    def remove(self, model_id: str) -> asyncio.Task[Any]:
        """Uninstall one model."""
        return self.jobs.start(
            ModelJob(
                f"Removing {model_id}",
                lambda _progress: self.store.remove(model_id),
                "Try again",
                lambda: self.remove(model_id),
                done=lambda _none: f"Removed {model_id}.",
            )
        )

    def install_url(self, url: str, sha256: str) -> asyncio.Task[Any]:
        """Download a bundle archive with a pinned SHA-256, then import it."""
        return self.jobs.start(
            ModelJob(
                "Downloading",
                lambda progress: install_from_url(url, sha256, self.store, progress),
                "Re-download",
                lambda: self.install_url(url, sha256),
                done=lambda model: f"Installed {model.model_id} from {url} (verified).",
            )
        )

    def trust_key(self, key_file: Path) -> asyncio.Task[Any]:
        """Trust bundles signed by the publisher's public key in `key_file` (PEM)."""
        return self.jobs.start(
            ModelJob(
                f"Trusting {key_file.name}",
                lambda _progress: trust_key_file(self.paths, key_file),
                "Try again",
                lambda: self.trust_key(key_file),
                done=lambda key: f"Bundles signed by key {key.key_id} are trusted now.",
                reload=False,
            )
        )

    def _on_job_succeeded(self, job: ModelJob, outcome: object) -> None:
        if job.verifies is not None:
            self.verification[job.verifies] = "verified ✓"
        if isinstance(outcome, InstalledModel):
            self.verification[outcome.model_id] = "verified ✓"
        if job.reload:
            self.models_changed.emit()

    def _on_job_failed(self, job: ModelJob, error: AssistantError) -> None:
        if job.verifies is not None:
            self.verification[job.verifies] = f"refused: {error.user_message}"
        if isinstance(error, BundleRefusedError) and error.reason == UNTRUSTED_KEY:
            self.dialog.errors.show_message(UNTRUSTED_KEY_MESSAGE)
            self.jobs.offer("Trust a key file…", lambda: self._trust_then(job.retry))
        elif isinstance(error, BundleRefusedError) and error.reason == NOT_A_BUNDLE:
            if self.importing is not None and self.importing.is_dir():
                self.jobs.offer("Choose another folder…", self._on_import_folder_clicked)
            else:
                self.jobs.offer("Choose another file…", self._on_import_file_clicked)

    def _ask_key_file(self) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(
            self.dialog, "Trust a publisher's public key", "", "Public keys (*.pem);;All files (*)"
        )
        return Path(name) if name else None

    def _trust_then(self, retry: Callable[[], object]) -> None:
        key_file = self._ask_key_file()
        if key_file is not None:
            task = self.trust_key(key_file)
            task.add_done_callback(lambda done: done.cancelled() or not done.result() or retry())

    def _on_trust_key_clicked(self) -> None:
        key_file = self._ask_key_file()
        if key_file is not None:
            self.trust_key(key_file)

    def _on_import_file_clicked(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self.dialog, "Import a model bundle", "", "Bundles (*.tar *.tar.gz *.tgz *.zip)"
        )
        if name:
            self.import_path(Path(name))

    def _on_import_folder_clicked(self) -> None:
        name = QFileDialog.getExistingDirectory(self.dialog, "Import a bundle folder")
        if name:
            self.import_path(Path(name))

    def _on_install_url_clicked(self) -> QInputDialog:
        return ask_text(
            self.dialog, "Install from URL", "Bundle URL (https://…):", self._on_url_given
        )

    def _on_url_given(self, url: str) -> None:
        if url.strip():
            ask_text(
                self.dialog,
                "Install from URL",
                "The bundle's SHA-256 (64 hex digits):",
                lambda sha: self._on_sha_given(url.strip(), sha),
            )

    def _on_sha_given(self, url: str, sha: str) -> None:
        if sha.strip():
            self.install_url(url, sha.strip().lower())

    def _on_convert_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(self.dialog, "A Hugging Face M2M-100 folder")
        if folder:
            self.convert(Path(folder))

    def _on_verify_clicked(self) -> None:
        model_id = self.selected_model()
        if model_id:
            self.verify(model_id)

    def _on_remove_clicked(self) -> None:
        model_id = self.selected_model()
        if model_id:
            self.ask_remove(model_id)

    def _on_getter_busy_changed(self, busy: bool) -> None:
        for button in self.dialog.action_buttons():
            button.setEnabled(not busy)
