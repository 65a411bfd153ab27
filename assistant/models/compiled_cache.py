"""Compiled-blob folders keyed by OpenVINO version, device, driver and manifest hash.

A changed model, runtime or driver gets a new folder, so a stale blob is never reused; old
folders are pruned. The engine writes and checks the blobs itself (OpenVINO is never given a
`CACHE_DIR`): each blob is sealed with a key derived from this install's signing key, so a
blob nobody here compiled from the verified bundle is never loaded. `dir_for_bundle` gives the
engine one bundle's folders and that key; call it from the engine worker thread (it queries
OpenVINO and may ask the keychain).
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import shutil
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from assistant.core.bounded_json import loads_bounded, read_bounded
from assistant.paths import AppPaths

log = logging.getLogger(__name__)

KEY_FILE = "cache-key.json"
MAX_KEY_FILE_BYTES = 64 * 1024
DRIVER_PROPERTY_SUFFIX = "DRIVER_VERSION"
BLOB_DEVICES = frozenset({"NPU", "GPU"})
"""Devices whose compiled blobs are kept: compiling for them takes seconds to tens of seconds.
The CPU compiles from the verified IR every time: for the 418M int8 encoder, compiling takes
0.4-0.5 s while reading, checking and importing its blob took 0.7 s and kept 250 MB more
resident, and OpenVINO 2026.4's CPU plugin cannot import the stateful decoder it exports."""
SEAL_KEY_INFO = b"assistant: compiled-blob seals, v1"


def seal_key_from(private: Ed25519PrivateKey) -> bytes:
    """The 32-byte key that seals compiled blobs, derived (HKDF-SHA256) from a signing key."""
    raw = private.private_bytes(
        serialization.Encoding.Raw,
        serialization.PrivateFormat.Raw,
        serialization.NoEncryption(),
    )
    return HKDF(hashes.SHA256(), 32, salt=None, info=SEAL_KEY_INFO).derive(raw)


@dataclass(frozen=True)
class CacheKey:
    """Everything a compiled blob depends on besides the compile options themselves."""

    openvino_version: str
    device: str
    device_name: str
    driver_version: str
    manifest_hash: str

    @property
    def folder_name(self) -> str:
        """`<manifest hash prefix>-<device>-<digest of the whole key>`."""
        digest = hashlib.sha256(json.dumps(asdict(self), sort_keys=True).encode()).hexdigest()
        device = re.sub(r"[^A-Za-z0-9_.-]", "_", self.device)
        return f"{self.manifest_hash[:12]}-{device}-{digest[:12]}"


def _property(core: Any, device: str, name: str) -> str:
    try:
        return str(core.get_property(device, name))
    except (RuntimeError, TypeError):
        return ""


def device_driver_version(core: Any, device: str) -> str:
    """The device's driver version where it reports one (e.g. `NPU_DRIVER_VERSION`), else ''."""
    try:
        supported = core.get_property(device, "SUPPORTED_PROPERTIES")
    except (RuntimeError, TypeError):
        return ""
    names = sorted(str(name) for name in supported if str(name).endswith(DRIVER_PROPERTY_SUFFIX))
    return ";".join(f"{name}={_property(core, device, name)}" for name in names)


def cache_key_for(core: Any, device: str, manifest_hash: str) -> CacheKey:
    """Build the key for compiling a bundle with `manifest_hash` on `device` with this `core`."""
    import openvino as ov

    return CacheKey(
        openvino_version=ov.get_version(),
        device=device,
        device_name=_property(core, device, "FULL_DEVICE_NAME"),
        driver_version=device_driver_version(core, device),
        manifest_hash=manifest_hash,
    )


