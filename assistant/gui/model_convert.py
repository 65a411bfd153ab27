"""Convert…: a local Hugging Face folder made into a bundle by a separate `assistant models
convert` process, then imported; the work of one models-thread Job.

The process keeps the converter's imports and numpy loops out of the app's interpreter. The
bundle goes to a fresh folder under the cache, deleted once the import ends, whatever happens.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from assistant.core.errors import CancelledError
from assistant.core.progress import ProgressCallback, parse_progress_line
from assistant.models.errors import ExportError
from assistant.models.picked_import import import_picked
from assistant.models.store import InstalledModel, ModelStore
from assistant.paths import AppPaths

POLL_SECONDS = 0.2
"""How often a running conversion checks whether it was cancelled."""
CANCELLED = "Conversion cancelled; nothing was installed."
STARTING = "convert: starting"
"""The stage shown until the child reports its first."""
MAX_MESSAGE_LINES = 200


def convert_arguments(paths: AppPaths, hf_dir: Path, out: Path) -> list[str]:
    """`python` arguments converting `hf_dir` into `out`, signed by this install's key.

    A `--data-dir` layout is passed on; platform directories need no option, and an
    `$ASSISTANT_DATA_DIR` override reaches the process through its inherited environment."""
    root = paths.data.parent
    data_dir = ["--data-dir", str(root)] if AppPaths.under(root) == paths else []
    return ["-m", "assistant", *data_dir, "models", "convert", str(hf_dir), "--out", str(out)]


def conversion_folder(paths: AppPaths, hf_dir: Path) -> Path:
    """A fresh, empty folder under the cache for one conversion of `hf_dir`."""
    converted = paths.cache / "converted"
    converted.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f"{hf_dir.name}-", dir=converted))


class _ChildReports:
    """The child's stderr read on a thread of its own: its latest progress report (its stage
    shown as a step of "convert"), and the other lines (its error message, if it fails)."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.latest: tuple[str, float] = (STARTING, 0.0)
        self.other_lines: list[str] = []
        self._thread = threading.Thread(target=self._read, args=(process,), daemon=True)
        self._thread.start()

    def _read(self, process: subprocess.Popen[str]) -> None:
        assert process.stderr is not None
        for line in process.stderr:
            report = parse_progress_line(line)
            if report is not None:
                self.latest = (f"convert: {report[0]}", report[1])
            elif len(self.other_lines) < MAX_MESSAGE_LINES:
                self.other_lines.append(line.rstrip())

    def message(self) -> str:
        self._thread.join(timeout=POLL_SECONDS * 10)
        return "\n".join(line for line in self.other_lines if line).strip()


def run_conversion(paths: AppPaths, hf_dir: Path, out: Path, on_progress: ProgressCallback) -> None:
    """Convert `hf_dir` into `out` in a child process, passing on its progress. A progress
    callback that returns False kills it (CancelledError); a failed conversion raises
    ExportError with its message."""
    command = [sys.executable, *convert_arguments(paths, hf_dir, out), "--progress-lines"]
    process = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        errors="replace",
    )
    reports = _ChildReports(process)
    while True:
        try:
            process.wait(timeout=POLL_SECONDS)
            break
        except subprocess.TimeoutExpired:
            if not on_progress(*reports.latest):
                process.kill()
                process.wait()
                raise CancelledError(CANCELLED) from None
    message = reports.message()
    if process.returncode != 0:
        raise ExportError(message or f"Conversion failed ({process.returncode}).")
    on_progress(*reports.latest)  # the child's last report, which the polls may have missed


def convert_and_import(
    paths: AppPaths, store: ModelStore, hf_dir: Path, on_progress: ProgressCallback
) -> InstalledModel:
    """Convert `hf_dir` and import the bundle into `store`. Runs on the models thread."""
    out = conversion_folder(paths, hf_dir)
    try:
        run_conversion(paths, hf_dir, out, on_progress)
        return import_picked(out, store, on_progress)
    finally:
        shutil.rmtree(out, ignore_errors=True)
