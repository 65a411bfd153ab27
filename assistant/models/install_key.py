"""This install's own signing key: private half in the OS keychain (one entry per data dir), or
in a labelled owner-only file where the machine has no keychain; public half trusted on disk.

It signs bundles the user converted here or chose to trust. It holds no user text, so
clear-state keeps it. Call from any one thread at a time.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from assistant import APP_NAME
from assistant.models.errors import SigningUnavailableError
from assistant.models.trust import write_trusted_key
from assistant.paths import AppPaths
from assistant.state.keychain import (
    KEYCHAIN,
    KeychainError,
    KeychainSecret,
    KeyLocation,
    SecretCodec,
)

KEYRING_SERVICE = f"{APP_NAME}.model-signing"
KEYRING_ENTRY = "install-ed25519"
"""The entry's name; the keychain username is this plus the data dir's tag (and this alone
was the entry shared by every data dir before)."""
KEY_FILE_NAME = "model-signing-key.UNPROTECTED"

FALLBACK_LABEL = (
    "The model signing key is kept in a plain file ({path}), because this system has no "
    "keychain. Anyone who can read your files can sign models this app will trust."
)


@dataclass(frozen=True)
class InstallKey:
    """The private key and where it is kept. Never log or display `private`."""

    private: Ed25519PrivateKey
    location: KeyLocation
    path: Path
    """The labelled fallback file (used only when `location` is FILE)."""

    @property
    def notice(self) -> str | None:
        """The one line to show when the key lives in the labelled file, else None."""
        if self.location is KeyLocation.FILE:
            return FALLBACK_LABEL.format(path=self.path)
        return None

    def __repr__(self) -> str:
        return f"InstallKey(location={self.location.value})"


def install_key_file(paths: AppPaths) -> Path:
    """The labelled fallback file of the private key (used only where no keychain exists)."""
    return paths.data / KEY_FILE_NAME


def install_key_secret(paths: AppPaths) -> KeychainSecret:
    """The key's keychain entry and fallback file for this data dir."""
    return KeychainSecret(
        paths, "the model signing key", KEYRING_SERVICE, KEYRING_ENTRY, install_key_file(paths)
    )


def open_install_key(paths: AppPaths, *, create: bool = True) -> InstallKey | None:
    """This install's key and where it lives, created on first need (in the labelled file when
    there is no keychain); its public half is trusted on disk."""
    secret = install_key_secret(paths)
    try:
        stored = secret.load(_CODEC, create=create, allow_file=True)
    except KeychainError as error:
        raise SigningUnavailableError(
            f"The model signing key cannot be used: {error.reason} Unlock the OS keychain "
            "(or restart its service) and try again."
        ) from None
    if stored is None:
        return None
    write_trusted_key(paths, stored.value.public_key(), install=True)
    return InstallKey(stored.value, stored.location, secret.fallback_file)


def load_install_key(paths: AppPaths, *, create: bool = True) -> Ed25519PrivateKey | None:
    """This install's private key, created on first need; its public half is trusted on disk."""
    key = open_install_key(paths, create=create)
    return key.private if key is not None else None


def _encode(key: Ed25519PrivateKey) -> str:
    raw = key.private_bytes(
        serialization.Encoding.Raw,
        serialization.PrivateFormat.Raw,
        serialization.NoEncryption(),
    )
    return base64.b64encode(raw).decode()


def _decode(text: str, where: str) -> Ed25519PrivateKey:
    try:
        return Ed25519PrivateKey.from_private_bytes(base64.b64decode(text, validate=True))
    except (binascii.Error, ValueError):
        remedy = (
            f"Remove the entry '{KEYRING_SERVICE}' from the keychain"
            if where == KEYCHAIN
            else f"Delete the file {where}"
        )
        raise SigningUnavailableError(
            f"The model signing key stored in {where} is damaged. {remedy}; a new key is made "
            "on next use, and bundles signed by the old key must be converted or trusted again."
        ) from None


_CODEC = SecretCodec(new=Ed25519PrivateKey.generate, encode=_encode, decode=_decode)
