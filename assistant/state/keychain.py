"""The app's own secrets in the OS keychain (`keyring`), with a labelled file where none exists.

Shared by the history data key (`state.keys`) and the model signing key
(`models.install_key`):
- each secret has one keychain entry per data dir, so clear-state in one `--data-dir` never
  touches another's key, nor the real profile's;
- any exception a keyring backend raises (a locked keychain, a D-Bus error, an OSError) comes
  back as `KeychainError`; nothing else escapes from a keyring call;
- where the machine has no keychain at all, the secret may live in a clearly labelled file
  with owner-only permissions (0600) in the data dir, and moves into the keychain once one
  exists. A keychain that exists but fails is reported, never worked around, so a secret is
  never split between two stores.

Thread rules: calls may block briefly on the keychain; each caller serialises its own use.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Generic, ParamSpec, TypeVar

import keyring
import keyring.backends.fail
import keyring.errors

from assistant.core.errors import StateError
from assistant.paths import AppPaths
from assistant.state.files import atomic_write_bytes

log = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")
P = ParamSpec("P")

KEYCHAIN = "the system keychain"
"""The `where` a codec is told when the text came from the keychain."""
NO_KEYCHAIN = "no system keychain is available on this machine."


class KeyLocation(str, Enum):
    """Where a secret lives."""

    KEYRING = "keyring"
    FILE = "file"


class KeychainError(StateError):
    """The keychain cannot be used: `absent` when the machine has none, else it failed.

    `reason` is one sentence for the user; `error_type` names what the backend raised."""

    def __init__(self, reason: str, *, absent: bool, error_type: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.absent = absent
        self.error_type = error_type


@dataclass(frozen=True)
class SecretCodec(Generic[T]):
    """How one kind of secret is made, written as text, and read back.

    `decode(text, where)` raises the caller's own error when the stored text is damaged."""

    new: Callable[[], T]
    encode: Callable[[T], str]
    decode: Callable[[str, str], T]


@dataclass(frozen=True)
class StoredSecret(Generic[T]):
    """A secret and where it is kept. Never log or display `value`."""

    value: T
    location: KeyLocation
    created: bool = False

    def __repr__(self) -> str:
        return f"StoredSecret(location={self.location.value}, created={self.created})"


@dataclass(frozen=True)
class SecretPlace:
    """Where a secret is kept or would be made, for `assistant doctor`; never its value."""

    location: KeyLocation | None
    """None when neither store can be used (see `reason`)."""
    exists: bool
    reason: str | None = None


@dataclass(frozen=True)
class SecretRemoval:
    """What `KeychainSecret.delete` removed, and what stopped it (a failing keychain)."""

    keychain: bool
    file: bool
    failure: KeychainError | None = None


def data_dir_tag(paths: AppPaths) -> str:
    """A short, stable name for one data dir: the start of the SHA-256 of its resolved path."""
    digest = hashlib.sha256(_resolved(paths.data).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:16]


def is_default_profile(paths: AppPaths) -> bool:
    """Whether `paths` is the per-user platform profile (no `--data-dir` override)."""
    return _resolved(paths.data) == _resolved(AppPaths.platform_default().data)


def _resolved(path: Path) -> str:
    return os.path.normcase(str(path.expanduser().resolve()))


