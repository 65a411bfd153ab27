"""Start at login: an XDG autostart entry on Linux, the per-user Run key on Windows.

Only ever changed when the user ticks or unticks the setting. The entry holds the launch
command and nothing about the user's text.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from assistant.core.errors import StateError

ENTRY_NAME = "offline-translation-assistant"
RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"
RUN_VALUE = "Offline Translation Assistant"


MINIMIZED = "--minimized"
"""The windowed app's option to start in the tray (when there is one) instead of the window."""


def default_launch_command() -> list[str]:
    """How this installation starts the windowed app in the tray at login."""
    # A venv's scripts folder and the one-folder build both hold assistant-gui beside it.
    scripts = Path(sys.executable).parent
    gui_script = scripts / ("assistant-gui.exe" if sys.platform == "win32" else "assistant-gui")
    if gui_script.exists():
        return [str(gui_script), MINIMIZED]
    if getattr(sys, "frozen", False):
        return [sys.executable, "gui", MINIMIZED]
    return [sys.executable, "-m", "assistant", "gui", MINIMIZED]


def xdg_autostart_dir() -> Path:
    """`$XDG_CONFIG_HOME/autostart` (or ~/.config/autostart)."""
    config_home = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config_home) / "autostart"


@dataclass(frozen=True)
class Autostart:
    """The platform's start-at-login registration for this app."""

    launch_command: tuple[str, ...]
    platform: str = sys.platform

    @classmethod
    def for_this_install(cls) -> Autostart:
        """The registration that starts this very installation."""
        return cls(tuple(default_launch_command()))

    @property
    def supported(self) -> bool:
        """Whether the app can register itself here (Linux desktops and Windows)."""
        return self.platform.startswith("linux") or self.platform == "win32"

    @property
    def entry_file(self) -> Path:
        """The XDG autostart file (Linux)."""
        return xdg_autostart_dir() / f"{ENTRY_NAME}.desktop"

    def is_enabled(self) -> bool:
        """Whether the app is registered to start at login."""
        if self.platform == "win32":
            return read_run_value() is not None
        return self.entry_file.exists()

    def set_enabled(self, enabled: bool) -> None:
        """Register or unregister; raises StateError with what to do when that fails."""
        if not self.supported:
            raise StateError(
                "Starting at login cannot be set up from the app on this system; "
                "add it to your login items in the system settings."
            )
        try:
            if self.platform == "win32":
                write_run_value(subprocess.list2cmdline(self.launch_command) if enabled else None)
            elif enabled:
                self.entry_file.parent.mkdir(parents=True, exist_ok=True)
                self.entry_file.write_text(self.desktop_entry(), encoding="utf-8")
            else:
                self.entry_file.unlink(missing_ok=True)
        except OSError as error:
            raise StateError(
                f"Could not change starting at login ({error.strerror or error}). "
                "Check that your settings folder is writable and try again."
            ) from error

    def desktop_entry(self) -> str:
        """The XDG autostart entry's text."""
        command = shlex.join(self.launch_command)
        return (
            "[Desktop Entry]\nType=Application\nName=Offline Translation Assistant\n"
            f"Exec={command}\nTerminal=false\nX-GNOME-Autostart-enabled=true\n"
        )


if sys.platform == "win32":
    import winreg

    def read_run_value() -> str | None:
        """The app's command under the per-user Run key, if registered."""
        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY) as key:
                value, _kind = winreg.QueryValueEx(key, RUN_VALUE)
        except FileNotFoundError:
            return None
        return str(value)

    def write_run_value(command: str | None) -> None:
        """Set (or, for None, remove) the app's command under the per-user Run key."""
        with winreg.CreateKeyEx(winreg.HKEY_CURRENT_USER, RUN_KEY, 0, winreg.KEY_SET_VALUE) as key:
            if command is not None:
                winreg.SetValueEx(key, RUN_VALUE, 0, winreg.REG_SZ, command)
            else:
                with contextlib.suppress(FileNotFoundError):
                    winreg.DeleteValue(key, RUN_VALUE)

else:

    def read_run_value() -> str | None:
        """No Run key outside Windows."""
        return None

    def write_run_value(command: str | None) -> None:
        """No Run key outside Windows."""
        del command
        raise OSError("the Windows Run key exists only on Windows")
