"""Download a plan's files into the app's Hub cache and check each against its expected hash.

Files land in `<cache>/<owner>--<name>/<commit>/`. An interrupted transfer stays there as a
`.part` and the next `get` resumes it; a cancel deletes the repo's cached files unless the
caller keeps them (it is quitting, not discarding); a file with
the wrong hash is deleted at once. Worker thread only.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from assistant.core.cancel import CancelToken
from assistant.core.progress import ProgressCallback
from assistant.models.errors import CancelledError, DownloadError
from assistant.models.hub_client import HubClient
from assistant.models.hub_plan import GetPlan, HashKind, PlannedFile
from assistant.models.seal import sha256_file

STAGE = "download"
CHUNK_BYTES = 4 * 1024 * 1024


def repo_cache_dir(cache_dir: Path, repo: str) -> Path:
    """Where the downloads of `repo` are kept under `cache_dir`."""
    return cache_dir / repo.replace("/", "--")


def file_digest(path: Path, kind: HashKind) -> str:
    """The streamed digest of `path` in the plan's hash kind."""
    if kind is HashKind.SHA256:
        return sha256_file(path)
    digest = hashlib.sha1(usedforsecurity=False)
    digest.update(b"blob %d\0" % path.stat().st_size)
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK_BYTES):
            digest.update(chunk)
    return digest.hexdigest()


def _check(path: Path, planned: PlannedFile) -> None:
    if planned.size is not None and path.stat().st_size != planned.size:
        detail = f"is {path.stat().st_size:,} bytes, not the expected {planned.size:,}"
    elif file_digest(path, planned.hash_kind) != planned.digest:
        detail = f"does not match its {planned.origin} {planned.hash_kind.value}"
    else:
        return
    path.unlink(missing_ok=True)
    raise DownloadError(
        f"The downloaded {planned.name} {detail}; it was deleted and nothing was installed. "
        "Try again; if it keeps failing, the server or a proxy is altering it."
    )


def fetch_plan(
    plan: GetPlan,
    cache_dir: Path,
    on_progress: ProgressCallback,
    cancel: CancelToken | None = None,
) -> Path:
    """Download and check every file of `plan`; returns the folder holding them by name.
    After a cancel, what arrived is kept for the next get only if `cancel` says so (the
    caller cancelled it with `keep_partial`: the app is quitting)."""
    client = HubClient(plan.repo, plan.endpoint)
    total = max(plan.download_bytes, 1)
    finished = 0
    folder = repo_cache_dir(cache_dir, plan.repo) / plan.commit
    if not plan.files:
        raise DownloadError(f"{plan.repo}: there is nothing to download.")
    try:
        for planned in plan.files:

            def on_bytes(done: int, _total: int | None, base: int = finished) -> bool:
                return on_progress(STAGE, min(1.0, (base + done) / total))

            path = client.download(planned.name, plan.commit, folder, planned.size, on_bytes)
            _check(path, planned)
            finished += path.stat().st_size
    except CancelledError:
        if cancel is None or not cancel.keeps_partial():
            shutil.rmtree(repo_cache_dir(cache_dir, plan.repo), ignore_errors=True)
        raise
    return folder
