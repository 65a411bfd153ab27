"""Bundle archives (.tar, .tar.gz, .tar.xz, .zip): packed for sharing, unpacked with path checks.

Extraction never follows or creates links and writes only below its destination.
"""

from __future__ import annotations

import errno
import shutil
import tarfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from assistant.core.progress import ProgressCallback, no_progress
from assistant.models.errors import BundleRefusedError, CancelledError
from assistant.models.manifest import MANIFEST_NAME, check_relative_path
from assistant.models.verify import scan_bundle_files

STAGE = "unpack"
ARCHIVE_SUFFIXES = (".tar", ".tar.gz", ".tgz", ".tar.xz", ".tar.bz2", ".zip")


@dataclass(frozen=True)
class _Member:
    name: str
    size: int
    is_dir: bool
    is_file: bool


def is_archive(path: Path) -> bool:
    """True when `path` names a file this module can unpack."""
    return path.is_file() and (tarfile.is_tarfile(path) or zipfile.is_zipfile(path))


def _unreadable(archive: Path, detail: str) -> BundleRefusedError:
    return BundleRefusedError(
        f"{archive.name} is not a readable model bundle archive ({detail}). Download it again "
        "or get a fresh copy from its publisher.",
        file=archive.name,
        reason="malformed-archive",
    )


@contextmanager
def _open_members(archive: Path) -> Iterator[tuple[list[_Member], object]]:
    if zipfile.is_zipfile(archive):
        with zipfile.ZipFile(archive) as zipped:
            members = [
                _Member(i.filename.rstrip("/"), i.file_size, i.is_dir(), not i.is_dir())
                for i in zipped.infolist()
            ]
            for info in zipped.infolist():
                if (info.external_attr >> 16) & 0o170000 == 0o120000:
                    raise _link(info.filename)
            yield members, zipped
        return
    with tarfile.open(archive) as tarred:
        listed = tarred.getmembers()
        for entry in listed:
            if not (entry.isfile() or entry.isdir()):
                raise _link(entry.name)
        yield [_Member(i.name, i.size, i.isdir(), i.isfile()) for i in listed], tarred


def _link(name: str) -> BundleRefusedError:
    return BundleRefusedError(
        f"The bundle archive contains '{name}', a link or special file. Bundles may not "
        "contain links; it was refused and nothing was installed.",
        file=name,
        reason="symlink",
    )


def _normalise(name: str) -> str:
    while name.startswith("./"):
        name = name[2:]
    return name


def _root_prefix(names: list[str]) -> str:
    """'' when manifest.json is at the top, 'X/' when everything sits in one folder X."""
    if MANIFEST_NAME in names:
        return ""
    tops = {name.split("/", 1)[0] for name in names}
    if len(tops) == 1 and f"{next(iter(tops))}/{MANIFEST_NAME}" in names:
        return f"{next(iter(tops))}/"
    return ""


def _open_source(handle: object, member_name: str) -> IO[bytes]:
    if isinstance(handle, zipfile.ZipFile):
        return handle.open(member_name)
    assert isinstance(handle, tarfile.TarFile)
    source = handle.extractfile(member_name)
    if source is None:
        raise _link(member_name)
    return source


def extract_archive(
    archive: Path, destination: Path, on_progress: ProgressCallback = no_progress
) -> None:
    """Unpack `archive` into the empty folder `destination`, refusing unsafe member paths."""
    try:
        with _open_members(archive) as (members, handle):
            names = [_normalise(m.name) for m in members if _normalise(m.name)]
            prefix = _root_prefix(names)
            total = sum(m.size for m in members if m.is_file) or 1
            free = shutil.disk_usage(destination).free
            if total > free:
                raise BundleRefusedError(
                    f"{archive.name} unpacks to {total // 2**20} MiB but only {free // 2**20} "
                    "MiB are free. Free some disk space and import again.",
                    file=archive.name,
                    reason="no-space",
                )
            done = 0
            for member in members:
                name = _normalise(member.name)
                if not name or (member.is_dir and name + "/" == prefix):
                    continue
                relative = check_relative_path(name)
                if prefix and relative.startswith(prefix):
                    relative = relative[len(prefix) :]
                target = destination.joinpath(*relative.split("/"))
                if member.is_dir:
                    target.mkdir(parents=True, exist_ok=True)
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                with _open_source(handle, member.name) as source, target.open("xb") as out:
                    shutil.copyfileobj(source, out, 4 * 1024 * 1024)
                done += member.size
                if not on_progress(STAGE, done / total):
                    raise CancelledError(
                        "Unpacking the model was cancelled; nothing was installed."
                    )
    except FileExistsError as error:
        raise _unreadable(archive, f"'{error.filename}' appears twice") from None
    except OSError as error:
        if error.errno == errno.ENOSPC:
            raise BundleRefusedError(
                f"The disk filled up while unpacking {archive.name}; nothing was installed. "
                "Free some disk space and import again.",
                file=archive.name,
                reason="no-space",
            ) from None
        raise _unreadable(archive, str(error)) from None
    except (tarfile.TarError, zipfile.BadZipFile, EOFError) as error:
        raise _unreadable(archive, str(error)) from None


def pack_bundle(folder: Path, archive: Path) -> Path:
    """Write the bundle at `folder` as one uncompressed tar with the files at its top level."""
    files = sorted(scan_bundle_files(folder))
    with tarfile.open(archive, "w", format=tarfile.PAX_FORMAT) as tarred:
        for relative in files:
            tarred.add(folder / relative, arcname=relative, recursive=False)
    return archive
