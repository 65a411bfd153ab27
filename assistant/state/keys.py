"""The per-install data key: kept in the system keychain (`keyring`), or a labelled file fallback.

Thread rules: calls reach the keychain and may block briefly; the vault serialises them.
"""

from __future__ import annotations

import base64
import binascii
import logging
import secrets
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

import keyring
import keyring.errors

from assistant import APP_NAME
from assistant.core.errors import StateError
from assistant.state.files import atomic_write_bytes

log = logging.getLogger(__name__)

KEYRING_SERVICE = APP_NAME
KEYRING_USERNAME = "history-data-key"
KEY_BYTES = 32


class KeyLocation(str, Enum):
    """Where the data key lives."""

    KEYRING = "keyring"
    FILE = "file"


FALLBACK_LABEL = (
    "History is encrypted with a key kept in a plain file next to it, because this system has "
    "no keychain. Anyone who can read your files can read your history."
)


class KeyUnavailableError(StateError):
    """No data key can be had: no keychain, a locked one, or a key that went missing."""


@dataclass(frozen=True)
class DataKey:
    """The raw key and where it is kept. Never log or display `material`."""

    material: bytes
    location: KeyLocation
    created: bool = False

    def __repr__(self) -> str:
        return f"DataKey(location={self.location.value}, created={self.created})"


class DataKeyStore:
    """Loads, creates and deletes the data key."""

    def __init__(self, key_file: Path, allow_file_fallback: bool) -> None:
        self.key_file = key_file
        self.allow_file_fallback = allow_file_fallback

    def load(self, create: bool) -> DataKey | None:
        """The key; a new one when `create` and none exists; None when none exists and not
        `create`. Raises KeyUnavailableError when no keychain works and no fallback is allowed."""
        keychain_problem = self._keychain_problem()
        if keychain_problem is None:
            stored = self._read_keyring()
            if stored is not None:
                return DataKey(stored, KeyLocation.KEYRING)
            if self.key_file.exists():
                return self._move_file_key_to_keyring()
            if not create:
                return None
            material = secrets.token_bytes(KEY_BYTES)
            self._write_keyring(material)
            log.info("created a new history key in the system keychain")
            return DataKey(material, KeyLocation.KEYRING, created=True)
        if self.key_file.exists() and self.allow_file_fallback:
            return DataKey(self._read_file(), KeyLocation.FILE)
        if not self.allow_file_fallback:
            raise KeyUnavailableError(_no_keychain_message(keychain_problem))
        if not create:
            return None
        material = secrets.token_bytes(KEY_BYTES)
        atomic_write_bytes(self.key_file, _encode(material))
        log.warning("no system keychain; history key kept in a fallback file")
        return DataKey(material, KeyLocation.FILE, created=True)

    def delete(self) -> list[str]:
        """Remove the key from the keychain and the fallback file; name what was removed.

        Raises KeyUnavailableError (after removing the file) when a keychain exists but
        refused to delete the key, e.g. because it is locked."""
        removed: list[str] = []
        refusal: keyring.errors.KeyringError | None = None
        try:
            if keyring.get_password(KEYRING_SERVICE, KEYRING_USERNAME) is not None:
                keyring.delete_password(KEYRING_SERVICE, KEYRING_USERNAME)
                removed.append("the history key in the system keychain")
        except keyring.errors.NoKeyringError:
            log.info("no keychain, so no key in it to delete")
        except keyring.errors.KeyringError as error:
            refusal = error
        if self.key_file.exists():
            self.key_file.unlink()
            removed.append(f"the fallback key file {self.key_file}")
        if refusal is not None:
            raise KeyUnavailableError(
                f"the history key in the system keychain ({type(refusal).__name__}); unlock "
                "the keychain and run clear-state again."
            ) from refusal
        return removed

    def keychain_reason(self) -> str | None:
        """Why the system keychain cannot be used, or None when it can."""
        return self._keychain_problem()

    def unavailable_message(self) -> str | None:
        """Why no key can be had at all (no keychain, no fallback allowed), or None."""
        problem = self._keychain_problem()
        if problem is None or self.allow_file_fallback:
            return None
        return _no_keychain_message(problem)

    @staticmethod
    def _keychain_problem() -> str | None:
        try:
            keyring.get_password(KEYRING_SERVICE, KEYRING_USERNAME)
        except keyring.errors.KeyringLocked:
            return "the system keychain is locked."
        except keyring.errors.NoKeyringError:
            return "no system keychain (keyring backend) is available on this machine."
        except keyring.errors.KeyringError as error:
            return f"the system keychain failed ({type(error).__name__})."
        backend = keyring.get_keyring()
        if getattr(backend, "priority", 1) < 0 or type(backend).__module__.endswith(".null"):
            return "the configured keychain backend does not store secrets."
        return None

    @staticmethod
    def _read_keyring() -> bytes | None:
        value = keyring.get_password(KEYRING_SERVICE, KEYRING_USERNAME)
        if value is None:
            return None
        return _decode(value.encode("ascii", errors="replace"), "the system keychain")

    @staticmethod
    def _write_keyring(material: bytes) -> None:
        encoded = _encode(material).decode("ascii")
        try:
            keyring.set_password(KEYRING_SERVICE, KEYRING_USERNAME, encoded)
            stored = keyring.get_password(KEYRING_SERVICE, KEYRING_USERNAME)
        except keyring.errors.KeyringError as error:
            raise KeyUnavailableError(
                f"History is off: the history key could not be saved in the system keychain "
                f"({type(error).__name__}). Unlock the keychain and try again."
            ) from error
        if stored != encoded:
            raise KeyUnavailableError(
                "History is off: the system keychain did not keep the history key. "
                "Check the keychain, or allow the unencrypted fallback in the settings."
            )

    def _read_file(self) -> bytes:
        return _decode(self.key_file.read_bytes().strip(), str(self.key_file))

    def _move_file_key_to_keyring(self) -> DataKey:
        material = self._read_file()
        self._write_keyring(material)
        self.key_file.unlink()
        log.info("moved the fallback history key into the system keychain")
        return DataKey(material, KeyLocation.KEYRING)


def _no_keychain_message(problem: str) -> str:
    return (
        f"History is off: {problem} Without a keychain your history cannot be stored "
        "encrypted. Install or unlock a keychain (for example GNOME Keyring or KWallet), or "
        "allow the unencrypted fallback in the settings."
    )


def _encode(material: bytes) -> bytes:
    return base64.b64encode(material)


def _decode(encoded: bytes, where: str) -> bytes:
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
