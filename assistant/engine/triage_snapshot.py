"""A private copy of a triage-LLM bundle, written from the bytes its verification hashed.

`openvino_genai.LLMPipeline` only loads from a path, so it cannot be handed the proven bytes
the way the M2M-100 engine is. This `Capture` writes every file, chunk by chunk right after
the chunk is hashed, into a fresh folder only this user can enter (a staging folder of the
model store); the pipeline then loads that copy. A file swapped in the bundle after it was
hashed never reaches the pipeline, and a bundle that fails verification leaves no copy.

On POSIX the copy is removed as soon as the pipeline has loaded (what it still maps stays
readable through its open mappings); elsewhere it is removed when the pipeline is closed. A
copy left by a crash is an abandoned staging folder, which the store's start-up recovery
removes. One request thread at a time.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import BinaryIO

from assistant.core.errors import EngineError
from assistant.models.hashing import Sink
from assistant.models.triage import triage_entry
from assistant.models.verify import VerifiedBundle


class TriageSnapshotError(EngineError):
    """The private copy of the triage model could not be written."""

    def __init__(self, folder: Path, error: OSError) -> None:
        super().__init__(
            f"The triage model could not be copied to {folder} for loading "
            f"({error.strerror or error}). Free some disk space; requests still work "
            "without it."
        )


class _FileSink:
    """One file of the copy, written in order as its bytes are hashed."""

    def __init__(self, folder: Path, target: Path) -> None:
        self._folder = folder
        try:
            target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            self._handle: BinaryIO = target.open("xb")
        except OSError as error:
            raise TriageSnapshotError(folder, error) from error

    def write_all(self, data: memoryview) -> None:
        """Append `data`, a chunk that was just hashed."""
        try:
            self._handle.write(data)
        except OSError as error:
            raise TriageSnapshotError(self._folder, error) from error

    def close(self) -> None:
        self._handle.close()


class TriageSnapshot:
    """The verification `Capture` that keeps a triage bundle as a private folder."""

    def __init__(self, bundle: Path, folder: Path) -> None:
        self.bundle = Path(bundle)
        self.folder = Path(folder)
        self.proven: VerifiedBundle | None = None
        self._sinks: list[_FileSink] = []

    def wants(self, root: Path) -> bool:
        """True for the bundle this copy is of (by identity, not by spelling)."""
        try:
            return Path(root).samefile(self.bundle)
        except OSError:
            return False

    def buffer(self, path: str, size: int) -> memoryview | Sink | None:
        """Every file of the bundle is kept: the pipeline may read any of them."""
        self.proven = None
        sink = _FileSink(self.folder, self.folder / path)
        self._sinks.append(sink)
        return sink

    def verified(self, bundle: VerifiedBundle) -> None:
        """Every file was proven: the copy now holds the signed bytes."""
        self._close_sinks()
        self.proven = bundle

    def entry(self) -> Path:
        """What to hand to `LLMPipeline`: the copy's GGUF file, or the copy's folder."""
        if self.proven is None:
            raise TriageSnapshotError(self.folder, OSError("the copy was not verified"))
        return triage_entry(self.folder, self.proven.manifest)

    def loaded(self) -> None:
        """The pipeline has loaded: on POSIX the copy's names are no longer needed."""
        if os.name == "posix":
            self.remove()

    def remove(self) -> None:
        """Delete the copy (idempotent; a file still open elsewhere is left for recovery)."""
        self._close_sinks()
        shutil.rmtree(self.folder, ignore_errors=True)

    def _close_sinks(self) -> None:
        for sink in self._sinks:
            sink.close()
        self._sinks.clear()
