"""The data key: keychain first, a labelled file fallback only when allowed, clear reasons."""

from __future__ import annotations

import base64

import keyring
import pytest
from keyring.backends import fail, null

from assistant.paths import AppPaths
from assistant.state.keys import (
    KEYRING_SERVICE,
    DataKeyStore,
    KeyLocation,
    KeyUnavailableError,
)
from tests.memory_keyring import MemoryKeyring


def _store(app_paths: AppPaths, allow_fallback: bool = False) -> DataKeyStore:
    return DataKeyStore(app_paths, allow_fallback)


def _entry(app_paths: AppPaths) -> tuple[str, str]:
    return KEYRING_SERVICE, _store(app_paths).secret.username


def test_key_is_created_once_in_the_keychain_and_reused(
    app_paths: AppPaths, memory_keyring: MemoryKeyring
) -> None:
    store = _store(app_paths)
    assert store.load(create=False) is None
    created = store.load(create=True)
    assert created is not None and created.created and created.location is KeyLocation.KEYRING
    assert len(created.material) == 32
    again = store.load(create=True)
    assert again is not None and again.material == created.material and not again.created
    stored = memory_keyring.secrets[_entry(app_paths)]
    assert base64.b64decode(stored) == created.material
    assert created.material.hex() not in repr(created)


def test_delete_removes_the_key_and_a_new_one_differs(
    app_paths: AppPaths, memory_keyring: MemoryKeyring
) -> None:
    store = _store(app_paths)
    first = store.load(create=True)
    assert store.delete() == ["the history key in the system keychain"]
    assert memory_keyring.secrets == {}
    second = store.load(create=True)
    assert first is not None and second is not None and first.material != second.material


@pytest.mark.parametrize("backend", [fail.Keyring, null.Keyring], ids=["no-backend", "null"])
def test_without_a_keychain_the_key_is_refused_with_a_reason(
    app_paths: AppPaths, backend: type
) -> None:
    keyring.set_keyring(backend())
    store = _store(app_paths)
    with pytest.raises(KeyUnavailableError) as caught:
        store.load(create=True)
    assert "History is off" in caught.value.user_message
    assert "fallback" in caught.value.user_message
    assert store.unavailable_message() == caught.value.user_message
    assert not store.key_file.exists()


def test_fallback_keeps_the_key_in_an_owner_only_file_when_allowed(app_paths: AppPaths) -> None:
    keyring.set_keyring(fail.Keyring())
    store = _store(app_paths, allow_fallback=True)
    created = store.load(create=True)
    assert created is not None and created.location is KeyLocation.FILE
    assert store.key_file.stat().st_mode & 0o077 == 0
    again = store.load(create=False)
    assert again is not None and again.material == created.material
    assert store.delete() == [f"the fallback key file {store.key_file}"]
    assert not store.key_file.exists()


def test_fallback_key_moves_into_the_keychain_once_one_exists(
    app_paths: AppPaths, memory_keyring: MemoryKeyring
) -> None:
    keyring.set_keyring(fail.Keyring())
    created = _store(app_paths, allow_fallback=True).load(create=True)
    keyring.set_keyring(memory_keyring)
    moved = _store(app_paths).load(create=False)
    assert created is not None and moved is not None
    assert moved.material == created.material and moved.location is KeyLocation.KEYRING
    assert not _store(app_paths).key_file.exists()


def test_damaged_key_in_the_keychain_is_reported_not_replaced(
    app_paths: AppPaths, memory_keyring: MemoryKeyring
) -> None:
    memory_keyring.set_password(*_entry(app_paths), "not base64 at all!")
    with pytest.raises(KeyUnavailableError, match="damaged"):
        _store(app_paths).load(create=True)
    assert memory_keyring.secrets[_entry(app_paths)] == "not base64 at all!"
