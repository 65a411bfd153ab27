"""Download a bundle archive over HTTP(S) with a pinned SHA-256: resumable, cancellable.

An interrupted transfer keeps its `.part` file under `AppPaths.downloads` and the next call
resumes it with a Range request; a cancel or a hash mismatch deletes it, and parts left
untouched for a week are pruned by the next download. A transfer is bounded: every read has a
timeout and the whole transfer a deadline; it may not grow past the expected size (or a fixed
cap); and redirects may only lead to https, or to http on this machine. Worker thread only.
"""

from __future__ import annotations

import hashlib
import http.client
import ipaddress
import re
import shutil
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import IO, Any
from urllib.parse import urljoin, urlsplit

from assistant import __version__
from assistant.core.errors import BadInputError
from assistant.core.progress import ProgressCallback, no_progress
from assistant.models.errors import CancelledError, DownloadError
from assistant.models.importer import import_bundle
from assistant.models.store import InstalledModel, ModelStore

CHUNK_BYTES = 1024 * 1024
TIMEOUT_SECONDS = 30.0
"""No single read may wait longer than this."""
DEADLINE_SECONDS = 6 * 3600.0
"""The whole transfer stops after this (what arrived is kept for the next attempt)."""
MAX_DOWNLOAD_BYTES = 64 * 2**30
"""The size cap when no expected size is given (the same cap as for unpacking)."""
PART_SUFFIX = ".part"
PART_MAX_AGE_SECONDS = 7 * 86400
"""Partial downloads not touched for this long are deleted by the next download."""
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


def is_safe_redirect(url: str) -> bool:
    """True for an https address, or an http one on this machine (loopback)."""
    parts = urlsplit(url)
    if parts.scheme == "https":
        return True
    if parts.scheme != "http" or not parts.hostname:
        return False
    if parts.hostname == "localhost":
        return True
    try:
        return ipaddress.ip_address(parts.hostname).is_loopback
    except ValueError:
        return False


class _SafeRedirects(urllib.request.HTTPRedirectHandler):
    """Follows redirects to https (or loopback http) only."""

    def http_error_302(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: http.client.HTTPMessage,
    ) -> Any:
        target = urljoin(req.full_url, headers.get("Location") or headers.get("URI") or "")
        if not is_safe_redirect(target):
            fp.close()
            raise DownloadError(
                f"The server redirected the download to {target[:200]}, which is neither "
                "https nor this machine, so nothing was downloaded from it. Ask the publisher "
                "for an https address of the bundle."
            )
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


_OPENER = urllib.request.build_opener(_SafeRedirects)


def _open(url: str, offset: int) -> http.client.HTTPResponse:
    headers = {"User-Agent": f"offline-translation-assistant/{__version__}"}
    if offset:
        headers["Range"] = f"bytes={offset}-"
    request = urllib.request.Request(url, headers=headers)
    response: http.client.HTTPResponse = _OPENER.open(request, timeout=TIMEOUT_SECONDS)
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


class _TooLargeError(DownloadError):
    """The file is larger than expected: what arrived is wrong, and is deleted."""


def _too_large(url: str, limit: int, what: str) -> _TooLargeError:
    return _TooLargeError(
        f"The file at {url} is {what} the {limit:,} bytes expected, so the download was "
        "stopped and deleted and nothing was installed. Check the address and the size with "
        "the publisher."
    )


def _transfer(url: str, part: Path, limit: int, on_progress: ProgressCallback) -> None:
    deadline = time.monotonic() + DEADLINE_SECONDS
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
        if total is not None and total > limit:
            raise _too_large(url, limit, f"{total:,} bytes, larger than")
        if total is not None:
            _check_space(part.parent, total - offset)
        done = offset
        with part.open("r+b" if offset else "wb") as out:
            out.seek(offset)
            out.truncate()
            while chunk := response.read1(CHUNK_BYTES):
                done += len(chunk)
                if done > limit:
                    raise _too_large(url, limit, "more than")
                out.write(chunk)
                if not on_progress(STAGE, done / total if total else 0.0):
                    raise CancelledError("The download was cancelled; nothing was installed.")
                if time.monotonic() > deadline:
                    raise DownloadError(
                        f"The download from {url} took longer than {DEADLINE_SECONDS / 3600:g} "
                        "hours. What arrived is kept; run the same install command again to "
                        "resume."
                    )
        if total is not None and done < total:
            raise http.client.IncompleteRead(b"", total - done)


def _prune_old_parts(folder: Path, keep: Path) -> None:
    cutoff = time.time() - PART_MAX_AGE_SECONDS
    for stale in folder.glob(f"*{PART_SUFFIX}"):
        try:
            if stale != keep and stale.stat().st_mtime < cutoff:
                stale.unlink()
        except OSError:
            continue


def download_file(
    url: str,
    sha256: str,
    folder: Path,
    on_progress: ProgressCallback = no_progress,
    expected_size: int | None = None,
) -> Path:
    """Fetch `url` into `folder`, resuming a partial copy; return the file proven by `sha256`.

    `expected_size` (bytes, as published with the hash) caps the transfer; without it the
    cap is MAX_DOWNLOAD_BYTES."""
    digest = _check_request(url, sha256)
    if expected_size is not None and expected_size < 1:
        raise BadInputError("The expected size must be a positive number of bytes.")
    limit = MAX_DOWNLOAD_BYTES if expected_size is None else expected_size
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    part = folder / f"{digest}{PART_SUFFIX}"
    _prune_old_parts(folder, part)
    try:
        _transfer(url, part, limit, on_progress)
    except (CancelledError, _TooLargeError):
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
    url: str,
    sha256: str,
    store: ModelStore,
    on_progress: ProgressCallback = no_progress,
    expected_size: int | None = None,
) -> InstalledModel:
    """Download a bundle archive, check its pinned hash, then import (verify + install) it."""
    archive = download_file(url, sha256, store.paths.downloads, on_progress, expected_size)
    try:
        return import_bundle(archive, store, on_progress)
    finally:
        archive.unlink(missing_ok=True)
