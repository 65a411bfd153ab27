"""One file from the Hub into the app's download cache, resumable across runs and kills.

huggingface_hub builds the URL and headers and owns the HTTP session; this module keeps a
`.part` file and continues it with a Range request, because huggingface_hub itself discards a
partial file when a transfer fails. Redirects are followed only to https (or http on loopback),
the body may not run past the expected size, and a transfer stalls out after a read timeout.
Worker thread only.
"""

from __future__ import annotations

import errno
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import httpx

from assistant import __version__
from assistant.models.download import is_safe_redirect
from assistant.models.errors import CancelledError, DownloadError

ByteProgress = Callable[[int, int | None], bool]
"""`on_bytes(done, total) -> keep_going` for one file's transfer."""

READ_TIMEOUT_SECONDS = 30.0
MAX_REDIRECTS = 5
CHUNK_BYTES = 1024 * 1024
_CONTENT_RANGE = re.compile(r"bytes (\d+)-(\d+)/(\d+|\*)")


@dataclass(frozen=True)
class TransferTarget:
    """What to fetch and where it ends up."""

    url: str
    destination: Path
    expected_size: int | None

    @property
    def part(self) -> Path:
        """The partial file a later run resumes."""
        return self.destination.with_name(self.destination.name + ".part")


def _open(session: httpx.Client, url: str, offset: int, headers: dict[str, str]) -> httpx.Response:
    """The streamed response for `url` from `offset`, after checked redirects."""
    request_headers = {**headers, "Accept-Encoding": "identity"}
    if offset:
        request_headers["Range"] = f"bytes={offset}-"
    for _ in range(MAX_REDIRECTS + 1):
        if not is_safe_redirect(url):
            raise DownloadError(
                f"The Hub sent the download to {urlsplit(url).scheme}://{urlsplit(url).hostname}, "
                "which is not https; it was refused and nothing was downloaded."
            )
        request = session.build_request(
            "GET", url, headers=request_headers, timeout=httpx.Timeout(READ_TIMEOUT_SECONDS)
        )
        response = session.send(request, stream=True, follow_redirects=False)
        if response.is_redirect:
            location = response.headers.get("Location", "")
            response.close()
            url = urljoin(url, location)
            continue
        return response
    raise DownloadError("The Hub redirected the download too many times; nothing was downloaded.")


def _start_offset(response: httpx.Response, offset: int) -> int:
    if response.status_code == 416 and offset:
        return -1
    if response.status_code >= 400:
        raise DownloadError(f"The Hub answered {response.status_code} for the download.")
    if response.status_code != 206:
        return 0
    match = _CONTENT_RANGE.fullmatch(response.headers.get("Content-Range", ""))
    if not match or int(match.group(1)) != offset:
        raise DownloadError("The Hub answered the resume request with the wrong part of the file.")
    return offset


def transfer(target: TransferTarget, headers: dict[str, str], on_bytes: ByteProgress) -> Path:
    """Download `target.url` into `target.destination`, continuing an earlier `.part`."""
    from huggingface_hub import get_session

    if target.destination.is_file():
        return target.destination
    target.destination.parent.mkdir(parents=True, exist_ok=True)
    offset = target.part.stat().st_size if target.part.exists() else 0
    if target.expected_size is not None and offset > target.expected_size:
        target.part.unlink()
        offset = 0
    headers = {**headers, "User-Agent": f"offline-translation-assistant/{__version__}"}
    try:
        response = _open(get_session(), target.url, offset, headers)
        try:
            start = _start_offset(response, offset)
            if start >= 0:
                _receive(response, target, start, on_bytes)
        finally:
            response.close()
    except httpx.HTTPError as error:
        raise DownloadError(
            f"The download of {target.destination.name} stopped ({type(error).__name__}). "
            "Check the connection and try again: the download resumes where it stopped."
        ) from None
    except OSError as error:
        if error.errno != errno.ENOSPC:
            raise
        raise DownloadError(
            f"The disk filled up while downloading {target.destination.name}; free some space "
            "and try again: the download resumes where it stopped."
        ) from None
    done = target.part.stat().st_size
    if target.expected_size is not None and done != target.expected_size:
        raise DownloadError(
            f"The download of {target.destination.name} ended at {done:,} of "
            f"{target.expected_size:,} bytes. Try again: the download resumes where it stopped."
        )
    target.part.rename(target.destination)
    return target.destination


def _receive(
    response: httpx.Response, target: TransferTarget, start: int, on_bytes: ByteProgress
) -> None:
    done = start
    with target.part.open("r+b" if start and target.part.exists() else "wb") as handle:
        handle.seek(start)
        handle.truncate()
        if not on_bytes(done, target.expected_size):
            raise CancelledError("The download was cancelled; nothing was installed.")
        for chunk in response.iter_raw(CHUNK_BYTES):
            done += len(chunk)
            if target.expected_size is not None and done > target.expected_size:
                handle.close()
                target.part.unlink(missing_ok=True)
                raise DownloadError(
                    f"The Hub sent more than the {target.expected_size:,} bytes it lists for "
                    f"{target.destination.name}; the download was deleted."
                )
            handle.write(chunk)
            if not on_bytes(done, target.expected_size):
                raise CancelledError("The download was cancelled; nothing was installed.")
