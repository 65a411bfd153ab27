"""Ways to damage a copy of a signed bundle, for the tampering matrix."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from assistant.models.manifest import MANIFEST_NAME, SIGNATURE_NAME, canonical_json
from assistant.models.signing import Signature, key_id


def copy_bundle(source: Path, target: Path) -> Path:
    """A private, writable copy of a bundle folder."""
    shutil.copytree(source, target)
    return target


def flip_byte(path: Path) -> None:
    """Invert one byte in the middle of the file."""
    with path.open("r+b") as handle:
        size = handle.seek(0, 2)
        handle.seek(size // 2)
        byte = handle.read(1)
        handle.seek(size // 2)
        handle.write(bytes([byte[0] ^ 0xFF]))


def read_manifest_json(bundle: Path) -> dict[str, object]:
    """The raw manifest object, for editing."""
    data: dict[str, object] = json.loads((bundle / MANIFEST_NAME).read_text())
    return data


def write_signed(bundle: Path, data: dict[str, object], key: Ed25519PrivateKey) -> None:
    """Write `data` as manifest.json and sign its canonical bytes with `key`."""
    (bundle / MANIFEST_NAME).write_text(json.dumps(data, indent=2))
    signature = Signature(key_id(key.public_key()), key.sign(canonical_json(data)))
    (bundle / SIGNATURE_NAME).write_bytes(signature.to_file_bytes())
