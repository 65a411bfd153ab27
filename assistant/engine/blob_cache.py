"""Compiled blobs the engine wrote itself, sealed, and checked before OpenVINO may load them.

After compiling a part from the verified model, the engine exports the compiled model and
writes it with a seal: an HMAC, under a key only this install holds, over the blob's SHA-256,
its size and everything it was compiled for (part, device, options, runtime, driver, manifest
hash). On the next load the seal is checked over its raw bytes, the blob is read once into
memory and hashed there, and OpenVINO imports exactly those bytes. A blob that fails any check
is deleted, the part is compiled again from the verified model, and the rejection is counted
(`EngineReport.blobs` and a `Fallback`). OpenVINO itself is never given a `CACHE_DIR`.

Used by `PartCompiler` on the engine worker thread.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import logging
import os
import re
import secrets
from collections.abc import Mapping
from io import FileIO
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import openvino as ov

from assistant.core.telemetry import Fallback
from assistant.engine.report import BlobCheck, BlobOutcome, EngineReport
from assistant.models.hashing import SizeChangedError, hash_file

log = logging.getLogger(__name__)

SEAL_SCHEMA = 1
MAX_SEAL_BYTES = 64 * 1024
BLOB_SUFFIX, SEAL_SUFFIX = ".blob", ".seal"
GRAPH_LAYOUT = "cross-kv-inputs"
"""How the engine reshapes graphs before compiling; a change makes earlier blobs unused."""
_MAC_CONTEXT = b"assistant compiled-blob seal v1\n"
_OWN_BLOB = re.compile(r"[A-Za-z0-9_.-]+-[0-9a-f]{16}\.blob")
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)


@runtime_checkable
class SealedCacheDirs(Protocol):
    """Compiled-blob folders per device, and the key that seals their blobs."""

    seal_problem: str
    """Why there is no key, when `seal_key()` gives None."""

    def __call__(self, device: str) -> Path:
        """The folder for `device` (created)."""
        ...

    def seal_key(self) -> bytes | None:
        """The sealing key, or None when this install has none."""
        ...

    def identity(self, device: str) -> Mapping[str, str]:
        """What a blob for `device` depends on besides its part and options."""
        ...

    def uses_blobs(self, device: str) -> bool:
        """Whether blobs are kept for `device`."""
        ...


class RejectedError(Exception):
    """A blob or seal that failed a check; the message says which."""


def canonical_json(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":")).encode()


def read_capped(path: Path, limit: int) -> bytes:
    with FileIO(os.open(path, _OPEN_FLAGS), "rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise RejectedError("its seal is too large")
    return bytes(data)


def write_new(path: Path, data: bytes | memoryview) -> None:
    """Write `data` under a fresh temporary name beside `path`, then rename it into place."""
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    try:
        with FileIO(os.open(temporary, flags, 0o600), "wb") as handle:
            handle.write(data)
        temporary.replace(path)
    finally:
        temporary.unlink(missing_ok=True)


class BlobCache:
    """Loads and stores one engine load's compiled blobs, recording every outcome."""

    def __init__(self, core: ov.Core, dirs: SealedCacheDirs, report: EngineReport) -> None:
        self._core = core
        self._dirs = dirs
        self._report = report
        self._not_cacheable: set[Path] = set()
        self._swept: set[Path] = set()

    def applies(self, device: str) -> bool:
        """Whether blobs are used for `device`."""
        return self._dirs.uses_blobs(device)

    def _paths(self, part: str, device: str, config: Mapping[str, str]) -> tuple[Path, Path]:
        folder = self._dirs(device)
        if folder not in self._swept:
            self._sweep(folder)
        digest = hashlib.sha256(canonical_json([dict(config), GRAPH_LAYOUT])).hexdigest()[:16]
        stem = f"{re.sub(r'[^A-Za-z0-9_.-]', '_', part)}-{digest}"
        return folder / f"{stem}{BLOB_SUFFIX}", folder / f"{stem}{SEAL_SUFFIX}"

    def _sweep(self, folder: Path) -> None:
        """Delete blobs not named like the engine's (never loadable: e.g. OpenVINO's own cache
        files from an older version) and writes a crash cut short."""
        self._swept.add(folder)
        for item in folder.iterdir():
            name = item.name
            foreign = name.endswith(BLOB_SUFFIX) and not _OWN_BLOB.fullmatch(name)
            if (foreign or name.endswith(".tmp")) and item.is_file():
                log.info("removing %s from the compiled cache: the engine did not write it", name)
                item.unlink(missing_ok=True)

    def _identity(self, part: str, device: str, config: Mapping[str, str]) -> dict[str, Any]:
        return {
            "part": part,
            "device": device,
            "config": dict(config),
            "layout": GRAPH_LAYOUT,
            "cache": dict(self._dirs.identity(device)),
        }

    def _check(self, part: str, device: str, outcome: BlobOutcome, detail: str = "") -> None:
        self._report.blobs.append(BlobCheck(part, device, outcome, detail))

    def load(self, part: str, device: str, config: Mapping[str, str]) -> ov.CompiledModel | None:
        """The part's compiled model from its sealed blob, or None (compile it, then `store`)."""
        key = self._dirs.seal_key()
        if key is None:
            self._check(part, device, BlobOutcome.UNSEALED, self._dirs.seal_problem)
            return None
        blob, seal = self._paths(part, device, config)
        if not seal.exists() and not blob.exists():
            self._check(part, device, BlobOutcome.MISSING)
            return None
        try:
            if not seal.exists():
                raise RejectedError("it has no seal")
            record = self._open_seal(seal, key, self._identity(part, device, config))
            if record is None:
                self._not_cacheable.add(blob)
                self._check(part, device, BlobOutcome.NOT_CACHEABLE, "marked by an earlier load")
                return None
            tensor = self._read_blob(blob, record)
        except RejectedError as rejected:
            self._reject(part, device, blob, seal, str(rejected))
            return None
        try:
            compiled = self._core.import_model(tensor, device, dict(config))
        except RuntimeError as error:
            detail = str(error).strip().splitlines()[-1:] or ["import failed"]
            self._mark_not_cacheable(blob, seal, key, self._identity(part, device, config))
            self._check(part, device, BlobOutcome.NOT_CACHEABLE, f"import failed: {detail[0]}")
            return None
        self._check(part, device, BlobOutcome.LOADED)
        return compiled

    def _open_seal(
        self, seal: Path, key: bytes, identity: Mapping[str, Any]
    ) -> Mapping[str, Any] | None:
        """The checked `blob` entry of a seal (None: marked not cacheable); raises
        RejectedError."""
        try:
            raw = read_capped(seal, MAX_SEAL_BYTES)
        except OSError as error:
            why = error.strerror or "missing"
            raise RejectedError(f"its seal cannot be read ({why})") from None
        mac, _, body = raw.partition(b"\n")
        expected = hmac.new(key, _MAC_CONTEXT + body, hashlib.sha256).hexdigest().encode()
        if not hmac.compare_digest(mac, expected):
            raise RejectedError("its seal was not made by this install (forged or damaged)")
        try:
            record = json.loads(body)
        except (ValueError, RecursionError):
            raise RejectedError("its seal is malformed") from None
        if not isinstance(record, dict) or record.get("schema") != SEAL_SCHEMA:
            raise RejectedError("its seal is of an unknown kind")
        if record.get("identity") != identity:
            raise RejectedError("it was compiled for another model, device, runtime or setting")
        entry = record.get("blob")
        if entry is None:
            return None
        if not isinstance(entry, dict) or not isinstance(entry.get("size"), int):
            raise RejectedError("its seal is malformed")
        return entry

    def _read_blob(self, blob: Path, entry: Mapping[str, Any]) -> ov.Tensor:
        """The blob's bytes, read once into an OpenVINO tensor and hashed there."""
        size = int(entry["size"])
        tensor = ov.Tensor(ov.Type.u8, ov.Shape([size]))
        view = memoryview(tensor.data).cast("B")
        try:
            digest = hash_file(blob, into=view)
        except SizeChangedError as error:
            raise RejectedError(f"it has {error.actual} bytes, its seal says {size}") from None
        except OSError as error:
            raise RejectedError(f"it cannot be read ({error.strerror or 'missing'})") from None
        finally:
            view.release()
        if not hmac.compare_digest(digest, str(entry.get("sha256", ""))):
            raise RejectedError("its bytes do not match its seal")
        return tensor

    def _reject(self, part: str, device: str, blob: Path, seal: Path, why: str) -> None:
        log.warning("compiled blob of the %s on %s rejected: %s", part, device, why)
        blob.unlink(missing_ok=True)
        seal.unlink(missing_ok=True)
        self._check(part, device, BlobOutcome.REJECTED, why)
        self._report.fallbacks.append(
            Fallback(
                part,
                f"{device} (compiled blob)",
                device,
                f"compiled blob rejected ({why}); deleted and compiled again from the "
                "verified model",
            )
        )

    def _seal(self, key: bytes, record: Mapping[str, Any]) -> bytes:
        body = canonical_json(record)
        mac = hmac.new(key, _MAC_CONTEXT + body, hashlib.sha256).hexdigest().encode()
        return mac + b"\n" + body

    def _mark_not_cacheable(
        self, blob: Path, seal: Path, key: bytes, identity: Mapping[str, Any]
    ) -> None:
        self._not_cacheable.add(blob)
        blob.unlink(missing_ok=True)
        record = {"schema": SEAL_SCHEMA, "identity": dict(identity), "blob": None}
        write_new(seal, self._seal(key, record))

    def store(
        self, part: str, device: str, config: Mapping[str, str], compiled: ov.CompiledModel
    ) -> None:
        """Export a part compiled from the verified model, and write it with its seal."""
        key = self._dirs.seal_key()
        if key is None:
            return
        blob, seal = self._paths(part, device, config)
        if blob in self._not_cacheable:
            return
        identity = self._identity(part, device, config)
        stream = io.BytesIO()
        try:
            compiled.export_model(stream)
        except RuntimeError as error:
            log.info("the %s on %s cannot be exported: %s", part, device, error)
            self._mark_not_cacheable(blob, seal, key, identity)
            self._check(part, device, BlobOutcome.NOT_CACHEABLE, "export failed")
            return
        data = stream.getbuffer()
        try:
            entry = {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
            seal.unlink(missing_ok=True)
            write_new(blob, data)
        finally:
            data.release()
        record = {"schema": SEAL_SCHEMA, "identity": identity, "blob": entry}
        write_new(seal, self._seal(key, record))
        self._check(part, device, BlobOutcome.STORED)
