"""Hostile JSON in bundles and caches: deep nesting and huge files are refused as malformed,
and an unsigned manifest is refused before anything parses it."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.models.compiled_cache import KEY_FILE, CacheKey, CompiledCache
from assistant.models.errors import BundleRefusedError
from assistant.models.manifest import MANIFEST_NAME, SIGNATURE_NAME, canonical_json
from assistant.models.store import InstalledModel, ModelStore
from assistant.models.verify import verify_bundle
from assistant.paths import AppPaths
from tests.builders.tiny_bundle import TINY_BUNDLE_ID, TinyBundle
from tests.models.tampering import copy_bundle, read_manifest_json

DEEP = b"[" * 300_000
DEEP_OBJECT = b'{"files": ' * 100_000


@pytest.fixture
def bundle(tiny_m2m100_bundle: TinyBundle, tmp_path: Path) -> Path:
    """A writable copy of the tiny signed bundle."""
    return copy_bundle(tiny_m2m100_bundle.bundle_dir, tmp_path / "bundle")


def _refusal(bundle: Path, tiny: TinyBundle) -> BundleRefusedError:
    with pytest.raises(BundleRefusedError) as caught:
        verify_bundle(bundle, tiny.trust_store())
    return caught.value


@pytest.mark.parametrize("content", [DEEP, DEEP_OBJECT], ids=["array", "object"])
def test_an_unsigned_deep_manifest_is_refused_as_unsigned(
    bundle: Path, tiny_m2m100_bundle: TinyBundle, content: bytes
) -> None:
    (bundle / MANIFEST_NAME).write_bytes(content)
    (bundle / SIGNATURE_NAME).unlink()
    error = _refusal(bundle, tiny_m2m100_bundle)
    assert (error.file, error.reason) == (SIGNATURE_NAME, "unsigned")
    assert "unsigned" in error.user_message


@pytest.mark.parametrize(
    "content", [DEEP, DEEP_OBJECT, b" " * (5 * 2**20) + b"{}"], ids=["array", "object", "huge"]
)
def test_a_deep_or_huge_manifest_beside_a_signature_is_malformed(
    bundle: Path, tiny_m2m100_bundle: TinyBundle, content: bytes
) -> None:
    (bundle / MANIFEST_NAME).write_bytes(content)
    error = _refusal(bundle, tiny_m2m100_bundle)
    assert (error.file, error.reason) == (MANIFEST_NAME, "malformed")
    assert "Get a fresh copy" in error.user_message


def test_a_deep_signature_file_is_malformed(bundle: Path, tiny_m2m100_bundle: TinyBundle) -> None:
    (bundle / SIGNATURE_NAME).write_bytes(DEEP)
    error = _refusal(bundle, tiny_m2m100_bundle)
    assert (error.file, error.reason) == (SIGNATURE_NAME, "bad-signature")


def test_the_signature_covers_the_manifest_file_bytes(
    bundle: Path, tiny_m2m100_bundle: TinyBundle
) -> None:
    raw = (bundle / MANIFEST_NAME).read_bytes()
    assert raw == canonical_json(read_manifest_json(bundle))
    assert verify_bundle(bundle, tiny_m2m100_bundle.trust_store()).manifest.model_id


@pytest.mark.parametrize("content", [DEEP, DEEP_OBJECT], ids=["array", "object"])
def test_an_installed_model_with_a_deep_manifest_is_skipped_not_a_crash(
    installed_tiny_m2m100: InstalledModel, app_paths: AppPaths, content: bytes
) -> None:
    (installed_tiny_m2m100.path / MANIFEST_NAME).write_bytes(content)
    store = ModelStore(app_paths)
    assert store.list() == ()
    assert store.translator() is None
    assert not any(model.model_id == TINY_BUNDLE_ID for model in store.list())


@pytest.mark.parametrize("content", [DEEP, DEEP_OBJECT], ids=["array", "object"])
def test_a_deep_cache_key_file_is_an_unreadable_entry_and_pruned(
    app_paths: AppPaths, content: bytes
) -> None:
    cache = CompiledCache(app_paths)
    key = CacheKey("2026.4.1", "CPU", "cpu", "", "a" * 64)
    folder = cache.dir_for_key(key)
    (folder / KEY_FILE).write_bytes(content)
    assert cache.entries() == ((folder, None),)
    assert cache.prune(["a" * 64], openvino_version="2026.4.1") == (folder,)
    assert not folder.exists()
