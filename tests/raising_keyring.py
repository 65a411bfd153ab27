"""A keyring backend that fails the way a broken D-Bus keychain does: with a RuntimeError.

Usable in-process (`keyring.set_keyring(RaisingKeyring())`) and in a subprocess through
`PYTHON_KEYRING_BACKEND=tests.raising_keyring.RaisingKeyring`.
"""

from __future__ import annotations

from keyring.backend import KeyringBackend


class RaisingKeyring(KeyringBackend):
    """Every call raises RuntimeError, which is not a `keyring.errors.KeyringError`."""

    priority = 1

    def get_password(self, service: str, username: str) -> str | None:
        raise RuntimeError("org.freedesktop.DBus.Error.ServiceUnknown: no secret service")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise RuntimeError("org.freedesktop.DBus.Error.ServiceUnknown: no secret service")

    def delete_password(self, service: str, username: str) -> None:
        raise RuntimeError("org.freedesktop.DBus.Error.ServiceUnknown: no secret service")
