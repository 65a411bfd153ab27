"""A Hugging Face Hub look-alike on 127.0.0.1, for tests of downloads made with huggingface_hub.

It serves in-memory model repos at fixed commits and answers the calls the client makes:
`HEAD`/`GET /{repo}/resolve/{revision}/{file}` with the headers it reads (X-Repo-Commit, ETag,
X-Linked-Etag/-Size, Range support), `GET /api/models/{repo}[/revision/{revision}]` and
`GET /api/models/{repo}/tree/{revision}`, and 404s carrying the X-Error-Code it maps to its
errors. It never sends Xet headers, so the client always takes the plain HTTP path.

`HubConfig` makes it misbehave; tests may change it at any time. Handler threads read it (and
the repos) once per request and append to `HubServer.requests`.
"""

from __future__ import annotations

import hashlib
import json
import re
import socket
import struct
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Literal, cast
from urllib.parse import parse_qs, quote, unquote, urlsplit

LFS_SUFFIXES = (".bin", ".safetensors", ".model")
LFS_THRESHOLD = 10 * 1024 * 1024
"""Files above this size are stored in LFS, as the Hub requires."""

TIMESTAMP = "2024-05-01T12:00:00.000Z"


def git_blob_sha1(data: bytes) -> str:
    """The git object id of `data` stored as a blob: what the Hub reports as `blobId`."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def lfs_pointer(data: bytes) -> bytes:
    """The LFS pointer file that git stores in place of `data`."""
    sha256 = hashlib.sha256(data).hexdigest()
    spec = "https://git-lfs.github.com/spec/v1"
    return f"version {spec}\noid sha256:{sha256}\nsize {len(data)}\n".encode()


@dataclass(frozen=True)
class HubFile:
    """One file of a repo with the ids the Hub gives it (`blob_id` is the pointer's for LFS)."""

    name: str
    data: bytes
    lfs: bool
    sha256: str
    blob_id: str
    pointer_size: int

    @classmethod
    def of(cls, name: str, data: bytes, lfs: bool) -> HubFile:
        pointer = lfs_pointer(data)
        return cls(
            name=name,
            data=data,
            lfs=lfs,
            sha256=hashlib.sha256(data).hexdigest(),
            blob_id=git_blob_sha1(pointer if lfs else data),
            pointer_size=len(pointer),
        )

    @property
    def etag(self) -> str:
        """What the resolve endpoint sends as ETag, and the client names the cached blob after."""
        return self.sha256 if self.lfs else self.blob_id


@dataclass
class HubRepo:
    """A model repo at one commit: `files` maps each path in the repo to its bytes.

    `sha` defaults to a 40-hex id derived from the content; `branches` point at this commit.
    """

    repo_id: str
    files: Mapping[str, bytes]
    sha: str = ""
    branches: tuple[str, ...] = ("main",)
    lfs_threshold: int = LFS_THRESHOLD
    tags: tuple[str, ...] = ()
    card_data: Mapping[str, Any] = field(default_factory=lambda: {"license": "mit"})
    entries: dict[str, HubFile] = field(init=False)

    def __post_init__(self) -> None:
        self.entries = {
            name: HubFile.of(name, data, self.is_lfs(name, data))
            for name, data in sorted(self.files.items())
        }
        if not self.sha:
            digest = hashlib.sha1(self.repo_id.encode())
            for entry in self.entries.values():
                digest.update(f"{entry.name}\0{entry.sha256}\0".encode())
            self.sha = digest.hexdigest()
        if not re.fullmatch(r"[0-9a-f]{40}", self.sha):
            raise ValueError(f"commit sha must be 40 lowercase hex digits: {self.sha!r}")

    def is_lfs(self, name: str, data: bytes) -> bool:
        return name.endswith(LFS_SUFFIXES) or len(data) > self.lfs_threshold


@dataclass
class HubConfig:
    """How the server misbehaves; every knob may be changed between (or during) requests.

    - `cut_after[file] = n`: the next GET of `file` whose body spans offset n stops there,
      once; `cut_style` "close" ends the connection cleanly (the client sees a short body),
      "reset" aborts it with a TCP RST.
    - `corrupt`: files whose body has one byte flipped; headers and model info stay truthful.
    - `size_lies` / `sha256_lies`: what model info and the tree report instead of the truth
      (the sha256 only exists for LFS files). The resolve headers stay truthful.
    - `chunk_delay`: seconds slept before each `chunk_size` bytes of a body.
    - `status`: answer every request with this status (500, 503, ...) while set.
    """

    cut_after: dict[str, int] = field(default_factory=dict)
    cut_style: Literal["close", "reset"] = "close"
    corrupt: set[str] = field(default_factory=set)
    size_lies: dict[str, int] = field(default_factory=dict)
    sha256_lies: dict[str, str] = field(default_factory=dict)
    chunk_size: int = 64 * 1024
    chunk_delay: float = 0.0
    status: int | None = None


@dataclass(frozen=True)
class HubRequest:
    """One request as received: `path` is still URL-encoded, without the query."""

    method: str
    path: str
    query: str
    range: str | None


class HubServer:
    """The running look-alike: pass `endpoint` to huggingface_hub, steer it with `config`."""

    def __init__(self, repos: Iterable[HubRepo] = ()) -> None:
        self.config = HubConfig()
        self.requests: list[HubRequest] = []
        self._commits: dict[str, list[HubRepo]] = {}
        self._lock = threading.Lock()
        for repo in repos:
            self.add_repo(repo)
        self._http = _HubHTTPServer(self)
        self.endpoint = f"http://127.0.0.1:{self._http.server_address[1]}"
        self._thread = threading.Thread(
            target=self._http.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def add_repo(self, repo: HubRepo) -> None:
        """Add a repo, or push it as the new commit of one already served.

        Its branches then point at `repo.sha`; earlier commits stay reachable by their sha.
        """
        with self._lock:
            self._commits.setdefault(repo.repo_id, []).append(repo)

    def commit_at(self, repo_id: str, revision: str | None) -> tuple[bool, HubRepo | None]:
        """(whether the repo exists, its commit at `revision` or its default branch)."""
        with self._lock:
            commits = list(self._commits.get(repo_id, ()))
        if not commits:
            return False, None
        revision = revision or commits[-1].branches[0]
        for commit in reversed(commits):
            if revision == commit.sha or revision in commit.branches:
                return True, commit
        return True, None

    def downloads(self, filename: str) -> list[HubRequest]:
        """The GETs of `filename` through the resolve endpoint, in order."""
        suffix = "/" + filename
        return [
            r
            for r in list(self.requests)
            if r.method == "GET" and "/resolve/" in r.path and unquote(r.path).endswith(suffix)
        ]

    def take_cut(self, filename: str, start: int, end: int) -> int | None:
        """The offset where this body (start..end) must be cut, consuming the cut."""
        with self._lock:
            offset = self.config.cut_after.get(filename)
            if offset is None or not start < offset < end:
                return None
            del self.config.cut_after[filename]
            return offset

    def start(self) -> None:
        self._thread.start()

    def close(self) -> None:
        self._http.shutdown()
        self._http.drop_connections()
        self._http.server_close()
        self._thread.join(timeout=5)


class _HubHTTPServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, hub: HubServer) -> None:
        self.hub = hub
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), _HubHandler)

    def track(self, connection: socket.socket, open_: bool) -> None:
        with self._connections_lock:
            if open_:
                self._connections.add(connection)
            else:
                self._connections.discard(connection)

    def drop_connections(self) -> None:
        """End idle keep-alive connections so their handler threads finish."""
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            with suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)


