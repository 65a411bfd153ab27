"""The audit log: off by default, encrypted request → route → output triples, retention in days."""

from __future__ import annotations

import time

import pytest

from assistant.paths import AppPaths
from assistant.state.audit import SECONDS_PER_DAY
from assistant.state.settings import Settings
from assistant.state.vault import Vault
from tests.state.conftest import record
from tests.state.residue import encodings_of, find_residue


def test_off_by_default_nothing_is_logged(vault: Vault) -> None:
    assert vault.audit.add(record("prüfen")) is None
    assert vault.audit.count() == 0


def test_when_enabled_the_triple_is_kept_encrypted(app_paths: AppPaths) -> None:
    vault = Vault(app_paths, Settings(audit_log_enabled=True, history_enabled=False))
    canary = "AUDIT-CANARY-7f3e"
    vault.audit.add(record(f"Bitte {canary}", f"Please {canary}", route="triage"))
    (entry,) = vault.audit.recent()
    assert entry.record.source_text == f"Bitte {canary}"
    assert entry.record.route == "triage"
    assert entry.record.output_text == f"Please {canary}"
    assert vault.history.count() == 0
    assert find_residue(app_paths, encodings_of(canary)) == []
    vault.close()


def test_records_past_retention_are_deleted(
    app_paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault = Vault(app_paths, Settings(audit_log_enabled=True, audit_retention_days=7))
    now = time.time()
    monkeypatch.setattr(
        "assistant.state.record_table.time.time", lambda: now - 10 * SECONDS_PER_DAY
    )
    vault.audit.add(record("alt"))
    monkeypatch.setattr("assistant.state.record_table.time.time", lambda: now - 3 * SECONDS_PER_DAY)
    vault.audit.add(record("mittel"))
    monkeypatch.undo()
    assert vault.audit.expire() == 1
    assert [e.record.source_text for e in vault.audit.recent()] == ["mittel"]
    vault.close()


def test_appending_applies_retention_too(
    app_paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault = Vault(app_paths, Settings(audit_log_enabled=True, audit_retention_days=1))
    now = time.time()
    monkeypatch.setattr("assistant.state.record_table.time.time", lambda: now - 2 * SECONDS_PER_DAY)
    vault.audit.add(record("gestern"))
    monkeypatch.undo()
    vault.audit.add(record("heute"))
    assert [e.record.source_text for e in vault.audit.recent()] == ["heute"]
    vault.close()
