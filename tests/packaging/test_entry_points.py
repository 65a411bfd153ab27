"""The double-click entry points of the installed package."""

from __future__ import annotations

import importlib.metadata


def test_console_and_gui_entry_points_are_installed() -> None:
    entry_points = importlib.metadata.entry_points()
    console = {ep.name: ep.value for ep in entry_points.select(group="console_scripts")}
    gui = {ep.name: ep.value for ep in entry_points.select(group="gui_scripts")}
    assert console["assistant"] == "assistant.__main__:main"
    assert gui["assistant-gui"] == "assistant.__main__:main_gui"
