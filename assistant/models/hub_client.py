"""The Hugging Face Hub as `models get` uses it: list a commit's files with their hashes, and
download one file into the app's own cache (resumable, with progress and cancel).

huggingface_hub answers the API; this module turns its errors into one-line DownloadErrors.
Worker thread only; one client per repo.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from assistant.models.errors import DownloadError
from assistant.models.hub_transfer import ByteProgress, TransferTarget, transfer

METADATA_TIMEOUT_SECONDS = 20.0


@dataclass(frozen=True)
class HubFile:
    """A file of a commit as the Hub lists it."""

    name: str
    size: int | None
    sha256: str | None
    """The LFS SHA-256 (large files only)."""
    blob_id: str | None
    """The git blob SHA-1."""


def _reason(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0][:200] if text else type(error).__name__


class HubClient:
    """Talks to one repo on the Hub at `endpoint` (honours mirrors and offline mode)."""

    def __init__(self, repo: str, endpoint: str) -> None:
        self.repo = repo
        self.endpoint = endpoint

    def _translate(self, error: Exception, what: str) -> DownloadError:
        from huggingface_hub import errors

        if isinstance(error, errors.GatedRepoError):
            return DownloadError(f"{self.repo} is gated on the Hub; accept its terms there first.")
        if isinstance(error, errors.RepositoryNotFoundError):
            return DownloadError(f"The Hub has no repo {self.repo} (check the name).")
        if isinstance(error, errors.RevisionNotFoundError):
            return DownloadError(f"{self.repo} has no such revision; check --revision.")
        return DownloadError(
            f"Could not reach the Hub at {self.endpoint} for {what} ({_reason(error)}). Check "
            "the connection (or HF_ENDPOINT) and try again."
        )

    def list_files(self, revision: str) -> tuple[str, dict[str, HubFile]]:
        """The commit `revision` resolves to, and its files with sizes and hashes."""
        from huggingface_hub import HfApi

        if hub_offline():
            raise DownloadError(
                f"HF_HUB_OFFLINE is set, so the Hub cannot be asked which files {self.repo} has "
                "and what their hashes are. Unset it, or get a catalogue model (its hashes ship "
                "with the app)."
            )
        try:
            info = HfApi(endpoint=self.endpoint).model_info(
                self.repo, revision=revision, files_metadata=True, timeout=METADATA_TIMEOUT_SECONDS
            )
        except Exception as error:  # every failure of the Hub call is one message
            raise self._translate(error, "the file list") from None
        files: dict[str, HubFile] = {}
        for sibling in info.siblings or ():
            lfs = getattr(sibling, "lfs", None)
            files[sibling.rfilename] = HubFile(
                sibling.rfilename,
                sibling.size,
                getattr(lfs, "sha256", None) if lfs is not None else None,
                getattr(sibling, "blob_id", None),
            )
        if not info.sha:
            raise DownloadError(f"The Hub did not say which commit of {self.repo} it listed.")
        return str(info.sha), files

    def download(
        self, name: str, commit: str, folder: Path, size: int | None, on_bytes: ByteProgress
    ) -> Path:
        """Fetch `name` at `commit` into `folder` (an earlier partial transfer resumes)."""
        from huggingface_hub import hf_hub_url
        from huggingface_hub.utils._headers import build_hf_headers

        destination = folder / name
        if destination.is_file():
            return destination
        if hub_offline():
            raise DownloadError(
                f"HF_HUB_OFFLINE is set, and {name} is not in the download cache. Unset it to "
                "download."
            )
        url = hf_hub_url(self.repo, name, revision=commit, endpoint=self.endpoint)
        headers = build_hf_headers(library_name="offline-translation-assistant")
        return transfer(TransferTarget(url, destination, size), headers, on_bytes)


def hub_offline() -> bool:
    """True when `HF_HUB_OFFLINE` (read now, not at import) asks for no network."""
    return os.environ.get("HF_HUB_OFFLINE", "").strip().lower() in {"1", "true", "yes", "on"}
