"""Which public keys may sign bundles: the shipped publisher keys plus the ones this install trusts.

A folder that every user may write, or a key file that group or others may write, is not
trusted: anyone on the machine could add or swap a key there. Such keys are refused with a
warning naming the path and the chmod that fixes it.

Read-only except `trust_key`, which the user calls on purpose (`assistant models trust`).
"""

from __future__ import annotations

import logging
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from assistant.models.errors import BundleRefusedError
from assistant.models.manifest import SIGNATURE_NAME, Manifest
from assistant.models.signing import Signature, key_id, load_public_key_pem, public_key_pem
from assistant.paths import AppPaths
from assistant.resources import shipped_keys_dir

SHIPPED_KEYS_DIR = shipped_keys_dir()
"""Publisher public keys that ship with the app (PEM, one per `*.pem` file)."""

INSTALL_KEY_PREFIX = "install-"

log = logging.getLogger(__name__)


def trusted_keys_dir(paths: AppPaths) -> Path:
    """Where this install keeps the public keys the user chose to trust (and its own)."""
    return paths.config / "trusted-keys"


@dataclass(frozen=True)
class TrustedKey:
    """One public key allowed to sign bundles, and where it came from."""

    key_id: str
    public_key: Ed25519PublicKey
    source: str
    """"shipped", "trusted" (added by the user) or "install" (this machine's own key)."""
    path: Path


@dataclass(frozen=True)
class RefusedKey:
    """A key file, or a whole folder, not trusted because other users could have written it."""

    path: Path
    key_id: str | None
    """The id of the key the file holds; None for the folder itself."""
    warning: str
    """One line naming the path and the chmod that fixes it."""


@dataclass(frozen=True)
class TrustStore:
    """The set of keys a bundle's signature is checked against."""

    keys: tuple[TrustedKey, ...]
    refused: tuple[RefusedKey, ...] = ()

    @classmethod
    def load(cls, paths: AppPaths, shipped_dir: Path = SHIPPED_KEYS_DIR) -> TrustStore:
        """Shipped keys plus this install's trusted keys; unreadable key files are skipped, and
        key files that other users could write are refused (logged as warnings)."""
        found: list[TrustedKey] = []
        refused: list[RefusedKey] = []
        for folder, source in ((shipped_dir, "shipped"), (trusted_keys_dir(paths), "trusted")):
            if not folder.is_dir():
                continue
            folder_warning = _folder_warning(folder)
            if folder_warning is not None:
                refused.append(RefusedKey(folder, None, folder_warning))
            for pem in sorted(folder.glob("*.pem")):
                try:
                    public = load_public_key_pem(pem.read_bytes())
                    warning = folder_warning or _file_warning(pem)
                except (OSError, ValueError):
                    continue
                if warning is not None:
                    refused.append(RefusedKey(pem, key_id(public), warning))
                    continue
                kind = "install" if pem.name.startswith(INSTALL_KEY_PREFIX) else source
                found.append(TrustedKey(key_id(public), public, kind, pem))
        for warning in dict.fromkeys(refusal.warning for refusal in refused):
            log.warning("%s", warning)
        return cls(tuple(found), tuple(refused))

    @property
    def warnings(self) -> tuple[str, ...]:
        """One line per refused folder or key file (a folder's line stands for its keys)."""
        return tuple(dict.fromkeys(refusal.warning for refusal in self.refused))

    def find(self, wanted: str) -> TrustedKey | None:
        """The trusted key with this id, if any."""
        return next((key for key in self.keys if key.key_id == wanted), None)

    def check(self, manifest: Manifest, signature: Signature) -> TrustedKey:
        """Return the trusted key whose signature this is; refuse untrusted or bad signatures."""
        key = self.find(signature.key_id)
        refusal = next((r for r in self.refused if r.key_id == signature.key_id), None)
        if key is None and refusal is not None:
            raise BundleRefusedError(
                f"The model bundle '{manifest.model_id}' is signed by key {signature.key_id}, "
                f"which is not trusted: {refusal.warning}",
                file=SIGNATURE_NAME,
                reason="unsafe-key-file",
            )
        if key is None:
            raise BundleRefusedError(
                f"The model bundle '{manifest.model_id}' is signed by key {signature.key_id}, "
                "which this install does not trust. If you know and trust its publisher, run "
                "`assistant models trust KEYFILE` with their public key, then import again.",
                file=SIGNATURE_NAME,
                reason="untrusted-key",
            )
        if not signature.verifies(key.public_key, manifest):
            raise BundleRefusedError(
                f"The signature in {SIGNATURE_NAME} does not match manifest.json of "
                f"'{manifest.model_id}': the manifest or the signature was changed after "
                "signing. Do not use this bundle; get a fresh copy from its publisher.",
                file=SIGNATURE_NAME,
                reason="bad-signature",
            )
        return key


def write_trusted_key(paths: AppPaths, public_key: Ed25519PublicKey, *, install: bool) -> Path:
    """Store a public key in this install's trusted-keys folder (owner-only) and return its path."""
    folder = trusted_keys_dir(paths)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    prefix = INSTALL_KEY_PREFIX if install else ""
    target = folder / f"{prefix}{key_id(public_key)}.pem"
    temporary = target.with_suffix(".tmp")
    temporary.write_bytes(public_key_pem(public_key))
    temporary.chmod(0o600)  # whatever the umask: a key file others may write is refused
    temporary.replace(target)
    return target


def _folder_warning(folder: Path) -> str | None:
    """A warning when every user may write `folder` (POSIX), else None."""
    if os.name != "posix" or not folder.stat().st_mode & stat.S_IWOTH:
        return None
    return (
        f"WARNING: the trusted-keys folder {folder} is writable by every user, so no key in it "
        f"is trusted; check its keys and run: chmod 700 {folder}"
    )


def _file_warning(pem: Path) -> str | None:
    """A warning when group or others may write the key file `pem` (POSIX), else None."""
    if os.name != "posix" or not pem.stat().st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return None
    return (
        f"WARNING: the key file {pem} is writable by other users, so it is not trusted; check "
        f"it and run: chmod go-w {pem}"
    )


def trust_key_file(paths: AppPaths, key_file: Path) -> TrustedKey:
    """Trust the Ed25519 public key in `key_file` (PEM) for signing bundles on this install."""
    from assistant.core.errors import BadInputError

    try:
        data = key_file.read_bytes()[: 64 * 1024]
        public = load_public_key_pem(data)
    except OSError as error:
        raise BadInputError(f"Cannot read the key file {key_file}: {error.strerror}.") from None
    except ValueError as error:
        raise BadInputError(
            f"{key_file} is not an Ed25519 public key in PEM form ({error}). Ask the publisher "
            "for the output of `assistant models export-key`."
        ) from None
    path = write_trusted_key(paths, public, install=False)
    return TrustedKey(key_id(public), public, "trusted", path)
