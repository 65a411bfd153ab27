"""Compiled-blob cache folders: keyed by runtime, device, driver and model; old ones pruned."""

from __future__ import annotations

import os
import time

import openvino as ov

from assistant.models.compiled_cache import CacheKey, CompiledCache, cache_key_for
from assistant.paths import AppPaths

HASH_A, HASH_B = "a" * 64, "b" * 64


class FakeNpuCore:
    """Stands in for an OpenVINO Core on a machine with an NPU (there is none here)."""

    def __init__(self, driver: str) -> None:
        self.driver = driver

    def get_property(self, device: str, name: str) -> object:
        properties = {
            "SUPPORTED_PROPERTIES": ["FULL_DEVICE_NAME", "NPU_DRIVER_VERSION"],
            "FULL_DEVICE_NAME": "Intel(R) AI Boost",
            "NPU_DRIVER_VERSION": self.driver,
        }
        if device != "NPU" or name not in properties:
            raise RuntimeError(f"unsupported {device} {name}")
        return properties[name]


def _key(**changes: str) -> CacheKey:
    base = {
        "openvino_version": "2026.4.1",
        "device": "NPU",
        "device_name": "Intel(R) AI Boost",
        "driver_version": "NPU_DRIVER_VERSION=1",
        "manifest_hash": HASH_A,
    }
    return CacheKey(**{**base, **changes})


def test_any_change_of_runtime_device_driver_or_model_gives_a_new_folder() -> None:
    names = {
        _key().folder_name,
        _key(openvino_version="2026.5.0").folder_name,
        _key(device="CPU").folder_name,
        _key(driver_version="NPU_DRIVER_VERSION=2").folder_name,
        _key(manifest_hash=HASH_B).folder_name,
    }
    assert len(names) == 5
    assert _key().folder_name == _key().folder_name


def test_the_npu_driver_version_is_part_of_the_key() -> None:
    old, new = (
        cache_key_for(FakeNpuCore("1688"), "NPU", HASH_A),
        cache_key_for(FakeNpuCore("1700"), "NPU", HASH_A),
    )
    assert old.driver_version == "NPU_DRIVER_VERSION=1688"
    assert old.folder_name != new.folder_name


def test_cpu_key_uses_the_real_runtime_version(app_paths: AppPaths) -> None:
    cache_dir_for = CompiledCache(app_paths).dir_for_bundle(ov.Core(), HASH_A)
    folder = cache_dir_for("CPU")
    assert folder.parent == app_paths.compiled_cache and folder.is_dir()
    ((_, key),) = CompiledCache(app_paths).entries()
    assert key is not None
    assert (key.openvino_version, key.device, key.manifest_hash) == (
        ov.get_version(),
        "CPU",
        HASH_A,
    )
    assert cache_dir_for("CPU") == folder


def test_prune_removes_other_models_other_runtimes_idle_and_unreadable_entries(
    app_paths: AppPaths,
) -> None:
    cache = CompiledCache(app_paths)
    keep = cache.dir_for_key(_key())
    other_model = cache.dir_for_key(_key(manifest_hash=HASH_B))
    old_runtime = cache.dir_for_key(_key(openvino_version="2025.3.0"))
    unreadable = app_paths.compiled_cache / "junk"
    unreadable.mkdir()
    (keep / "blob.bin").write_bytes(b"x" * 10)
    removed = cache.prune([HASH_A], openvino_version="2026.4.1")
    assert set(removed) == {other_model, old_runtime, unreadable}
    assert [folder for folder, _ in cache.entries()] == [keep]
    assert cache.size_bytes() > 10
    week_ago = time.time() - 7 * 86400
    os.utime(keep / "cache-key.json", (week_ago, week_ago))
    assert cache.prune([HASH_A], openvino_version="2026.4.1", max_idle_days=3) == (keep,)
