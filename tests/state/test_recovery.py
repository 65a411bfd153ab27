"""A damaged database is rebuilt with a message; readable entries and the settings are kept."""

from __future__ import annotations

import sqlite3

from assistant.paths import AppPaths
from assistant.state.settings import Settings
from assistant.state.settings_store import SettingsStore
from assistant.state.vault import Vault
from tests.state.conftest import record

PAGE = 4096


def test_garbage_database_is_kept_aside_and_replaced_with_a_message(
    app_paths: AppPaths, vault: Vault
) -> None:
    SettingsStore(app_paths.settings_file).save(Settings(default_target_lang="fr"))
    vault.history.add(record("verloren"))
    vault.close()
    garbage = b"this is not a database" * 300
    app_paths.database.write_bytes(garbage)
    assert vault.history.recent() == []
    (notice,) = vault.take_notices()
    assert "damaged" in notice and "No entries could be recovered" in notice
    backup = app_paths.database.with_name("assistant.sqlite3.bak")
    assert str(backup) in notice and backup.read_bytes() == garbage
    assert vault.take_notices() == []
    assert vault.history.add(record("neu")) is not None
    assert [e.record.source_text for e in vault.history.recent()] == ["neu"]
    loaded = SettingsStore(app_paths.settings_file).load()
    assert loaded.notice is None and loaded.settings.default_target_lang == "fr"


def _leaf_pages_of_history(path: str) -> list[int]:
    connection = sqlite3.connect(path)
    try:
        rows = connection.execute(
            "SELECT pageno FROM dbstat WHERE name = 'history' AND pagetype = 'leaf'"
        ).fetchall()
    except sqlite3.OperationalError:
        rows = []
    finally:
        connection.close()
    return sorted(int(row[0]) for row in rows)


def test_a_damaged_page_loses_only_the_entries_on_it(app_paths: AppPaths, vault: Vault) -> None:
    for n in range(300):
        vault.history.add(record(f"Eintrag {n:03d} " + "x" * 150))
    vault.close()
    leaves = _leaf_pages_of_history(str(app_paths.database))
    assert len(leaves) > 5
    victim = leaves[len(leaves) // 2]
    with app_paths.database.open("r+b") as handle:
        handle.seek((victim - 1) * PAGE)
        handle.write(b"\xa5" * PAGE)
    entries = vault.history.recent(limit=1000)
    (notice,) = vault.take_notices()
    assert "rebuilt" in notice and "history" in notice
    assert 250 < len(entries) < 300
    texts = {e.record.source_text[:11] for e in entries}
    assert "Eintrag 000" in texts and "Eintrag 299" in texts
    assert vault.history.add(record("danach")) is not None
    connection = sqlite3.connect(app_paths.database)
    assert connection.execute("PRAGMA quick_check").fetchall() == [("ok",)]
    connection.close()
