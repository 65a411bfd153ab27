"""Translation memory: exact-match lookups on hashed keys, encrypted outputs, off with history."""

from __future__ import annotations

import sqlite3
from dataclasses import replace

import keyring
from keyring.backends import fail

from assistant.core.memory import MemoryKey, TranslationMemory
from assistant.paths import AppPaths
from assistant.state.settings import Settings
from assistant.state.vault import Vault
from tests.state.residue import all_files


def test_is_a_translation_memory(vault: Vault) -> None:
    memory: TranslationMemory = vault.memory
    assert memory.lookup(MemoryKey.of("Hallo", "de", "en", "m1")) is None


def test_lookup_finds_the_normalised_source_only_for_the_same_pair_and_model(
    vault: Vault,
) -> None:
    vault.memory.remember(MemoryKey.of("Guten  Morgen ", "de", "en", "m1"), "Good morning")
    assert vault.memory.lookup(MemoryKey.of("Guten Morgen", "de", "en", "m1")) == "Good morning"
    assert vault.memory.lookup(MemoryKey.of("Guten Morgen", "de", "fr", "m1")) is None
    assert vault.memory.lookup(MemoryKey.of("Guten Morgen", "de", "en", "m2")) is None
    assert vault.memory.lookup(MemoryKey.of("guten Morgen", "de", "en", "m1")) is None


def test_remember_replaces_an_older_output(vault: Vault) -> None:
    key = MemoryKey.of("Haus", "de", "en", "m1")
    vault.memory.remember(key, "house")
    vault.memory.remember(key, "home")
    assert vault.memory.lookup(key) == "home"
    assert vault.memory.count() == 1


def test_neither_key_nor_output_is_stored_readable(vault: Vault, app_paths: AppPaths) -> None:
    vault.memory.remember(MemoryKey.of("Schlüsselwort", "de", "en", "m1"), "keyword-output")
    connection = sqlite3.connect(app_paths.database)
    rows = connection.execute("SELECT key_hash, payload FROM memory").fetchall()
    connection.close()
    assert len(rows) == 1
    for column in rows[0]:
        assert "Schlüsselwort".encode() not in column and b"keyword-output" not in column


def test_history_off_means_the_memory_is_not_written(app_paths: AppPaths) -> None:
    vault = Vault(app_paths, Settings(history_enabled=False))
    key = MemoryKey.of("flüchtig", "de", "en", "m1")
    vault.memory.remember(key, "fleeting")
    assert vault.memory.lookup(key) is None
    assert all_files(app_paths) == []


def test_a_tampered_output_is_a_miss_not_a_wrong_answer(vault: Vault, app_paths: AppPaths) -> None:
    first = MemoryKey.of("eins", "de", "en", "m1")
    second = MemoryKey.of("zwei", "de", "en", "m1")
    vault.memory.remember(first, "one")
    vault.memory.remember(second, "two")
    vault.close()
    connection = sqlite3.connect(app_paths.database)
    (one, two) = connection.execute("SELECT id, payload FROM memory ORDER BY id").fetchall()
    connection.execute("UPDATE memory SET payload=? WHERE id=?", (two[1], one[0]))
    connection.commit()
    connection.close()
    assert vault.memory.lookup(first) is None
    assert vault.memory.lookup(second) == "two"


def test_no_keychain_makes_lookups_miss_without_raising(app_paths: AppPaths, vault: Vault) -> None:
    key = MemoryKey.of("Tür", "de", "en", "m1")
    vault.memory.remember(key, "door")
    vault.close()
    keyring.set_keyring(fail.Keyring())
    assert vault.memory.lookup(key) is None
    vault.memory.remember(MemoryKey.of("Fenster", "de", "en", "m1"), "window")
    assert not vault.status().history_on


def test_clear_forgets_everything(vault: Vault) -> None:
    for word in ("a", "b", "c"):
        vault.memory.remember(MemoryKey.of(word, "de", "en", "m1"), word.upper())
    assert vault.memory.clear() == 3
    assert vault.memory.lookup(MemoryKey.of("a", "de", "en", "m1")) is None
    vault.apply_settings(replace(vault.settings))
    assert vault.memory.count() == 0
