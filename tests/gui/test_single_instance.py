"""A second launch hands its command to the running app instead of opening a second window."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from assistant.gui.single_instance import (
    SHOW,
    TRANSLATE_CLIPBOARD,
    SingleInstance,
    send_to_running,
    server_name,
)
from assistant.paths import AppPaths


def test_no_running_app_means_the_launch_opens_its_own_window(app_paths: AppPaths) -> None:
    assert send_to_running(app_paths, SHOW) is False


def test_commands_reach_the_running_app_in_order(app_paths: AppPaths, qtbot: QtBot) -> None:
    instance = SingleInstance(app_paths)
    received: list[str] = []
    instance.command_received.connect(received.append)
    try:
        assert send_to_running(app_paths, TRANSLATE_CLIPBOARD)
        qtbot.waitUntil(lambda: received == [TRANSLATE_CLIPBOARD], timeout=5000)
        assert send_to_running(app_paths, SHOW)
        qtbot.waitUntil(lambda: received == [TRANSLATE_CLIPBOARD, SHOW], timeout=5000)
    finally:
        instance.close()


def test_unknown_commands_are_ignored(app_paths: AppPaths, qtbot: QtBot) -> None:
    instance = SingleInstance(app_paths)
    received: list[str] = []
    instance.command_received.connect(received.append)
    try:
        assert send_to_running(app_paths, "rm -rf /")
        assert send_to_running(app_paths, SHOW)
        qtbot.waitUntil(lambda: received == [SHOW], timeout=5000)
    finally:
        instance.close()


def test_each_data_dir_has_its_own_app(tmp_path: Path) -> None:
    first = AppPaths.under(tmp_path / "a")
    second = AppPaths.under(tmp_path / "b")
    assert server_name(first) != server_name(second)
