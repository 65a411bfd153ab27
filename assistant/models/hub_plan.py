"""What `models get` will download: the source's repo and exact commit, and for every file the
hash it must have, taken from a source other than the bytes themselves.

A catalogue entry's pins come first; otherwise the Hub's own metadata for the pinned commit
(the LFS SHA-256, or the git blob SHA-1 of a small file), fetched before any file. Worker thread.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from enum import Enum

from assistant.core.errors import BadInputError
from assistant.models.catalogue import CatalogueEntry, find_entry, load_catalogue
from assistant.models.errors import DownloadError
from assistant.models.hub_client import HubClient, HubFile, hub_offline

REPO_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,95}/[A-Za-z0-9][A-Za-z0-9._-]{0,95}$")
M2M100_FILES = (
    "config.json",
    "generation_config.json",
    "sentencepiece.bpe.model",
    "vocab.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
    "added_tokens.json",
)
REQUIRED_M2M100 = frozenset({"config.json", "sentencepiece.bpe.model", "vocab.json"})
WEIGHT_CHOICES = (
    ("model.safetensors",),
    ("model.safetensors.index.json", ".safetensors"),
    ("pytorch_model.bin",),
    ("pytorch_model.bin.index.json", ".bin"),
)


class HashKind(str, Enum):
    """How an expected hash is computed."""

    SHA256 = "sha256"
    GIT_BLOB_SHA1 = "git-blob-sha1"


@dataclass(frozen=True)
class PlannedFile:
    """One file to fetch and the hash it must have."""

    name: str
    size: int | None
    hash_kind: HashKind
    digest: str
    origin: str
    """Where the hash came from: "catalogue" or "hub metadata"."""


@dataclass(frozen=True)
class GetPlan:
    """Everything `models get` needs before the first byte is downloaded."""

    repo: str
    commit: str
    kind: str
    files: tuple[PlannedFile, ...]
    entry: CatalogueEntry | None
    endpoint: str

    @property
    def pinned(self) -> bool:
        """True for a catalogue entry (its commit and hashes ship with the app)."""
        return self.entry is not None

    @property
    def download_bytes(self) -> int:
        """The bytes of every file (0 for a file of unknown size)."""
        return sum(f.size or 0 for f in self.files)


def hub_endpoint() -> str:
    """`HF_ENDPOINT` as set now (mirrors), else the public Hub."""
    return os.environ.get("HF_ENDPOINT", "").rstrip("/") or "https://huggingface.co"


def _expected(name: str, entry: CatalogueEntry | None, hub: HubFile | None) -> PlannedFile:
    pin = entry.pinned(name) if entry else None
    if pin is not None and pin.sha256:
        if hub is not None and hub.sha256 and hub.sha256 != pin.sha256:
            raise DownloadError(
                f"The Hub lists a different {name} for {entry.repo if entry else ''} than the "
                "app's catalogue pins; nothing was downloaded. Update the app, or report it."
            )
        return PlannedFile(name, pin.size, HashKind.SHA256, pin.sha256, "catalogue")
    if hub is None:
        raise DownloadError(f"The Hub does not list {name} at the pinned commit.")
    if hub.sha256:
        return PlannedFile(name, hub.size, HashKind.SHA256, hub.sha256, "hub metadata")
    if hub.blob_id:
        return PlannedFile(name, hub.size, HashKind.GIT_BLOB_SHA1, hub.blob_id, "hub metadata")
    raise DownloadError(f"The Hub gives no hash for {name}, so it cannot be checked.")


def _m2m100_names(listed: dict[str, HubFile], client: HubClient, commit: str) -> list[str]:
    names = [name for name in M2M100_FILES if name in listed]
    missing = REQUIRED_M2M100 - set(names)
    if missing:
        raise DownloadError(
            f"{client.repo} is not an M2M-100 model repo: it has no {', '.join(sorted(missing))}."
        )
    for choice in WEIGHT_CHOICES:
        if choice[0] not in listed:
            continue
        if len(choice) == 1:
            return [*names, choice[0]]
        shards = sorted(n for n in listed if n.endswith(choice[1]) and "/" not in n)
        return [*names, choice[0], *shards]
    raise DownloadError(
        f"{client.repo} has no model.safetensors or pytorch_model.bin at {commit[:12]}."
    )


def resolve_source(source: str) -> tuple[str, CatalogueEntry | None]:
    """The repo id of a catalogue id or `owner/name`; BadInputError for anything else."""
    entry = find_entry(source)
    if entry is not None:
        return entry.repo, entry
    if REPO_PATTERN.match(source):
        return source, None
    ids = ", ".join(e.entry_id for e in load_catalogue())
    raise BadInputError(
        f"'{source}' is neither a catalogue model ({ids}) nor a Hugging Face repo id "
        "like owner/name."
    )


def make_plan(source: str, revision: str | None = None, client: HubClient | None = None) -> GetPlan:
    """Resolve `source` and ask the Hub (unless everything is pinned) what to fetch."""
    repo, entry = resolve_source(source)
    if entry is not None and revision and revision != entry.revision:
        raise BadInputError(
            f"{entry.entry_id} is pinned to commit {entry.revision[:12]}; to get another "
            f"revision, name the repo instead: assistant models get {entry.repo} --revision "
            f"{revision}"
        )
    wanted = entry.revision if entry else (revision or "main")
    fully_pinned = entry is not None and all(f.sha256 for f in entry.files)
    client = client or HubClient(repo, hub_endpoint())
    if fully_pinned and entry is not None and hub_offline():
        files = tuple(_expected(f.name, entry, None) for f in entry.files)
        return GetPlan(repo, entry.revision, entry.kind, files, entry, client.endpoint)
    commit, listed = client.list_files(wanted)
    if entry is not None and commit != entry.revision:
        raise DownloadError(
            f"The Hub answered for commit {commit[:12]} instead of the pinned "
            f"{entry.revision[:12]}; nothing was downloaded."
        )
    kind = entry.kind if entry else "m2m100"
    if entry is not None:
        names = [f.name for f in entry.files]
    elif kind == "m2m100":
        names = _m2m100_names(listed, client, commit)
    files = tuple(_expected(name, entry, listed.get(name)) for name in names)
    return GetPlan(repo, commit, kind, files, entry, client.endpoint)
