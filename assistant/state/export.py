"""History export: decrypted entries written as JSON or CSV to a stream the caller opened."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable
from typing import TextIO

from assistant.state.records import StoredRecord

EXPORT_FORMATS = ("json", "csv")
_JSON_UNESCAPED_CONTROL = re.compile("[\x7f-\x9f]")
"""Controls `json.dumps` leaves as they are (it escapes C0 itself); 0x9b alone starts a
terminal control sequence, so the export escapes them too and stays valid JSON."""
_COLUMNS = ("id", "created_at", "source_lang", "target_lang", "route", "source_text", "output_text")


def entry_fields(entry: StoredRecord) -> dict[str, str | int]:
    """One entry as flat export fields (time in ISO 8601, UTC)."""
    record = entry.record
    return {
        "id": entry.id,
        "created_at": entry.created_at.isoformat(timespec="seconds"),
        "source_lang": record.source_lang,
        "target_lang": record.target_lang,
        "route": record.route,
        "source_text": record.source_text,
        "output_text": record.output_text,
    }


def export_history(entries: Iterable[StoredRecord], stream: TextIO, fmt: str = "json") -> int:
    """Write `entries` to `stream` in `fmt` ("json" or "csv"); how many were written."""
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    count = 0
    if fmt == "csv":
        writer = csv.DictWriter(stream, fieldnames=_COLUMNS)
        writer.writeheader()
        for entry in entries:
            writer.writerow(entry_fields(entry))
            count += 1
        return count
    stream.write("[")
    for entry in entries:
        stream.write(",\n  " if count else "\n  ")
        stream.write(_json_line(entry))
        count += 1
    stream.write("\n]\n" if count else "]\n")
    return count


def _json_line(entry: StoredRecord) -> str:
    dumped = json.dumps(entry_fields(entry), ensure_ascii=False)
    return _JSON_UNESCAPED_CONTROL.sub(lambda m: f"\\u{ord(m.group(0)):04x}", dumped)
