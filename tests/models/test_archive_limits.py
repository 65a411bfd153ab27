"""Archive limits: deep paths, too many members and archives that expand far beyond their size
are refused before anything is written."""

from __future__ import annotations

import io
import tarfile
import zipfile
from pathlib import Path

import pytest

from assistant.models.archive import MAX_DEPTH, MAX_MEMBERS, extract_archive
from assistant.models.errors import BundleRefusedError
from assistant.models.importer import import_bundle
from assistant.models.store import ModelStore
from assistant.paths import AppPaths
from tests.builders.tiny_bundle import TinyBundle

BOMB_BYTES = 600 * 2**20
"""More than the 512 MiB that must never land on disk."""


class _Zeros(io.RawIOBase):
    """`size` zero bytes, streamed, so a bomb is built without holding it in memory."""

    def __init__(self, size: int) -> None:
        self.left = size

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        count = min(len(buffer), self.left)
        buffer[:count] = bytes(count)
        self.left -= count
        return count


@pytest.fixture(scope="module")
def zip_bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 600 KB zip holding 600 MiB of zeros next to a manifest."""
    archive = tmp_path_factory.mktemp("bombs") / "bomb.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        zipped.writestr("manifest.json", "{}")
        with zipped.open("openvino_encoder_model.bin", "w", force_zip64=True) as out:
            chunk = bytes(16 * 2**20)
            for _ in range(BOMB_BYTES // len(chunk)):
                out.write(chunk)
    return archive


@pytest.fixture(scope="module")
def tar_bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 3 MB .tar.gz holding 600 MiB of zeros."""
    archive = tmp_path_factory.mktemp("bombs") / "bomb.tar.gz"
    with tarfile.open(archive, "w:gz", compresslevel=1) as tarred:
        member = tarfile.TarInfo("openvino_encoder_model.bin")
        member.size = BOMB_BYTES
        tarred.addfile(member, io.BufferedReader(_Zeros(BOMB_BYTES)))
    return archive


def _refusal(archive: Path, destination: Path) -> BundleRefusedError:
    destination.mkdir()
    with pytest.raises(BundleRefusedError) as caught:
        extract_archive(archive, destination)
    assert list(destination.iterdir()) == [], "something was written before the refusal"
    return caught.value


@pytest.mark.parametrize("bomb", ["zip_bomb", "tar_bomb"])
def test_a_bomb_is_refused_before_anything_is_written(
    bomb: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    archive: Path = request.getfixturevalue(bomb)
    error = _refusal(archive, tmp_path / "out")
    assert (error.file, error.reason) == (archive.name, "too-large")
    assert "refused before anything was unpacked" in error.user_message


def _tar(archive: Path, names: list[str]) -> Path:
    with tarfile.open(archive, "w", format=tarfile.PAX_FORMAT) as tarred:
        for name in names:
            member = tarfile.TarInfo(name)
            member.size = 1
            tarred.addfile(member, io.BytesIO(b"x"))
    return archive


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 2000])
def test_a_deep_member_path_is_refused_with_a_message(tmp_path: Path, depth: int) -> None:
    archive = _tar(tmp_path / "deep.tar", ["manifest.json", "a/" * depth + "weights.bin"])
    error = _refusal(archive, tmp_path / "out")
    assert error.reason == "too-deep"
    assert f"more than {MAX_DEPTH} folders deep" in error.user_message


def test_a_deep_zip_member_is_refused_too(tmp_path: Path) -> None:
    archive = tmp_path / "deep.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("d/" * 2000 + "weights.bin", b"x")
    assert _refusal(archive, tmp_path / "out").reason == "too-deep"


def test_too_many_members_are_refused_before_writing(tmp_path: Path) -> None:
    names = [f"file-{n}.bin" for n in range(MAX_MEMBERS + 1)]
    error = _refusal(_tar(tmp_path / "many.tar", names), tmp_path / "out")
    assert error.reason == "too-many"
    assert f"more than {MAX_MEMBERS} members" in error.user_message


def test_a_bomb_import_installs_nothing_and_leaves_no_staging(
    zip_bomb: Path, app_paths: AppPaths, tiny_m2m100_bundle: TinyBundle
) -> None:
    tiny_m2m100_bundle.trust_in(app_paths)
    store = ModelStore(app_paths)
    with pytest.raises(BundleRefusedError, match="refused before anything was unpacked"):
        import_bundle(zip_bomb, store)
    assert list(app_paths.models.iterdir()) == []


def test_a_normal_bundle_archive_stays_within_the_limits(
    tiny_m2m100_bundle: TinyBundle, tmp_path: Path
) -> None:
    archive = tmp_path / "tiny.tar.xz"
    with tarfile.open(archive, "w:xz") as tarred:
        for path in sorted(tiny_m2m100_bundle.bundle_dir.iterdir()):
            tarred.add(path, arcname=f"tiny/{path.name}")
    destination = tmp_path / "out"
    destination.mkdir()
    extract_archive(archive, destination)
    assert sorted(p.name for p in destination.iterdir()) == sorted(
        p.name for p in tiny_m2m100_bundle.bundle_dir.iterdir()
    )
