"""Detects a damaged history database and salvages what can still be read into a new one.

Runs once when the vault opens, before any other connection exists.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from assistant.state.database import USER_TABLES, Database, Row, connect, sidecar_files
from assistant.state.files import keep_aside

log = logging.getLogger(__name__)

MAX_POINT_LOOKUPS = 2_000_000
_COLUMNS = {
    "history": "id, created_at, payload",
    "memory": "id, key_hash, created_at, payload",
    "audit": "id, created_at, payload",
}


@dataclass(frozen=True)
class DatabaseRecovery:
    """What happened to a damaged database: where it went and how many rows were saved."""

    kept_aside: Path
    problem: str
    salvaged: dict[str, int] = field(default_factory=dict)

    @property
    def notice(self) -> str:
        """The message for the user."""
        saved = ", ".join(f"{count} {table}" for table, count in self.salvaged.items() if count)
        kept = f"Recovered: {saved}." if saved else "No entries could be recovered."
        return (
            f"The history database was damaged ({self.problem}) and has been rebuilt. {kept} "
            f"The damaged file was kept as {self.kept_aside}; your settings were not affected."
        )


def database_problem(path: Path) -> str | None:
    """Why the database at `path` cannot be trusted, or None when it passes SQLite's check."""
    if not path.exists():
        return None
    try:
        connection = sqlite3.connect(path, timeout=10.0)
        try:
            result = connection.execute("PRAGMA quick_check").fetchall()
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        return str(error)
    if result == [("ok",)]:
        return None
    return str(result[0][0]) if result else "integrity check failed"


def recover(path: Path, problem: str) -> DatabaseRecovery:
    """Move the damaged file aside, build a fresh database, and copy every readable row in."""
    backup = keep_aside(path)
    for sidecar, moved in zip(sidecar_files(path), sidecar_files(backup), strict=True):
        if sidecar.exists():
            sidecar.replace(moved)
    fresh = Database.create_or_open(path)
    salvaged: dict[str, int] = {}
    try:
        source = connect(backup)
    except sqlite3.DatabaseError as error:
        log.warning("damaged database not readable at all: %s", error)
        fresh.close()
        return DatabaseRecovery(backup, problem, salvaged)
    try:
        meta = _readable_meta(source)
        with fresh.transaction() as target:
            target.executemany("INSERT OR REPLACE INTO meta (name, value) VALUES (?, ?)", meta)
            for table in USER_TABLES:
                rows = _readable_rows(source, table)
                marks = ", ".join("?" * len(_COLUMNS[table].split(",")))
                target.executemany(
                    f"INSERT OR IGNORE INTO {table} ({_COLUMNS[table]}) VALUES ({marks})", rows
                )
                salvaged[table] = len(rows)
    finally:
        source.close()
        fresh.close()
    log.warning("rebuilt a damaged history database; salvaged %s", salvaged)
    return DatabaseRecovery(backup, problem, salvaged)


def _readable_meta(source: sqlite3.Connection) -> list[Row]:
    try:
        return list(source.execute("SELECT name, value FROM meta").fetchall())
    except sqlite3.DatabaseError:
        return []


def _readable_rows(source: sqlite3.Connection, table: str) -> list[Row]:
    """A full scan if it works; otherwise one lookup per id, skipping the damaged pages."""
    query = f"SELECT {_COLUMNS[table]} FROM {table}"
    try:
        return list(source.execute(query + " ORDER BY id").fetchall())
    except sqlite3.DatabaseError:
        pass
    try:
        highest = source.execute(f"SELECT max(id) FROM {table}").fetchone()[0] or 0
    except sqlite3.DatabaseError:
        return []
    rows: list[Row] = []
    for row_id in range(1, min(int(highest), MAX_POINT_LOOKUPS) + 1):
        try:
            row = source.execute(query + " WHERE id = ?", (row_id,)).fetchone()
        except sqlite3.DatabaseError:
            continue
        if row is not None:
            rows.append(row)
    return rows
