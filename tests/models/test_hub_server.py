"""The Hub look-alike answers the real huggingface_hub client.

Written against huggingface_hub 1.21.0.

What that version does, as these tests pin down:
- a cut mid-body that ends cleanly (short body) is resumed inside the same `hf_hub_download`
  call after a 1 s pause, with `Range: bytes=N-` where N counts only whole 10 MiB chunks
  (`DOWNLOAD_CHUNK_SIZE`): a smaller file is fetched again from byte 0;
- a connection reset raises `httpx.ReadError`, the partial file is deleted, and the next call
  starts again from byte 0;
- the client checks the size only: a corrupted body of the right length is accepted;
- a 5xx on the metadata HEAD with nothing cached is retried 6 times with 1+2+4+8+8 s of backoff;
- `HF_HUB_DOWNLOAD_TIMEOUT`, `HF_HUB_ETAG_TIMEOUT`, `HF_HUB_OFFLINE` and `HF_ENDPOINT` are read
  at import, so tests set `huggingface_hub.constants` and pass `endpoint=` explicitly.
"""

from __future__ import annotations

import hashlib
import random
import time
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import httpx
import pytest
from huggingface_hub import (
    HfApi,
    constants,
    get_hf_file_metadata,
    hf_hub_download,
    hf_hub_url,
    snapshot_download,
)
from huggingface_hub.errors import (
    EntryNotFoundError,
    HfHubHTTPError,
    LocalEntryNotFoundError,
    OfflineModeIsEnabled,
    RemoteEntryNotFoundError,
    RepositoryNotFoundError,
    RevisionNotFoundError,
)
from huggingface_hub.utils import _http

from tests.models.hub_server import HubRepo, HubServer, git_blob_sha1, serve_hub

pytestmark = pytest.mark.timeout(30)

REPO_ID = "org/tiny-m2m"
WEIGHTS = random.Random(0).randbytes(300_000)
FILES = {
    "config.json": b'{"model_type": "m2m_100"}',
    "sub dir/vocab.json": b'{"hello": 0}',
    "model.bin": WEIGHTS,
}
REPO = HubRepo(REPO_ID, FILES, sha="a" * 40, branches=("main", "release/v1"))


@pytest.fixture(autouse=True)
def quick_client(monkeypatch: pytest.MonkeyPatch) -> None:
    """Short client timeouts (setting the env vars now would be too late)."""
    monkeypatch.setattr(constants, "HF_HUB_ETAG_TIMEOUT", 2)
    monkeypatch.setattr(constants, "HF_HUB_DOWNLOAD_TIMEOUT", 2)


@pytest.fixture
def hub() -> Iterator[HubServer]:
    with serve_hub([REPO]) as server:
        yield server


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return tmp_path / "hf-cache"


def _download(hub: HubServer, cache: Path, filename: str, revision: str = "main") -> bytes:
    path = hf_hub_download(
        REPO_ID,
        filename,
        revision=revision,
        cache_dir=cache,
        endpoint=hub.endpoint,
        token=False,
        etag_timeout=2,
    )
    return Path(path).read_bytes()


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_model_info_gives_the_commit_sizes_and_sha256(hub: HubServer) -> None:
    info = HfApi(endpoint=hub.endpoint, token=False).model_info(
        REPO_ID, revision=REPO.sha, files_metadata=True
    )
    assert (info.id, info.sha, info.private, info.gated, info.disabled) == (
        REPO_ID,
        REPO.sha,
        False,
        False,
        False,
    )
    assert info.card_data is not None and info.card_data.license == "mit"
    siblings = {s.rfilename: s for s in info.siblings or []}
    assert {name: s.size for name, s in siblings.items()} == {n: len(d) for n, d in FILES.items()}
    weights = siblings["model.bin"]
    assert weights.lfs is not None and weights.lfs.sha256 == _sha256(WEIGHTS)
    assert weights.lfs.size == len(WEIGHTS)
    config = siblings["config.json"]
    assert config.lfs is None and config.blob_id == git_blob_sha1(FILES["config.json"])
    assert [(r.method, r.path, r.query) for r in hub.requests] == [
        ("GET", f"/api/models/{REPO_ID}/revision/{REPO.sha}", "blobs=true")
    ]


def test_model_info_with_expand_returns_only_those_properties(hub: HubServer) -> None:
    info = HfApi(endpoint=hub.endpoint, token=False).model_info(REPO_ID, expand=["sha", "siblings"])
    assert info.sha == REPO.sha
    assert sorted(s.rfilename for s in info.siblings or []) == sorted(FILES)
    assert info.private is None and info.card_data is None


