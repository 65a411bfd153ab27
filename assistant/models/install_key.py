"""This install's own signing key: private half in the OS keychain, public half trusted on disk.

It signs bundles the user converted here or chose to trust. Call from any one thread at a time.
"""

from __future__ import annotations

import base64
import binascii

import keyring
import keyring.backends.fail
import keyring.errors
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from assistant import APP_NAME
from assistant.models.errors import SigningUnavailableError
from assistant.models.trust import write_trusted_key
from assistant.paths import AppPaths

KEYRING_SERVICE = f"{APP_NAME}.model-signing"
KEYRING_USERNAME = "install-ed25519"

_NO_KEYCHAIN = (
    "This machine has no OS keychain (keyring backend), so the app cannot keep a private "
    "signing key for models you convert or choose to trust. Install and unlock a keychain "
    "(for example GNOME Keyring or KWallet on Linux) and try again, or use a bundle signed "
    "by its publisher: `assistant models trust KEYFILE` with their public key, then "
    "`assistant models import BUNDLE`."
)


def _check_backend() -> None:
    if isinstance(keyring.get_keyring(), keyring.backends.fail.Keyring):
        raise SigningUnavailableError(_NO_KEYCHAIN)


def _encode(key: Ed25519PrivateKey) -> str:
    raw = key.private_bytes(
        serialization.Encoding.Raw,
        serialization.PrivateFormat.Raw,
        serialization.NoEncryption(),
    )
    return base64.b64encode(raw).decode()


def load_install_key(paths: AppPaths, *, create: bool = True) -> Ed25519PrivateKey | None:
    """This install's private key, created on first need; its public half is trusted on disk."""
    _check_backend()
    try:
        stored = keyring.get_password(KEYRING_SERVICE, KEYRING_USERNAME)
        if stored is None:
            if not create:
                return None
            key = Ed25519PrivateKey.generate()
            keyring.set_password(KEYRING_SERVICE, KEYRING_USERNAME, _encode(key))
        else:
            key = Ed25519PrivateKey.from_private_bytes(base64.b64decode(stored, validate=True))
    except keyring.errors.NoKeyringError:
        raise SigningUnavailableError(_NO_KEYCHAIN) from None
    except keyring.errors.KeyringError as error:
        raise SigningUnavailableError(
            f"The OS keychain refused access to the model signing key ({error}). Unlock the "
            "keychain and try again."
        ) from None
    except (binascii.Error, ValueError):
        raise SigningUnavailableError(
            "The model signing key stored in the OS keychain is damaged. Remove the entry "
            f"'{KEYRING_SERVICE}' from the keychain; a new key is made on next use, and "
            "bundles signed by the old key must be converted or trusted again."
        ) from None
    write_trusted_key(paths, key.public_key(), install=True)
    return key