class _HubHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    @property
    def hub(self) -> HubServer:
        return cast(_HubHTTPServer, self.server).hub

    def setup(self) -> None:
        super().setup()
        cast(_HubHTTPServer, self.server).track(self.connection, True)

    def finish(self) -> None:
        cast(_HubHTTPServer, self.server).track(self.connection, False)
        super().finish()

    def log_message(self, format: str, *args: object) -> None:
        del format, args

    def do_HEAD(self) -> None:
        self._dispatch()

    def do_GET(self) -> None:
        self._dispatch()

    def _dispatch(self) -> None:
        url = urlsplit(self.path)
        self.hub.requests.append(
            HubRequest(self.command, url.path, url.query, self.headers.get("Range"))
        )
        status = self.hub.config.status
        if status is not None:
            self._send_error(status, None, HTTPStatus(status).phrase)
            return
        segments = url.path.strip("/").split("/")
        if segments[:2] == ["api", "models"]:
            self._api(segments[2:], parse_qs(url.query))
        else:
            self._resolve(segments)

    def _lookup(self, repo_id: str, revision: str | None) -> HubRepo | None:
        exists, repo = self.hub.commit_at(repo_id, revision)
        if not exists:
            self._send_error(404, "RepoNotFound", "Repository not found")
        elif repo is None:
            self._send_error(404, "RevisionNotFound", f"Invalid rev id: {revision}")
        return repo

    def _resolve(self, segments: list[str]) -> None:
        repo_id, action, rest = _split_repo(segments, {"resolve"})
        if action is None or len(rest) < 2:
            self._send_error(404, None, "Not Found")
            return
        repo = self._lookup(repo_id, unquote(rest[0]))
        if repo is None:
            return
        entry = repo.entries.get(unquote("/".join(rest[1:])))
        if entry is None:
            self._send_error(404, "EntryNotFound", "Entry not found", commit=repo.sha)
            return
        self._send_file(repo, entry)

    def _send_file(self, repo: HubRepo, entry: HubFile) -> None:
        config = self.hub.config
        data = bytearray(entry.data)
        if entry.name in config.corrupt and data:
            data[len(data) // 2] ^= 0xFF
        size = len(data)
        span = _parse_range(self.headers.get("Range"), size)
        if span is None:
            self._send_error(416, None, "Range Not Satisfiable", content_range=f"bytes */{size}")
            return
        start, end = span
        self.send_response(206 if self.headers.get("Range") else 200)
        self.send_header("X-Repo-Commit", repo.sha)
        self.send_header("ETag", f'"{entry.etag}"')
        if entry.lfs:
            self.send_header("X-Linked-Etag", f'"{entry.sha256}"')
            self.send_header("X-Linked-Size", str(size))
        if self.headers.get("Range"):
            self.send_header("Content-Range", f"bytes {start}-{end - 1}/{size}")
        basename = entry.name.rsplit("/", 1)[-1]
        self.send_header(
            "Content-Disposition",
            f"inline; filename*=UTF-8''{quote(basename)}; filename=\"{basename}\";",
        )
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(end - start))
        self.send_header("Accept-Ranges", "bytes")
        self.end_headers()
        if self.command == "GET":
            self._send_body(entry.name, memoryview(data), start, end)

    def _send_body(self, name: str, data: memoryview, start: int, end: int) -> None:
        config = self.hub.config
        cut = self.hub.take_cut(name, start, end)
        stop = end if cut is None else cut
        try:
            position = start
            while position < stop:
                if config.chunk_delay:
                    time.sleep(config.chunk_delay)
                chunk = data[position : min(position + max(config.chunk_size, 1), stop)]
                self.wfile.write(chunk)
                position += len(chunk)
            if cut is not None:
                self._cut(config.cut_style)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def _cut(self, style: Literal["close", "reset"]) -> None:
        self.close_connection = True
        if style == "reset":
            time.sleep(0.2)  # let the bytes already sent reach the client before the RST drops them
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            self.rfile.close()  # the socket's last reference: closing it sends the RST

    def _api(self, segments: list[str], query: dict[str, list[str]]) -> None:
        repo_id, action, rest = _split_repo(segments, {"revision", "tree"})
        revision = unquote(rest[0]) if rest else None
        repo = self._lookup(repo_id, revision)
        if repo is None:
            return
        if action == "tree":
            path = unquote("/".join(rest[1:]))
            recursive = query.get("recursive", ["false"])[0].lower() == "true"
            tree = _tree(repo, self.hub.config, path, recursive)
            if tree is None:
                self._send_error(404, "EntryNotFound", "Entry not found", commit=repo.sha)
            else:
                self._send_json(tree)
            return
        blobs = query.get("blobs", ["false"])[0].lower() == "true"
        info = _model_info(repo, self.hub.config, blobs)
        expand = query.get("expand")
        if expand:
            info = {key: value for key, value in info.items() if key in {"_id", "id", *expand}}
        self._send_json(info)

    def _send_json(self, payload: object) -> None:
        body = json.dumps(payload).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command == "GET":
            self.wfile.write(body)

    def _send_error(
        self,
        status: int,
        code: str | None,
        message: str,
        commit: str | None = None,
        content_range: str | None = None,
    ) -> None:
        body = json.dumps({"error": message}).encode()
        self.send_response(status)
        if code is not None:
            self.send_header("X-Error-Code", code)
        self.send_header("X-Error-Message", message)
        if commit is not None:
            self.send_header("X-Repo-Commit", commit)
        if content_range is not None:
            self.send_header("Content-Range", content_range)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command == "GET":
            self.wfile.write(body)


