"""Convert…: a local Hugging Face folder made into a bundle by a separate `assistant models
convert` process, then imported.

The bundle goes to a fresh folder under the cache, deleted once the import ends.
"""

from __future__ import annotations

import asyncio
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QProcess, QProcessEnvironment

from assistant.gui.model_manager_dialog import ModelManagerDialog
from assistant.paths import AppPaths

ImportPath = Callable[[Path], "asyncio.Task[Any]"]
"""Imports a bundle folder; the task's result says whether it was installed."""
OfferRetry = Callable[[str, Callable[[], object]], None]
"""Shows the error action with a label and what it does."""


def convert_arguments(paths: AppPaths, hf_dir: Path, out: Path) -> list[str]:
    """`python` arguments converting `hf_dir` into `out`, signed by this install's key.

    A `--data-dir` layout is passed on; platform directories need no option, and an
    `$ASSISTANT_DATA_DIR` override reaches the process through its inherited environment."""
    root = paths.data.parent
    data_dir = ["--data-dir", str(root)] if AppPaths.under(root) == paths else []
    return ["-m", "assistant", *data_dir, "models", "convert", str(hf_dir), "--out", str(out)]


class ModelConverter(QObject):
    """Runs conversions for the model manager's dialog. GUI thread only."""

    def __init__(
        self,
        paths: AppPaths,
        dialog: ModelManagerDialog,
        import_path: ImportPath,
        offer_retry: OfferRetry,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.paths = paths
        self.dialog = dialog
        self.import_path = import_path
        self.offer_retry = offer_retry
        self.process: QProcess | None = None

    def convert(self, hf_dir: Path) -> QProcess:
        """Convert `hf_dir` in a separate process, then import the bundle."""
        converted = self.paths.cache / "converted"
        converted.mkdir(parents=True, exist_ok=True)
        out = Path(tempfile.mkdtemp(prefix=f"{hf_dir.name}-", dir=converted))
        process = QProcess(self)
        process.setProcessEnvironment(QProcessEnvironment.systemEnvironment())
        process.setProgram(sys.executable)
        process.setArguments(convert_arguments(self.paths, hf_dir, out))
        self.process = process
        d = self.dialog
        d.errors.hide()
        d.error_action.hide()
        d.notice.setText("")
        token = d.progress.begin(f"Converting {hf_dir.name} (this takes minutes)")
        d.progress.bar.setRange(0, 0)

        def finished(code: int, _status: QProcess.ExitStatus) -> None:
            d.progress.bar.setRange(0, 1000)
            d.progress.end()
            if token.cancelled or code != 0:
                shutil.rmtree(out, ignore_errors=True)
            if token.cancelled:
                d.notice.setText("Conversion cancelled; nothing was installed.")
                return
            if code != 0:
                error = bytes(process.readAllStandardError().data()).decode(errors="replace")
                self._offer_convert_again(hf_dir)
                d.errors.show_message(error.strip() or f"Conversion failed ({code}).")
                return
            task = self.import_path(out)
            task.add_done_callback(lambda done: self._on_import_done(hf_dir, out, done))

        d.progress.cancel_button.clicked.connect(process.kill)
        process.finished.connect(finished)
        process.start()
        return process

    def _offer_convert_again(self, hf_dir: Path) -> None:
        self.offer_retry("Convert again", lambda: self.convert(hf_dir))

    def _on_import_done(self, hf_dir: Path, out: Path, done: asyncio.Task[Any]) -> None:
        shutil.rmtree(out, ignore_errors=True)
        if done.cancelled() or not done.result():
            self._offer_convert_again(hf_dir)  # the converted bundle is gone; redo it all
