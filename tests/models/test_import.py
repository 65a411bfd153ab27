"""Importing bundle folders and archives: verified first, atomic, and safe against bad archives."""

from __future__ import annotations

import io
import tarfile
import zipfile
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from assistant.core.errors import BadInputError
from assistant.models.archive import pack_bundle
from assistant.models.errors import BundleRefusedError, CancelledError
from assistant.models.importer import import_bundle
from assistant.models.install_key import load_install_key
from assistant.models.store import ModelStore
from assistant.paths import AppPaths
from tests.builders.tiny_bundle import TINY_BUNDLE_ID, TinyBundle
from tests.models.tampering import copy_bundle, flip_byte, read_manifest_json, write_signed


@pytest.fixture
def store(app_paths: AppPaths, tiny_m2m100_bundle: TinyBundle) -> ModelStore:
    """A store whose install trusts the tiny bundle's signer."""
    tiny_m2m100_bundle.trust_in(app_paths)
    return ModelStore(app_paths)


def _models_dir_names(app_paths: AppPaths) -> list[str]:
    return sorted(p.name for p in app_paths.models.iterdir())


def test_a_packed_archive_imports_and_verifies(
    store: ModelStore, tiny_m2m100_bundle: TinyBundle, tmp_path: Path
) -> None:
    archive = pack_bundle(tiny_m2m100_bundle.bundle_dir, tmp_path / "tiny.tar")
    model = import_bundle(archive, store)
    assert model.model_id == TINY_BUNDLE_ID
    assert store.verify(TINY_BUNDLE_ID).manifest == tiny_m2m100_bundle.manifest


def test_a_zip_with_one_top_folder_imports(
    store: ModelStore, tiny_m2m100_bundle: TinyBundle, tmp_path: Path
) -> None:
    archive = tmp_path / "tiny.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for path in sorted(tiny_m2m100_bundle.bundle_dir.iterdir()):
            zipped.write(path, f"tiny/{path.name}")
    assert import_bundle(archive, store).model_id == TINY_BUNDLE_ID


def _tar_with(archive: Path, bundle: Path, member: tarfile.TarInfo, data: bytes = b"") -> None:
    with tarfile.open(archive, "w") as tarred:
        for path in sorted(bundle.iterdir()):
            tarred.add(path, arcname=path.name)
        tarred.addfile(member, io.BytesIO(data) if data else None)


def test_an_archive_member_escaping_with_dotdot_is_refused_and_writes_nothing(
    store: ModelStore, tiny_m2m100_bundle: TinyBundle, tmp_path: Path, app_paths: AppPaths
) -> None:
    member = tarfile.TarInfo("../../escaped.txt")
    member.size = 4
    archive = tmp_path / "evil.tar"
    _tar_with(archive, tiny_m2m100_bundle.bundle_dir, member, b"evil")
    with pytest.raises(BundleRefusedError) as caught:
        import_bundle(archive, store)
    assert (caught.value.file, caught.value.reason) == ("../../escaped.txt", "unsafe-path")
    assert not list(tmp_path.rglob("escaped.txt"))
    assert _models_dir_names(app_paths) == []


def test_an_archive_symlink_member_is_refused(
    store: ModelStore, tiny_m2m100_bundle: TinyBundle, tmp_path: Path, app_paths: AppPaths
) -> None:
    member = tarfile.TarInfo("link")
    member.type, member.linkname = tarfile.SYMTYPE, "/etc/passwd"
    archive = tmp_path / "link.tar"
    _tar_with(archive, tiny_m2m100_bundle.bundle_dir, member)
    with pytest.raises(BundleRefusedError) as caught:
        import_bundle(archive, store)
    assert (caught.value.file, caught.value.reason) == ("link", "symlink")
    assert _models_dir_names(app_paths) == []


