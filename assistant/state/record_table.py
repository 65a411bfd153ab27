"""A table of encrypted `TranslationRecord`s, shared by the history and the audit log.

Thread-safe (the database serialises access).
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Iterator
from datetime import datetime, timezone

from assistant.state.access import OpenStore, Purpose, StoreAccess
from assistant.state.cipher import DecryptionError
from assistant.state.database import Row
from assistant.state.records import StoredRecord, TranslationRecord

log = logging.getLogger(__name__)

_BATCH = 500
_NEWEST = 2**63 - 1


class RecordTable:
    """Encrypted records in one table, newest first. Subclasses decide what to prune."""

    table = ""
    purpose = Purpose.HISTORY

    def __init__(self, access: StoreAccess) -> None:
        self._access = access

    @property
    def _context(self) -> bytes:
        return self.table.encode("ascii")

    def add(self, record: TranslationRecord) -> int | None:
        """Store `record`; its id once committed, or None when this kind of write is off."""
        with self._access.writing(self.purpose) as store:
            if store is None:
                return None
            blob = store.cipher.encrypt(record.to_bytes(), self._context)
            with store.database.transaction() as connection:
                cursor = connection.execute(
                    f"INSERT INTO {self.table} (created_at, payload) VALUES (?, ?)",
                    (time.time(), blob),
                )
                row_id = int(cursor.lastrowid or 0)
                self._prune(connection, row_id)
            return row_id

    def recent(self, limit: int = 50, offset: int = 0) -> list[StoredRecord]:
        """Up to `limit` records, newest first, skipping `offset`."""
        store = self._access.for_reading()
        if store is None:
            return []
        rows = store.database.rows(
            f"SELECT id, created_at, payload FROM {self.table} ORDER BY id DESC LIMIT ? OFFSET ?",
            (limit, offset),
        )
        return [entry for entry in (self._open(store, row) for row in rows) if entry is not None]

    def iter_all(self) -> Iterator[StoredRecord]:
        """Every readable record, newest first (decrypted in batches)."""
        store = self._access.for_reading()
        if store is None:
            return
        before = _NEWEST
        while True:
            rows = store.database.rows(
                f"SELECT id, created_at, payload FROM {self.table} WHERE id < ? "
                "ORDER BY id DESC LIMIT ?",
                (before, _BATCH),
            )
            if not rows:
                return
            for row in rows:
                entry = self._open(store, row)
                if entry is not None:
                    yield entry
            before = int(rows[-1][0])

    def count(self) -> int:
        """How many records are stored."""
        store = self._access.for_reading()
        return 0 if store is None else store.database.count(self.table)

    def clear(self) -> int:
        """Delete every record and compact the file (no trace in free pages or the WAL)."""
        store = self._access.for_reading()
        if store is None:
            return 0
        with store.database.transaction() as connection:
            deleted = int(connection.execute(f"DELETE FROM {self.table}").rowcount)
        store.database.compact()
        return deleted

    def _prune(self, connection: sqlite3.Connection, newest_id: int) -> None:
        """Delete what the settings no longer keep, inside the insert's transaction."""
        del connection, newest_id

    def _open(self, store: OpenStore, row: Row) -> StoredRecord | None:
        row_id, created_at, payload = row
        try:
            plain = store.cipher.decrypt(bytes(payload), self._context)
            record = TranslationRecord.from_bytes(plain)
        except DecryptionError:
            log.warning("%s record %s could not be decrypted; skipped", self.table, row_id)
            return None
        stamp = datetime.fromtimestamp(float(created_at), tz=timezone.utc)
        return StoredRecord(id=int(row_id), created_at=stamp, record=record)
