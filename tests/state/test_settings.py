"""Settings: defaults, round trip, validation, and recovery from a damaged file."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from assistant.paths import AppPaths
from assistant.state.settings import Settings, field_problem
from assistant.state.settings_store import SettingsStore


def test_missing_file_gives_defaults_without_notice(app_paths: AppPaths) -> None:
    loaded = SettingsStore(app_paths.settings_file).load()
    assert loaded.settings == Settings()
    assert loaded.notice is None
    assert loaded.settings.default_target_lang == "en"
    assert loaded.settings.audit_log_enabled is False
    assert loaded.settings.allow_unencrypted_fallback is False


def test_saved_settings_load_back_identically(app_paths: AppPaths) -> None:
    store = SettingsStore(app_paths.settings_file)
    chosen = replace(
        Settings(), default_target_lang="de", quality="best", history_enabled=False, precision="f32"
    )
    store.save(chosen)
    loaded = store.load()
    assert loaded.settings == chosen
    assert loaded.notice is None
    assert loaded.settings.beam_size == 4
    assert app_paths.settings_file.stat().st_mode & 0o077 == 0


def test_saving_an_invalid_value_is_refused_and_keeps_the_file(app_paths: AppPaths) -> None:
    store = SettingsStore(app_paths.settings_file)
    store.save(Settings(quality="best"))
    before = app_paths.settings_file.read_bytes()
    with pytest.raises(ValueError, match="device_preference"):
        store.save(Settings(device_preference="gpu-please"))
    assert app_paths.settings_file.read_bytes() == before


@pytest.mark.parametrize(
    "garbage",
    [
        b"{not json",
        b"\x00\xff\xfe binary \x00",
        b"[1, 2, 3]",
        b"",
        b'"just a string"',
        b"[" * 300_000,
        b'{"beam_size": ' * 50_000,
        b" " * 2_000_000 + b"{}",
    ],
    ids=["truncated", "binary", "list", "empty", "string", "deep", "deep-object", "huge"],
)
def test_unreadable_file_resets_with_message_and_keeps_the_bad_file(
    app_paths: AppPaths, garbage: bytes
) -> None:
    app_paths.settings_file.write_bytes(garbage)
    loaded = SettingsStore(app_paths.settings_file).load()
    assert loaded.settings == Settings()
    assert loaded.notice is not None and "reset" in loaded.notice
    assert loaded.kept_aside == app_paths.settings_file.with_name("settings.json.bak")
    assert loaded.kept_aside.read_bytes() == garbage
    assert str(loaded.kept_aside) in loaded.notice


def test_second_damage_does_not_overwrite_the_first_backup(app_paths: AppPaths) -> None:
    store = SettingsStore(app_paths.settings_file)
    app_paths.settings_file.write_bytes(b"first {")
    first = store.load().kept_aside
    app_paths.settings_file.write_bytes(b"second {")
    second = store.load().kept_aside
    assert first is not None and second is not None and first != second
    assert first.read_bytes() == b"first {"
    assert second.read_bytes() == b"second {"


def test_invalid_fields_reset_alone_and_the_rest_is_kept(app_paths: AppPaths) -> None:
    data = {
        "default_target_lang": "fr",
        "quality": "ultra",
        "history_enabled": "yes",
        "audit_retention_days": -3,
        "keep_in_tray": False,
        "no_such_setting": 1,
    }
    app_paths.settings_file.write_text(json.dumps(data))
    loaded = SettingsStore(app_paths.settings_file).load()
    assert loaded.settings.default_target_lang == "fr"
    assert loaded.settings.keep_in_tray is False
    assert loaded.settings.quality == "fast"
    assert loaded.settings.history_enabled is True
    assert loaded.settings.audit_retention_days == 30
    assert loaded.notice is not None
    for name in ("quality", "history_enabled", "audit_retention_days", "no_such_setting"):
        assert name in loaded.notice
    assert loaded.kept_aside is not None and json.loads(loaded.kept_aside.read_text()) == data
    assert SettingsStore(app_paths.settings_file).load().notice is None


@pytest.mark.parametrize(
    ("name", "value", "ok"),
    [
        ("last_source_lang", "auto", True),
        ("default_target_lang", "auto", False),
        ("default_target_lang", "EN", False),
        ("last_target_lang", "ast", True),
        ("last_target_lang", "xx", False),
        ("default_target_lang", "zh", True),
        ("history_max_entries", True, False),
        ("history_max_entries", 500, True),
        ("audit_retention_days", 0, False),
        ("start_at_login", 1, False),
        ("device_preference", "npu", True),
    ],
)
def test_field_validation(name: str, value: object, ok: bool) -> None:
    assert (field_problem(name, value) is None) is ok
