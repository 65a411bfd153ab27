"""The model manager's behaviour: list and verify models, import, install, convert, remove.

Store operations run on one models thread (the store is single-writer); conversion runs as a
separate `assistant models convert` process, because the export tools must never load into
the app. Every failure is shown with an action that retries it.
"""

from __future__ import annotations

import asyncio
import shutil
import sys
import tempfile
from collections.abc import Callable
from concurrent.futures import Executor
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QProcess, QProcessEnvironment, Signal
from PySide6.QtWidgets import QFileDialog, QInputDialog, QTableWidgetItem, QWidget

from assistant.core.errors import AssistantError, CancelledError
from assistant.core.progress import ProgressCallback
from assistant.gui.model_manager_dialog import ModelManagerDialog
from assistant.gui.relay import ProgressRelay
from assistant.gui.tasks import spawn
from assistant.models.download import install_from_url
from assistant.models.errors import BundleRefusedError, DownloadError
from assistant.models.importer import import_bundle
from assistant.models.store import InstalledModel, ModelStore
from assistant.paths import AppPaths


def convert_arguments(paths: AppPaths, hf_dir: Path, out: Path) -> list[str]:
    """`python` arguments converting `hf_dir` into `out`, signed by this install's key.

    A `--data-dir` layout is passed on; platform directories need no option, and an
    `$ASSISTANT_DATA_DIR` override reaches the process through its inherited environment."""
    root = paths.data.parent
    data_dir = ["--data-dir", str(root)] if AppPaths.under(root) == paths else []
    return ["-m", "assistant", *data_dir, "models", "convert", str(hf_dir), "--out", str(out)]


def _size_text(path: Path) -> str:
    total = sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return f"{total / 1e6:.1f} MB"