def test_list_repo_files_and_snapshot_download_see_every_file(hub: HubServer, cache: Path) -> None:
    api = HfApi(endpoint=hub.endpoint, token=False)
    assert api.list_repo_files(REPO_ID) == sorted(FILES)
    folder = Path(
        snapshot_download(
            REPO_ID, revision="main", cache_dir=cache, endpoint=hub.endpoint, token=False
        )
    )
    assert folder.name == REPO.sha
    assert {name: (folder / name).read_bytes() for name in FILES} == FILES


@pytest.mark.parametrize("filename", ["config.json", "sub dir/vocab.json", "model.bin"])
def test_small_and_lfs_files_download_with_identical_bytes_over_plain_http(
    hub: HubServer, cache: Path, filename: str
) -> None:
    data = FILES[filename]
    metadata = get_hf_file_metadata(
        hf_hub_url(REPO_ID, filename, endpoint=hub.endpoint), token=False, endpoint=hub.endpoint
    )
    expected_etag = _sha256(data) if filename == "model.bin" else git_blob_sha1(data)
    assert (metadata.commit_hash, metadata.etag, metadata.size) == (
        REPO.sha,
        expected_etag,
        len(data),
    )
    assert metadata.xet_file_data is None
    assert _download(hub, cache, filename) == data
    blob = (cache / "models--org--tiny-m2m" / "snapshots" / REPO.sha / filename).resolve()
    assert blob.name == expected_etag
    assert not any("xet" in r.path for r in hub.requests)


def test_a_download_into_a_local_dir_has_identical_bytes(hub: HubServer, tmp_path: Path) -> None:
    path = hf_hub_download(
        REPO_ID, "model.bin", local_dir=tmp_path / "model", endpoint=hub.endpoint, token=False
    )
    assert Path(path) == tmp_path / "model" / "model.bin"
    assert Path(path).read_bytes() == WEIGHTS


def test_an_encoded_branch_and_file_name_resolve(hub: HubServer, cache: Path) -> None:
    assert (
        _download(hub, cache, "sub dir/vocab.json", revision="release/v1")
        == FILES["sub dir/vocab.json"]
    )
    assert hub.downloads("sub dir/vocab.json")[0].path == (
        f"/{REPO_ID}/resolve/release%2Fv1/sub%20dir/vocab.json"
    )


@pytest.mark.parametrize(
    ("size", "resumed_range"),
    [(300_000, None), (12 * 1024 * 1024, f"bytes={constants.DOWNLOAD_CHUNK_SIZE}-")],
)
def test_a_clean_cut_is_retried_in_the_same_call_from_the_last_whole_chunk(
    hub: HubServer, cache: Path, size: int, resumed_range: str | None
) -> None:
    data = random.Random(size).randbytes(size)
    hub.add_repo(HubRepo("org/cut", {"weights.onnx": data}))
    hub.config.cut_after["weights.onnx"] = size - 100_000
    path = hf_hub_download(
        "org/cut", "weights.onnx", cache_dir=cache, endpoint=hub.endpoint, token=False
    )
    assert Path(path).read_bytes() == data
    assert [r.range for r in hub.downloads("weights.onnx")] == [None, resumed_range]
    assert hub.config.cut_after == {}


def test_a_reset_raises_and_the_next_call_starts_from_zero(hub: HubServer, cache: Path) -> None:
    hub.config.cut_after["model.bin"] = 100_000
    hub.config.cut_style = "reset"
    with pytest.raises(httpx.ReadError):
        _download(hub, cache, "model.bin")
    assert list(cache.rglob("*.incomplete")) == []
    assert _download(hub, cache, "model.bin") == WEIGHTS
    assert [r.range for r in hub.downloads("model.bin")] == [None, None]


def test_range_requests_get_206_and_an_unsatisfiable_range_416(hub: HubServer) -> None:
    url = hf_hub_url(REPO_ID, "model.bin", endpoint=hub.endpoint)
    partial = httpx.get(url, headers={"Range": "bytes=299990-"})
    assert partial.status_code == 206
    assert partial.headers["Content-Range"] == "bytes 299990-299999/300000"
    assert partial.content == WEIGHTS[299_990:]
    assert httpx.get(url, headers={"Range": "bytes=300000-"}).status_code == 416


def test_unknown_repo_revision_and_file_raise_the_hub_errors(hub: HubServer, cache: Path) -> None:
    api = HfApi(endpoint=hub.endpoint, token=False)
    with pytest.raises(RepositoryNotFoundError):
        hf_hub_download(
            "org/missing", "config.json", cache_dir=cache, endpoint=hub.endpoint, token=False
        )
    with pytest.raises(RepositoryNotFoundError):
        api.model_info("org/missing")
    with pytest.raises(RevisionNotFoundError):
        _download(hub, cache, "config.json", revision="b" * 40)
    with pytest.raises(RevisionNotFoundError):
        api.model_info(REPO_ID, revision="no-such-branch")
    with pytest.raises(RemoteEntryNotFoundError) as missing:
        _download(hub, cache, "missing.json")
    assert isinstance(missing.value, EntryNotFoundError)
    assert missing.value.response.headers["X-Repo-Commit"] == REPO.sha


