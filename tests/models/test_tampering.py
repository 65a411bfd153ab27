"""The tampering matrix: every damaged copy of a real signed bundle is refused, naming the file."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from assistant.models.errors import BundleRefusedError
from assistant.models.manifest import MANIFEST_NAME, SIGNATURE_NAME
from assistant.models.verify import verify_bundle
from tests.builders.tiny_bundle import TinyBundle
from tests.models.tampering import (
    copy_bundle,
    flip_byte,
    read_manifest_json,
    write_signed,
)

BUNDLE_FILES = (
    "added_tokens.json",
    "config.json",
    "generation_config.json",
    "openvino_decoder_model.bin",
    "openvino_decoder_model.xml",
    "openvino_encoder_model.bin",
    "openvino_encoder_model.xml",
    "sentencepiece.bpe.model",
    "tokenizer_config.json",
    "vocab.json",
)


@pytest.fixture
def bundle(tiny_m2m100_bundle: TinyBundle, tmp_path: Path) -> Path:
    """A writable copy of the tiny signed bundle."""
    return copy_bundle(tiny_m2m100_bundle.bundle_dir, tmp_path / "bundle")


def refusal(bundle: Path, tiny: TinyBundle) -> BundleRefusedError:
    with pytest.raises(BundleRefusedError) as caught:
        verify_bundle(bundle, tiny.trust_store())
    return caught.value


def test_the_untouched_copy_verifies(bundle: Path, tiny_m2m100_bundle: TinyBundle) -> None:
    verified = verify_bundle(bundle, tiny_m2m100_bundle.trust_store())
    assert sorted(entry.path for entry in verified.manifest.files) == list(BUNDLE_FILES)


@pytest.mark.parametrize("name", BUNDLE_FILES)
def test_one_flipped_byte_in_any_file_is_refused_naming_it(
    bundle: Path, tiny_m2m100_bundle: TinyBundle, name: str
) -> None:
    flip_byte(bundle / name)
    error = refusal(bundle, tiny_m2m100_bundle)
    assert (error.file, error.reason) == (name, "hash-mismatch")
    assert f"'{name}'" in error.user_message and "fresh copy" in error.user_message


@pytest.mark.parametrize("name", [MANIFEST_NAME, SIGNATURE_NAME])
def test_one_flipped_byte_in_manifest_or_signature_is_refused(
    bundle: Path, tiny_m2m100_bundle: TinyBundle, name: str
) -> None:
    flip_byte(bundle / name)
    error = refusal(bundle, tiny_m2m100_bundle)
    assert error.file in (MANIFEST_NAME, SIGNATURE_NAME)
    assert error.reason in ("malformed", "bad-signature")
    assert error.file in error.user_message


def _truncate(path: Path) -> None:
    os.truncate(path, path.stat().st_size - 1)


def _append(path: Path) -> None:
    with path.open("ab") as handle:
        handle.write(b"\0")


@pytest.mark.parametrize("damage", [_truncate, _append], ids=["truncated", "appended"])
def test_a_truncated_or_extended_file_is_refused_for_its_size(
    bundle: Path, tiny_m2m100_bundle: TinyBundle, damage: Callable[[Path], None]
) -> None:
    damage(bundle / "openvino_encoder_model.bin")
    error = refusal(bundle, tiny_m2m100_bundle)
    assert (error.file, error.reason) == ("openvino_encoder_model.bin", "wrong-size")
    assert "manifest says" in error.user_message


def test_an_added_file_is_refused_naming_it(bundle: Path, tiny_m2m100_bundle: TinyBundle) -> None:
    (bundle / "sub").mkdir()
    (bundle / "sub" / "payload.py").write_text("print('hi')\n")
    error = refusal(bundle, tiny_m2m100_bundle)
    assert (error.file, error.reason) == ("sub/payload.py", "extra-file")
    assert "does not list" in error.user_message


def test_a_removed_file_is_refused_naming_it(bundle: Path, tiny_m2m100_bundle: TinyBundle) -> None:
    (bundle / "vocab.json").unlink()
    error = refusal(bundle, tiny_m2m100_bundle)
    assert (error.file, error.reason) == ("vocab.json", "missing-file")


def test_a_missing_signature_means_unsigned(bundle: Path, tiny_m2m100_bundle: TinyBundle) -> None:
    (bundle / SIGNATURE_NAME).unlink()
    error = refusal(bundle, tiny_m2m100_bundle)
    assert (error.file, error.reason) == (SIGNATURE_NAME, "unsigned")
    assert "unsigned" in error.user_message


def test_an_edited_manifest_no_longer_matches_its_signature(
    bundle: Path, tiny_m2m100_bundle: TinyBundle
) -> None:
    data = read_manifest_json(bundle)
    _append(bundle / "config.json")
    files = data["files"]
    assert isinstance(files, list)
    for entry in files:
        if entry["path"] == "config.json":
            entry["size"] += 1
    (bundle / MANIFEST_NAME).write_text(json.dumps(data))
    error = refusal(bundle, tiny_m2m100_bundle)
    assert (error.file, error.reason) == (SIGNATURE_NAME, "bad-signature")
    assert "changed after signing" in error.user_message


def test_a_signature_swapped_from_another_manifest_is_refused(
    bundle: Path, tiny_m2m100_bundle: TinyBundle, tmp_path: Path
) -> None:
    other = copy_bundle(bundle, tmp_path / "other")
    data = read_manifest_json(other)
    data["description"] = "another build"
    write_signed(other, data, tiny_m2m100_bundle.private_key())
    (bundle / SIGNATURE_NAME).write_bytes((other / SIGNATURE_NAME).read_bytes())
    error = refusal(bundle, tiny_m2m100_bundle)
    assert (error.file, error.reason) == (SIGNATURE_NAME, "bad-signature")


def test_a_manifest_signed_by_an_untrusted_key_is_refused(
    bundle: Path, tiny_m2m100_bundle: TinyBundle
) -> None:
    write_signed(bundle, read_manifest_json(bundle), Ed25519PrivateKey.generate())
    error = refusal(bundle, tiny_m2m100_bundle)
    assert (error.file, error.reason) == (SIGNATURE_NAME, "untrusted-key")
    assert "assistant models trust" in error.user_message


@pytest.mark.parametrize("evil", ["../outside.bin", "/etc/passwd", "a/../../b", "C:/x", "a\\b"])
def test_a_signed_manifest_listing_an_escaping_path_is_refused(
    bundle: Path, tiny_m2m100_bundle: TinyBundle, evil: str
) -> None:
    data = read_manifest_json(bundle)
    files = data["files"]
    assert isinstance(files, list)
    files[0]["path"] = evil
    write_signed(bundle, data, tiny_m2m100_bundle.private_key())
    error = refusal(bundle, tiny_m2m100_bundle)
    assert (error.file, error.reason) == (evil, "unsafe-path")
    assert evil in error.user_message


def test_a_symlink_leaving_the_bundle_is_refused(
    bundle: Path, tiny_m2m100_bundle: TinyBundle, tmp_path: Path
) -> None:
    outside = tmp_path / "secret.json"
    outside.write_bytes((bundle / "config.json").read_bytes())
    (bundle / "config.json").unlink()
    (bundle / "config.json").symlink_to(outside)
    error = refusal(bundle, tiny_m2m100_bundle)
    assert (error.file, error.reason) == ("config.json", "symlink")
    assert "outside the bundle" in error.user_message


def test_an_unknown_schema_is_refused_even_when_signed(
    bundle: Path, tiny_m2m100_bundle: TinyBundle
) -> None:
    data = read_manifest_json(bundle)
    data["schema"] = 99
    write_signed(bundle, data, tiny_m2m100_bundle.private_key())
    error = refusal(bundle, tiny_m2m100_bundle)
    assert (error.file, error.reason) == (MANIFEST_NAME, "unknown-schema")
    assert "manifest.json uses schema 99" in error.user_message


@pytest.mark.parametrize(
    "content",
    [b"", b"\xff\xfe binary", b"[]", b'{"schema": 1}', b'{"schema": 1, "schema": 1}'],
    ids=["empty", "binary", "list", "incomplete", "duplicate-key"],
)
def test_a_malformed_manifest_is_refused(
    bundle: Path, tiny_m2m100_bundle: TinyBundle, content: bytes
) -> None:
    (bundle / MANIFEST_NAME).write_bytes(content)
    error = refusal(bundle, tiny_m2m100_bundle)
    assert (error.file, error.reason) == (MANIFEST_NAME, "malformed")
    assert "malformed" in error.user_message
