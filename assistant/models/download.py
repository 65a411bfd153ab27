"""Download a bundle archive over HTTP(S) with a pinned SHA-256: resumable, cancellable.

An interrupted transfer keeps its `.part` file under `AppPaths.downloads` and the next call
resumes it with a Range request; a cancel or a hash mismatch deletes it. Worker thread only.
"""

from __future__ import annotations

import hashlib
import http.client
import re
import shutil
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from assistant import __version__
from assistant.core.errors import BadInputError
from assistant.core.progress import ProgressCallback, no_progress
from assistant.models.errors import CancelledError, DownloadError
from assistant.models.importer import import_bundle
from assistant.models.store import InstalledModel, ModelStore

CHUNK_BYTES = 1024 * 1024
TIMEOUT_SECONDS = 30.0
STAGE = "download"
CHECK_STAGE = "check"
_CONTENT_RANGE = re.compile(r"bytes (\d+)-(\d+)/(\d+|\*)")


def _check_request(url: str, sha256: str) -> str:
    if urlsplit(url).scheme not in ("http", "https"):
        raise BadInputError(f"'{url}' is not an http:// or https:// address.")
    digest = sha256.strip().lower()
    if not re.fullmatch(r"[0-9a-f]{64}", digest):
        raise BadInputError(
            "--sha256 must be the 64 hex digits of the bundle archive's SHA-256, as published "
            "next to the download link."
        )
    return digest


def _open(url: str, offset: int) -> http.client.HTTPResponse:
    headers = {"User-Agent": f"offline-translation-assistant/{__version__}"}
    if offset:
        headers["Range"] = f"bytes={offset}-"
    request = urllib.request.Request(url, headers=headers)
    response: http.client.HTTPResponse = urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS)
    return response


def _resume_offset(response: http.client.HTTPResponse, offset: int) -> int:
    """Where the body starts: `offset` if the server honoured the Range, else 0."""
    if response.status != 206:
        return 0
    match = _CONTENT_RANGE.fullmatch(response.headers.get("Content-Range", ""))
    if not match or int(match.group(1)) != offset:
        raise DownloadError(
            "The server answered the resume request with the wrong part of the file. "
            "Try again later, or use another mirror."
        )
    return offset


def _check_space(folder: Path, needed: int) -> None:
    free = shutil.disk_usage(folder).free
    if needed > free:
        raise DownloadError(
            f"Not enough disk space for the download: it needs {needed // 2**20} MiB more and "
            f"{free // 2**20} MiB are free. Free some space and run the install again."
        )


def _sha256_of(path: Path, on_progress: ProgressCallback) -> str:
    digest, total, done = hashlib.sha256(), path.stat().st_size or 1, 0
    with path.open("rb") as handle:
        while chunk := handle.read(4 * CHUNK_BYTES):
            digest.update(chunk)
            done += len(chunk)
            if not on_progress(CHECK_STAGE, done / total):
                raise CancelledError("The download check was cancelled; nothing was installed.")
    return digest.hexdigest()


def _transfer(url: str, part: Path, on_progress: ProgressCallback) -> None:
    offset = part.stat().st_size if part.exists() else 0
    try:
        response = _open(url, offset)
    except urllib.error.HTTPError as error:
        if error.code == 416 and offset:
            return  # nothing left to fetch; the hash check decides
        raise DownloadError(
            f"The server refused the download ({error.code} {error.reason}). Check the address."
        ) from None
    with response:
        offset = _resume_offset(response, offset)
        length = response.headers.get("Content-Length")
        total = offset + int(length) if length and length.isdigit() else None
        if total is not None:
            _check_space(part.parent, total - offset)
        done = offset
        with part.open("r+b" if offset else "wb") as out:
            out.seek(offset)
            out.truncate()
            while chunk := response.read(CHUNK_BYTES):
                out.write(chunk)
                done += len(chunk)
                if not on_progress(STAGE, done / total if total else 0.0):
                    raise CancelledError("The download was cancelled; nothing was installed.")
        if total is not None and done < total:
            raise http.client.IncompleteRead(b"", total - done)


def download_file(
    url: str, sha256: str, folder: Path, on_progress: ProgressCallback = no_progress
) -> Path:
    """Fetch `url` into `folder`, resuming a partial copy; return the file proven by `sha256`."""
    digest = _check_request(url, sha256)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    part = folder / f"{digest}.part"
    try:
        _transfer(url, part, on_progress)
    except CancelledError:
        part.unlink(missing_ok=True)
        raise
    except (urllib.error.URLError, http.client.HTTPException, OSError) as error:
        reason = getattr(error, "reason", None) or error.__class__.__name__
        raise DownloadError(
            f"The download from {url} was interrupted ({reason}). What arrived is kept; run "
            "the same install command again to resume."
        ) from None
    if _sha256_of(part, on_progress) != digest:
        part.unlink(missing_ok=True)
        raise DownloadError(
            f"The file downloaded from {url} does not match the pinned SHA-256, so it was "
            "deleted and nothing was installed. Check the address and the hash with the "
            "publisher, then try again."
        )
    return part


def install_from_url(
    url: str, sha256: str, store: ModelStore, on_progress: ProgressCallback = no_progress
) -> InstalledModel:
    """Download a bundle archive, check its pinned hash, then import (verify + install) it."""
    archive = download_file(url, sha256, store.paths.downloads, on_progress)
    try:
        return import_bundle(archive, store, on_progress)
    finally:
        archive.unlink(missing_ok=True)
