"""Trusted keys that other users could have written are refused, loudly, with the fix."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from assistant.cli.main import main
from assistant.models.errors import BundleRefusedError
from assistant.models.seal import seal_bundle
from assistant.models.trust import TrustStore, trusted_keys_dir, write_trusted_key
from assistant.models.verify import verify_bundle
from assistant.paths import AppPaths

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")

NO_SHIPPED = Path("/nonexistent")


def _signed_bundle(tmp_path: Path, key: Ed25519PrivateKey) -> Path:
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    (bundle / "model.gguf").write_bytes(b"GGUF" + bytes(100))
    seal_bundle(bundle, model_id="helper", kind="triage-llm", recipe="gguf", key=key)
    return bundle


def test_a_world_writable_trusted_keys_folder_is_refused_with_the_chmod(
    app_paths: AppPaths, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    key = Ed25519PrivateKey.generate()
    write_trusted_key(app_paths, key.public_key(), install=False)
    folder = trusted_keys_dir(app_paths)
    folder.chmod(0o777)
    with caplog.at_level(logging.WARNING, logger="assistant.models.trust"):
        store = TrustStore.load(app_paths, NO_SHIPPED)
    assert store.keys == ()
    (warning,) = store.warnings
    assert f"trusted-keys folder {folder} is writable by every user" in warning
    assert warning.endswith(f"chmod 700 {folder}") and "\n" not in warning
    assert [r.message for r in caplog.records] == [warning]

    bundle = _signed_bundle(tmp_path, key)
    with pytest.raises(BundleRefusedError) as caught:
        verify_bundle(bundle, store)
    assert caught.value.reason == "unsafe-key-file"
    assert f"chmod 700 {folder}" in caught.value.user_message

    folder.chmod(0o700)
    assert verify_bundle(bundle, TrustStore.load(app_paths, NO_SHIPPED)).signer.source == "trusted"


@pytest.mark.parametrize("mode", [0o620, 0o602, 0o666], ids=["group", "others", "both"])
def test_a_key_file_others_can_write_is_refused_and_the_rest_still_trusted(
    app_paths: AppPaths, tmp_path: Path, mode: int
) -> None:
    bad, good = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    bad_file = write_trusted_key(app_paths, bad.public_key(), install=False)
    write_trusted_key(app_paths, good.public_key(), install=False)
    bad_file.chmod(mode)
    store = TrustStore.load(app_paths, NO_SHIPPED)
    assert [k.public_key.public_bytes_raw() for k in store.keys] == [
        good.public_key().public_bytes_raw()
    ]
    assert store.warnings == (
        f"WARNING: the key file {bad_file} is writable by other users, so it is not trusted; "
        f"check it and run: chmod go-w {bad_file}",
    )
    with pytest.raises(BundleRefusedError, match="chmod go-w"):
        verify_bundle(_signed_bundle(tmp_path, bad), store)


def test_a_shipped_key_folder_others_can_write_is_refused_too(
    app_paths: AppPaths, tmp_path: Path
) -> None:
    shipped = tmp_path / "shipped"
    shipped.mkdir()
    other = AppPaths.under(tmp_path / "publisher")
    (shipped / "publisher.pem").write_bytes(
        write_trusted_key(
            other, Ed25519PrivateKey.generate().public_key(), install=False
        ).read_bytes()
    )
    shipped.chmod(0o757)
    store = TrustStore.load(app_paths, shipped)
    assert store.keys == () and "chmod 700" in store.warnings[0]


def test_models_commands_print_the_warning_on_stderr(
    app_paths: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    key_file = write_trusted_key(
        app_paths, Ed25519PrivateKey.generate().public_key(), install=False
    )
    key_file.chmod(0o666)
    assert main(["models", "list"]) == 0
    err = capsys.readouterr().err
    assert f"assistant: WARNING: the key file {key_file}" in err
    assert f"chmod go-w {key_file}" in err


def test_key_files_are_written_owner_only_whatever_the_umask(app_paths: AppPaths) -> None:
    previous = os.umask(0o002)
    try:
        path = write_trusted_key(app_paths, Ed25519PrivateKey.generate().public_key(), install=True)
    finally:
        os.umask(previous)
    assert path.stat().st_mode & 0o777 == 0o600
    assert TrustStore.load(app_paths, NO_SHIPPED).warnings == ()