def _split_repo(segments: list[str], actions: set[str]) -> tuple[str, str | None, list[str]]:
    """Split `org/name/<action>/...` or `name/<action>/...` into repo id, action and the rest."""
    for width in (2, 1):
        if len(segments) > width and segments[width] in actions:
            return "/".join(map(unquote, segments[:width])), segments[width], segments[width + 1 :]
    return "/".join(map(unquote, segments)), None, []


def _parse_range(header: str | None, size: int) -> tuple[int, int] | None:
    """The (start, end) slice a Range header asks for; the whole body without one."""
    if not header:
        return 0, size
    match = re.fullmatch(r"\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*", header)
    if match is None or match.groups() == ("", ""):
        return None
    first, last = match.groups()
    if not first:
        start, end = max(size - int(last), 0), size
    else:
        start, end = int(first), size if not last else min(int(last) + 1, size)
    return (start, end) if start < end else None


def _reported(entry: HubFile, config: HubConfig) -> tuple[int, str]:
    """The size and sha256 that the metadata endpoints claim, lies included."""
    size = config.size_lies.get(entry.name, len(entry.data))
    return size, config.sha256_lies.get(entry.name, entry.sha256)


def _model_info(repo: HubRepo, config: HubConfig, blobs: bool) -> dict[str, Any]:
    siblings: list[dict[str, Any]] = []
    for entry in repo.entries.values():
        sibling: dict[str, Any] = {"rfilename": entry.name}
        if blobs:
            size, sha256 = _reported(entry, config)
            sibling.update(size=size, blobId=entry.blob_id)
            if entry.lfs:
                sibling["lfs"] = {"sha256": sha256, "size": size, "pointerSize": entry.pointer_size}
        siblings.append(sibling)
    author = repo.repo_id.split("/")[0] if "/" in repo.repo_id else None
    return {
        "_id": hashlib.sha1(repo.repo_id.encode()).hexdigest()[:24],
        "id": repo.repo_id,
        "modelId": repo.repo_id,
        "author": author,
        "sha": repo.sha,
        "lastModified": TIMESTAMP,
        "createdAt": TIMESTAMP,
        "private": False,
        "gated": False,
        "disabled": False,
        "downloads": 0,
        "likes": 0,
        "tags": list(repo.tags),
        "cardData": dict(repo.card_data),
        "siblings": siblings,
        "spaces": [],
        "usedStorage": sum(len(entry.data) for entry in repo.entries.values()),
    }


