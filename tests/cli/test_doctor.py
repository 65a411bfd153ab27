"""`assistant doctor` says where each key is kept: the keychain, the labelled file, or nowhere."""

from __future__ import annotations

import json
import os

import keyring
import keyring.backends.fail
import pytest

from assistant.cli.main import main
from assistant.models.install_key import install_key_file, install_key_secret, load_install_key
from assistant.models.trust import trusted_keys_dir
from assistant.paths import AppPaths
from assistant.state.keys import DataKeyStore, key_file
from assistant.state.settings import Settings
from assistant.state.settings_store import SettingsStore
from tests.raising_keyring import RaisingKeyring


def _keys(capsys: pytest.CaptureFixture[str]) -> dict[str, dict[str, object]]:
    assert main(["doctor", "--json"]) == 0
    return {key["key"]: key for key in json.loads(capsys.readouterr().out)["keys"]}


def test_doctor_names_the_keychain_entries_of_this_data_dir(
    app_paths: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    load_install_key(app_paths)
    keys = _keys(capsys)
    history = DataKeyStore(app_paths, allow_file_fallback=False).secret
    signing = install_key_secret(app_paths)
    assert keys["history key"] == {
        "key": "history key",
        "store": "keychain",
        "detail": f"{history.service} / {history.username} (made on first use)",
        "exists": False,
    }
    assert keys["model signing key"]["store"] == "keychain"
    assert keys["model signing key"]["detail"] == f"{signing.service} / {signing.username}"
    assert keys["model signing key"]["exists"] is True


def test_without_a_keychain_doctor_names_the_labelled_files(
    app_paths: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())
    SettingsStore(app_paths.settings_file).save(Settings(allow_unencrypted_fallback=True))
    load_install_key(app_paths)
    assert main(["doctor"]) == 0
    out = capsys.readouterr().out
    assert f"  history key: labelled file {key_file(app_paths)} (made on first use)" in out
    assert f"  model signing key: labelled file {install_key_file(app_paths)}\n" in out
    assert "History is encrypted with a key kept in a plain file" in out
    assert f"The model signing key is kept in a plain file ({install_key_file(app_paths)})" in out


def test_without_a_keychain_or_fallback_doctor_says_history_is_off(
    capsys: pytest.CaptureFixture[str],
) -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())
    keys = _keys(capsys)
    assert keys["history key"]["store"] == "none"
    assert keys["model signing key"]["store"] == "labelled file"


def test_a_failing_keychain_is_reported_not_raised(capsys: pytest.CaptureFixture[str]) -> None:
    keyring.set_keyring(RaisingKeyring())
    assert main(["doctor"]) == 0
    out = capsys.readouterr().out
    assert "  history key: none; the system keychain failed (RuntimeError)." in out
    assert "  model signing key: none; the system keychain failed (RuntimeError)." in out
    assert "Models cannot be signed on this machine" in out


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_doctor_lists_a_refused_trusted_keys_folder(
    app_paths: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    load_install_key(app_paths)
    trusted_keys_dir(app_paths).chmod(0o777)
    assert main(["doctor"]) == 0
    assert f"chmod 700 {trusted_keys_dir(app_paths)}" in capsys.readouterr().out
