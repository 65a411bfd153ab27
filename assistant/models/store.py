"""The installed models: one verified bundle folder per model id under `AppPaths.models`.

Installs and removals are renames on one filesystem, so a crash leaves either the old or the
new model, never half of one.

Thread rule: one thread owns a ModelStore and makes every call on it (list, find, verify,
install, remove, recover). In the GUI that is the models thread (`assistant.gui.jobs`); in the
CLI, the main thread. Another thread may only verify and read the files of one installed
bundle it was handed (the engine's and the triage LLM's warm-up, with `verify_bundle` and the
trusted keys), which an install or removal replaces by rename, never in place.
"""

from __future__ import annotations

import secrets
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from assistant.core.bounded_json import read_bounded
from assistant.core.errors import ModelNotInstalledError
from assistant.core.progress import ProgressCallback, no_progress
from assistant.models.errors import BundleRefusedError
from assistant.models.manifest import (
    MANIFEST_NAME,
    MAX_MANIFEST_BYTES,
    MODEL_ID_PATTERN,
    Manifest,
    parse_manifest,
)
from assistant.models.trust import TrustStore
from assistant.models.verify import VerifiedBundle, verify_bundle
from assistant.paths import AppPaths

STAGING_PREFIX = ".staging-"
REPLACED_PREFIX = ".replaced-"
REMOVING_PREFIX = ".removing-"
STALE_STAGING_SECONDS = 6 * 3600.0


@dataclass(frozen=True)
class InstalledModel:
    """One installed bundle, as its (signed, not yet re-verified) manifest describes it."""

    path: Path
    manifest: Manifest

    @property
    def model_id(self) -> str:
        """The manifest's model id (also the folder name)."""
        return self.manifest.model_id

    @property
    def kind(self) -> str:
        """ "m2m100" or "triage-llm"."""
        return self.manifest.kind


class ModelStore:
    """List, find, verify, install and remove the models under one data directory."""

    def __init__(self, paths: AppPaths, trust: TrustStore | None = None) -> None:
        self.paths = paths
        self.root = paths.models
        self._trust = trust

    @property
    def trust(self) -> TrustStore:
        """The trusted keys: the injected store, else read afresh (keys trusted since count)."""
        return self._trust if self._trust is not None else TrustStore.load(self.paths)

    def new_staging_dir(self) -> Path:
        """An empty folder on the models filesystem for building an install."""
        self.root.mkdir(parents=True, exist_ok=True, mode=0o700)
        path = self.root / f"{STAGING_PREFIX}{secrets.token_hex(6)}"
        path.mkdir(mode=0o700)
        return path

    def recover(self, stale_after_seconds: float = STALE_STAGING_SECONDS) -> None:
        """Undo or finish installs and removals that a crash interrupted. Call at start-up.

        A model whose replacement was cut short is restored; staging folders are deleted once
        untouched for `stale_after_seconds`, so an import running elsewhere is left alone.
        """
        if not self.root.is_dir():
            return
        now = time.time()
        for leftover in sorted(self.root.iterdir()):
            name = leftover.name
            if name.startswith(REPLACED_PREFIX):
                model_id = name[len(REPLACED_PREFIX) :].rsplit("-", 1)[0]
                if not (self.root / model_id).exists():
                    leftover.rename(self.root / model_id)
                    continue
            fresh = now - leftover.stat().st_mtime < stale_after_seconds
            if name.startswith(STAGING_PREFIX) and fresh:
                continue
            if name.startswith((STAGING_PREFIX, REPLACED_PREFIX, REMOVING_PREFIX)):
                shutil.rmtree(leftover, ignore_errors=True)

    def list(self) -> tuple[InstalledModel, ...]:
        """Installed models, sorted by id; folders with an unreadable manifest are skipped."""
        if not self.root.is_dir():
            return ()
        found = []
        for folder in sorted(self.root.iterdir()):
            if folder.name.startswith(".") or not (folder / MANIFEST_NAME).is_file():
                continue
            try:
                manifest = parse_manifest(read_bounded(folder / MANIFEST_NAME, MAX_MANIFEST_BYTES))
            except (BundleRefusedError, OSError):
                continue
            if manifest.model_id == folder.name:
                found.append(InstalledModel(folder, manifest))
        return tuple(found)

    def get(self, model_id: str) -> InstalledModel:
        """The installed model with this id, or ModelNotInstalledError."""
        for model in self.list():
            if model.model_id == model_id:
                return model
        raise ModelNotInstalledError(
            f"No model '{model_id}' is installed. See `assistant models list`, or install one "
            "with `assistant models import BUNDLE`."
        )

    def find(self, kind: str, preferred_id: str | None = None) -> InstalledModel | None:
        """The preferred model of `kind` if installed, else the first by id, else None."""
        candidates = [model for model in self.list() if model.kind == kind]
        chosen = [model for model in candidates if model.model_id == preferred_id]
        ranked = chosen or candidates
        return ranked[0] if ranked else None

    def translator(self, preferred_id: str | None = None) -> InstalledModel | None:
        """The installed M2M-100 translator bundle to load."""
        return self.find("m2m100", preferred_id)

    def triage(self, preferred_id: str | None = None) -> InstalledModel | None:
        """The installed triage-LLM bundle to load."""
        return self.find("triage-llm", preferred_id)

    def verify(self, model_id: str, on_progress: ProgressCallback = no_progress) -> VerifiedBundle:
        """Re-verify an installed model; the engine calls this before every load."""
        return verify_bundle(self.get(model_id).path, self.trust, on_progress)

    def install_verified(
        self, staging: Path, on_progress: ProgressCallback = no_progress
    ) -> InstalledModel:
        """Verify the bundle in `staging` (from `new_staging_dir`) and rename it into place."""
        try:
            verified = verify_bundle(staging, self.trust, on_progress)
            model_id = verified.manifest.model_id
            if not MODEL_ID_PATTERN.match(model_id):
                raise BundleRefusedError(f"'{model_id}' is not a valid model id.")
            target = self.root / model_id
            replaced = None
            if target.exists():
                replaced = self.root / f"{REPLACED_PREFIX}{model_id}-{secrets.token_hex(4)}"
                target.rename(replaced)
            staging.rename(target)
        finally:
            if staging.exists():
                shutil.rmtree(staging, ignore_errors=True)
        if replaced is not None:
            shutil.rmtree(replaced, ignore_errors=True)
        return InstalledModel(target, verified.manifest)

    def remove(self, model_id: str) -> None:
        """Uninstall one model (renamed away first, so a crash never leaves half of it)."""
        model = self.get(model_id)
        doomed = self.root / f"{REMOVING_PREFIX}{model_id}-{secrets.token_hex(4)}"
        model.path.rename(doomed)
        shutil.rmtree(doomed, ignore_errors=True)
