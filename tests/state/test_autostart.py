"""Start at login: the XDG autostart entry on Linux, refused clearly where unsupported."""

from __future__ import annotations

import configparser
import shlex
import sys
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


def test_the_launch_command_starts_the_windowed_app_in_the_tray() -> None:
    command = default_launch_command()
    assert command[-1] == "--minimized"
    if Path(command[0]).name == "assistant-gui":
        assert command == [command[0], "--minimized"]
    else:
        assert command[1:] == ["-m", "assistant", "gui", "--minimized"]


def test_without_the_gui_script_the_command_runs_the_module(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    python = tmp_path / "bin" / "python"
    monkeypatch.setattr(sys, "executable", str(python))
    assert default_launch_command() == [str(python), "-m", "assistant", "gui", "--minimized"]


def test_with_the_gui_script_the_command_runs_it_minimized(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    scripts = tmp_path / "bin"
    scripts.mkdir()
    script = scripts / ("assistant-gui.exe" if sys.platform == "win32" else "assistant-gui")
    script.write_text("")
    monkeypatch.setattr(sys, "executable", str(scripts / "python"))
    assert default_launch_command() == [str(script), "--minimized"]


def test_a_frozen_build_starts_its_windowed_executable_minimized(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    folder = tmp_path / "assistant"
    folder.mkdir()
    gui = folder / ("assistant-gui.exe" if sys.platform == "win32" else "assistant-gui")
    gui.write_text("")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(folder / "assistant"))
    assert default_launch_command() == [str(gui), "--minimized"]
    gui.unlink()
    assert default_launch_command() == [str(folder / "assistant"), "gui", "--minimized"]


def test_the_launch_command_parses_as_the_gui_command_with_minimized() -> None:
    from assistant.__main__ import gui_argv
    from assistant.cli.main import build_parser

    args = build_parser().parse_args(gui_argv(["--minimized"]))
    assert args.minimized and args.run.__module__ == "assistant.cli.gui"