def _call(function: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    """Run one keyring call; whatever the backend raises becomes a KeychainError."""
    try:
        return function(*args, **kwargs)
    except keyring.errors.NoKeyringError as error:
        raise KeychainError(NO_KEYCHAIN, absent=True, error_type=type(error).__name__) from error
    except keyring.errors.KeyringLocked as error:
        raise KeychainError(
            "the system keychain is locked.", absent=False, error_type=type(error).__name__
        ) from error
    except Exception as error:  # backends raise D-Bus, OS and runtime errors, not only KeyringError
        raise KeychainError(
            f"the system keychain failed ({type(error).__name__}).",
            absent=False,
            error_type=type(error).__name__,
        ) from error


def _check_backend() -> None:
    """Raise KeychainError(absent=True) when the configured backend keeps no secrets."""
    backend = _call(keyring.get_keyring)
    if isinstance(backend, keyring.backends.fail.Keyring):
        raise KeychainError(NO_KEYCHAIN, absent=True)
    try:
        priority = backend.priority
    except Exception:  # a backend's priority check may itself raise; `get_password` will tell
        priority = 0
    if priority < 0 or type(backend).__module__.endswith(".null"):
        raise KeychainError("the configured keychain backend does not store secrets.", absent=True)


class KeychainSecret:
    """One secret of one data dir: its keychain entry and its labelled fallback file."""

    def __init__(
        self, paths: AppPaths, label: str, service: str, name: str, fallback_file: Path
    ) -> None:
        self.label = label
        """What the secret is, for logs and messages ("the history key")."""
        self.service = service
        self.username = f"{name}.{data_dir_tag(paths)}"
        # Older versions kept the secret under the fixed name `name`, shared by every data dir,
        # so nothing tells whose it is. Only the default profile adopts it: that is the user's
        # real profile, where it almost always came from. Moving it into an override dir (a
        # test, a script, a second profile) would leave the real history unreadable, and
        # copying it would keep the profiles' keys tied together; an override starts afresh.
        self.legacy_username = name if is_default_profile(paths) else None
        self.fallback_file = fallback_file

    def load(
        self, codec: SecretCodec[T], *, create: bool, allow_file: bool
    ) -> StoredSecret[T] | None:
        """The secret; a new one when `create` and none exists; None when none exists and not
        `create`. The labelled file is used only when the machine has no keychain and
        `allow_file`. Raises KeychainError when the keychain fails, or is absent and the file
        is not allowed."""
        try:
            text = self._get()
        except KeychainError as error:
            if not (error.absent and allow_file):
                raise
            return self._load_file(codec, create)
        if text is not None:
            return StoredSecret(codec.decode(text, KEYCHAIN), KeyLocation.KEYRING)
        if self.fallback_file.exists():
            return self._move_file_into_keychain(codec)
        if not create:
            return None
        value = codec.new()
        self._set(codec.encode(value))
        log.info("created %s in the system keychain", self.label)
        return StoredSecret(value, KeyLocation.KEYRING, created=True)

    def delete(self) -> SecretRemoval:
        """Remove this data dir's keychain entry (and the legacy one the default profile would
        adopt) and the labelled file. A failing keychain is reported in `failure`, after the
        file is gone."""
        keychain_removed = False
        failure: KeychainError | None = None
        try:
            _check_backend()
            for username in filter(None, (self.username, self.legacy_username)):
                if _call(keyring.get_password, self.service, username) is not None:
                    _call(keyring.delete_password, self.service, username)
                    keychain_removed = True
        except KeychainError as error:
            if not error.absent:
                failure = error
        file_removed = False
        try:
            self.fallback_file.unlink()
            file_removed = True
        except FileNotFoundError:
            pass
        except OSError as error:
            log.warning("the fallback key file was not deleted (%s)", error.strerror)
        return SecretRemoval(keychain_removed, file_removed, failure)

    def problem(self) -> KeychainError | None:
        """Why the keychain cannot be used now (absent or failing), or None when it can."""
        try:
            _check_backend()
            _call(keyring.get_password, self.service, self.username)
        except KeychainError as error:
            return error
        return None

    def place(self, *, allow_file: bool) -> SecretPlace:
        """Where the secret is, or would be made; changes nothing (no migration, no creation)."""
        try:
            exists = self._peek()
        except KeychainError as error:
            if error.absent and allow_file:
                return SecretPlace(KeyLocation.FILE, self.fallback_file.exists())
            return SecretPlace(None, False, error.reason)
        return SecretPlace(KeyLocation.KEYRING, exists or self.fallback_file.exists())

    def _peek(self) -> bool:
        _check_backend()
        return any(
            _call(keyring.get_password, self.service, username) is not None
            for username in filter(None, (self.username, self.legacy_username))
        )

    def _get(self) -> str | None:
        _check_backend()
        stored = _call(keyring.get_password, self.service, self.username)
        if stored is None and self.legacy_username is not None:
            stored = self._adopt_legacy(self.legacy_username)
        return stored

    def _adopt_legacy(self, legacy: str) -> str | None:
        stored = _call(keyring.get_password, self.service, legacy)
        if stored is None:
            return None
        self._set(stored)
        try:
            _call(keyring.delete_password, self.service, legacy)
        except KeychainError as error:
            log.warning("the old shared keychain entry stays, unused (%s)", error.error_type)
        log.info("moved %s to this data dir's own keychain entry", self.label)
        return stored

    def _set(self, text: str) -> None:
        _call(keyring.set_password, self.service, self.username, text)
        if _call(keyring.get_password, self.service, self.username) != text:
            raise KeychainError("the system keychain did not keep the key.", absent=False)

    def _read_file(self) -> str:
        return self.fallback_file.read_bytes().decode("ascii", errors="replace").strip()

    def _load_file(self, codec: SecretCodec[T], create: bool) -> StoredSecret[T] | None:
        if self.fallback_file.exists():
            value = codec.decode(self._read_file(), str(self.fallback_file))
            return StoredSecret(value, KeyLocation.FILE)
        if not create:
            return None
        value = codec.new()
        atomic_write_bytes(self.fallback_file, codec.encode(value).encode("ascii"), mode=0o600)
        log.warning("no system keychain; %s kept in the file %s", self.label, self.fallback_file)
        return StoredSecret(value, KeyLocation.FILE, created=True)

    def _move_file_into_keychain(self, codec: SecretCodec[T]) -> StoredSecret[T]:
        text = self._read_file()
        value = codec.decode(text, str(self.fallback_file))  # a damaged file is not moved
        self._set(codec.encode(value))
        self.fallback_file.unlink()
        log.info("moved %s from its fallback file into the system keychain", self.label)
        return StoredSecret(value, KeyLocation.KEYRING)
