"""The per-install history data key: in the system keychain, one entry per data dir, or in a
labelled file fallback when the machine has no keychain and the user allowed it.

Thread rules: calls reach the keychain and may block briefly; the vault serialises them.
"""

from __future__ import annotations

import base64
import binascii
import secrets
from dataclasses import dataclass
from pathlib import Path

from assistant import APP_NAME
from assistant.core.errors import StateError
from assistant.paths import AppPaths
from assistant.state.keychain import (
    KeychainError,
    KeychainSecret,
    KeyLocation,
    SecretCodec,
)

__all__ = [
    "FALLBACK_LABEL",
    "KEYRING_ENTRY",
    "KEYRING_SERVICE",
    "DataKey",
    "DataKeyStore",
    "KeyLocation",
    "KeyUnavailableError",
    "key_file",
]

KEYRING_SERVICE = APP_NAME
KEYRING_ENTRY = "history-data-key"
"""The entry's name; the keychain username is this plus the data dir's tag (and this alone
was the entry shared by every data dir before)."""
KEY_FILE_NAME = "history-key.UNPROTECTED"
KEY_BYTES = 32

FALLBACK_LABEL = (
    "History is encrypted with a key kept in a plain file next to it, because this system has "
    "no keychain. Anyone who can read your files can read your history."
)


class KeyUnavailableError(StateError):
    """No data key can be had: no keychain, a locked or failing one, or a key that went missing."""


@dataclass(frozen=True)
class DataKey:
    """The raw key and where it is kept. Never log or display `material`."""

    material: bytes
    location: KeyLocation
    created: bool = False

    def __repr__(self) -> str:
        return f"DataKey(location={self.location.value}, created={self.created})"


def key_file(paths: AppPaths) -> Path:
    """The fallback key file (only used when allowed and no keychain exists)."""
    return paths.data / KEY_FILE_NAME


class DataKeyStore:
    """Loads, creates and deletes the data key of one data dir."""

    def __init__(self, paths: AppPaths, allow_file_fallback: bool) -> None:
        self.key_file = key_file(paths)
        self.allow_file_fallback = allow_file_fallback
        self.secret = KeychainSecret(
            paths, "the history key", KEYRING_SERVICE, KEYRING_ENTRY, self.key_file
        )
        """This data dir's keychain entry and fallback file."""

    def load(self, create: bool) -> DataKey | None:
        """The key; a new one when `create` and none exists; None when none exists and not
        `create`. Raises KeyUnavailableError when the keychain fails, or there is none and
        no fallback is allowed."""
        try:
            stored = self.secret.load(_CODEC, create=create, allow_file=self.allow_file_fallback)
        except KeychainError as error:
            raise KeyUnavailableError(_unavailable_message(error)) from error
        if stored is None:
            return None
        return DataKey(stored.value, stored.location, stored.created)

    def delete(self) -> list[str]:
        """Remove the key from the keychain and the fallback file; name what was removed.

        Raises KeyUnavailableError (after removing the file) when a keychain exists but
        failed to delete the key, e.g. because it is locked."""
        removal = self.secret.delete()
        removed: list[str] = []
        if removal.keychain:
            removed.append("the history key in the system keychain")
        if removal.file:
            removed.append(f"the fallback key file {self.key_file}")
        if removal.failure is not None:
            raise KeyUnavailableError(
                f"the history key in the system keychain ({removal.failure.error_type}): "
                f"{removal.failure.reason} Unlock the keychain and run clear-state again."
            ) from removal.failure
        return removed

    def uses_file(self) -> bool:
        """Whether the key lives (or would be made) in the labelled fallback file."""
        problem = self.secret.problem()
        return problem is not None and problem.absent and self.allow_file_fallback

    def unavailable_message(self) -> str | None:
        """Why no key can be had at all (a failing keychain, or none and no fallback), or None."""
        problem = self.secret.problem()
        if problem is None or (problem.absent and self.allow_file_fallback):
            return None
        return _unavailable_message(problem)


def _unavailable_message(error: KeychainError) -> str:
    if error.absent:
        return (
            f"History is off: {error.reason} Without a keychain your history cannot be stored "
            "encrypted. Install or unlock a keychain (for example GNOME Keyring or KWallet), "
            "or allow the unencrypted fallback in the settings."
        )
    return (
        f"History is off: {error.reason} Translations are not kept until it works again; "
        "unlock the keychain (or restart its service) and try again."
    )


def _encode(material: bytes) -> str:
    return base64.b64encode(material).decode("ascii")


def _decode(encoded: str, where: str) -> bytes:
    try:
        material = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        material = b""
    if len(material) != KEY_BYTES:
        raise KeyUnavailableError(
            f"History is off: the history key in {where} is damaged. "
            "Run `assistant clear-state` to start a new, empty history."
        )
    return material


_CODEC = SecretCodec(new=lambda: secrets.token_bytes(KEY_BYTES), encode=_encode, decode=_decode)
