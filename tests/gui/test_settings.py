"""The settings dialog saves what the user picks, and the cascade uses it on the next request."""

from __future__ import annotations

from assistant.state.settings_store import SettingsStore


def test_saved_settings_reach_the_file_and_the_cascade(make_shell, app_paths, crash_reports):
    shell = make_shell()
    dialog = shell.settings_dialog.open()
    assert dialog.target.count() == 100
    dialog.target.setCurrentIndex(dialog.target.findData("fr"))
    dialog.quality.setCurrentIndex(dialog.quality.findData("best"))
    dialog.device.setCurrentIndex(dialog.device.findData("cpu"))
    dialog.history.setChecked(False)
    dialog.keep_in_tray.setChecked(False)
    dialog.accept()
    saved = SettingsStore(app_paths.settings_file).load().settings
    assert saved.default_target_lang == "fr"
    assert saved.quality == "best" and saved.beam_size == 4
    assert saved.device_preference == "cpu"
    assert not saved.history_enabled and not saved.keep_in_tray
    assert shell.runner.cascade.default_target == "fr"
    assert not shell.backend.vault.settings.history_enabled
    assert crash_reports == []


def test_the_dialog_shows_the_current_settings(make_shell, app_paths):
    shell = make_shell()
    shell.settings.update(quality="best", history_enabled=False)
    dialog = shell.settings_dialog.open()
    assert dialog.quality.currentData() == "best"
    assert not dialog.history.isChecked()
    assert dialog.start_at_login.isEnabled()  # Linux: an XDG autostart entry
    assert not dialog.start_at_login.isChecked()


def test_start_at_login_writes_and_removes_the_autostart_entry(make_shell, app_paths):
    from assistant.state.autostart import xdg_autostart_dir

    shell = make_shell()
    entry = xdg_autostart_dir() / "offline-translation-assistant.desktop"
    dialog = shell.settings_dialog.open()
    dialog.start_at_login.setChecked(True)
    dialog.accept()
    assert "Exec=" in entry.read_text()
    assert SettingsStore(app_paths.settings_file).load().settings.start_at_login
    dialog = shell.settings_dialog.open()
    assert dialog.start_at_login.isChecked()
    dialog.start_at_login.setChecked(False)
    dialog.accept()
    assert not entry.exists()
    assert not SettingsStore(app_paths.settings_file).load().settings.start_at_login


def test_closing_the_app_saves_telemetry_for_doctor(make_shell, app_paths):
    from assistant.diagnostics import TELEMETRY_FILE

    shell = make_shell()
    shell.shutdown()
    assert (app_paths.cache / TELEMETRY_FILE).is_file()


def test_a_repaired_settings_file_is_said_in_the_window(make_shell, app_paths):
    app_paths.settings_file.write_text('{"quality": "wide"}')
    shell = make_shell()
    assert "Some settings were invalid and were reset" in shell.window.errors.text
    assert shell.settings.settings.quality == "fast"


def test_without_a_tray_the_tray_option_is_disabled(make_shell):
    shell = make_shell(tray_available=False)
    dialog = shell.settings_dialog.open()
    assert not dialog.keep_in_tray.isEnabled()
    assert "no tray" in dialog.keep_in_tray.text()
    with_tray = make_shell(tray_available=True).settings_dialog.open()
    assert with_tray.keep_in_tray.isEnabled()


def test_history_turned_off_by_the_user_is_said_as_such(make_shell, wait_for):
    shell = make_shell()
    shell.settings.update(history_enabled=False)
    shell.show()
    wait_for(lambda: shell.history.last is not None, 10_000)
    text = shell.window.status_strip.history.toolTip()
    assert text == "History and translation memory are off in the settings; nothing is stored."
    dialog = shell.settings_dialog.open()
    assert not dialog.history.isChecked() and dialog.history.isEnabled()
