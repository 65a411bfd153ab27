"""Verify a bundle before anything loads or installs it: signature, file set, sizes, hashes.

Pure file reading, safe on any thread; hashing is streamed and reports progress by bytes.
Whoever will use a bundle's files passes a `Capture` (or installs one with `keeping`): the
files it asks for are read into its buffers and hashed there, in the one pass that verifies
them, so the caller uses exactly the bytes that were proven and never opens the files again.
"""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from assistant.core.bounded_json import read_bounded
from assistant.core.progress import ProgressCallback, no_progress
from assistant.models.errors import BundleRefusedError
from assistant.models.hashing import Sink, SizeChangedError, sha256_files
from assistant.models.manifest import (
    MANIFEST_NAME,
    MAX_MANIFEST_BYTES,
    RESERVED_NAMES,
    SIGNATURE_NAME,
    Manifest,
    parse_manifest,
)
from assistant.models.signing import parse_signature
from assistant.models.trust import TrustedKey, TrustStore

STAGE = "verify"
_GET_FRESH = "Get a fresh copy of the bundle from its publisher, or convert the model again."


@dataclass(frozen=True)
class VerifiedBundle:
    """A bundle whose every file was proven to be what its signer listed."""

    root: Path
    manifest: Manifest
    signer: TrustedKey
    seconds: float
    bytes_hashed: int


class Capture(Protocol):
    """Keeps the bytes of the files a verification reads, for the caller to use afterwards.

    The buffers it hands out hold unproven bytes until `verified` is called; after an error
    they must not be used."""

    def wants(self, root: Path) -> bool:
        """Whether this capture is for the bundle at `root`."""
        ...

    def buffer(self, path: str, size: int) -> memoryview | Sink | None:
        """Where to keep the bundle file `path`: a writable buffer of exactly `size` bytes, or
        a Sink given its bytes in order; None to hash it without keeping it."""
        ...

    def verified(self, bundle: VerifiedBundle) -> None:
        """Every file was proven: the buffers now hold the signed bytes."""
        ...


_AMBIENT: ContextVar[Capture | None] = ContextVar("bundle_capture", default=None)


@contextmanager
def keeping(capture: Capture) -> Iterator[Capture]:
    """Within this block, `verify_bundle` calls on this thread for the bundle `capture` wants
    keep their bytes in it (for callers that verify through a callback they do not own)."""
    token = _AMBIENT.set(capture)
    try:
        yield capture
    finally:
        _AMBIENT.reset(token)


def _refuse(message: str, file: str | None, reason: str) -> BundleRefusedError:
    return BundleRefusedError(message, file=file, reason=reason)


def scan_bundle_files(root: Path) -> set[str]:
    """Relative paths of the regular files below `root`; refuses symlinks and special files."""
    found: set[str] = set()
    pending = [root]
    while pending:
        folder = pending.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                path = Path(entry.path)
                relative = path.relative_to(root).as_posix()
                mode = entry.stat(follow_symlinks=False).st_mode
                if stat.S_ISLNK(mode):
                    target = Path(os.path.realpath(path))
                    where = "inside" if target.is_relative_to(root.resolve()) else "outside"
                    raise _refuse(
                        f"The model bundle contains a symbolic link '{relative}' pointing "
                        f"{where} the bundle. Bundles may not contain links, so the bundle was "
                        f"refused. {_GET_FRESH}",
                        relative,
                        "symlink",
                    )
                if stat.S_ISDIR(mode):
                    pending.append(path)
                elif stat.S_ISREG(mode):
                    found.add(relative)
                else:
                    raise _refuse(
                        f"The model bundle contains '{relative}', which is not a regular file. "
                        f"{_GET_FRESH}",
                        relative,
                        "special-file",
                    )
    return found


def _read_small(root: Path, name: str, missing: str, reason: str) -> bytes:
    path = root / name
    if not path.is_file():
        raise _refuse(missing, name, reason)
    data = read_bounded(path, MAX_MANIFEST_BYTES)
    if len(data) > MAX_MANIFEST_BYTES:
        raise _refuse(f"{name} is too large to be a manifest. {_GET_FRESH}", name, "malformed")
    return data