def test_a_refused_reimport_leaves_the_installed_model_intact(
    installed_tiny_m2m100, tiny_m2m100_bundle: TinyBundle, tmp_path: Path, app_paths: AppPaths
) -> None:
    damaged = copy_bundle(tiny_m2m100_bundle.bundle_dir, tmp_path / "damaged")
    flip_byte(damaged / "openvino_decoder_model.bin")
    store = ModelStore(app_paths)
    with pytest.raises(BundleRefusedError, match=r"openvino_decoder_model\.bin"):
        import_bundle(damaged, store)
    assert _models_dir_names(app_paths) == [TINY_BUNDLE_ID]
    assert store.verify(TINY_BUNDLE_ID).manifest == tiny_m2m100_bundle.manifest


@pytest.mark.parametrize("stop", [CancelledError, KeyboardInterrupt])
@pytest.mark.parametrize("stage", ["copy", "verify"])
def test_stopping_an_import_midway_leaves_no_half_model(
    installed_tiny_m2m100, tiny_m2m100_bundle: TinyBundle, app_paths: AppPaths, stop, stage
) -> None:
    def interrupt(current: str, fraction: float) -> bool:
        if current == stage and 0.2 < fraction < 1.0:
            if stop is KeyboardInterrupt:
                raise KeyboardInterrupt
            return False
        return True

    with pytest.raises(stop):
        import_bundle(tiny_m2m100_bundle.bundle_dir, ModelStore(app_paths), interrupt)
    assert _models_dir_names(app_paths) == [TINY_BUNDLE_ID]
    ModelStore(app_paths).verify(TINY_BUNDLE_ID)


def test_vouching_installs_an_untrusted_bundle_resigned_by_this_install(
    app_paths: AppPaths, tiny_m2m100_bundle: TinyBundle, tmp_path: Path
) -> None:
    bundle = copy_bundle(tiny_m2m100_bundle.bundle_dir, tmp_path / "stranger")
    write_signed(bundle, read_manifest_json(bundle), Ed25519PrivateKey.generate())
    store = ModelStore(app_paths)
    with pytest.raises(BundleRefusedError, match="does not trust"):
        import_bundle(bundle, store)
    key = load_install_key(app_paths)
    model = import_bundle(bundle, ModelStore(app_paths), vouch_key=key)
    verified = ModelStore(app_paths).verify(model.model_id)
    assert verified.signer.source == "install"


def test_vouching_still_refuses_a_file_that_does_not_match_the_manifest(
    app_paths: AppPaths, tiny_m2m100_bundle: TinyBundle, tmp_path: Path
) -> None:
    bundle = copy_bundle(tiny_m2m100_bundle.bundle_dir, tmp_path / "stranger")
    flip_byte(bundle / "sentencepiece.bpe.model")
    key = load_install_key(app_paths)
    with pytest.raises(BundleRefusedError, match=r"sentencepiece\.bpe\.model"):
        import_bundle(bundle, ModelStore(app_paths), vouch_key=key)
    assert _models_dir_names(app_paths) == []


@pytest.mark.parametrize("content", [b"", b"\x00\x01binary junk", b"hello"])
def test_a_file_that_is_no_archive_is_rejected_with_a_clear_message(
    store: ModelStore, tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "model.bin"
    path.write_bytes(content)
    with pytest.raises(BadInputError, match="neither a bundle folder nor a bundle archive"):
        import_bundle(path, store)


def test_a_folder_without_a_manifest_is_not_a_bundle(store: ModelStore, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(BundleRefusedError, match=r"no manifest\.json"):
        import_bundle(tmp_path / "empty", store)


def test_a_truncated_archive_is_refused_as_unreadable(
    store: ModelStore, tiny_m2m100_bundle: TinyBundle, tmp_path: Path, app_paths: AppPaths
) -> None:
    archive = pack_bundle(tiny_m2m100_bundle.bundle_dir, tmp_path / "tiny.tar")
    data = archive.read_bytes()
    archive.write_bytes(data[: len(data) // 2])
    with pytest.raises(BundleRefusedError) as caught:
        import_bundle(archive, store)
    assert (caught.value.file, caught.value.reason) == ("tiny.tar", "malformed-archive")
    assert "not a readable model bundle archive" in caught.value.user_message
    assert _models_dir_names(app_paths) == []
