"""The per-install signing key (OS keychain, or the labelled file without one), key export,
and trusting another machine's key."""

from __future__ import annotations

import base64
from pathlib import Path

import keyring
import keyring.backends.fail
import pytest
from cryptography.hazmat.primitives import serialization

from assistant.cli.main import main
from assistant.core.errors import BadInputError
from assistant.models.errors import SigningUnavailableError
from assistant.models.install_key import (
    install_key_file,
    install_key_secret,
    load_install_key,
    open_install_key,
)
from assistant.models.seal import seal_bundle
from assistant.models.trust import TrustStore, trust_key_file
from assistant.models.verify import verify_bundle
from assistant.paths import AppPaths
from assistant.state.keychain import KeyLocation
from tests.memory_keyring import MemoryKeyring


def _entry(paths: AppPaths) -> tuple[str, str]:
    secret = install_key_secret(paths)
    return secret.service, secret.username


def test_the_install_key_is_made_once_kept_in_the_keychain_and_its_public_half_trusted(
    app_paths: AppPaths, memory_keyring: MemoryKeyring
) -> None:
    first = load_install_key(app_paths)
    second = load_install_key(app_paths)
    assert first is not None and second is not None
    assert first.private_bytes_raw() == second.private_bytes_raw()
    assert list(memory_keyring.secrets) == [_entry(app_paths)]
    sources = [key.source for key in TrustStore.load(app_paths, Path("/nonexistent")).keys]
    assert sources == ["install"]


def test_the_private_key_is_never_written_under_the_app_dirs(app_paths: AppPaths) -> None:
    key = load_install_key(app_paths)
    assert key is not None
    raw = key.private_bytes_raw()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    for root in app_paths.all_roots():
        for path in (p for p in root.rglob("*") if p.is_file()):
            content = path.read_bytes()
            assert raw not in content and pem not in content
            assert base64.b64encode(raw) not in content and b"PRIVATE KEY" not in content


def test_without_a_keychain_the_key_lives_in_the_labelled_owner_only_file(
    app_paths: AppPaths, memory_keyring: MemoryKeyring
) -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())
    first = open_install_key(app_paths)
    again = open_install_key(app_paths)
    assert first is not None and again is not None
    assert first.location is KeyLocation.FILE and first.path == install_key_file(app_paths)
    assert first.private.private_bytes_raw() == again.private.private_bytes_raw()
    assert install_key_file(app_paths).name == "model-signing-key.UNPROTECTED"
    assert install_key_file(app_paths).stat().st_mode & 0o777 == 0o600
    assert first.notice is not None
    assert "plain file" in first.notice and "no keychain" in first.notice
    assert str(install_key_file(app_paths)) in first.notice
    assert [k.source for k in TrustStore.load(app_paths, Path("/nonexistent")).keys] == ["install"]

    keyring.set_keyring(memory_keyring)  # a keychain appears: the key moves into it
    moved = open_install_key(app_paths)
    assert moved is not None and moved.location is KeyLocation.KEYRING and moved.notice is None
    assert moved.private.private_bytes_raw() == first.private.private_bytes_raw()
    assert not install_key_file(app_paths).exists()


def test_a_failing_keychain_refuses_signing_with_a_message_and_writes_no_file(
    app_paths: AppPaths,
) -> None:
    from tests.raising_keyring import RaisingKeyring

    keyring.set_keyring(RaisingKeyring())
    with pytest.raises(SigningUnavailableError) as caught:
        load_install_key(app_paths)
    assert "the system keychain failed (RuntimeError)" in caught.value.user_message
    assert not install_key_file(app_paths).exists()


def test_a_damaged_key_in_the_keychain_is_reported(
    app_paths: AppPaths, memory_keyring: MemoryKeyring
) -> None:
    memory_keyring.set_password(*_entry(app_paths), "not base64 at all!")
    with pytest.raises(SigningUnavailableError, match="damaged"):
        load_install_key(app_paths)


def test_a_bundle_from_another_machine_verifies_once_its_exported_key_is_trusted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    machine_a, machine_b = tmp_path / "a", tmp_path / "b"
    assert main(["--data-dir", str(machine_a), "models", "export-key"]) == 0
    pem = capsys.readouterr().out
    assert pem.startswith("-----BEGIN PUBLIC KEY-----")
    key = load_install_key(AppPaths.under(machine_a))
    assert key is not None
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    (bundle / "model.gguf").write_bytes(b"GGUF" + bytes(100))
    seal_bundle(bundle, model_id="shared", kind="triage-llm", recipe="gguf", key=key)
    paths_b = AppPaths.under(machine_b).ensure()
    with pytest.raises(Exception, match="does not trust"):
        verify_bundle(bundle, TrustStore.load(paths_b))
    (tmp_path / "a.pem").write_text(pem)
    assert main(["--data-dir", str(machine_b), "models", "trust", str(tmp_path / "a.pem")]) == 0
    assert "Trusting bundles signed by key" in capsys.readouterr().out
    assert verify_bundle(bundle, TrustStore.load(paths_b)).signer.source == "trusted"


@pytest.mark.parametrize("content", [b"", b"\x00\xff garbage", b"-----BEGIN PUBLIC KEY-----\nAA"])
def test_trusting_a_file_that_is_no_key_is_rejected(
    app_paths: AppPaths, tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "key.pem"
    path.write_bytes(content)
    with pytest.raises(BadInputError, match="not an Ed25519 public key"):
        trust_key_file(app_paths, path)
    assert TrustStore.load(app_paths, tmp_path / "none").keys == ()