def read_signed_manifest(root: Path, trust: TrustStore) -> tuple[Manifest, TrustedKey]:
    """Check manifest.sig against the trusted keys, then parse manifest.json.

    The signature is checked over the file's bytes before anything parses them; an unsigned
    manifest is never parsed. Only a manifest that is not in canonical form (written by an
    older version) is parsed first, by the bounded parser, to recover the signed bytes."""
    raw = _read_small(
        root,
        MANIFEST_NAME,
        f"'{root}' is not a model bundle: it has no {MANIFEST_NAME}. {_GET_FRESH}",
        "no-manifest",
    )
    sig_bytes = _read_small(
        root,
        SIGNATURE_NAME,
        f"This model bundle is unsigned (no {SIGNATURE_NAME}), so it cannot be proven safe "
        "and was refused. Get a signed copy from its publisher; for a model you converted "
        "yourself, run `assistant models convert` again.",
        "unsigned",
    )
    signature = parse_signature(sig_bytes)
    signer = trust.find(signature.key_id)
    if signer is not None and signature.covers(signer.public_key, raw):
        return parse_manifest(raw), signer
    manifest = parse_manifest(raw)
    return manifest, trust.check(manifest, signature)


def _check_file_set(manifest: Manifest, present: set[str]) -> None:
    listed = {entry.path for entry in manifest.files}
    for missing in sorted(listed - present):
        raise _refuse(
            f"The model bundle '{manifest.model_id}' is missing the file '{missing}'. {_GET_FRESH}",
            missing,
            "missing-file",
        )
    for extra in sorted(present - listed - RESERVED_NAMES):
        raise _refuse(
            f"The model bundle '{manifest.model_id}' contains a file its manifest does not "
            f"list: '{extra}'. Unlisted files are never loaded; remove it or get a fresh copy "
            "of the bundle.",
            extra,
            "extra-file",
        )


def _buffers(
    manifest: Manifest, root: Path, capture: Capture | None
) -> list[memoryview | Sink | None]:
    if capture is None or not capture.wants(root):
        return [None] * len(manifest.files)
    return [capture.buffer(entry.path, entry.size) for entry in manifest.files]


def _size_changed(manifest: Manifest, name: str, error: SizeChangedError) -> BundleRefusedError:
    return _refuse(
        f"The file '{name}' of model '{manifest.model_id}' has {error.actual} bytes but its "
        f"manifest says {error.expected}: it is damaged or was changed. {_GET_FRESH}",
        name,
        "wrong-size",
    )


def verify_bundle(
    root: Path,
    trust: TrustStore,
    on_progress: ProgressCallback = no_progress,
    capture: Capture | None = None,
) -> VerifiedBundle:
    """Prove every file of the bundle at `root`; raise BundleRefusedError naming the first fault.

    With a `capture` (or one installed by `keeping`), the files it asks for are kept in its
    buffers, hashed from there."""
    started = time.perf_counter()
    capture = capture if capture is not None else _AMBIENT.get()
    root = Path(root)
    if root.is_symlink() or not root.is_dir():
        raise _refuse(f"'{root}' is not a model bundle folder. {_GET_FRESH}", None, "not-a-bundle")
    present = scan_bundle_files(root)
    manifest, signer = read_signed_manifest(root, trust)
    _check_file_set(manifest, present)
    for entry in manifest.files:
        actual = (root / entry.path).stat().st_size
        if actual != entry.size:
            raise _refuse(
                f"The file '{entry.path}' of model '{manifest.model_id}' has {actual} bytes "
                f"but its manifest says {entry.size}: it is damaged or was changed. {_GET_FRESH}",
                entry.path,
                "wrong-size",
            )
    on_progress(STAGE, 0.0)
    try:
        digests = sha256_files(
            [root / entry.path for entry in manifest.files],
            manifest.total_size,
            on_progress,
            STAGE,
            "Model verification was cancelled; the model was not loaded.",
            sizes=[entry.size for entry in manifest.files],
            into=_buffers(manifest, root, capture),
        )
    except OSError as error:
        name = Path(error.filename).relative_to(root).as_posix() if error.filename else None
        if isinstance(error, SizeChangedError) and name is not None:
            raise _size_changed(manifest, name, error) from None
        raise _refuse(
            f"The file '{name}' of model '{manifest.model_id}' could not be read "
            f"({error.strerror}). Check the disk and its permissions, or reinstall the model.",
            name,
            "unreadable",
        ) from None
    for entry, digest in zip(manifest.files, digests, strict=True):
        if digest != entry.sha256:
            raise _refuse(
                f"The file '{entry.path}' of model '{manifest.model_id}' does not match its "
                f"signed SHA-256: it is damaged or was changed. {_GET_FRESH}",
                entry.path,
                "hash-mismatch",
            )
    on_progress(STAGE, 1.0)
    verified = VerifiedBundle(
        root, manifest, signer, time.perf_counter() - started, manifest.total_size
    )
    if capture is not None and capture.wants(root):
        capture.verified(verified)
    return verified
