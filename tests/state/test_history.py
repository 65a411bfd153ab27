"""History: entries round-trip encrypted, search, delete, limits, threads, and turning it off."""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import replace

import keyring
import pytest
from keyring.backends import fail

from assistant.core.errors import StateError
from assistant.core.result import Result, Tier, Trace
from assistant.paths import AppPaths
from assistant.state.keys import FALLBACK_LABEL
from assistant.state.records import TranslationRecord
from assistant.state.settings import Settings
from assistant.state.vault import Vault
from tests.memory_keyring import MemoryKeyring
from tests.state.conftest import record
from tests.state.residue import all_files, encodings_of, find_residue


def _payloads(app_paths: AppPaths) -> list[bytes]:
    connection = sqlite3.connect(app_paths.database)
    try:
        return [bytes(row[0]) for row in connection.execute("SELECT payload FROM history")]
    finally:
        connection.close()


def test_entries_come_back_newest_first_with_every_field(vault: Vault) -> None:
    first = vault.history.add(record("Guten Morgen"))
    second = vault.history.add(record("Gute Nacht", "Good night", route="memory"))
    assert first is not None and second is not None and second > first
    entries = vault.history.recent()
    assert [entry.id for entry in entries] == [second, first]
    assert entries[0].record == record("Gute Nacht", "Good night", route="memory")
    assert entries[1].created_at.tzinfo is not None
    assert vault.history.count() == 2


def test_record_of_a_cascade_result_keeps_route_and_tools(vault: Vault) -> None:
    trace = Trace(tier=Tier.MODEL, tools=["langid", "protect-spans"])
    result = Result("Hello", "de", "en", trace)
    entry_id = vault.history.add(TranslationRecord.of_result("Hallo", result))
    stored = vault.history.recent()[0]
    assert stored.id == entry_id
    assert stored.record == TranslationRecord(
        "Hallo", "Hello", "de", "en", "model", ("langid", "protect-spans")
    )


def test_search_matches_source_or_output_ignoring_case(vault: Vault) -> None:
    vault.history.add(record("Der Zug fährt um acht", "The train leaves at eight"))
    vault.history.add(record("Das Wetter ist schön", "The weather is nice"))
    assert [e.record.source_text for e in vault.history.search("ZUG")] == ["Der Zug fährt um acht"]
    assert [e.record.output_text for e in vault.history.search("weather")] == [
        "The weather is nice"
    ]
    assert vault.history.search("nothing like this") == []
    assert vault.history.search("   ") == []


def test_text_is_not_stored_in_the_clear(vault: Vault, app_paths: AppPaths) -> None:
    vault.history.add(record("Geheimnis", "secret"))
    payloads = _payloads(app_paths)
    assert len(payloads) == 1
    assert b"Geheimnis" not in payloads[0] and b"secret" not in payloads[0]


def test_delete_one_and_clear_all(vault: Vault) -> None:
    ids = [vault.history.add(record(f"Satz {n}")) for n in range(3)]
    assert ids[1] is not None and vault.history.delete(ids[1])
    assert not vault.history.delete(ids[1])
    assert [e.record.source_text for e in vault.history.recent()] == ["Satz 2", "Satz 0"]
    assert vault.history.clear() == 2
    assert vault.history.recent() == [] and vault.history.count() == 0


def test_oldest_entries_beyond_the_limit_are_dropped(app_paths: AppPaths) -> None:
    vault = Vault(app_paths, Settings(history_max_entries=10))
    for n in range(14):
        vault.history.add(record(f"Nummer {n}"))
    texts = [e.record.source_text for e in vault.history.iter_all()]
    assert texts == [f"Nummer {n}" for n in range(13, 3, -1)]
    vault.close()


def test_paging_through_more_than_one_batch(vault: Vault) -> None:
    for n in range(620):
        vault.history.add(record(f"n{n}", "x"))
    assert len(list(vault.history.iter_all())) == 620
    assert [e.record.source_text for e in vault.history.recent(limit=2, offset=3)] == [
        "n616",
        "n615",
    ]


def test_history_off_writes_nothing_and_creates_no_file(app_paths: AppPaths) -> None:
    vault = Vault(app_paths, Settings(history_enabled=False))
    assert vault.history.add(record("Niemals speichern")) is None
    assert vault.history.recent() == []
    assert all_files(app_paths) == []
    status = vault.status()
    assert not status.history_on and status.reason is not None and "off" in status.reason


def test_turning_history_off_stops_writes_but_keeps_old_entries(vault: Vault) -> None:
    vault.history.add(record("vorher"))
    vault.apply_settings(replace(vault.settings, history_enabled=False))
    assert vault.history.add(record("nachher")) is None
    assert [e.record.source_text for e in vault.history.recent()] == ["vorher"]


