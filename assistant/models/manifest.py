"""The bundle manifest: what a bundle holds, how it was made, and its canonical signed bytes."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any

from assistant.core.bounded_json import loads_bounded
from assistant.models.errors import BundleRefusedError
from assistant.models.golden import GoldenVector

SCHEMA_VERSION = 1
MANIFEST_NAME = "manifest.json"
SIGNATURE_NAME = "manifest.sig"
RESERVED_NAMES = frozenset({MANIFEST_NAME, SIGNATURE_NAME})
MAX_MANIFEST_BYTES = 4 * 1024 * 1024
"""Larger manifest.json files are refused unread (the 1.2B model's is about 20 KB)."""
KINDS = ("m2m100", "triage-llm")
MODEL_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
_SHA256_PATTERN = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class FileEntry:
    """One file of the bundle: a relative POSIX path, its size in bytes and its SHA-256."""

    path: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Manifest:
    """Everything a bundle promises about itself; signed as `canonical_bytes()`."""

    model_id: str
    kind: str
    recipe: str
    files: tuple[FileEntry, ...]
    versions: dict[str, str] = field(default_factory=dict)
    golden: tuple[GoldenVector, ...] = ()
    description: str = ""
    schema: int = SCHEMA_VERSION

    def to_json(self) -> dict[str, Any]:
        """The JSON object stored in manifest.json."""
        return {
            "schema": self.schema,
            "model_id": self.model_id,
            "kind": self.kind,
            "recipe": self.recipe,
            "description": self.description,
            "versions": dict(sorted(self.versions.items())),
            "files": [{"path": f.path, "size": f.size, "sha256": f.sha256} for f in self.files],
            "golden": [vector.to_json() for vector in self.golden],
        }

    def canonical_bytes(self) -> bytes:
        """The exact bytes the signature covers."""
        return canonical_json(self.to_json())

    @property
    def manifest_hash(self) -> str:
        """SHA-256 of the canonical bytes: identifies this exact model build (cache keys, TM)."""
        return hashlib.sha256(self.canonical_bytes()).hexdigest()

    @property
    def total_size(self) -> int:
        """Bytes of all listed files."""
        return sum(entry.size for entry in self.files)

    def file(self, path: str) -> FileEntry | None:
        """The entry for one relative path, if listed."""
        return next((entry for entry in self.files if entry.path == path), None)

    def to_file_bytes(self) -> bytes:
        """The manifest.json content: the canonical bytes themselves, so the signature can be
        checked over the file before anything parses it."""
        return self.canonical_bytes()


def canonical_json(data: Any) -> bytes:
    """Sorted keys, no whitespace, UTF-8: one byte string per JSON value."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _reject_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [key for key, _ in pairs]
    if len(keys) != len(set(keys)):
        raise ValueError("duplicate key in JSON object")
    return dict(pairs)


def _refuse(detail: str) -> BundleRefusedError:
    return BundleRefusedError(
        f"The model bundle's {MANIFEST_NAME} is malformed ({detail}). "
        "Get a fresh copy of the bundle from its publisher, or convert the model again.",
        file=MANIFEST_NAME,
        reason="malformed",
    )


def check_relative_path(path: str) -> str:
    """Refuse absolute paths, `..`, backslashes and drive letters; return `path`."""
    parts = path.split("/")
    if (
        not path
        or path.startswith("/")
        or "\\" in path
        or ":" in parts[0]
        or any(part in ("", ".", "..") for part in parts)
        or "\x00" in path
    ):
        raise BundleRefusedError(
            f"The model bundle lists an unsafe path '{path}' (absolute, '..' or malformed), "
            "so the bundle was refused. Do not use this bundle; get a fresh copy from its "
            "publisher.",
            file=path,
            reason="unsafe-path",
        )
    return path


def _parse_file(raw: Any) -> FileEntry:
    if not isinstance(raw, dict):
        raise _refuse("a 'files' entry is not an object")
    path, size, digest = raw.get("path"), raw.get("size"), raw.get("sha256")
    if not isinstance(path, str):
        raise _refuse("a file entry has no path")
    if type(size) is not int or size < 0:
        raise _refuse(f"'{path}' has no valid size")
    if not isinstance(digest, str) or not _SHA256_PATTERN.match(digest):
        raise _refuse(f"'{path}' has no valid sha256")
    if path in RESERVED_NAMES:
        raise _refuse(f"'{path}' may not be listed as a model file")
    return FileEntry(check_relative_path(path), size, digest)


_KEYS = frozenset(
    {"schema", "model_id", "kind", "recipe", "description", "versions", "files", "golden"}
)


def parse_manifest(raw_bytes: bytes) -> Manifest:
    """Parse manifest.json bytes strictly, so `canonical_bytes()` is exactly what was signed."""
    try:
        data = loads_bounded(raw_bytes, MAX_MANIFEST_BYTES, object_pairs_hook=_reject_duplicates)
    except ValueError as error:
        raise _refuse(f"not valid JSON: {error}") from None
    if not isinstance(data, dict):
        raise _refuse("not a JSON object")
    schema = data.get("schema")
    if schema != SCHEMA_VERSION:
        raise BundleRefusedError(
            f"The model bundle's {MANIFEST_NAME} uses schema {schema!r}, which this version of "
            f"the app does not know (it reads schema {SCHEMA_VERSION}). Update the app, or get "
            "a bundle made for this version.",
            file=MANIFEST_NAME,
            reason="unknown-schema",
        )
    if set(data) != _KEYS:
        unknown, missing = sorted(set(data) - _KEYS), sorted(_KEYS - set(data))
        raise _refuse(f"unknown keys {unknown}, missing keys {missing}")
    model_id, kind, recipe = data.get("model_id"), data.get("kind"), data.get("recipe")
    if not isinstance(model_id, str) or not MODEL_ID_PATTERN.match(model_id):
        raise _refuse("'model_id' must be 1-64 lowercase letters, digits, '.', '_' or '-'")
    if kind not in KINDS:
        raise _refuse(f"'kind' must be one of {', '.join(KINDS)}")
    if not isinstance(recipe, str):
        raise _refuse("'recipe' must be a string")
    files_raw, golden_raw = data["files"], data["golden"]
    versions, description = data["versions"], data["description"]
    if not isinstance(files_raw, list) or not files_raw:
        raise _refuse("'files' must be a non-empty list")
    if not isinstance(versions, dict) or not all(isinstance(v, str) for v in versions.values()):
        raise _refuse("'versions' must map names to version strings")
    if not isinstance(description, str) or not isinstance(golden_raw, list):
        raise _refuse("'description' or 'golden' has the wrong type")
    files = tuple(_parse_file(raw) for raw in files_raw)
    if len({entry.path for entry in files}) != len(files):
        raise _refuse("a file is listed twice")
    try:
        golden = tuple(GoldenVector.from_json(raw) for raw in golden_raw)
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise _refuse(f"a golden vector is invalid: {error}") from None
    return Manifest(model_id, kind, recipe, files, dict(versions), golden, description)
