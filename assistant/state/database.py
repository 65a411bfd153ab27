"""The SQLite file behind history, translation memory and the audit log.

WAL journal with `synchronous=FULL` (a killed process loses at most the transaction it was in),
`secure_delete` (deleted rows are overwritten with zeros) and temp files kept in memory.
Thread-safe: one connection, every use serialised by a lock.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from assistant.core.errors import StateError

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
USER_TABLES = ("history", "memory", "audit")
"""Tables that hold (encrypted) user text."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS history (
    id INTEGER PRIMARY KEY AUTOINCREMENT, created_at REAL NOT NULL, payload BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS memory (
    id INTEGER PRIMARY KEY AUTOINCREMENT, key_hash BLOB NOT NULL UNIQUE,
    created_at REAL NOT NULL, payload BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT, created_at REAL NOT NULL, payload BLOB NOT NULL);
CREATE INDEX IF NOT EXISTS audit_created ON audit (created_at);
"""

Row = tuple[Any, ...]


def sidecar_files(path: Path) -> tuple[Path, ...]:
    """The files SQLite keeps beside a database: WAL, shared memory, rollback journal."""
    return tuple(path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal"))


def connect(path: Path) -> sqlite3.Connection:
    """A connection with the app's pragmas (the file is created owner-only if missing)."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))
    connection = sqlite3.connect(path, timeout=10.0, isolation_level=None, check_same_thread=False)
    try:
        connection.execute("PRAGMA secure_delete = ON")
        connection.execute("PRAGMA temp_store = MEMORY")
        mode = connection.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            log.warning("SQLite refused WAL mode (%s)", mode)
        connection.execute("PRAGMA synchronous = FULL")
    except sqlite3.Error:
        connection.close()
        raise
    return connection


class Database:
    """An open history database. Use `transaction()` to write and `rows()` to read."""

    def __init__(self, path: Path, connection: sqlite3.Connection) -> None:
        self.path = path
        self._connection: sqlite3.Connection | None = connection
        self._lock = threading.RLock()

    @classmethod
    def create_or_open(cls, path: Path) -> Database:
        """Open `path` (creating it and its tables); raises StateError if it cannot be used."""
        try:
            connection = connect(path)
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                connection.close()
                raise StateError(
                    f"The history database {path} was written by a newer version of the app. "
                    "Update the app, or run `assistant clear-state` to start a new history."
                )
            connection.executescript(_SCHEMA)
            if version < SCHEMA_VERSION:
                connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        except sqlite3.Error as error:
            raise StateError(
                f"The history database {path} could not be opened ({error}). "
                "Check the disk, or run `assistant clear-state` to start a new history."
            ) from error
        return cls(path, connection)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """An immediate (write-locked) transaction, committed on success, rolled back on error."""
        with self._lock:
            connection = self._require()
            try:
                connection.execute("BEGIN IMMEDIATE")
                yield connection
                connection.execute("COMMIT")
            except sqlite3.Error as error:
                if connection.in_transaction:
                    connection.execute("ROLLBACK")
                raise self._failure(error) from error
            except BaseException:
                if connection.in_transaction:
                    connection.execute("ROLLBACK")
                raise

    def rows(self, sql: str, params: Sequence[object] = ()) -> list[Row]:
        """All rows of a read-only query."""
        with self._lock:
            try:
                return list(self._require().execute(sql, params).fetchall())
            except sqlite3.Error as error:
                raise self._failure(error) from error

    def count(self, table: str) -> int:
        """Rows in one of the known tables."""
        if table not in (*USER_TABLES, "meta"):
            raise ValueError(f"unknown table {table!r}")
        return int(self.rows(f"SELECT count(*) FROM {table}")[0][0])

    def compact(self) -> None:
        """Rewrite the file without free pages and empty the WAL, so deleted rows leave no trace."""
        with self._lock:
            connection = self._require()
            try:
                connection.execute("VACUUM")
                connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            except sqlite3.Error as error:
                raise self._failure(error) from error

    def wipe(self) -> dict[str, int]:
        """Delete every row of every user table and compact; return the rows deleted per table."""
        deleted: dict[str, int] = {}
        with self.transaction() as connection:
            for table in USER_TABLES:
                deleted[table] = connection.execute(f"DELETE FROM {table}").rowcount
            connection.execute("DELETE FROM meta")
        self.compact()
        return deleted

    def close(self) -> None:
        """Checkpoint and close; later calls raise StateError until reopened."""
        with self._lock:
            if self._connection is None:
                return
            try:
                self._connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            except sqlite3.Error as error:
                log.info("checkpoint on close failed: %s", error)
            self._connection.close()
            self._connection = None

    def _require(self) -> sqlite3.Connection:
        if self._connection is None:
            raise StateError("The history database is closed. Try again.")
        return self._connection

    def _failure(self, error: sqlite3.Error) -> StateError:
        if isinstance(error, sqlite3.OperationalError) and "locked" in str(error):
            return StateError(
                "The history database is busy in another window or command. Try again."
            )
        return StateError(
            f"The history database {self.path} failed ({error}). Restart the app to repair "
            "it, or run `assistant clear-state` to start a new history."
        )