def test_concurrent_writers_and_readers_lose_nothing(vault: Vault) -> None:
    errors: list[BaseException] = []

    def write(worker: int) -> None:
        try:
            for n in range(25):
                vault.history.add(record(f"w{worker}-{n}"))
                vault.history.recent(limit=5)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=write, args=(worker,)) for worker in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    texts = {e.record.source_text for e in vault.history.iter_all()}
    assert texts == {f"w{worker}-{n}" for worker in range(4) for n in range(25)}


def test_lost_key_turns_history_off_with_a_reason_and_keeps_the_data(
    vault: Vault, app_paths: AppPaths, memory_keyring: MemoryKeyring
) -> None:
    vault.history.add(record("bleibt erhalten"))
    vault.close()
    saved = dict(memory_keyring.secrets)
    memory_keyring.secrets.clear()
    before = _payloads(app_paths)
    with pytest.raises(StateError, match="no longer in the system keychain"):
        vault.history.recent()
    assert vault.history.add(record("neu")) is None
    status = vault.status()
    assert not status.history_on and status.reason and "clear-state" in status.reason
    assert memory_keyring.secrets == {}
    assert _payloads(app_paths) == before
    memory_keyring.secrets.update(saved)
    vault.close()
    assert [e.record.source_text for e in vault.history.recent()] == ["bleibt erhalten"]


def test_a_different_key_is_detected_not_used(vault: Vault, memory_keyring: MemoryKeyring) -> None:
    vault.history.add(record("alt"))
    vault.close()
    (name,) = memory_keyring.secrets
    memory_keyring.secrets[name] = "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUE="
    with pytest.raises(StateError, match="does not match"):
        vault.history.recent()


def test_tampered_entry_is_skipped_and_the_rest_still_read(
    vault: Vault, app_paths: AppPaths
) -> None:
    vault.history.add(record("eins"))
    second = vault.history.add(record("zwei"))
    vault.close()
    connection = sqlite3.connect(app_paths.database)
    blob = bytearray(
        connection.execute("SELECT payload FROM history WHERE id=?", (second,)).fetchone()[0]
    )
    blob[-1] ^= 0x01
    connection.execute("UPDATE history SET payload=? WHERE id=?", (bytes(blob), second))
    connection.commit()
    connection.close()
    assert [e.record.source_text for e in vault.history.recent()] == ["eins"]


def test_surrogates_and_control_characters_survive(vault: Vault) -> None:
    odd = "a\x00b\ud800c\u202e\U0001f600"
    vault.history.add(record(odd, odd))
    assert vault.history.recent()[0].record.source_text == odd


def test_database_deleted_by_another_process_is_reopened_fresh(
    vault: Vault, app_paths: AppPaths, memory_keyring: MemoryKeyring
) -> None:
    vault.history.add(record("vorher"))
    for path in app_paths.data.glob("assistant.sqlite3*"):
        path.unlink()
    memory_keyring.secrets.clear()
    assert vault.history.recent() == []
    assert vault.history.add(record("nachher")) is not None
    assert [e.record.source_text for e in vault.history.recent()] == ["nachher"]
    assert app_paths.database.exists() and memory_keyring.secrets


def test_record_translation_keeps_history_and_audit_as_set(app_paths: AppPaths) -> None:
    vault = Vault(app_paths, Settings(audit_log_enabled=True))
    result = Result("Good evening", "de", "en", Trace(tier=Tier.MODEL))
    entry_id = vault.record_translation("Guten Abend", result)
    assert entry_id is not None
    assert vault.history.recent()[0].record.output_text == "Good evening"
    assert vault.audit.recent()[0].record.route == "model"
    assert vault.record_translation("   ", Result("", "de", "en", Trace())) is None
    vault.apply_settings(Settings(history_enabled=False, audit_log_enabled=False))
    assert vault.record_translation("Gute Nacht", result) is None
    assert vault.history.count() == 1 and vault.audit.count() == 1
    vault.close()


def test_no_keychain_means_no_history_and_no_file(app_paths: AppPaths) -> None:
    keyring.set_keyring(fail.Keyring())
    vault = Vault(app_paths, Settings())
    assert vault.history.add(record("ohne Schlüsselbund")) is None
    status = vault.status()
    assert not status.history_on
    assert status.reason is not None and "no system keychain" in status.reason
    assert all_files(app_paths) == []


def test_fallback_when_allowed_is_labelled_and_encrypted(app_paths: AppPaths) -> None:
    keyring.set_keyring(fail.Keyring())
    vault = Vault(app_paths, Settings(allow_unencrypted_fallback=True))
    assert vault.status().fallback_label == FALLBACK_LABEL
    assert vault.history.add(record("Ersatzlösung")) is not None
    assert vault.status().history_on and vault.status().fallback_label == FALLBACK_LABEL
    assert find_residue(app_paths, encodings_of("Ersatzlösung")) == []
    assert (app_paths.data / "history-key.UNPROTECTED").exists()
    vault.close()
