"""Which public keys may sign bundles: the shipped publisher keys plus the ones this install trusts.

Read-only except `trust_key`, which the user calls on purpose (`assistant models trust`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from assistant.models.errors import BundleRefusedError
from assistant.models.manifest import SIGNATURE_NAME, Manifest
from assistant.models.signing import Signature, key_id, load_public_key_pem, public_key_pem
from assistant.paths import AppPaths

SHIPPED_KEYS_DIR = Path(__file__).resolve().parents[2] / "resources" / "keys"
"""Publisher public keys that ship with the app (PEM, one per `*.pem` file)."""

INSTALL_KEY_PREFIX = "install-"


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
class TrustStore:
    """The set of keys a bundle's signature is checked against."""

    keys: tuple[TrustedKey, ...]

    @classmethod
    def load(cls, paths: AppPaths, shipped_dir: Path = SHIPPED_KEYS_DIR) -> TrustStore:
        """Shipped keys plus this install's trusted keys; unreadable key files are skipped."""
        found: list[TrustedKey] = []
        for folder, source in ((shipped_dir, "shipped"), (trusted_keys_dir(paths), "trusted")):
            if not folder.is_dir():
                continue
            for pem in sorted(folder.glob("*.pem")):
                try:
                    public = load_public_key_pem(pem.read_bytes())
                except (OSError, ValueError):
                    continue
                kind = "install" if pem.name.startswith(INSTALL_KEY_PREFIX) else source
                found.append(TrustedKey(key_id(public), public, kind, pem))
        return cls(tuple(found))

    def find(self, wanted: str) -> TrustedKey | None:
        """The trusted key with this id, if any."""
        return next((key for key in self.keys if key.key_id == wanted), None)

    def check(self, manifest: Manifest, signature: Signature) -> TrustedKey:
        """Return the trusted key whose signature this is; refuse untrusted or bad signatures."""
        key = self.find(signature.key_id)
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
    temporary.replace(target)
    return target


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