@pytest.mark.parametrize("status", [500, 503])
def test_a_failing_server_makes_model_info_raise_at_once(hub: HubServer, status: int) -> None:
    hub.config.status = status
    started = time.monotonic()
    with pytest.raises(HfHubHTTPError) as failure:
        HfApi(endpoint=hub.endpoint, token=False).model_info(REPO_ID, timeout=2)
    assert failure.value.response.status_code == status
    assert time.monotonic() - started < 2 and len(hub.requests) == 1


def test_a_failing_server_makes_a_download_retry_with_backoff_then_raise(
    hub: HubServer, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sleeps: list[float] = []
    monkeypatch.setattr(_http, "time", SimpleNamespace(sleep=sleeps.append))
    hub.config.status = 503
    with pytest.raises(LocalEntryNotFoundError) as failure:
        _download(hub, cache, "config.json")
    cause = failure.value.__cause__
    assert isinstance(cause, HfHubHTTPError) and cause.response.status_code == 503
    assert [r.method for r in hub.requests] == ["HEAD"] * 7
    assert sleeps == [1, 2, 4, 8, 8]


def test_a_failing_server_lets_a_download_fall_back_to_the_cache(
    hub: HubServer, cache: Path
) -> None:
    assert _download(hub, cache, "config.json") == FILES["config.json"]
    hub.requests.clear()
    hub.config.status = 503
    assert _download(hub, cache, "config.json") == FILES["config.json"]
    assert [r.method for r in hub.requests] == ["HEAD"]


def test_offline_mode_sends_no_request_and_serves_only_the_cache(
    hub: HubServer, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _download(hub, cache, "config.json")
    hub.requests.clear()
    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", True)
    assert _download(hub, cache, "config.json") == FILES["config.json"]
    with pytest.raises(LocalEntryNotFoundError):
        _download(hub, cache, "model.bin")
    with pytest.raises(OfflineModeIsEnabled):
        HfApi(endpoint=hub.endpoint, token=False).model_info(REPO_ID)
    assert hub.requests == []


def test_a_corrupted_body_passes_the_client_but_not_a_hash_check(
    hub: HubServer, cache: Path
) -> None:
    hub.config.corrupt.add("model.bin")
    info = HfApi(endpoint=hub.endpoint, token=False).model_info(REPO_ID, files_metadata=True)
    lfs = next(s.lfs for s in info.siblings or [] if s.rfilename == "model.bin")
    data = _download(hub, cache, "model.bin")
    assert len(data) == len(WEIGHTS) and data != WEIGHTS
    assert lfs is not None and lfs.sha256 == _sha256(WEIGHTS) != _sha256(data)


def test_metadata_lies_show_in_model_info_only(hub: HubServer, cache: Path) -> None:
    hub.config.size_lies["model.bin"] = 123
    hub.config.sha256_lies["model.bin"] = "0" * 64
    info = HfApi(endpoint=hub.endpoint, token=False).model_info(REPO_ID, files_metadata=True)
    weights = next(s for s in info.siblings or [] if s.rfilename == "model.bin")
    assert weights.size == 123 and weights.lfs is not None
    assert (weights.lfs.size, weights.lfs.sha256) == (123, "0" * 64)
    assert _download(hub, cache, "model.bin") == WEIGHTS


def test_a_slow_server_delays_every_chunk(hub: HubServer, cache: Path) -> None:
    hub.config.chunk_size = 64 * 1024
    hub.config.chunk_delay = 0.1
    started = time.monotonic()
    assert _download(hub, cache, "model.bin") == WEIGHTS
    assert time.monotonic() - started >= 0.5  # 5 chunks


def test_adding_a_repo_moves_its_branches_and_keeps_old_commits(hub: HubServer) -> None:
    api = HfApi(endpoint=hub.endpoint, token=False)
    hub.add_repo(HubRepo(REPO_ID, {"config.json": b"{}"}, sha="c" * 40))
    hub.add_repo(HubRepo("solo", {"README.md": b"# solo\n"}))
    assert api.model_info(REPO_ID).sha == "c" * 40
    assert api.model_info(REPO_ID, revision=REPO.sha).sha == REPO.sha
    assert api.model_info(REPO_ID, revision="release/v1").sha == REPO.sha
    assert api.list_repo_files("solo") == ["README.md"]
