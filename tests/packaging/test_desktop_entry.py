"""The Linux desktop entry: valid, and installed for the user (menu, icons, metainfo, autostart)
by packaging/linux/install-desktop-entry.sh, which also removes it all again."""

from __future__ import annotations

import configparser
import os
import subprocess
from pathlib import Path

import pytest

from assistant.resources import DESKTOP_ID, resource_path
from tests.packaging.tools import require_tool

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "packaging" / "linux" / "install-desktop-entry.sh"


def desktop_entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def run_script(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "share"),
        "XDG_CONFIG_HOME": str(home / "config"),
    }
    return subprocess.run(
        ["bash", str(SCRIPT), *args], env=env, capture_output=True, text=True, check=False
    )


@pytest.fixture
def gui_executable(tmp_path: Path) -> Path:
    """A stand-in assistant-gui in a folder whose name needs quoting in Exec."""
    folder = tmp_path / "Offline Apps $1"
    folder.mkdir()
    executable = folder / "assistant-gui"
    executable.write_text("#!/bin/sh\n")
    executable.chmod(0o755)
    return executable


def test_the_shipped_desktop_entry_validates() -> None:
    validate = require_tool("desktop-file-validate", "desktop-file-utils")
    entry = resource_path("linux", f"{DESKTOP_ID}.desktop")
    result = subprocess.run([validate, str(entry)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert desktop_entry(entry)["Icon"] == DESKTOP_ID


def test_the_metainfo_validates() -> None:
    appstreamcli = require_tool("appstreamcli", "appstream")
    metainfo = resource_path("linux", f"{DESKTOP_ID}.metainfo.xml")
    # The id is the desktop file's name, which Qt's desktopFileName and the autostart entry
    # share, rather than a reverse-DNS name.
    result = subprocess.run(
        [appstreamcli, "validate", "--no-net", "--override=cid-desktopapp-is-not-rdns=info",
         str(metainfo)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_checkout_install_launches_the_venvs_windowed_script(tmp_path: Path) -> None:
    result = run_script(tmp_path)
    assert result.returncode == 0, result.stderr
    entry = desktop_entry(tmp_path / "share" / "applications" / f"{DESKTOP_ID}.desktop")
    assert entry["Type"] == "Application"
    assert entry["Terminal"] == "false"
    assert entry["Exec"] == f'"{REPO / ".venv" / "bin" / "assistant-gui"}"'
    assert Path(entry["TryExec"]).exists()


def test_install_writes_a_valid_entry_icons_metainfo_and_autostart(
    tmp_path: Path, gui_executable: Path
) -> None:
    validate = require_tool("desktop-file-validate", "desktop-file-utils")
    home = tmp_path / "home"
    result = run_script(home, "--autostart", "--exec", str(gui_executable))
    assert result.returncode == 0, result.stderr
    menu = home / "share" / "applications" / f"{DESKTOP_ID}.desktop"
    autostart = home / "config" / "autostart" / f"{DESKTOP_ID}.desktop"
    for entry_file in (menu, autostart):
        checked = subprocess.run([validate, str(entry_file)], capture_output=True, text=True)
        assert checked.returncode == 0, checked.stdout
    quoted = '"' + str(gui_executable).replace("$", "\\\\$") + '"'
    assert desktop_entry(menu)["Exec"] == quoted
    assert desktop_entry(autostart)["Exec"] == f"{quoted} --minimized"
    assert desktop_entry(autostart)["X-GNOME-Autostart-enabled"] == "true"
    assert "Actions" not in desktop_entry(autostart)
    icons = home / "share" / "icons" / "hicolor"
    assert (icons / "scalable" / "apps" / f"{DESKTOP_ID}.svg").is_file()
    assert (icons / "256x256" / "apps" / f"{DESKTOP_ID}.png").is_file()
    assert (home / "share" / "metainfo" / f"{DESKTOP_ID}.metainfo.xml").is_file()


def test_uninstall_removes_everything_the_install_wrote(
    tmp_path: Path, gui_executable: Path
) -> None:
    home = tmp_path / "home"
    assert run_script(home, "--autostart", "--exec", str(gui_executable)).returncode == 0
    result = run_script(home, "--uninstall")
    assert result.returncode == 0, result.stderr
    left = [p for p in home.rglob(f"{DESKTOP_ID}*") if p.is_file()]
    assert left == []


def test_a_missing_executable_is_refused_with_what_to_do(tmp_path: Path) -> None:
    result = run_script(tmp_path, "--exec", str(tmp_path / "nowhere" / "assistant-gui"))
    assert result.returncode == 1
    assert "--exec PATH" in result.stderr
