"""Bundle archives (.tar, .tar.gz, .tar.xz, .zip): packed for sharing, unpacked with path checks.

Extraction never follows or creates links and writes only below its destination. Before the
first byte is written, the whole member list is checked: how many members, how deep their
paths, and how many bytes they unpack to (against a fixed cap and against the archive's own
size, so a small archive that claims gigabytes is refused unwritten); tar members also pass
Python's `data` extraction filter (PEP 706).
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
MAX_MEMBERS = 1000
"""A bundle has about a dozen files."""
MAX_DEPTH = 16
"""Folders a member path may pass through (bundles are flat, or one folder deep)."""
MAX_UNPACKED_BYTES = 64 * 2**30
"""Far above the largest catalogue model (the 1.2B model in fp32 is about 5 GiB)."""
MAX_EXPANSION = 20
"""Unpacked bytes per archive byte: model weights barely compress, a zip bomb expands
thousands of times."""
COPY_CHUNK = 4 * 1024 * 1024


@dataclass(frozen=True)
class _Member:
    name: str
    size: int
    is_dir: bool
    is_file: bool
    source: object
    """The zip or tar entry to read the member's bytes from."""


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
def _open_members(archive: Path, destination: Path) -> Iterator[tuple[list[_Member], object]]:
    listing = _Listing(archive)
    if zipfile.is_zipfile(archive):
        with zipfile.ZipFile(archive) as zipped:
            for info in zipped.infolist():
                if (info.external_attr >> 16) & 0o170000 == 0o120000:
                    raise _link(info.filename)
                directory = info.is_dir()
                name = info.filename.rstrip("/")
                listing.add(_Member(name, info.file_size, directory, not directory, info))
            yield listing.members, zipped
        return
    with tarfile.open(archive) as tarred:
        for entry in tarred:
            if not (entry.isfile() or entry.isdir()):
                raise _link(entry.name)
            _data_filter(entry, destination)
            listing.add(_Member(entry.name, entry.size, entry.isdir(), entry.isfile(), entry))
        yield listing.members, tarred


def _data_filter(entry: tarfile.TarInfo, destination: Path) -> None:
    """Python's `data` extraction filter, where this Python has it, as a second opinion."""
    data_filter = getattr(tarfile, "data_filter", None)
    if data_filter is None:
        return
    try:
        data_filter(entry, str(destination))
    except tarfile.FilterError as error:
        raise BundleRefusedError(
            f"The bundle archive member '{entry.name}' is unsafe to unpack ({error}); it was "
            "refused and nothing was installed. Get a fresh copy from its publisher.",
            file=entry.name,
            reason="unsafe-path",
        ) from None


class _Listing:
    """The members read so far; refuses the archive as soon as they pass a limit, before
    anything is written (and, for a compressed tar, before the rest is decompressed)."""

    def __init__(self, archive: Path) -> None:
        self.archive = archive
        self.members: list[_Member] = []
        self.total = 0
        self.allowed = min(MAX_UNPACKED_BYTES, MAX_EXPANSION * max(archive.stat().st_size, 2**20))

    def add(self, member: _Member) -> None:
        self.members.append(member)
        if len(self.members) > MAX_MEMBERS:
            raise _too_big(self.archive, f"it has more than {MAX_MEMBERS} members", "too-many")
        if member.name.count("/") >= MAX_DEPTH:
            shown = member.name[:120] + ("…" if len(member.name) > 120 else "")
            raise BundleRefusedError(
                f"The bundle archive member '{shown}' lies more than {MAX_DEPTH} folders deep; "
                "bundles are flat, so it was refused and nothing was installed. Get a fresh "
                "copy from its publisher.",
                file=shown,
                reason="too-deep",
            )
        self.total += member.size if member.is_file else 0
        if self.total > self.allowed:
            raise _too_big(
                self.archive,
                f"it unpacks to more than {self.total // 2**20:,} MiB, while an archive of its "
                f"size may hold at most {self.allowed // 2**20:,} MiB",
                "too-large",
            )


def _too_big(archive: Path, detail: str, reason: str) -> BundleRefusedError:
    return BundleRefusedError(
        f"{archive.name} was refused before anything was unpacked: {detail}. A model bundle "
        "is a dozen files that barely compress; get a fresh copy from its publisher.",
        file=archive.name,
        reason=reason,
    )


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


def _open_source(handle: object, member: _Member) -> IO[bytes]:
    if isinstance(handle, zipfile.ZipFile):
        assert isinstance(member.source, zipfile.ZipInfo)
        return handle.open(member.source)
    assert isinstance(handle, tarfile.TarFile) and isinstance(member.source, tarfile.TarInfo)
    source = handle.extractfile(member.source)
    if source is None:
        raise _link(member.name)
    return source


def _copy_exactly(source: IO[bytes], out: IO[bytes], member: _Member) -> None:
    """Copy the member's bytes, refusing any that run past its listed size."""
    left = member.size
    while chunk := source.read(min(COPY_CHUNK, left + 1)):
        left -= len(chunk)
        if left < 0:
            raise BundleRefusedError(
                f"The bundle archive member '{member.name}' holds more bytes than its header "
                "says; it was refused and nothing was installed.",
                file=member.name,
                reason="malformed-archive",
            )
        out.write(chunk)


def extract_archive(
    archive: Path, destination: Path, on_progress: ProgressCallback = no_progress
) -> None:
    """Unpack `archive` into the empty folder `destination`, refusing unsafe member paths."""
    try:
        with _open_members(archive, destination) as (members, handle):
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
                with _open_source(handle, member) as source, target.open("xb") as out:
                    _copy_exactly(source, out, member)
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
