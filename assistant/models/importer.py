"""Import a bundle folder or archive: copy or unpack into staging, verify, then install atomically.

Nothing under the models folder changes unless the whole bundle verified. Worker thread only.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from assistant.core.errors import BadInputError
from assistant.core.progress import ProgressCallback, no_progress
from assistant.models.archive import extract_archive, is_archive
from assistant.models.errors import BundleRefusedError, CancelledError
from assistant.models.manifest import MANIFEST_NAME, SIGNATURE_NAME, parse_manifest
from assistant.models.signing import sign_manifest
from assistant.models.store import InstalledModel, ModelStore
from assistant.models.verify import scan_bundle_files

COPY_STAGE = "copy"


def _copy_folder(source: Path, staging: Path, on_progress: ProgressCallback) -> None:
    files = sorted(scan_bundle_files(source))
    total = sum((source / name).stat().st_size for name in files) or 1
    done = 0
    for relative in files:
        target = staging / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / relative, target, follow_symlinks=False)
        done += target.stat().st_size
        if not on_progress(COPY_STAGE, done / total):
            raise CancelledError("Importing the model was cancelled; nothing was installed.")


def _vouch(staging: Path, key: Ed25519PrivateKey) -> None:
    """Re-sign the staged manifest with this install's key; files are still checked against it."""
    raw = (staging / MANIFEST_NAME).read_bytes() if (staging / MANIFEST_NAME).is_file() else b""
    if not raw:
        raise BundleRefusedError(
            f"There is no {MANIFEST_NAME} to vouch for: this is not a model bundle.",
            file=MANIFEST_NAME,
            reason="no-manifest",
        )
    signature = sign_manifest(parse_manifest(raw), key)
    (staging / SIGNATURE_NAME).write_bytes(signature.to_file_bytes())


def import_bundle(
    source: Path,
    store: ModelStore,
    on_progress: ProgressCallback = no_progress,
    vouch_key: Ed25519PrivateKey | None = None,
) -> InstalledModel:
    """Install the bundle at `source` (folder or archive) after verifying the copy to install.

    With `vouch_key` (this install's key), the user vouches for the bundle's manifest: it is
    re-signed before verification, so every file must still match it.
    """
    source = Path(source)
    if source.is_symlink() and source.is_dir():
        source = source.resolve()
    if not source.exists():
        raise BadInputError(
            f"{source} does not exist. Give the path of a bundle folder or archive."
        )
    if source.is_file() and not is_archive(source):
        raise BadInputError(
            f"{source.name} is neither a bundle folder nor a bundle archive (.tar, .tar.gz, "
            ".zip). Give the folder holding manifest.json, or the archive of it."
        )
    staging = store.new_staging_dir()
    try:
        if source.is_dir():
            _copy_folder(source, staging, on_progress)
        else:
            extract_archive(source, staging, on_progress)
        if vouch_key is not None:
            _vouch(staging, vouch_key)
        return store.install_verified(staging, on_progress)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
