"""A real signed bundle of the tiny M2M-100 (fp32 recipe), with the test key that signed it.

Built by `assistant.models.convert` itself and cached on disk like the tiny model. The signing
key is generated at build time and kept only in the test cache folder.
"""

from __future__ import annotations

import hashlib
import sys
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from assistant.models.manifest import MANIFEST_NAME, Manifest, parse_manifest
from assistant.models.signing import key_id, public_key_pem
from assistant.models.store import InstalledModel, ModelStore
from assistant.models.trust import TrustedKey, TrustStore, trust_key_file
from assistant.paths import AppPaths
from tests.builders.cache import REPO_ROOT, cache_key, cached_build
from tests.builders.tiny_m2m100 import TinyM2M100

TINY_BUNDLE_ID = "tiny-m2m100-fp32"
_MODELS_SOURCE = REPO_ROOT / "assistant" / "models"


@dataclass(frozen=True)
class TinyBundle:
    """A signed tiny M2M-100 bundle and the trust material that verifies it."""

    root: Path

    @property
    def bundle_dir(self) -> Path:
        """The bundle folder (manifest.json, manifest.sig, IR, tokenizer). Treat as read-only."""
        return self.root / "bundle"

    @property
    def public_key_file(self) -> Path:
        """The signer's public key (PEM), as `assistant models trust KEYFILE` takes it."""
        return self.root / "signer.pub.pem"

    def private_key(self) -> Ed25519PrivateKey:
        """The test signer's private key, for tests that re-sign edited manifests."""
        key = serialization.load_pem_private_key((self.root / "signer.key.pem").read_bytes(), None)
        assert isinstance(key, Ed25519PrivateKey)
        return key

    @property
    def key_id(self) -> str:
        """The signer's key id (as written in manifest.sig)."""
        return key_id(self.private_key().public_key())

    @property
    def manifest(self) -> Manifest:
        """The bundle's manifest (model id, files, golden vectors)."""
        return parse_manifest((self.bundle_dir / MANIFEST_NAME).read_bytes())

    def trust_store(self) -> TrustStore:
        """A trust store holding only this bundle's signer, as if it were a shipped key."""
        return TrustStore.load(AppPaths.under(self.root / "no-install"), self.root / "keys")

    def trust_in(self, paths: AppPaths) -> TrustedKey:
        """Make the install at `paths` trust the signer (like `assistant models trust`)."""
        return trust_key_file(paths, self.public_key_file)

    def install_into(self, paths: AppPaths) -> InstalledModel:
        """Trust the signer and import the bundle into `paths` as the installed translator."""
        self.trust_in(paths)
        from assistant.models.importer import import_bundle

        return import_bundle(self.bundle_dir, ModelStore(paths))


def _build(work: Path, tiny: TinyM2M100) -> None:
    from assistant.models.convert import convert_m2m100

    key = Ed25519PrivateKey.generate()
    (work / "signer.key.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    pem = public_key_pem(key.public_key())
    (work / "signer.pub.pem").write_bytes(pem)
    (work / "keys").mkdir()
    (work / "keys" / "signer.pem").write_bytes(pem)
    convert_m2m100(tiny.hf_dir, work / "bundle", key, "fp32", model_id=TINY_BUNDLE_ID)


def _models_source_digest() -> str:
    digest = hashlib.sha256()
    for source in sorted(_MODELS_SOURCE.glob("*.py")):
        digest.update(source.name.encode() + source.read_bytes())
    return digest.hexdigest()[:16]


def build_tiny_bundle(tiny: TinyM2M100) -> TinyBundle:
    """Build (or reuse from the cache) the signed fp32 bundle of `tiny`."""
    key = cache_key(sys.modules[__name__], model=tiny.root.name, src=_models_source_digest())
    return TinyBundle(cached_build("tiny-bundle", key, lambda work: _build(work, tiny)))
