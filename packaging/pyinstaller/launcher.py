"""Frozen entry point of both executables in the one-folder build: `assistant-gui` opens the
window (windowed, no console on Windows), `assistant` is the command line."""

import sys
from pathlib import Path

from assistant.__main__ import main, main_gui

GUI_EXECUTABLE = "assistant-gui"

if __name__ == "__main__":
    entry = main_gui if Path(sys.executable).stem.lower() == GUI_EXECUTABLE else main
    sys.exit(entry())
