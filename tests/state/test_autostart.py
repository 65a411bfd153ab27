"""Start at login: the XDG autostart entry on Linux, refused clearly where unsupported."""

from __future__ import annotations

import configparser
import shlex
from pathlib import Path

import pytest

from assistant.core.errors import StateError
from assistant.state.autostart import Autostart, default_launch_command, xdg_autostart_dir


def test_the_conftest_keeps_autostart_inside_the_test(tmp_path: Path) -> None:
    assert xdg_autostart_dir().is_relative_to(tmp_path)


def test_enable_writes_a_valid_entry_that_launches_this_install() -> None:
    autostart = Autostart(("/opt/app/bin/assistant-gui", "--data-dir", "/tmp/with space"), "linux")
    autostart.set_enabled(True)
    assert autostart.is_enabled()
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(autostart.entry_file)
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert shlex.split(entry["Exec"]) == list(autostart.launch_command)


def test_disable_removes_the_entry_and_is_idempotent() -> None:
    autostart = Autostart(("assistant-gui",), "linux")
    autostart.set_enabled(True)
    autostart.set_enabled(False)
    autostart.set_enabled(False)
    assert not autostart.is_enabled()
    assert not autostart.entry_file.exists()


def test_unsupported_platform_says_what_to_do() -> None:
    autostart = Autostart(("assistant-gui",), "darwin")
    assert not autostart.supported
    with pytest.raises(StateError, match="login items"):
        autostart.set_enabled(True)


def test_unwritable_config_dir_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(blocker))
    with pytest.raises(StateError, match="starting at login"):
        Autostart(("assistant-gui",), "linux").set_enabled(True)


def test_the_launch_command_points_at_the_windowed_entry_point() -> None:
    command = default_launch_command()
    assert Path(command[0]).name == "assistant-gui" or command[-1] == "gui"
