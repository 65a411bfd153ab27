"""Keychain entries: one per data dir, the legacy shared entry adopted only by the default
profile, and any backend failure reported as an unavailable keychain."""

from __future__ import annotations

import base64
from pathlib import Path

import keyring
import keyring.backends.fail
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from assistant.cli.main import main
from assistant.models.install_key import install_key_file, install_key_secret, load_install_key
from assistant.paths import AppPaths
from assistant.state.clear_state import clear_state
from assistant.state.keychain import KeychainError, KeychainSecret, data_dir_tag
from assistant.state.keys import KEYRING_ENTRY, KEYRING_SERVICE, DataKeyStore, KeyUnavailableError
from assistant.state.settings import Settings
from assistant.state.vault import Vault
from tests.memory_keyring import MemoryKeyring
from tests.raising_keyring import RaisingKeyring
from tests.state.conftest import record

LEGACY_INSTALL = ("OfflineTranslationAssistant.model-signing", "install-ed25519")
LEGACY_HISTORY = (KEYRING_SERVICE, KEYRING_ENTRY)
LEGACY_MATERIAL = bytes(range(32))


@pytest.fixture
def default_profile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppPaths:
    """The platform (non-override) profile, with its directories moved under tmp_path."""
    for variable in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(variable, str(tmp_path / "home" / variable.lower()))
    return AppPaths.platform_default().ensure()


def _history_entry(paths: AppPaths) -> tuple[str, str]:
    secret = DataKeyStore(paths, allow_file_fallback=False).secret
    return secret.service, secret.username


def _install_entry(paths: AppPaths) -> tuple[str, str]:
    secret = install_key_secret(paths)
    return secret.service, secret.username


def _keep_history(paths: AppPaths, text: str) -> None:
    vault = Vault(paths, Settings())
    vault.history.add(record(text))
    vault.close()


def _history(paths: AppPaths) -> list[str]:
    vault = Vault(paths, Settings())
    try:
        return [entry.record.source_text for entry in vault.history.recent()]
    finally:
        vault.close()


def test_each_data_dir_has_its_own_entries_named_after_its_path(tmp_path: Path) -> None:
    first, second = AppPaths.under(tmp_path / "a"), AppPaths.under(tmp_path / "b")
    assert data_dir_tag(first) != data_dir_tag(second)
    assert data_dir_tag(first) == data_dir_tag(AppPaths.under(tmp_path / "x" / ".." / "a"))
    assert _history_entry(first)[1] == f"{KEYRING_ENTRY}.{data_dir_tag(first)}"
    assert _history_entry(first) != _history_entry(second)
    assert _install_entry(first) != _install_entry(second)


