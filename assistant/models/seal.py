"""Seal a folder of model files into a signed bundle: list every file, sign the manifest."""

from __future__ import annotations

import hashlib
import importlib.metadata
from collections.abc import Iterable
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from assistant.models.golden import GoldenVector
from assistant.models.manifest import (
    MANIFEST_NAME,
    SIGNATURE_NAME,
    FileEntry,
    Manifest,
    check_relative_path,
)
from assistant.models.signing import sign_manifest
from assistant.models.verify import scan_bundle_files

VERSION_PACKAGES = (
    "openvino",
    "openvino-genai",
    "optimum-intel",
    "nncf",
    "transformers",
    "torch",
    "offline-translation-assistant",
)


def package_versions(names: Iterable[str] = VERSION_PACKAGES) -> dict[str, str]:
    """Installed versions of the packages that shape an export (absent ones are left out)."""
    found: dict[str, str] = {}
    for name in names:
        try:
            found[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            continue
    return found


def sha256_file(path: Path) -> str:
    """Streamed SHA-256 of one file."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(4 * 1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def seal_bundle(
    folder: Path,
    *,
    model_id: str,
    kind: str,
    recipe: str,
    key: Ed25519PrivateKey,
    golden: tuple[GoldenVector, ...] = (),
    versions: dict[str, str] | None = None,
    description: str = "",
) -> Manifest:
    """Write manifest.json and manifest.sig for every file now in `folder`; return the manifest."""
    for stale in (MANIFEST_NAME, SIGNATURE_NAME):
        (folder / stale).unlink(missing_ok=True)
    entries = tuple(
        FileEntry(
            check_relative_path(relative),
            (folder / relative).stat().st_size,
            sha256_file(folder / relative),
        )
        for relative in sorted(scan_bundle_files(folder))
    )
    manifest = Manifest(
        model_id=model_id,
        kind=kind,
        recipe=recipe,
        files=entries,
        versions=package_versions() if versions is None else versions,
        golden=golden,
        description=description,
    )
    (folder / MANIFEST_NAME).write_bytes(manifest.to_file_bytes())
    (folder / SIGNATURE_NAME).write_bytes(sign_manifest(manifest, key).to_file_bytes())
    return manifest
