"""An on-disk cache for built test models, keyed by library versions and the builder's source."""

from __future__ import annotations

import hashlib
import importlib.metadata
import inspect
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

REPO_ROOT = Path(__file__).resolve().parents[2]
SHARED_DATA = REPO_ROOT.parent / "shared" / "data"
M2M_TOKENIZER_DIR = SHARED_DATA / "m2m100_418M-tokenizer"
CACHE_ROOT = Path(
    os.environ.get("ASSISTANT_TEST_MODEL_CACHE", REPO_ROOT / ".cache" / "test-models")
)

KEY_PACKAGES = ("torch", "transformers", "optimum-intel", "openvino", "nncf", "sentencepiece")


def cache_key(builder: ModuleType, **params: object) -> str:
    """A short hash of the builder's source, its parameters and the library versions."""
    digest = hashlib.sha256(inspect.getsource(builder).encode())
    for package in KEY_PACKAGES:
        try:
            digest.update(f"{package}={importlib.metadata.version(package)}".encode())
        except importlib.metadata.PackageNotFoundError:
            digest.update(f"{package}=absent".encode())
    digest.update(repr(sorted(params.items())).encode())
    return digest.hexdigest()[:16]


def cached_build(name: str, key: str, build: Callable[[Path], None]) -> Path:
    """Return CACHE_ROOT/name-key, building it into a temporary folder first if missing."""
    target = CACHE_ROOT / f"{name}-{key}"
    if (target / ".complete").exists():
        return target
    CACHE_ROOT.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{name}-", dir=CACHE_ROOT))
    try:
        build(work)
        (work / ".complete").write_text("ok\n")
        try:
            work.rename(target)
        except OSError:
            # Another process finished the same build first; keep its result.
            if not (target / ".complete").exists():
                raise
    finally:
        if work.exists():
            shutil.rmtree(work, ignore_errors=True)
    return target
