"""Importing the bundle the user picked (Models… → Import, `assistant models import`): a folder
is checked where it is before anything is copied, and every refusal names what the user
picked (never the app's staging folder).

In the GUI this runs on the models thread.
"""

from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from assistant.core.progress import ProgressCallback
from assistant.models.errors import BundleRefusedError
from assistant.models.importer import import_bundle
from assistant.models.manifest import MANIFEST_NAME, RESERVED_NAMES
from assistant.models.store import InstalledModel, ModelStore
from assistant.models.verify import read_signed_manifest, scan_bundle_files

NOT_A_BUNDLE_REASONS = frozenset({"no-manifest", "not-a-bundle"})
NOT_A_BUNDLE = "not-a-bundle"


def not_a_bundle(source: Path) -> BundleRefusedError:
    """The refusal of a folder or archive that holds no model bundle, naming it."""
    what = "folder" if source.is_dir() else "archive"
    return BundleRefusedError(
        f"{source} is not a model bundle: the {what} has no {MANIFEST_NAME}. Nothing was "
        f"copied or installed. Choose the folder that holds {MANIFEST_NAME} and manifest.sig "
        "(or the .tar, .tar.gz or .zip archive of that folder).",
        file=MANIFEST_NAME,
        reason=NOT_A_BUNDLE,
    )


def check_bundle_folder(folder: Path, store: ModelStore) -> None:
    """Refuse a folder that is no signed bundle, or whose files differ from its manifest's
    list, before anything is copied (the copy is verified again, hash by hash)."""
    if not (folder / MANIFEST_NAME).is_file():
        raise not_a_bundle(folder)
    present = scan_bundle_files(folder)
    manifest, _signer = read_signed_manifest(folder, store.trust)
    listed = {entry.path for entry in manifest.files}
    for missing in sorted(listed - present):
        raise BundleRefusedError(
            f"{folder} is missing the file '{missing}' that its manifest lists, so nothing was "
            "copied. Get a complete copy of the bundle from its publisher.",
            file=missing,
            reason="missing-file",
        )
    for extra in sorted(present - listed - RESERVED_NAMES):
        raise BundleRefusedError(
            f"{folder} holds '{extra}', which its manifest does not list, so nothing was "
            "copied. Remove that file or get a fresh copy of the bundle.",
            file=extra,
            reason="extra-file",
        )


def import_picked(
    source: Path,
    store: ModelStore,
    on_progress: ProgressCallback,
    vouch_key: Ed25519PrivateKey | None = None,
) -> InstalledModel:
    """Import the folder or archive at `source`. With `vouch_key` the user vouches for the
    manifest (it is signed here after the copy), so only its presence is checked first."""
    if source.is_dir():
        if vouch_key is None:
            check_bundle_folder(source, store)
        elif not (source / MANIFEST_NAME).is_file():
            raise not_a_bundle(source)
    try:
        return import_bundle(source, store, on_progress, vouch_key=vouch_key)
    except BundleRefusedError as error:
        if error.reason in NOT_A_BUNDLE_REASONS:
            raise not_a_bundle(source) from error
        raise