def test_clear_state_in_one_data_dir_leaves_the_other_readable_and_every_install_key(
    tmp_path: Path, memory_keyring: MemoryKeyring, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = AppPaths.under(tmp_path / "a").ensure(), AppPaths.under(tmp_path / "b").ensure()
    _keep_history(first, "Erster Ordner")
    _keep_history(second, "Zweiter Ordner")
    signing = {paths: load_install_key(paths) for paths in (first, second)}
    assert len(memory_keyring.secrets) == 4

    assert main(["--data-dir", str(tmp_path / "a"), "clear-state", "--yes"]) == 0
    assert "Deleted the history key in the system keychain." in capsys.readouterr().out

    assert _history_entry(first) not in memory_keyring.secrets
    assert _history_entry(second) in memory_keyring.secrets
    assert _history(second) == ["Zweiter Ordner"]
    assert _history(first) == []
    for paths, key in signing.items():  # the signing key holds no user text: clear-state keeps it
        again = load_install_key(paths, create=False)
        assert key is not None and again is not None
        assert again.private_bytes_raw() == key.private_bytes_raw()


def test_the_default_profile_adopts_the_legacy_history_entry(
    default_profile: AppPaths, memory_keyring: MemoryKeyring
) -> None:
    _keep_history(default_profile, "Alte Geschichte")
    # What an older version left behind: the same key under the one fixed name.
    value = memory_keyring.secrets.pop(_history_entry(default_profile))
    memory_keyring.set_password(*LEGACY_HISTORY, value)

    assert _history(default_profile) == ["Alte Geschichte"]
    assert memory_keyring.secrets == {_history_entry(default_profile): value}


def test_the_default_profile_adopts_the_legacy_install_key(
    default_profile: AppPaths, memory_keyring: MemoryKeyring
) -> None:
    legacy = load_install_key(default_profile)
    assert legacy is not None
    value = memory_keyring.secrets.pop(_install_entry(default_profile))
    memory_keyring.set_password(*LEGACY_INSTALL, value)

    adopted = load_install_key(default_profile, create=False)
    assert adopted is not None and adopted.private_bytes_raw() == legacy.private_bytes_raw()
    assert memory_keyring.secrets == {_install_entry(default_profile): value}


def test_clear_state_of_the_default_profile_removes_the_legacy_history_entry_only(
    default_profile: AppPaths, memory_keyring: MemoryKeyring
) -> None:
    memory_keyring.set_password(*LEGACY_HISTORY, base64.b64encode(LEGACY_MATERIAL).decode())
    memory_keyring.set_password(*LEGACY_INSTALL, "legacy install key")
    report = clear_state(default_profile)
    assert report.complete
    assert memory_keyring.secrets == {LEGACY_INSTALL: "legacy install key"}


def test_an_override_data_dir_does_not_take_the_legacy_entries(
    app_paths: AppPaths, memory_keyring: MemoryKeyring
) -> None:
    legacy_signing = Ed25519PrivateKey.generate()
    legacy = {
        LEGACY_HISTORY: base64.b64encode(LEGACY_MATERIAL).decode(),
        LEGACY_INSTALL: base64.b64encode(legacy_signing.private_bytes_raw()).decode(),
    }
    memory_keyring.secrets.update(legacy)

    key = DataKeyStore(app_paths, allow_file_fallback=False).load(create=True)
    signing = load_install_key(app_paths)
    assert key is not None and key.created and key.material != LEGACY_MATERIAL
    assert signing is not None
    assert signing.private_bytes_raw() != legacy_signing.private_bytes_raw()
    assert {name: memory_keyring.secrets[name] for name in legacy} == legacy

    assert clear_state(app_paths).complete
    assert {name: memory_keyring.secrets[name] for name in legacy} == legacy


def test_any_backend_exception_is_an_unavailable_keychain_never_a_crash(
    app_paths: AppPaths,
) -> None:
    keyring.set_keyring(RaisingKeyring())
    secret = KeychainSecret(app_paths, "a test key", "service", "name", app_paths.data / "f")
    problem = secret.problem()
    assert isinstance(problem, KeychainError) and not problem.absent
    assert problem.reason == "the system keychain failed (RuntimeError)."
    store = DataKeyStore(app_paths, allow_file_fallback=True)
    with pytest.raises(KeyUnavailableError) as caught:
        store.load(create=True)
    assert "History is off: the system keychain failed (RuntimeError)." in caught.value.user_message
    assert store.unavailable_message() == caught.value.user_message
    assert not store.key_file.exists(), "a failing keychain is not a missing one"
    with pytest.raises(KeyUnavailableError, match="RuntimeError"):
        store.delete()


def test_clear_state_keeps_the_labelled_signing_key_file_and_deletes_the_history_one(
    app_paths: AppPaths,
) -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())
    store = DataKeyStore(app_paths, allow_file_fallback=True)
    assert store.load(create=True) is not None and store.key_file.exists()
    signing = load_install_key(app_paths)
    assert signing is not None

    report = clear_state(app_paths)
    assert report.complete
    assert f"the fallback key file {store.key_file}" in report.keys_removed
    assert not store.key_file.exists()
    kept = load_install_key(app_paths, create=False)
    assert kept is not None and kept.private_bytes_raw() == signing.private_bytes_raw()
    assert install_key_file(app_paths).stat().st_mode & 0o777 == 0o600
