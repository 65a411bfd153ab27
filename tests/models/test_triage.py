"""Triage-LLM bundles from a GGUF file or an OpenVINO IR folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from assistant.core.errors import BadInputError
from assistant.models.importer import import_bundle
from assistant.models.install_key import load_install_key
from assistant.models.signing import public_key_pem
from assistant.models.store import ModelStore
from assistant.models.triage import make_triage_bundle, triage_entry
from assistant.models.trust import TrustStore
from assistant.models.verify import verify_bundle
from assistant.paths import AppPaths


def test_a_gguf_bundle_installs_as_the_triage_model(app_paths: AppPaths, tmp_path: Path) -> None:
    gguf = tmp_path / "Tiny-Chat.Q4.gguf"
    gguf.write_bytes(b"GGUF" + bytes(range(256)) * 64)
    key = load_install_key(app_paths)
    assert key is not None
    manifest = make_triage_bundle(gguf, tmp_path / "bundle", key)
    assert (manifest.model_id, manifest.kind, manifest.recipe) == (
        "tiny-chat.q4",
        "triage-llm",
        "gguf",
    )
    assert manifest.golden == ()
    store = ModelStore(app_paths)
    installed = import_bundle(tmp_path / "bundle", store)
    assert store.triage() == installed and store.translator() is None
    assert triage_entry(installed.path, installed.manifest) == installed.path / gguf.name


def test_an_ir_folder_bundle_points_the_pipeline_at_the_folder(
    app_paths: AppPaths, tmp_path: Path
) -> None:
    source = tmp_path / "llm-ir"
    (source / "tokenizer").mkdir(parents=True)
    (source / "openvino_model.xml").write_text("<net/>")
    (source / "openvino_model.bin").write_bytes(b"\0" * 32)
    (source / "tokenizer" / "openvino_tokenizer.xml").write_text("<net/>")
    key = Ed25519PrivateKey.generate()
    manifest = make_triage_bundle(source, tmp_path / "bundle", key, model_id="llm-ir")
    assert manifest.recipe == "ir"
    assert {entry.path for entry in manifest.files} == {
        "openvino_model.xml",
        "openvino_model.bin",
        "tokenizer/openvino_tokenizer.xml",
    }
    assert triage_entry(tmp_path / "bundle", manifest) == tmp_path / "bundle"


def test_a_file_that_is_not_gguf_is_refused(tmp_path: Path) -> None:
    fake = tmp_path / "model.gguf"
    fake.write_bytes(b"PK\x03\x04 not a gguf")
    with pytest.raises(BadInputError, match="not a GGUF"):
        make_triage_bundle(fake, tmp_path / "bundle", Ed25519PrivateKey.generate())
    assert not (tmp_path / "bundle").exists()


@pytest.mark.slow
def test_the_real_smollm2_gguf_bundle_verifies_and_loads(
    tmp_path: Path, smollm2_gguf: Path
) -> None:
    import openvino_genai

    key = Ed25519PrivateKey.generate()
    manifest = make_triage_bundle(smollm2_gguf, tmp_path / "bundle", key)
    keys = tmp_path / "keys"
    keys.mkdir()
    (keys / "k.pem").write_bytes(public_key_pem(key.public_key()))
    verified = verify_bundle(tmp_path / "bundle", TrustStore.load(AppPaths.under(tmp_path), keys))
    assert verified.bytes_hashed == smollm2_gguf.stat().st_size
    pipeline = openvino_genai.LLMPipeline(str(triage_entry(tmp_path / "bundle", manifest)), "CPU")
    config = openvino_genai.GenerationConfig()
    config.max_new_tokens = 3
    assert isinstance(pipeline.generate("Hello", config), str)
