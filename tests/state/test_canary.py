"""Canary tests on real files: user text is never readable on disk, and clear-state leaves none.

They write through the same store calls the cascade and the GUI make, then byte-search every
file under every app directory (database, WAL, shared memory, journals, logs, settings, caches).
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import replace

import pytest

from assistant.core.memory import MemoryKey
from assistant.logging_setup import configure_logging, describe_text
from assistant.models.trust import trusted_keys_dir
from assistant.paths import AppPaths
from assistant.state.clear_hooks import ClearStateHooks
from assistant.state.clear_state import clear_state
from assistant.state.settings import Settings
from assistant.state.settings_store import SettingsStore
from assistant.state.vault import Vault
from tests.memory_keyring import MemoryKeyring
from tests.state.conftest import record
from tests.state.residue import all_files, encodings_of, find_residue

CANARY = "CANARY-ü-4b1d9e2f-Kanarienvogel"


def _translate_like_the_cascade(vault: Vault, text: str, n: int) -> None:
    """What one answered request does to state: memory lookup, then remember, history, audit."""
    key = MemoryKey.of(text, "de", "en", "tiny@0123")
    assert vault.memory.lookup(key) is None
    output = f"translated {n}: {text}"
    vault.memory.remember(key, output)
    vault.history.add(record(text, output))
    vault.audit.add(record(text, output))
    logging.getLogger("assistant.cascade").info("translated %s", describe_text(text))


def _ciphertext_chunks(app_paths: AppPaths) -> list[bytes]:
    """16-byte pieces from inside every stored blob, to search for after deletion."""
    connection = sqlite3.connect(app_paths.database)
    try:
        blobs = [
            bytes(row[0])
            for table in ("history", "memory", "audit")
            for row in connection.execute(f"SELECT payload FROM {table}")
        ]
    finally:
        connection.close()
    assert blobs
    return [blob[start : start + 16] for blob in blobs for start in (13, 29, len(blob) - 16)]


@pytest.fixture
def busy_vault(app_paths: AppPaths) -> Vault:
    """A vault with history and audit on, after ten canary translations (WAL not checkpointed)."""
    configure_logging(app_paths)
    SettingsStore(app_paths.settings_file).save(Settings(audit_log_enabled=True))
    vault = Vault(app_paths, Settings(audit_log_enabled=True))
    for n in range(10):
        _translate_like_the_cascade(vault, f"Satz {n} mit {CANARY}", n)
    return vault


def test_the_scan_does_find_plain_text_in_sqlite_files(app_paths: AppPaths) -> None:
    """Control: the byte search sees text that SQLite wrote to its WAL or main file."""
    connection = sqlite3.connect(app_paths.data / "plain.sqlite3")
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("CREATE TABLE t (x TEXT)")
    connection.execute("INSERT INTO t VALUES (?)", (CANARY,))
    connection.commit()
    found = find_residue(app_paths, encodings_of(CANARY))
    connection.close()
    assert any(hit.path.name == "plain.sqlite3-wal" for hit in found)


def test_user_text_is_encrypted_at_rest_everywhere(busy_vault: Vault, app_paths: AppPaths) -> None:
    wal = app_paths.database.with_name("assistant.sqlite3-wal")
    assert wal.stat().st_size > 0, "the WAL must hold the writes while we search it"
    names = {path.name for path in all_files(app_paths)}
    assert {"assistant.sqlite3", "assistant.sqlite3-wal", "assistant.log", "settings.json"} <= names
    assert find_residue(app_paths, encodings_of(CANARY)) == []
    assert len(busy_vault.history.search(CANARY)) == 10
    busy_vault.close()
    assert find_residue(app_paths, encodings_of(CANARY)) == []


def test_clear_state_leaves_no_text_no_ciphertext_and_no_key(
    busy_vault: Vault, app_paths: AppPaths, memory_keyring: MemoryKeyring
) -> None:
    chunks = _ciphertext_chunks(app_paths)
    old_key = next(iter(memory_keyring.secrets.values()))
    logging.getLogger("assistant.cascade").warning("user text logged on request: %s", CANARY)
    (app_paths.config / "settings.json.bak").write_text(CANARY)
    (app_paths.cache / "views").mkdir()
    (app_paths.cache / "views" / "last.txt").write_text(CANARY)
    (app_paths.models / "tiny").mkdir(parents=True)
    (app_paths.models / "tiny" / "model.bin").write_bytes(b"weights")
    trusted = trusted_keys_dir(app_paths) / "install-abc.pem"
    trusted.parent.mkdir(parents=True)
    trusted.write_bytes(b"public key")
    (app_paths.compiled_cache / "ov-CPU").mkdir(parents=True)
    (app_paths.compiled_cache / "ov-CPU" / "blob").write_bytes(b"compiled")
    assert find_residue(app_paths, encodings_of(CANARY))

    report = clear_state(app_paths, vault=busy_vault)

    assert find_residue(app_paths, encodings_of(CANARY)) == []
    assert find_residue(app_paths, chunks) == []
    assert memory_keyring.secrets == {}
    assert not app_paths.database.exists()
    remaining_log = "".join(path.read_text() for path in app_paths.logs.iterdir())
    assert "translated" not in remaining_log and "logged on request" not in remaining_log
    assert report.complete
    assert report.entries_removed == {"history": 10, "memory": 10, "audit": 10}
    assert report.keys_removed == ("the history key in the system keychain",)
    assert (app_paths.models / "tiny" / "model.bin").read_bytes() == b"weights"
    assert (app_paths.compiled_cache / "ov-CPU" / "blob").exists()
    assert trusted.read_bytes() == b"public key"
    assert SettingsStore(app_paths.settings_file).load().settings.audit_log_enabled

    assert busy_vault.history.recent() == []
    assert busy_vault.history.add(record("danach")) is not None
    assert next(iter(memory_keyring.secrets.values())) != old_key
    logging.getLogger("assistant.cascade").warning("logging still works")
    assert "logging still works" in app_paths.log_file.read_text()


def test_clear_state_wipes_in_memory_state_of_other_layers(
    busy_vault: Vault, app_paths: AppPaths
) -> None:
    kept_clipboard = [CANARY]
    popup_draft = ["draft: " + CANARY]
    hooks = ClearStateHooks()
    hooks.register("kept clipboard text", kept_clipboard.clear)
    hooks.register("quick popup draft", popup_draft.clear)

    def broken() -> None:
        raise RuntimeError("device lost")

    hooks.register("decoder state", broken)
    report = clear_state(app_paths, vault=busy_vault, hooks=hooks)
    assert kept_clipboard == [] and popup_draft == []
    assert report.memory_cleared == ("kept clipboard text", "quick popup draft")
    assert report.failures == ("decoder state: device lost",)
    assert not report.complete
    assert any("Could not clear decoder state" in line for line in report.lines())
    assert find_residue(app_paths, encodings_of(CANARY)) == []


def test_compiled_cache_goes_only_when_asked(app_paths: AppPaths) -> None:
    blob = app_paths.compiled_cache / "ov-NPU" / "encoder.blob"
    blob.parent.mkdir(parents=True)
    blob.write_bytes(b"npu blob")
    assert not clear_state(app_paths).compiled_cache_removed
    assert blob.exists()
    report = clear_state(app_paths, include_compiled_cache=True)
    assert report.compiled_cache_removed and not blob.exists()
    assert app_paths.models.parent.exists()


def test_clear_state_can_be_cancelled_before_it_starts(
    busy_vault: Vault, app_paths: AppPaths
) -> None:
    from assistant.core.errors import CancelledError

    with pytest.raises(CancelledError):
        clear_state(app_paths, vault=busy_vault, on_progress=lambda stage, fraction: False)
    assert busy_vault.history.count() == 10


def test_clearing_history_leaves_no_ciphertext_in_free_pages_or_wal(
    busy_vault: Vault, app_paths: AppPaths
) -> None:
    connection = sqlite3.connect(app_paths.database)
    history_blobs = [bytes(r[0]) for r in connection.execute("SELECT payload FROM history")]
    connection.close()
    assert busy_vault.history.clear() == 10
    chunks = [blob[13:29] for blob in history_blobs] + [blob[-16:] for blob in history_blobs]
    assert find_residue(app_paths, chunks) == []
    assert busy_vault.memory.count() == 10


def test_history_off_writes_no_user_text_anywhere(app_paths: AppPaths) -> None:
    configure_logging(app_paths)
    settings = replace(Settings(), history_enabled=False)
    SettingsStore(app_paths.settings_file).save(settings)
    vault = Vault(app_paths, settings)
    for n in range(5):
        _translate_like_the_cascade(vault, f"Satz {n} mit {CANARY}", n)
    assert not app_paths.database.exists()
    assert find_residue(app_paths, encodings_of(CANARY)) == []
    assert vault.history.count() == 0


def test_a_keychain_that_refuses_to_delete_is_reported(
    busy_vault: Vault, app_paths: AppPaths, memory_keyring: MemoryKeyring
) -> None:
    from keyring.errors import KeyringLocked

    def locked(service: str, username: str) -> None:
        raise KeyringLocked("locked")

    memory_keyring.delete_password = locked  # type: ignore[method-assign]
    report = clear_state(app_paths, vault=busy_vault)
    assert not report.complete
    assert any("KeyringLocked" in failure for failure in report.failures)
    assert find_residue(app_paths, encodings_of(CANARY)) == []
    assert not app_paths.database.exists()


def test_a_damaged_database_is_still_removed(busy_vault: Vault, app_paths: AppPaths) -> None:
    busy_vault.close()
    app_paths.database.write_bytes(b"garbage " * 1000 + CANARY.encode())
    report = clear_state(app_paths)
    assert report.complete
    assert report.entries_removed == {}
    assert find_residue(app_paths, encodings_of(CANARY)) == []
