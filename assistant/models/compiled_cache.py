"""Compiled-blob `CACHE_DIR`s keyed by OpenVINO version, device, driver and manifest hash.

A changed model, runtime or driver gets a new folder, so a stale blob is never reused; old
folders are pruned. `dir_for` is the engine's `cache_dir_for(device)`; call it from the engine
worker thread (it queries OpenVINO).
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from assistant.paths import AppPaths

KEY_FILE = "cache-key.json"
DRIVER_PROPERTY_SUFFIX = "DRIVER_VERSION"


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
        self.root = paths.compiled_cache

    def dir_for_key(self, key: CacheKey) -> Path:
        """Create (or reuse) the folder for `key`, record the key in it and mark it used now."""
        folder = self.root / key.folder_name
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        (folder / KEY_FILE).write_text(json.dumps(asdict(key), indent=2, sort_keys=True) + "\n")
        return folder

    def dir_for_bundle(self, core: Any, manifest_hash: str) -> Callable[[str], Path]:
        """The engine's `cache_dir_for(device)` for one bundle and one OpenVINO `core`."""
        return lambda device: self.dir_for_key(cache_key_for(core, device, manifest_hash))

    def entries(self) -> tuple[tuple[Path, CacheKey | None], ...]:
        """Every cache folder with its recorded key (None when unreadable)."""
        if not self.root.is_dir():
            return ()
        found: list[tuple[Path, CacheKey | None]] = []
        for folder in sorted(p for p in self.root.iterdir() if p.is_dir()):
            try:
                key: CacheKey | None = CacheKey(**json.loads((folder / KEY_FILE).read_text()))
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