class ModelManager(QObject):
    """Controller of a ModelManagerDialog. GUI thread only.

    `models_changed` fires after an install or removal, so the engine can (re)load.
    """

    models_changed = Signal()

    def __init__(
        self,
        paths: AppPaths,
        store: ModelStore,
        models_thread: Executor,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.paths = paths
        self.store = store
        self.models_thread = models_thread
        self.dialog = ModelManagerDialog(parent)
        self.verification: dict[str, str] = {}
        self.task: asyncio.Task[Any] | None = None
        self._retry: Callable[[], object] | None = None
        self._process: QProcess | None = None
        d = self.dialog
        d.import_file_button.clicked.connect(self._on_import_file_clicked)
        d.import_folder_button.clicked.connect(self._on_import_folder_clicked)
        d.install_url_button.clicked.connect(self._on_install_url_clicked)
        d.convert_button.clicked.connect(self._on_convert_clicked)
        d.verify_button.clicked.connect(self._on_verify_clicked)
        d.remove_button.clicked.connect(self._on_remove_clicked)
        d.error_action.clicked.connect(self._on_error_action_clicked)

    def open(self) -> None:
        """Show the dialog and refresh the list."""
        self.refresh()
        self.dialog.show()
        self.dialog.raise_()

    def refresh(self) -> None:
        """Re-read the installed models into the table (cheap: manifests only)."""
        models = self.store.list()
        table = self.dialog.table
        table.setRowCount(len(models))
        for row, model in enumerate(models):
            values = (
                model.model_id,
                model.kind,
                model.manifest.recipe,
                _size_text(model.path),
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
        return self._start(
            f"Importing {source.name}",
            lambda progress: import_bundle(source, self.store, progress),
            lambda: self.import_path(source),
            "Import again",
            done=lambda model: f"Installed {model.model_id} (verified).",
        )

    def verify(self, model_id: str) -> asyncio.Task[Any]:
        """Re-verify one installed model's signature and files."""
        return self._start(
            f"Verifying {model_id}",
            lambda progress: self.store.verify(model_id, progress),
            lambda: self.verify(model_id),
            "Verify again",
            done=lambda _bundle: f"{model_id} verified: signature and every file match.",
            model_id=model_id,
        )

    def remove(self, model_id: str) -> asyncio.Task[Any]:
        """Uninstall one model."""
        return self._start(
            f"Removing {model_id}",
            lambda _progress: self.store.remove(model_id),
            lambda: self.remove(model_id),
            "Try again",
            done=lambda _none: f"Removed {model_id}.",
        )

    def install_url(self, url: str, sha256: str) -> asyncio.Task[Any]:
        """Download a bundle archive with a pinned SHA-256, then import it."""
        return self._start(
            "Downloading",
            lambda progress: install_from_url(url, sha256, self.store, progress),
            lambda: self.install_url(url, sha256),
            "Re-download",
            done=lambda model: f"Installed {model.model_id} from {url} (verified).",
        )

    def _start(
        self,
        what: str,
        job: Callable[[ProgressCallback], Any],
        retry: Callable[[], Any],
        retry_label: str,
        done: Callable[[Any], str],
        model_id: str | None = None,
    ) -> asyncio.Task[Any]:
        self._retry = retry
        d = self.dialog
        d.error_action.setText(retry_label)
        d.progress.begin(what)
        d.errors.hide()
        d.error_action.hide()
        d.notice.setText("")
        for button in d.action_buttons():
            button.setEnabled(False)
        self.task = spawn(self._run(job, done, model_id))
        return self.task

    async def _run(
        self,
        job: Callable[[ProgressCallback], Any],
        done: Callable[[Any], str],
        model_id: str | None,
    ) -> None:
        d = self.dialog
        relay = ProgressRelay(d.progress.token)
        relay.progressed.connect(d.progress.on_progress)
        loop = asyncio.get_running_loop()
        try:
            outcome = await loop.run_in_executor(self.models_thread, job, relay.on_progress)
        except CancelledError as error:
            d.notice.setText(error.user_message)
        except AssistantError as error:
            if model_id is not None:
                self.verification[model_id] = f"refused: {error.user_message}"
            d.errors.show_error(error)
            retryable = isinstance(error, (BundleRefusedError, DownloadError, OSError))
            d.error_action.setVisible(retryable or self._retry is not None)
        else:
            if model_id is not None:
                self.verification[model_id] = "verified ✓"
            if isinstance(outcome, InstalledModel):
                self.verification[outcome.model_id] = "verified ✓"
            d.notice.setText(done(outcome))
            if model_id is None:
                self.models_changed.emit()
        finally:
            d.progress.end()
            for button in d.action_buttons():
                button.setEnabled(True)
            relay.deleteLater()
            self.refresh()

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

    def _on_install_url_clicked(self) -> None:
        url, ok = QInputDialog.getText(self.dialog, "Install from URL", "Bundle URL (https://…):")
        if not ok or not url.strip():
            return
        sha, ok = QInputDialog.getText(
            self.dialog, "Install from URL", "The bundle's SHA-256 (64 hex digits):"
        )
        if ok and sha.strip():
            self.install_url(url.strip(), sha.strip().lower())

    def _on_convert_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(self.dialog, "A Hugging Face M2M-100 folder")
        if folder:
            self.convert(Path(folder))

    def convert(self, hf_dir: Path) -> QProcess:
        """Convert a Hugging Face folder in a separate process, then import the bundle.

        The bundle goes to a fresh folder under the cache, deleted once the import ends."""
        converted = self.paths.cache / "converted"
        converted.mkdir(parents=True, exist_ok=True)
        out = Path(tempfile.mkdtemp(prefix=f"{hf_dir.name}-", dir=converted))
        process = QProcess(self)
        process.setProcessEnvironment(QProcessEnvironment.systemEnvironment())
        process.setProgram(sys.executable)
        process.setArguments(convert_arguments(self.paths, hf_dir, out))
        self._process = process
        self.dialog.errors.hide()
        self.dialog.error_action.hide()
        self.dialog.notice.setText("")
        token = self.dialog.progress.begin(f"Converting {hf_dir.name} (this takes minutes)")
        self.dialog.progress.bar.setRange(0, 0)

        def finished(code: int, _status: QProcess.ExitStatus) -> None:
            self.dialog.progress.bar.setRange(0, 1000)
            self.dialog.progress.end()
            if token.cancelled or code != 0:
                shutil.rmtree(out, ignore_errors=True)
            if token.cancelled:
                self.dialog.notice.setText("Conversion cancelled; nothing was installed.")
                return
            if code != 0:
                error = bytes(process.readAllStandardError().data()).decode(errors="replace")
                self._offer_convert_again(hf_dir)
                self.dialog.errors.show_message(error.strip() or f"Conversion failed ({code}).")
                return
            task = self.import_path(out)
            task.add_done_callback(lambda _done: self._on_converted_import_done(hf_dir, out))

        self.dialog.progress.cancel_button.clicked.connect(process.kill)
        process.finished.connect(finished)
        process.start()
        return process

    def _offer_convert_again(self, hf_dir: Path) -> None:
        self._retry = lambda: self.convert(hf_dir)
        self.dialog.error_action.setText("Convert again")
        self.dialog.error_action.show()

    def _on_converted_import_done(self, hf_dir: Path, out: Path) -> None:
        shutil.rmtree(out, ignore_errors=True)
        if self.dialog.errors.isVisibleTo(self.dialog):
            self._offer_convert_again(hf_dir)  # the converted bundle is gone; redo it all

    def _on_verify_clicked(self) -> None:
        model_id = self.selected_model()
        if model_id:
            self.verify(model_id)

    def _on_remove_clicked(self) -> None:
        model_id = self.selected_model()
        if model_id:
            self.remove(model_id)

    def _on_error_action_clicked(self) -> None:
        if self._retry is not None:
            self._retry()
