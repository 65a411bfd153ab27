"""`assistant models ...` verbs through the real CLI entry point."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import keyring
import keyring.backends.fail
import pytest

from assistant.cli.main import EXIT_BAD_INPUT, main
from assistant.models.compiled_cache import CompiledCache
from assistant.models.install_key import install_key_file
from assistant.models.store import InstalledModel
from assistant.paths import AppPaths
from tests.builders.tiny_bundle import TINY_BUNDLE_ID, TinyBundle
from tests.models.tampering import copy_bundle, flip_byte

VERBS = (
    "catalogue",
    "get",
    "list",
    "verify",
    "import",
    "install",
    "convert",
    "pack",
    "remove",
    "export-key",
    "trust",
)


def test_help_explains_every_verb(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["models", "--help"])
    assert exited.value.code == 0
    text = capsys.readouterr().out
    for verb in VERBS:
        assert f"\n  {verb} " in text


def test_list_says_how_to_install_when_empty(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["models", "list"]) == 0
    assert "assistant models get m2m100-418m" in capsys.readouterr().out
    assert main(["models", "list", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_import_list_verify_remove(
    app_paths: AppPaths, tiny_m2m100_bundle: TinyBundle, capsys: pytest.CaptureFixture[str]
) -> None:
    tiny_m2m100_bundle.trust_in(app_paths)
    assert main(["models", "import", str(tiny_m2m100_bundle.bundle_dir)]) == 0
    assert f"Installed {TINY_BUNDLE_ID}" in capsys.readouterr().out
    assert main(["models", "list", "--json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert (row["model_id"], row["kind"], row["recipe"]) == (TINY_BUNDLE_ID, "m2m100", "fp32")
    assert row["manifest_hash"] == tiny_m2m100_bundle.manifest.manifest_hash
    assert main(["models", "verify"]) == 0
    out = capsys.readouterr().out
    assert f"{TINY_BUNDLE_ID}: OK, signed by {tiny_m2m100_bundle.key_id}" in out
    assert re.search(r" [\d.]+ MiB in [\d.]+ s \([\d.,]+ [MG]iB/s\)", out), out
    assert main(["models", "remove", TINY_BUNDLE_ID]) == 0
    assert main(["models", "list", "--json"]) == 0
    assert json.loads(capsys.readouterr().out.split("\n", 1)[1]) == []


def test_verify_of_a_tampered_install_fails_naming_the_file(
    installed_tiny_m2m100: InstalledModel, capsys: pytest.CaptureFixture[str]
) -> None:
    flip_byte(installed_tiny_m2m100.path / "vocab.json")
    assert main(["models", "verify", TINY_BUNDLE_ID]) == EXIT_BAD_INPUT
    assert "'vocab.json'" in capsys.readouterr().err


def test_import_of_a_tampered_bundle_exits_with_the_refusal(
    app_paths: AppPaths,
    tiny_m2m100_bundle: TinyBundle,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    tiny_m2m100_bundle.trust_in(app_paths)
    bundle = copy_bundle(tiny_m2m100_bundle.bundle_dir, tmp_path / "b")
    (bundle / "extra.txt").write_text("surprise")
    assert main(["models", "import", str(bundle)]) == EXIT_BAD_INPUT
    assert "'extra.txt'" in capsys.readouterr().err
    assert not app_paths.models.exists() or not any(app_paths.models.iterdir())


def test_import_of_a_folder_that_is_no_bundle_names_it_and_copies_nothing(
    app_paths: AppPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    picked = tmp_path / "Downloads" / "holiday photos"
    picked.mkdir(parents=True)
    (picked / "beach.jpg").write_bytes(b"\xff\xd8" + bytes(4096))
    assert main(["models", "import", str(picked)]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert f"{picked} is not a model bundle" in err
    assert "Nothing was copied" in err
    assert "staging" not in err
    assert "Traceback" not in err
    assert not app_paths.models.exists() or not any(app_paths.models.iterdir())
    assert [p.name for p in picked.iterdir()] == ["beach.jpg"]


def test_pack_prints_the_sha256_to_pin(
    app_paths: AppPaths,
    tiny_m2m100_bundle: TinyBundle,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    tiny_m2m100_bundle.trust_in(app_paths)
    archive = tmp_path / "tiny.tar"
    assert main(["models", "pack", str(tiny_m2m100_bundle.bundle_dir), str(archive)]) == 0
    digest = capsys.readouterr().out.split()[0]
    assert digest == hashlib.sha256(archive.read_bytes()).hexdigest()


def test_convert_a_gguf_signs_with_the_install_key_and_imports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gguf = tmp_path / "helper.gguf"
    gguf.write_bytes(b"GGUF" + bytes(1000))
    out = tmp_path / "bundle"
    assert main(["models", "convert", str(gguf), "--out", str(out)]) == 0
    assert "assistant models import" in capsys.readouterr().out
    assert main(["models", "import", str(out)]) == 0
    assert "Installed helper (triage-llm, gguf)" in capsys.readouterr().out


def test_convert_without_a_keychain_signs_with_the_labelled_file_and_says_so(
    app_paths: AppPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())
    gguf = tmp_path / "helper.gguf"
    gguf.write_bytes(b"GGUF" + bytes(10))
    assert main(["models", "convert", str(gguf), "--out", str(tmp_path / "b")]) == 0
    notes = [line for line in capsys.readouterr().err.splitlines() if "plain file" in line]
    assert notes == [
        f"assistant: The model signing key is kept in a plain file ({install_key_file(app_paths)}),"
        " because this system has no keychain. Anyone who can read your files can sign models "
        "this app will trust."
    ]
    assert install_key_file(app_paths).stat().st_mode & 0o777 == 0o600
    assert main(["models", "import", str(tmp_path / "b")]) == 0
    assert "Installed helper (triage-llm, gguf)" in capsys.readouterr().out


def test_prune_cache_keeps_only_installed_models(
    installed_tiny_m2m100: InstalledModel, app_paths: AppPaths
) -> None:
    cache = CompiledCache(app_paths)
    import openvino as ov

    core = ov.Core()
    kept = cache.dir_for_bundle(core, installed_tiny_m2m100.manifest.manifest_hash)("CPU")
    cache.dir_for_bundle(core, "f" * 64)("CPU")
    assert main(["models", "prune-cache"]) == 0
    assert [folder for folder, _ in cache.entries()] == [kept]
