"""Frozen-build entry point: the windowed app, with no console."""

import sys

from assistant.__main__ import main_gui

sys.exit(main_gui())