class CompiledCache:
    """The folders under `AppPaths.compiled_cache`, one per CacheKey."""

    def __init__(self, paths: AppPaths) -> None:
        self.paths = paths
        self.root = paths.compiled_cache

    def dir_for_key(self, key: CacheKey) -> Path:
        """Create (or reuse) the folder for `key`, record the key in it and mark it used now."""
        folder = self.root / key.folder_name
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        (folder / KEY_FILE).write_text(json.dumps(asdict(key), indent=2, sort_keys=True) + "\n")
        return folder

    def dir_for_bundle(
        self, core: Any, manifest_hash: str, blob_devices: Iterable[str] | None = None
    ) -> BundleCacheDirs:
        """The engine's `cache_dir_for(device)` for one bundle and one OpenVINO `core`, with the
        key that seals its blobs; blobs are kept for `blob_devices` (default BLOB_DEVICES)."""
        devices = BLOB_DEVICES if blob_devices is None else frozenset(blob_devices)
        return BundleCacheDirs(self, core, manifest_hash, devices)

    def entries(self) -> tuple[tuple[Path, CacheKey | None], ...]:
        """Every cache folder with its recorded key (None when unreadable)."""
        if not self.root.is_dir():
            return ()
        found: list[tuple[Path, CacheKey | None]] = []
        for folder in sorted(p for p in self.root.iterdir() if p.is_dir()):
            try:
                raw = read_bounded(folder / KEY_FILE, MAX_KEY_FILE_BYTES)
                key: CacheKey | None = CacheKey(**loads_bounded(raw, MAX_KEY_FILE_BYTES))
            except (OSError, ValueError, TypeError):
                key = None
            found.append((folder, key))
        return tuple(found)

    def prune(
        self,
        keep_manifest_hashes: Iterable[str],
        openvino_version: str | None = None,
        max_idle_days: float | None = None,
    ) -> tuple[Path, ...]:
        """Delete folders for other models, another OpenVINO, or unused for `max_idle_days`."""
        if openvino_version is None:
            import openvino as ov

            openvino_version = ov.get_version()
        keep = set(keep_manifest_hashes)
        cutoff = time.time() - max_idle_days * 86400 if max_idle_days is not None else None
        removed = []
        for folder, key in self.entries():
            stale = (
                key is None
                or key.manifest_hash not in keep
                or key.openvino_version != openvino_version
                or (cutoff is not None and (folder / KEY_FILE).stat().st_mtime < cutoff)
            )
            if stale:
                shutil.rmtree(folder, ignore_errors=True)
                removed.append(folder)
        return tuple(removed)

    def size_bytes(self) -> int:
        """Total bytes of compiled blobs (for diagnostics)."""
        if not self.root.is_dir():
            return 0
        return sum(p.stat().st_size for p in self.root.rglob("*") if p.is_file())


class BundleCacheDirs:
    """One bundle's compiled-blob folders, per device, and the key that seals their blobs.

    Callable as the engine's `cache_dir_for(device)`. Use from the engine worker thread."""

    def __init__(
        self, cache: CompiledCache, core: Any, manifest_hash: str, blob_devices: frozenset[str]
    ) -> None:
        self._cache = cache
        self._core = core
        self._manifest_hash = manifest_hash
        self._blob_devices = blob_devices
        self._key: bytes | None = None
        self.seal_problem = ""
        """Why blobs cannot be sealed (no signing key), or ''."""

    def __call__(self, device: str) -> Path:
        return self._cache.dir_for_key(cache_key_for(self._core, device, self._manifest_hash))

    def identity(self, device: str) -> dict[str, str]:
        """What a blob for `device` depends on besides its part and compile options."""
        return asdict(cache_key_for(self._core, device, self._manifest_hash))

    def uses_blobs(self, device: str) -> bool:
        """Whether compiled blobs are kept for `device` (e.g. "NPU", "GPU.1")."""
        return device.split(".")[0] in self._blob_devices

    def seal_key(self) -> bytes | None:
        """The sealing key (from this install's signing key, made on first need), or None
        when there is none; `seal_problem` then says why."""
        if self._key is None and not self.seal_problem:
            from assistant.models.install_key import load_install_key

            try:
                private = load_install_key(self._cache.paths)
            except Exception as error:
                # The cache is optional: any keychain failure only means compiling from the
                # verified model, never a failed load.
                self.seal_problem = getattr(error, "user_message", "") or type(error).__name__
                log.warning("compiled blobs not kept: no signing key (%s)", type(error).__name__)
                return None
            if private is None:
                self.seal_problem = "no signing key"
                return None
            self._key = seal_key_from(private)
        return self._key