def _tree(repo: HubRepo, config: HubConfig, path: str, recursive: bool) -> list[Any] | None:
    """The tree listing under `path` (files and folders), or None if nothing is there."""
    prefix = f"{path.strip('/')}/" if path.strip("/") else ""
    folders: set[str] = set()
    files: list[dict[str, Any]] = []
    for entry in repo.entries.values():
        if not entry.name.startswith(prefix):
            continue
        parts = entry.name[len(prefix) :].split("/")
        depth = len(parts) if recursive else min(len(parts), 2)
        folders.update(prefix + "/".join(parts[:i]) for i in range(1, depth))
        if recursive or len(parts) == 1:
            size, sha256 = _reported(entry, config)
            item: dict[str, Any] = {
                "type": "file",
                "oid": entry.blob_id,
                "size": size,
                "path": entry.name,
            }
            if entry.lfs:
                item["lfs"] = {"oid": sha256, "size": size, "pointerSize": entry.pointer_size}
            files.append(item)
    if prefix and not (files or folders):
        return None
    listing: list[Any] = [
        {"type": "directory", "oid": git_blob_sha1(folder.encode()), "size": 0, "path": folder}
        for folder in sorted(folders)
    ]
    return listing + files


@contextmanager
def serve_hub(repos: Iterable[HubRepo] = ()) -> Iterator[HubServer]:
    """Serve `repos` on http://127.0.0.1:PORT until the block ends; yields the running server."""
    server = HubServer(repos)
    server.start()
    try:
        yield server
    finally:
        server.close()
