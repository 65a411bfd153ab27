"""Authenticated encryption of user text (AES-256-GCM) and keyed lookup hashes (HMAC-SHA-256).

Both sub-keys are derived from the one per-install data key with HKDF, one per purpose.
Thread-safe: the objects hold only immutable keys.
"""

from __future__ import annotations

import hashlib
import hmac
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from assistant.core.errors import StateError

FORMAT_VERSION = b"\x01"
NONCE_BYTES = 12
KEY_CHECK_LABEL = b"assistant key check v1"


class DecryptionError(StateError):
    """Stored text could not be decrypted: a different key, or damaged or tampered data."""


def _derive(data_key: bytes, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(data_key)


class TextCipher:
    """Encrypts and decrypts records bound to a context label (so rows cannot be swapped)."""

    def __init__(self, data_key: bytes) -> None:
        self._aead = AESGCM(_derive(data_key, b"assistant text encryption v1"))
        self._index_key = _derive(data_key, b"assistant lookup index v1")
        self._check_key = _derive(data_key, b"assistant key check v1")

    def encrypt(self, plaintext: bytes, context: bytes) -> bytes:
        """A sealed blob: version, random nonce, ciphertext and tag."""
        nonce = os.urandom(NONCE_BYTES)
        return FORMAT_VERSION + nonce + self._aead.encrypt(nonce, plaintext, context)

    def decrypt(self, blob: bytes, context: bytes) -> bytes:
        """The plaintext of a blob made by `encrypt` with the same context."""
        if len(blob) < 1 + NONCE_BYTES + 16 or blob[:1] != FORMAT_VERSION:
            raise DecryptionError("A stored history record is damaged and was skipped.")
        nonce = blob[1 : 1 + NONCE_BYTES]
        try:
            return self._aead.decrypt(nonce, blob[1 + NONCE_BYTES :], context)
        except InvalidTag as error:
            raise DecryptionError(
                "A stored history record could not be decrypted (damaged, or written with "
                "another key) and was skipped."
            ) from error

    def index(self, value: bytes) -> bytes:
        """A keyed hash for exact-match lookups that reveals nothing without the key."""
        return hmac.new(self._index_key, value, hashlib.sha256).digest()

    def key_check(self) -> bytes:
        """A value stored with the data that tells whether a key is the one it was written with."""
        return hmac.new(self._check_key, KEY_CHECK_LABEL, hashlib.sha256).digest()
