"""Packaging: the double-click entry points, the Linux desktop entry and the Windows build files."""

from __future__ import annotations

import configparser
import importlib.metadata
import os
import re
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_console_and_gui_entry_points_are_installed() -> None:
    entry_points = importlib.metadata.entry_points()
    console = {ep.name: ep.value for ep in entry_points.select(group="console_scripts")}
    gui = {ep.name: ep.value for ep in entry_points.select(group="gui_scripts")}
    assert console["assistant"] == "assistant.__main__:main"
    assert gui["assistant-gui"] == "assistant.__main__:main_gui"


def test_desktop_entry_installs_with_real_paths(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "share"), "HOME": str(tmp_path)}
    script = REPO / "packaging" / "linux" / "install-desktop-entry.sh"
    result = subprocess.run(
        ["bash", str(script)], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    entry_file = tmp_path / "share" / "applications" / "offline-translation-assistant.desktop"
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(entry_file)
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["Terminal"] == "false"
    assert Path(entry["Exec"]).name == "assistant-gui"
    assert Path(entry["Exec"]).exists()
    assert Path(entry["Icon"]).exists()


def test_windows_build_files_reference_existing_resources() -> None:
    windows = REPO / "packaging" / "windows"
    for name in ("assistant.spec", "installer.iss"):
        text = (windows / name).read_text()
        for relative in re.findall(r"\.\.[\\/]\.\.[\\/]resources[\\/][\w\\/.]+", text):
            target = (windows / relative.replace("\\", "/")).resolve()
            assert target.exists(), f"{name} refers to missing {relative}"
    assert "console=False" in (windows / "assistant.spec").read_text()
