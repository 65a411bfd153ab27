"""The translation history: add, list, search, delete, clear. Text is encrypted per entry.

Thread-safe (the database serialises access); the GUI calls it from a worker thread.
"""

from __future__ import annotations

import sqlite3

from assistant.state.access import Purpose
from assistant.state.record_table import RecordTable
from assistant.state.records import StoredRecord


class HistoryStore(RecordTable):
    """Encrypted history entries, newest first; keeps at most `history_max_entries`."""

    table = "history"
    purpose = Purpose.HISTORY

    def search(self, query: str, limit: int = 50) -> list[StoredRecord]:
        """Entries whose source or output contains `query` (any case), newest first."""
        needle = query.strip()
        if not needle:
            return []
        found: list[StoredRecord] = []
        for entry in self.iter_all():
            if entry.record.matches(needle):
                found.append(entry)
                if len(found) >= limit:
                    break
        return found

    def delete(self, entry_id: int) -> bool:
        """Delete one entry (its bytes are overwritten and compacted away); whether it existed."""
        store = self._access.for_reading()
        if store is None:
            return False
        with store.database.transaction() as connection:
            deleted = connection.execute("DELETE FROM history WHERE id = ?", (entry_id,)).rowcount
        store.database.compact()
        return bool(deleted)

    def _prune(self, connection: sqlite3.Connection, newest_id: int) -> None:
        keep = self._access.settings.history_max_entries
        connection.execute("DELETE FROM history WHERE id <= ?", (newest_id - keep,))
