"""The opt-in audit log: request → route → output, encrypted, kept for a number of days.

Append-only: records leave only by retention or clear-state. Off unless `audit_log_enabled`.
Thread-safe (the database serialises access).
"""

from __future__ import annotations

import sqlite3
import time

from assistant.state.access import Purpose
from assistant.state.record_table import RecordTable

SECONDS_PER_DAY = 86_400


class AuditLog(RecordTable):
    """Encrypted audit records, newest first; older than `audit_retention_days` are deleted."""

    table = "audit"
    purpose = Purpose.AUDIT

    def expire(self) -> int:
        """Delete records past the retention period now; how many were deleted."""
        store = self._access.for_reading()
        if store is None:
            return 0
        with store.database.transaction() as connection:
            deleted = self._delete_expired(connection)
        if deleted:
            store.database.compact()
        return deleted

    def _prune(self, connection: sqlite3.Connection, newest_id: int) -> None:
        del newest_id
        self._delete_expired(connection)

    def _delete_expired(self, connection: sqlite3.Connection) -> int:
        days = self._access.settings.audit_retention_days
        cutoff = time.time() - days * SECONDS_PER_DAY
        return int(connection.execute("DELETE FROM audit WHERE created_at < ?", (cutoff,)).rowcount)
