"""`models get` against a loopback server that answers like the Hub, serving a tiny random
M2M-100 checkpoint in two layouts: safetensors, and `pytorch_model.bin` only."""

from __future__ import annotations

import os
import pickle
import signal
import socket
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from assistant.cli.main import EXIT_BAD_INPUT, main
from assistant.core.translation import TranslationOptions
from assistant.engine.precision import Precision
from assistant.engine.warmup import warm_up
from assistant.models.errors import CancelledError, CheckpointError, DownloadError
from assistant.models.model_get import GetRequest, UnpinnedSourceError, get_model
from assistant.models.store import InstalledModel, ModelStore
from assistant.paths import AppPaths
from tests.builders.tiny_m2m100 import TinyM2M100
from tests.models.hub_server import HubRepo, HubServer, serve_hub
from tests.models.reference import reference_ids

REPO = "tester/m2m100-tiny"
TOKENIZER_FILES = (
    "config.json",
    "generation_config.json",
    "sentencepiece.bpe.model",
    "vocab.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
    "added_tokens.json",
)
CASES = (
    ("The cat sleeps on the warm windowsill.", "en", "fr"),
    ("Wir treffen uns morgen früh am Bahnhof.", "de", "it"),
)


def _bin_bytes(hf_dir: Path, tmp_path: Path) -> bytes:
    import torch
    from safetensors.torch import load_file

    target = tmp_path / "pytorch_model.bin"
    torch.save(load_file(str(hf_dir / "model.safetensors")), target)
    return target.read_bytes()


def _files(tiny: TinyM2M100, layout: str, tmp_path: Path) -> dict[str, bytes]:
    files = {
        n: (tiny.hf_dir / n).read_bytes() for n in TOKENIZER_FILES if (tiny.hf_dir / n).exists()
    }
    if layout == "safetensors":
        files["model.safetensors"] = (tiny.hf_dir / "model.safetensors").read_bytes()
    else:
        files["pytorch_model.bin"] = _bin_bytes(tiny.hf_dir, tmp_path)
    return files


