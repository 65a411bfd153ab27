"""The window says whether history is kept and why not, shows the vault's repair notices, and
the settings dialog's history switches reach the vault."""

from __future__ import annotations

import keyring
import keyring.backends.fail
import pytest

from assistant.state.keys import FALLBACK_LABEL
from assistant.state.settings_store import SettingsStore


@pytest.fixture
def no_keychain() -> None:
    """No keyring backend at all (the conftest restores the in-memory one afterwards)."""
    keyring.set_keyring(keyring.backends.fail.Keyring())


def test_without_a_keychain_the_window_says_history_is_off_and_why(
    make_shell, wait_for, no_keychain, crash_reports
):
    shell = make_shell()
    shell.show()
    wait_for(lambda: shell.history.last is not None, 10_000)
    strip = shell.window.status_strip
    reason = shell.backend.vault.status().reason
    assert reason is not None and "keychain" in reason
    assert strip.history.text().startswith("History and translation memory are off:")
    assert strip.history.toolTip() == f"History and translation memory are off: {reason}"
    dialog = shell.settings_dialog.open()
    assert dialog.history_note.text() == strip.history.toolTip()
    # The setting stays on (it is what the user wants), but the box does not claim it is kept.
    assert dialog.history.isChecked() and not dialog.history.isEnabled()
    assert "not possible now" in dialog.history.text()
    assert crash_reports == []


def test_allowing_the_fallback_in_settings_turns_history_on_with_its_label(
    make_shell, wait_for, app_paths, no_keychain, crash_reports
):
    shell = make_shell()
    shell.show()
    wait_for(lambda: shell.history.last is not None, 10_000)
    dialog = shell.settings_dialog.open()
    assert "less safe" in dialog.fallback.text()
    assert not dialog.fallback.isChecked()
    dialog.fallback.setChecked(True)
    dialog.accept()

    assert SettingsStore(app_paths.settings_file).load().settings.allow_unencrypted_fallback
    assert shell.backend.vault.settings.allow_unencrypted_fallback
    strip = shell.window.status_strip
    wait_for(lambda: "plain file" in strip.history.text(), 10_000)
    assert strip.history.toolTip() == FALLBACK_LABEL
    assert shell.settings_dialog.open().history_note.text() == FALLBACK_LABEL
    assert crash_reports == []


def test_audit_log_switches_are_saved_and_reach_the_vault(make_shell, app_paths, crash_reports):
    shell = make_shell()
    dialog = shell.settings_dialog.open()
    assert not dialog.audit.isChecked() and not dialog.audit_days.isEnabled()
    dialog.audit.setChecked(True)
    assert dialog.audit_days.isEnabled()
    dialog.audit_days.setValue(90)
    dialog.accept()

    saved = SettingsStore(app_paths.settings_file).load().settings
    assert saved.audit_log_enabled and saved.audit_retention_days == 90
    vault_settings = shell.backend.vault.settings
    assert vault_settings.audit_log_enabled and vault_settings.audit_retention_days == 90
    dialog = shell.settings_dialog.open()
    assert dialog.audit.isChecked() and dialog.audit_days.value() == 90
    assert crash_reports == []


def test_a_rebuilt_database_is_announced_at_start_up(make_shell, wait_for, app_paths):
    app_paths.database.parent.mkdir(parents=True, exist_ok=True)
    app_paths.database.write_bytes(b"this is not an SQLite database " * 200)
    shell = make_shell()
    shell.show()
    wait_for(lambda: shell.history.last is not None, 10_000)
    assert shell.history.last.notices
    assert shell.window.errors.text == "\n".join(shell.history.last.notices)
