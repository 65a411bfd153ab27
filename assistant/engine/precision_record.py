"""The decoder-precision measurement, kept sealed beside the compiled blobs.

The record sits in the bundle's CPU cache folder, whose key already names the bundle, the
OpenVINO version and the CPU model. It is sealed like a compiled blob: an HMAC with this
install's cache key over the record and that identity, so a record this install did not write
is deleted and the decoder measured again. Even a record that passed could only choose
between f32 and bf16, and preflight checks the result.

Used on the engine worker thread during warm-up.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypeGuard

from assistant.engine.blob_cache import (
    GRAPH_LAYOUT,
    RejectedError,
    SealedCacheDirs,
    canonical_json,
    read_capped,
    write_new,
)
from assistant.engine.precision import (
    DECODER_PRECISIONS,
    ChoiceSource,
    PrecisionChoice,
    RegimeTiming,
)
from assistant.engine.report import BlobCheck, BlobOutcome, EngineReport

log = logging.getLogger(__name__)

RECORD_NAME = "decoder-precision.record"
RECORD_PART = "decoder:precision"
"""The record's name in the report's blob checks."""
RECORD_SCHEMA = 1
MAX_RECORD_BYTES = 16 * 1024
_MAC_CONTEXT = b"assistant decoder-precision record v1\n"


def _positive(value: object) -> TypeGuard[float]:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0


def _timings(raw: Any) -> tuple[RegimeTiming, ...]:
    if not isinstance(raw, list):
        raise RejectedError("it is malformed")
    timings = []
    for item in raw:
        if not isinstance(item, dict):
            raise RejectedError("it is malformed")
        rows, f32_ms, bf16_ms = item.get("rows"), item.get("f32_ms"), item.get("bf16_ms")
        if not isinstance(rows, int) or not _positive(f32_ms) or not _positive(bf16_ms):
            raise RejectedError("it is malformed")
        timings.append(RegimeTiming(rows, float(f32_ms), float(bf16_ms)))
    return tuple(timings)


class PrecisionRecord:
    """Reads and writes one bundle's sealed decoder-precision record for the CPU."""

    def __init__(self, dirs: SealedCacheDirs, key: bytes, report: EngineReport) -> None:
        self._dirs = dirs
        self._key = key
        self._report = report

    @classmethod
    def open(cls, dirs: object, report: EngineReport) -> tuple[PrecisionRecord | None, str]:
        """The record for `dirs`, or None and why there is none (no sealed cache, no key)."""
        if not isinstance(dirs, SealedCacheDirs):
            return None, "no compiled cache to keep the measurement in"
        key = dirs.seal_key()
        if key is None:
            return None, f"no key to seal the measurement with ({dirs.seal_problem})"
        return cls(dirs, key, report), ""

    @property
    def path(self) -> Path:
        """Where the record lives (the CPU cache folder is created if needed)."""
        return self._dirs("CPU") / RECORD_NAME

    def _identity(self) -> dict[str, Any]:
        return {
            "part": RECORD_PART,
            "layout": GRAPH_LAYOUT,
            "cache": dict(self._dirs.identity("CPU")),
        }

    def _mac(self, body: bytes) -> bytes:
        return hmac.new(self._key, _MAC_CONTEXT + body, hashlib.sha256).hexdigest().encode()

    def _check(self, outcome: BlobOutcome, detail: str = "") -> None:
        self._report.blobs.append(BlobCheck(RECORD_PART, "CPU", outcome, detail))

    def load(self) -> PrecisionChoice | None:
        """The recorded choice (as CACHED), or None: never measured, or rejected and deleted."""
        path = self.path
        if not path.exists():
            self._check(BlobOutcome.MISSING)
            return None
        try:
            choice = self._parse(path)
        except RejectedError as rejected:
            log.warning("decoder-precision record rejected: %s", rejected)
            path.unlink(missing_ok=True)
            self._check(BlobOutcome.REJECTED, f"{rejected}; measured again")
            return None
        self._check(BlobOutcome.LOADED)
        return choice

    def _parse(self, path: Path) -> PrecisionChoice:
        try:
            raw = read_capped(path, MAX_RECORD_BYTES)
        except OSError as error:
            raise RejectedError(f"it cannot be read ({error.strerror or 'missing'})") from None
        mac, _, body = raw.partition(b"\n")
        if not hmac.compare_digest(mac, self._mac(body)):
            raise RejectedError("it was not written by this install (forged or damaged)")
        try:
            record = json.loads(body)
        except (ValueError, RecursionError):
            raise RejectedError("it is malformed") from None
        if not isinstance(record, dict) or record.get("schema") != RECORD_SCHEMA:
            raise RejectedError("it is of an unknown kind")
        if record.get("identity") != self._identity():
            raise RejectedError("it was measured for another model, runtime or CPU")
        precision, reason = record.get("precision"), record.get("reason")
        if precision not in DECODER_PRECISIONS or not isinstance(reason, str):
            raise RejectedError("it is malformed")
        timings = _timings(record.get("timings"))
        return PrecisionChoice(str(precision), reason, ChoiceSource.CACHED, timings)

    def store(self, choice: PrecisionChoice) -> None:
        """Seal and write `choice` (replacing any earlier record)."""
        record: Mapping[str, Any] = {
            "schema": RECORD_SCHEMA,
            "identity": self._identity(),
            "precision": choice.precision,
            "reason": choice.reason,
            "timings": [
                {"rows": t.rows, "f32_ms": t.f32_ms, "bf16_ms": t.bf16_ms} for t in choice.timings
            ],
        }
        body = canonical_json(record)
        write_new(self.path, self._mac(body) + b"\n" + body)
        self._check(BlobOutcome.STORED)
