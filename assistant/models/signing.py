"""Ed25519 signatures over canonical manifest bytes, and the key formats they use."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from assistant.core.bounded_json import loads_bounded
from assistant.models.errors import BundleRefusedError
from assistant.models.manifest import SIGNATURE_NAME, Manifest

ALGORITHM = "ed25519"
MAX_SIGNATURE_BYTES = 64 * 1024


def key_id(public_key: Ed25519PublicKey) -> str:
    """A short, stable name for a public key: the first 16 hex digits of its SHA-256."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def public_key_pem(public_key: Ed25519PublicKey) -> bytes:
    """The PEM text of a public key, as `export-key` prints and `trust` reads."""
    return public_key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def load_public_key_pem(data: bytes) -> Ed25519PublicKey:
    """Read one Ed25519 public key from PEM; ValueError when it is anything else."""
    try:
        key = serialization.load_pem_public_key(data)
    except (ValueError, TypeError) as error:
        raise ValueError(f"not a PEM public key: {error}") from None
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError("not an Ed25519 public key")
    return key


@dataclass(frozen=True)
class Signature:
    """The content of manifest.sig: which key signed, and the 64-byte signature."""

    key_id: str
    signature: bytes

    def to_file_bytes(self) -> bytes:
        """The manifest.sig file content."""
        body = {
            "algorithm": ALGORITHM,
            "key_id": self.key_id,
            "signature": base64.b64encode(self.signature).decode(),
        }
        return (json.dumps(body, indent=2, sort_keys=True) + "\n").encode()

    def verifies(self, public_key: Ed25519PublicKey, manifest: Manifest) -> bool:
        """True when this signature is `public_key`'s over the manifest's canonical bytes."""
        return self.covers(public_key, manifest.canonical_bytes())

    def covers(self, public_key: Ed25519PublicKey, signed: bytes) -> bool:
        """True when this signature is `public_key`'s over exactly `signed` (for example the
        bytes of a manifest.json written in canonical form, checked before it is parsed)."""
        try:
            public_key.verify(self.signature, signed)
        except InvalidSignature:
            return False
        return True


def _malformed(detail: str) -> BundleRefusedError:
    return BundleRefusedError(
        f"The model bundle's signature file {SIGNATURE_NAME} is malformed ({detail}). "
        "Get a fresh copy of the bundle from its publisher.",
        file=SIGNATURE_NAME,
        reason="bad-signature",
    )


def parse_signature(data: bytes) -> Signature:
    """Parse manifest.sig; refuses anything that is not one well-formed Ed25519 signature."""
    try:
        body = loads_bounded(data, MAX_SIGNATURE_BYTES, max_depth=2)
    except ValueError:
        raise _malformed("not JSON") from None
    if not isinstance(body, dict) or body.get("algorithm") != ALGORITHM:
        raise _malformed(f"algorithm must be {ALGORITHM}")
    signer, encoded = body.get("key_id"), body.get("signature")
    if not isinstance(signer, str) or not isinstance(encoded, str):
        raise _malformed("key_id and signature must be strings")
    try:
        raw = base64.b64decode(encoded, validate=True)
    except binascii.Error:
        raise _malformed("signature is not base64") from None
    if len(raw) != 64:
        raise _malformed("an Ed25519 signature has 64 bytes")
    return Signature(signer, raw)


def sign_manifest(manifest: Manifest, private_key: Ed25519PrivateKey) -> Signature:
    """Sign the manifest's canonical bytes."""
    return Signature(key_id(private_key.public_key()), private_key.sign(manifest.canonical_bytes()))