@pytest.fixture
def hub(
    tiny_m2m100: TinyM2M100, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[HubServer]:
    with serve_hub([HubRepo(REPO, _files(tiny_m2m100, "safetensors", tmp_path))]) as server:
        monkeypatch.setenv("HF_ENDPOINT", server.endpoint)
        monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
        yield server


def _trusting_store(app_paths: AppPaths, key: Ed25519PrivateKey) -> ModelStore:
    from assistant.models.trust import write_trusted_key

    write_trusted_key(app_paths, key.public_key(), install=True)
    return ModelStore(app_paths)


def _get(app_paths: AppPaths, recipe: str = "fp32") -> InstalledModel:
    key = Ed25519PrivateKey.generate()
    request = GetRequest(REPO, recipe=recipe, allow_unpinned=True)
    return get_model(request, _trusting_store(app_paths, key), key)


def _translate_ids(app_paths: AppPaths, model: InstalledModel, beams: int) -> list[list[int]]:
    runner, _report = warm_up(
        model.path,
        verify=lambda progress: ModelStore(app_paths).verify(model.model_id, progress) and None,
        golden=model.manifest.golden,
        precision=Precision.F32,
    )
    options = TranslationOptions(beam_size=beams, max_new_tokens=16)
    return [
        runner.generate_ids(runner.tokenizer.encode(text, src), tgt, options)
        for text, src, tgt in CASES
    ]


def _leftovers(app_paths: AppPaths) -> list[Path]:
    roots = (app_paths.models, app_paths.downloads)
    return [p for root in roots if root.exists() for p in root.rglob("*") if p.is_file()]


@pytest.mark.parametrize("layout", ["safetensors", "bin"])
def test_get_verifies_and_translates_like_transformers(
    layout: str,
    hub: HubServer,
    tiny_m2m100: TinyM2M100,
    app_paths: AppPaths,
    tmp_path: Path,
) -> None:
    hub.add_repo(HubRepo(REPO, _files(tiny_m2m100, layout, tmp_path)))
    key = Ed25519PrivateKey.generate()
    store = _trusting_store(app_paths, key)
    request = GetRequest(REPO, recipe="fp32", allow_unpinned=True)
    model = get_model(request, store, key)
    assert model.manifest.versions["source"].startswith(f"{REPO}@")
    assert store.verify(model.model_id).manifest.model_id == model.model_id
    for beams in (1, 4):
        expected = reference_ids(tiny_m2m100, CASES, max_new_tokens=16, num_beams=beams)
        assert _translate_ids(app_paths, model, beams) == expected
    assert not (app_paths.downloads / "hub").exists() or not any(
        (app_paths.downloads / "hub").iterdir()
    )


def test_wrong_bytes_are_refused_and_deleted(hub: HubServer, app_paths: AppPaths) -> None:
    hub.config.corrupt.add("model.safetensors")
    with pytest.raises(DownloadError, match="does not match its hub metadata sha256"):
        _get(app_paths)
    assert ModelStore(app_paths).list() == ()
    assert not any(p.name.startswith("model.safetensors") for p in _leftovers(app_paths))


def test_cancel_leaves_nothing(hub: HubServer, app_paths: AppPaths) -> None:
    hub.config.chunk_size = 4096
    seen: list[float] = []

    def cancel_midway(stage: str, fraction: float) -> bool:
        seen.append(fraction)
        return not (stage == "download" and fraction > 0.3)

    with pytest.raises(CancelledError):
        get_model(
            GetRequest(REPO, allow_unpinned=True),
            ModelStore(app_paths),
            Ed25519PrivateKey.generate(),
            cancel_midway,
        )
    assert max(seen) < 1.0
    assert ModelStore(app_paths).list() == ()
    assert _leftovers(app_paths) == []


def test_no_disk_space_is_refused_before_downloading(hub: HubServer, app_paths: AppPaths) -> None:
    hub.config.size_lies["model.safetensors"] = 50 * 2**40
    with pytest.raises(DownloadError, match="Not enough disk space"):
        _get(app_paths)
    assert hub.downloads("model.safetensors") == []
    assert _leftovers(app_paths) == []


def test_an_unreachable_hub_is_one_message(
    app_paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{port}")
    started = time.monotonic()
    with pytest.raises(DownloadError, match="Could not reach the Hub") as refused:
        _get(app_paths)
    assert "\n" not in refused.value.user_message
    assert time.monotonic() - started < 30
    assert _leftovers(app_paths) == []


def test_a_repo_the_hub_does_not_have_is_one_message(hub: HubServer, app_paths: AppPaths) -> None:
    key = Ed25519PrivateKey.generate()
    request = GetRequest("tester/no-such-model", allow_unpinned=True)
    with pytest.raises(DownloadError, match="The Hub has no repo tester/no-such-model"):
        get_model(request, ModelStore(app_paths), key)
    assert _leftovers(app_paths) == []


def test_offline_mode_sends_nothing(
    hub: HubServer, app_paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(DownloadError, match="HF_HUB_OFFLINE"):
        _get(app_paths)
    assert hub.requests == []


def test_an_unpinned_repo_needs_confirmation(hub: HubServer, app_paths: AppPaths) -> None:
    with pytest.raises(UnpinnedSourceError, match="--yes"):
        get_model(GetRequest(REPO), ModelStore(app_paths), Ed25519PrivateKey.generate())
    assert hub.requests == []


def test_the_cli_refuses_an_unpinned_repo_without_yes(
    hub: HubServer, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["models", "get", REPO]) == EXIT_BAD_INPUT
    message = capsys.readouterr().err.strip()
    assert "not in the app's catalogue" in message and "--yes" in message
    assert "Traceback" not in message and hub.requests == []


def test_a_catalogue_pin_beats_what_the_hub_says(hub: HubServer, app_paths: AppPaths) -> None:
    files = {name: b"not the real file" for name in TOKENIZER_FILES}
    files["pytorch_model.bin"] = b"\x00" * 1024
    hub.add_repo(
        HubRepo("facebook/m2m100_418M", files, sha="55c2e61bbf05dfb8d7abccdc3fae6fc8512fd636")
    )
    request = GetRequest("m2m100-418m")
    with pytest.raises(DownloadError, match=r"different .* than the app.s catalogue pins"):
        get_model(request, ModelStore(app_paths), Ed25519PrivateKey.generate())
    assert hub.downloads("pytorch_model.bin") == []


def _pickle_with_global() -> bytes:
    """A `.bin` zip whose pickle calls `os.system`: the reader must refuse, not run, it."""

    class Evil:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (os.system, ("touch /tmp/assistant-pwned",))

    payload = pickle.dumps({"model.shared.weight": Evil()}, protocol=2)
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("archive/data.pkl", payload)
        archive.writestr("archive/version", "3\n")
    return buffer.getvalue()


def test_a_bin_with_a_non_tensor_global_is_refused(
    hub: HubServer, tiny_m2m100: TinyM2M100, app_paths: AppPaths, tmp_path: Path
) -> None:
    files = _files(tiny_m2m100, "safetensors", tmp_path)
    del files["model.safetensors"]
    files["pytorch_model.bin"] = _pickle_with_global()
    hub.add_repo(HubRepo(REPO, files))
    with pytest.raises(CheckpointError, match="system"):
        _get(app_paths)
    assert not Path("/tmp/assistant-pwned").exists()
    assert ModelStore(app_paths).list() == ()
    assert not list(app_paths.models.glob(".staging-*")) if app_paths.models.exists() else True


def test_a_killed_download_resumes(
    hub: HubServer, tiny_m2m100: TinyM2M100, app_paths: AppPaths, tmp_path: Path
) -> None:
    big = _files(tiny_m2m100, "bin", tmp_path)
    hub.add_repo(HubRepo(REPO, big))
    hub.config.chunk_size = 64 * 1024
    hub.config.chunk_delay = 0.05
    command = [sys.executable, "-m", "assistant", "models", "get", REPO, "--yes"]
    child = subprocess.Popen(command, env={**os.environ}, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    part = None
    while time.monotonic() < deadline and child.poll() is None:
        parts = list(app_paths.downloads.rglob("pytorch_model.bin.part"))
        if parts and parts[0].stat().st_size > 256 * 1024:
            part = parts[0]
            break
        time.sleep(0.1)
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    assert part is not None and part.exists()
    kept = part.stat().st_size
    hub.config.chunk_delay = 0.0
    model = _get(app_paths, recipe="fp32")
    assert model.kind == "m2m100"
    resumed = [r.range for r in hub.downloads("pytorch_model.bin")][-1]
    assert resumed is not None and int(resumed.split("=")[1].rstrip("-")) >= kept - 1024 * 1024


NO_TORCH_SITECUSTOMIZE = """
import sys
from importlib.machinery import PathFinder

BLOCKED = frozenset({"torch", "optimum", "torchvision"})


class _PathFinderWithoutTorch(PathFinder):
    @classmethod
    def find_spec(cls, fullname, path=None, target=None):
        if fullname.split(".")[0] in BLOCKED:
            return None
        return PathFinder.find_spec(fullname, path, target)


sys.meta_path[:] = [_PathFinderWithoutTorch if f is PathFinder else f for f in sys.meta_path]
"""


def test_get_works_where_torch_and_optimum_cannot_be_imported(
    hub: HubServer, tiny_m2m100: TinyM2M100, app_paths: AppPaths, tmp_path: Path
) -> None:
    """The user's environment: the app alone, no torch and no optimum anywhere."""
    site = tmp_path / "no-torch"
    site.mkdir()
    (site / "sitecustomize.py").write_text(NO_TORCH_SITECUSTOMIZE)
    probe = (
        "import sys, assistant.models.model_get\ntry:\n import torch\nexcept ImportError:\n"
        " print('no torch')"
    )
    env = {**os.environ, "PYTHONPATH": str(site), "PYTHONWARNINGS": "ignore"}
    checked = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True)
    assert checked.stdout.strip() == "no torch", checked.stderr
    command = [
        sys.executable,
        "-m",
        "assistant",
        "models",
        "get",
        REPO,
        "--yes",
        "--recipe",
        "fp32",
    ]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert f"from {REPO}@" in done.stdout
    (model,) = ModelStore(app_paths).list()
    expected = reference_ids(tiny_m2m100, CASES, max_new_tokens=16)
    assert _translate_ids(app_paths, model, 1) == expected
