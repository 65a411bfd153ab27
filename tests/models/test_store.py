"""The model store: install, list, find, verify and remove bundles under the app dirs."""

from __future__ import annotations

import os
import time

import pytest

from assistant.core.errors import ModelNotInstalledError
from assistant.models.errors import BundleRefusedError
from assistant.models.importer import import_bundle
from assistant.models.store import ModelStore
from assistant.paths import AppPaths
from tests.builders.tiny_bundle import TINY_BUNDLE_ID, TinyBundle


def test_installed_fixture_is_listed_found_and_verifies(
    installed_tiny_m2m100, app_paths: AppPaths
) -> None:
    store = ModelStore(app_paths)
    assert [model.model_id for model in store.list()] == [TINY_BUNDLE_ID]
    assert store.translator() == installed_tiny_m2m100
    assert store.triage() is None
    fractions: list[float] = []
    verified = store.verify(TINY_BUNDLE_ID, lambda _stage, f: fractions.append(f) or True)
    assert verified.manifest.manifest_hash == installed_tiny_m2m100.manifest.manifest_hash
    assert verified.bytes_hashed == installed_tiny_m2m100.manifest.total_size
    assert fractions[-1] == 1.0 and fractions == sorted(fractions)


def test_remove_deletes_the_model_and_get_then_says_how_to_install(
    installed_tiny_m2m100, app_paths: AppPaths
) -> None:
    store = ModelStore(app_paths)
    store.remove(TINY_BUNDLE_ID)
    assert store.list() == ()
    assert not installed_tiny_m2m100.path.exists()
    with pytest.raises(ModelNotInstalledError, match="assistant models import"):
        store.get(TINY_BUNDLE_ID)


def test_reinstall_replaces_the_previous_copy_atomically(
    installed_tiny_m2m100, app_paths: AppPaths, tiny_m2m100_bundle: TinyBundle
) -> None:
    store = ModelStore(app_paths)
    again = import_bundle(tiny_m2m100_bundle.bundle_dir, store)
    assert again.path == installed_tiny_m2m100.path
    assert sorted(p.name for p in app_paths.models.iterdir()) == [TINY_BUNDLE_ID]


def test_recover_restores_a_model_whose_replacement_was_interrupted(
    installed_tiny_m2m100, app_paths: AppPaths
) -> None:
    interrupted = app_paths.models / f".replaced-{TINY_BUNDLE_ID}-0a1b2c3d"
    installed_tiny_m2m100.path.rename(interrupted)
    store = ModelStore(app_paths)
    assert store.list() == ()
    store.recover()
    assert [model.model_id for model in store.list()] == [TINY_BUNDLE_ID]
    assert sorted(p.name for p in app_paths.models.iterdir()) == [TINY_BUNDLE_ID]


def test_recover_deletes_stale_staging_but_not_an_import_in_progress(app_paths: AppPaths) -> None:
    store = ModelStore(app_paths)
    stale, active = store.new_staging_dir(), store.new_staging_dir()
    day_ago = time.time() - 86400
    os.utime(stale, (day_ago, day_ago))
    store.recover()
    assert not stale.exists() and active.is_dir()


def test_a_key_trusted_after_the_store_was_made_counts_at_once(
    app_paths: AppPaths, tiny_m2m100_bundle: TinyBundle
) -> None:
    store = ModelStore(app_paths)
    with pytest.raises(BundleRefusedError, match="does not trust"):
        import_bundle(tiny_m2m100_bundle.bundle_dir, store)
    tiny_m2m100_bundle.trust_in(app_paths)
    assert import_bundle(tiny_m2m100_bundle.bundle_dir, store).model_id == TINY_BUNDLE_ID
