"""Downloading bundles from a real HTTP server on loopback: resume, wrong bytes, cancel."""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

import pytest

from assistant.cli.main import main
from assistant.core.errors import BadInputError
from assistant.models import download
from assistant.models.archive import pack_bundle
from assistant.models.download import install_from_url
from assistant.models.errors import BundleRefusedError, CancelledError, DownloadError
from assistant.models.store import ModelStore
from assistant.paths import AppPaths
from assistant.state.clear_state import clear_state
from tests.builders.tiny_bundle import TINY_BUNDLE_ID, TinyBundle
from tests.models.http_server import Payload, serve
from tests.models.tampering import copy_bundle, flip_byte


@pytest.fixture(scope="module")
def archive(tiny_m2m100_bundle: TinyBundle, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The tiny bundle packed as a tar, as a publisher would host it."""
    folder = tmp_path_factory.mktemp("archive")
    return pack_bundle(tiny_m2m100_bundle.bundle_dir, folder / "tiny.tar").read_bytes()


@pytest.fixture
def store(app_paths: AppPaths, tiny_m2m100_bundle: TinyBundle) -> ModelStore:
    """A store whose install trusts the tiny bundle's signer."""
    tiny_m2m100_bundle.trust_in(app_paths)
    return ModelStore(app_paths)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _leftovers(app_paths: AppPaths) -> list[str]:
    folder = app_paths.downloads
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_a_download_installs_with_rising_progress(
    store: ModelStore, archive: bytes, app_paths: AppPaths
) -> None:
    seen: list[tuple[str, float]] = []
    with serve(Payload(archive)) as url:
        model = install_from_url(
            url, _sha(archive), store, lambda s, f: seen.append((s, f)) or True
        )
    assert model.model_id == TINY_BUNDLE_ID
    download = [f for stage, f in seen if stage == "download"]
    assert download == sorted(download) and download[-1] == 1.0
    assert {"download", "check", "unpack", "verify"} <= {stage for stage, _ in seen}
    assert _leftovers(app_paths) == []


def test_a_transfer_cut_midway_resumes_where_it_stopped(
    store: ModelStore, archive: bytes, app_paths: AppPaths
) -> None:
    cut = len(archive) // 2 + 123
    payload = Payload(archive, cut_after=cut)
    with serve(payload) as url:
        with pytest.raises(DownloadError, match="run the same install command again to resume"):
            install_from_url(url, _sha(archive), store)
        assert (app_paths.downloads / f"{_sha(archive)}.part").stat().st_size == cut
        model = install_from_url(url, _sha(archive), store)
    assert payload.ranges == [None, f"bytes={cut}-"]
    assert store.verify(model.model_id).manifest.model_id == TINY_BUNDLE_ID
    assert _leftovers(app_paths) == []


def test_a_server_that_ignores_range_restarts_the_file_cleanly(
    store: ModelStore, archive: bytes
) -> None:
    payload = Payload(archive, cut_after=len(archive) // 3, honour_range=False)
    with serve(payload) as url:
        with pytest.raises(DownloadError):
            install_from_url(url, _sha(archive), store)
        assert install_from_url(url, _sha(archive), store).model_id == TINY_BUNDLE_ID


def test_wrong_bytes_are_refused_and_deleted(
    store: ModelStore, archive: bytes, app_paths: AppPaths
) -> None:
    refused = pytest.raises(DownloadError, match="does not match the pinned SHA-256")
    with serve(Payload(archive, corrupt=True)) as url, refused:
        install_from_url(url, _sha(archive), store)
    assert _leftovers(app_paths) == []
    assert store.list() == ()


def test_a_correctly_pinned_but_tampered_bundle_is_refused_and_cleaned_up(
    store: ModelStore, tiny_m2m100_bundle: TinyBundle, tmp_path: Path, app_paths: AppPaths
) -> None:
    bundle = copy_bundle(tiny_m2m100_bundle.bundle_dir, tmp_path / "bundle")
    flip_byte(bundle / "openvino_encoder_model.xml")
    evil = pack_bundle(bundle, tmp_path / "evil.tar").read_bytes()
    refused = pytest.raises(BundleRefusedError, match="openvino_encoder_model")
    with serve(Payload(evil)) as url, refused:
        install_from_url(url, _sha(evil), store)
    assert _leftovers(app_paths) == []
    assert store.list() == ()


def test_a_cancelled_download_installs_nothing_and_keeps_nothing(
    store: ModelStore, archive: bytes, app_paths: AppPaths
) -> None:
    def cancel_after_first_chunk(stage: str, fraction: float) -> bool:
        return not (stage == "download" and fraction > 0)

    with serve(Payload(archive)) as url, pytest.raises(CancelledError, match="cancelled"):
        install_from_url(url, _sha(archive), store, cancel_after_first_chunk)
    assert _leftovers(app_paths) == []
    assert store.list() == ()


def test_missing_files_and_bad_arguments_get_clear_messages(
    store: ModelStore, archive: bytes
) -> None:
    with serve(Payload(archive)) as url:
        with pytest.raises(DownloadError, match="404"):
            install_from_url(url.replace("bundle.tar", "nope.tar"), _sha(archive), store)
        with pytest.raises(BadInputError, match="64 hex digits"):
            install_from_url(url, "abc", store)
    with pytest.raises(BadInputError, match="http"):
        install_from_url("file:///etc/passwd", _sha(archive), store)


def test_the_cli_install_shows_progress_and_installs(
    store: ModelStore, archive: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    with serve(Payload(archive)) as url:
        assert main(["models", "install", url, "--sha256", _sha(archive)]) == 0
    captured = capsys.readouterr()
    assert f"Installed {TINY_BUNDLE_ID}" in captured.out
    assert "download  [##############################] 100%" in captured.err


def test_a_complete_part_left_by_an_interruption_is_checked_and_installed(
    store: ModelStore, archive: bytes, app_paths: AppPaths
) -> None:
    app_paths.downloads.mkdir(parents=True, exist_ok=True)
    (app_paths.downloads / f"{_sha(archive)}.part").write_bytes(archive)
    payload = Payload(archive)
    with serve(payload) as url:
        assert install_from_url(url, _sha(archive), store).model_id == TINY_BUNDLE_ID
    assert payload.ranges == [f"bytes={len(archive)}-"]
    assert _leftovers(app_paths) == []


def test_a_content_length_above_the_stated_size_is_refused_unread(
    store: ModelStore, archive: bytes, app_paths: AppPaths
) -> None:
    with serve(Payload(archive)) as url, pytest.raises(DownloadError, match="larger than"):
        install_from_url(url, _sha(archive), store, expected_size=len(archive) - 1)
    assert _leftovers(app_paths) == []
    assert store.list() == ()


def test_a_body_running_past_the_stated_size_is_cut_and_refused(
    store: ModelStore, archive: bytes, app_paths: AppPaths
) -> None:
    stated = len(archive) // 3
    with (
        serve(Payload(archive, send_length=False)) as url,
        pytest.raises(DownloadError, match="more than the"),
    ):
        install_from_url(url, _sha(archive), store, expected_size=stated)
    assert _leftovers(app_paths) == []


def test_without_a_stated_size_the_overall_cap_applies(
    store: ModelStore, archive: bytes, app_paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(download, "MAX_DOWNLOAD_BYTES", len(archive) // 2)
    with serve(Payload(archive, send_length=False)) as url, pytest.raises(DownloadError):
        install_from_url(url, _sha(archive), store)
    assert _leftovers(app_paths) == []


def test_a_slow_server_meets_the_overall_deadline_and_the_part_is_kept(
    store: ModelStore, archive: bytes, app_paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(download, "DEADLINE_SECONDS", 0.5)
    started = time.monotonic()
    with (
        serve(Payload(archive, trickle_seconds=0.01)) as url,
        pytest.raises(DownloadError, match="took longer than"),
    ):
        install_from_url(url, _sha(archive), store)
    assert time.monotonic() - started < 10
    part = app_paths.downloads / f"{_sha(archive)}.part"
    assert 0 < part.stat().st_size < len(archive)


@pytest.mark.parametrize(
    "location",
    ["http://example.org/bundle.tar", "ftp://example.org/bundle.tar", "file:///etc/passwd"],
)
def test_a_redirect_to_plain_http_or_another_scheme_is_refused(
    store: ModelStore, archive: bytes, app_paths: AppPaths, location: str
) -> None:
    payload = Payload(archive, redirects={"/moved.tar": location})
    with serve(payload) as url, pytest.raises(DownloadError, match="redirected"):
        install_from_url(url.replace("bundle.tar", "moved.tar"), _sha(archive), store)
    assert payload.ranges == []
    assert _leftovers(app_paths) == []


def test_a_redirect_to_http_on_loopback_is_followed(store: ModelStore, archive: bytes) -> None:
    payload = Payload(archive)
    with serve(payload) as url:
        payload.redirects["/moved.tar"] = url
        model = install_from_url(url.replace("bundle.tar", "moved.tar"), _sha(archive), store)
    assert model.model_id == TINY_BUNDLE_ID


def test_old_parts_are_pruned_at_the_next_download(
    store: ModelStore, archive: bytes, app_paths: AppPaths
) -> None:
    app_paths.downloads.mkdir(parents=True, exist_ok=True)
    old, recent = app_paths.downloads / f"{'a' * 64}.part", app_paths.downloads / f"{'b' * 64}.part"
    for part, days in ((old, 8), (recent, 1)):
        part.write_bytes(b"partial")
        when = time.time() - days * 86400
        os.utime(part, (when, when))
    with serve(Payload(archive)) as url:
        install_from_url(url, _sha(archive), store)
    assert _leftovers(app_paths) == [recent.name]


def test_clear_state_removes_a_part_left_by_a_failed_download(
    store: ModelStore, archive: bytes, app_paths: AppPaths
) -> None:
    with serve(Payload(archive, cut_after=len(archive) // 2)) as url, pytest.raises(DownloadError):
        install_from_url(url, _sha(archive), store)
    assert _leftovers(app_paths) == [f"{_sha(archive)}.part"]
    report = clear_state(app_paths)
    assert _leftovers(app_paths) == []
    assert report.complete and report.files_removed >= 1


def test_the_cli_install_takes_the_published_size_as_a_cap(
    store: ModelStore, archive: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    with serve(Payload(archive)) as url:
        command = ["models", "install", url, "--sha256", _sha(archive)]
        assert main([*command, "--size", str(len(archive) - 1)]) == 2
        assert "larger than the" in capsys.readouterr().err
        assert main([*command, "--size", str(len(archive))]) == 0
    assert f"Installed {TINY_BUNDLE_ID}" in capsys.readouterr().out
