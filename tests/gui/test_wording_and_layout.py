"""What the user reads: counts with plural rules, status text that fits the window, wide
prompts, old output greyed once the input changes, and the line a second launch prints."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from assistant.gui.app import run_app
from assistant.gui.elided_label import ElidedLabel
from assistant.gui.model_manager import ModelManager
from assistant.gui.questions import PROMPT_WIDTH
from assistant.gui.shell import AppShell
from assistant.gui.single_instance import SingleInstance
from assistant.gui.stale_output import STALE_TIP
from assistant.paths import AppPaths
from assistant.state.clear_state import ClearStateReport
from tests.gui.conftest import WaitUntil
from tests.gui.dialogs import visible_input_dialog

MakeShell = Callable[..., AppShell]
LONG = " ".join(["History is off: no system keychain is available on this machine."] * 3)


def test_clear_state_counts_one_file_in_the_singular() -> None:
    report = ClearStateReport(
        entries_removed={"history": 1, "memory": 2},
        paths_removed=(Path("x"),),
        files_removed=1,
        bytes_removed=3 * 2**20,
        keys_removed=(),
        memory_cleared=(),
        compiled_cache_removed=False,
        kept=("models",),
        failures=(),
    )
    lines = report.lines()
    assert lines[0] == "Removed 1 history entry, 2 translation-memory entries."
    assert lines[1] == "Deleted 1 file (3.0 MiB)."


def test_status_text_is_whole_when_it_fits_and_elided_with_a_tooltip_when_not(
    qtbot: QtBot,
) -> None:
    label = ElidedLabel(LONG)
    qtbot.addWidget(label)
    label.show()
    label.resize(label.sizeHint().width(), 20)
    qtbot.waitUntil(lambda: label.text() == LONG, timeout=2_000)
    label.resize(300, 20)
    qtbot.waitUntil(lambda: label.text().endswith("…"), timeout=2_000)
    assert len(label.text()) < len(LONG)
    assert label.toolTip() == LONG
    assert label.full_text() == LONG


def test_the_history_status_uses_the_width_of_a_wide_window(
    make_shell: MakeShell, wait_for: WaitUntil
) -> None:
    shell = make_shell()
    window = shell.window
    window.resize(1600, 700)
    shell.show()
    strip = window.status_strip
    strip.set_history(LONG, LONG)
    wait_for(lambda: strip.history.width() > 900, 5_000)
    shown = strip.history.text()
    assert len(shown) > 120  # not cut at a fixed 70 characters
    assert shown == LONG or shown.endswith("…")
    assert strip.history.toolTip() == LONG


def test_old_output_is_greyed_when_the_input_changes(
    make_shell: MakeShell, wait_for: WaitUntil
) -> None:
    shell = make_shell()
    window = shell.window
    window.input.setPlainText("https://example.org/a")
    task = shell.translate.start()
    assert task is not None
    wait_for(task.done, 20_000)
    active = QPalette.ColorGroup.Active
    normal = window.output.palette().color(active, QPalette.ColorRole.Text)
    assert not window.stale_output.stale and window.output.toolTip() == ""
    window.input.setPlainText("https://example.org/b")
    assert window.stale_output.stale
    assert window.output.palette().color(active, QPalette.ColorRole.Text) != normal
    assert window.output.toolTip() == STALE_TIP
    window.input.setPlainText("https://example.org/a")  # back to what was translated
    assert not window.stale_output.stale
    window.input.setPlainText("https://example.org/b")
    task = shell.translate.start()
    assert task is not None
    wait_for(task.done, 20_000)
    assert not window.stale_output.stale
    assert window.output.palette().color(active, QPalette.ColorRole.Text) == normal


def test_the_url_and_sha256_prompts_are_wide_enough(
    manager: ModelManager, monkeypatch: pytest.MonkeyPatch
) -> None:
    installs: list[tuple[str, str]] = []
    monkeypatch.setattr(manager, "install_url", lambda url, sha: installs.append((url, sha)))
    url = "https://models.example.org/bundles/m2m100_418M-int8-2026-01-01.bundle.tar.gz"
    sha = "AB" * 32
    manager.dialog.install_url_button.click()
    for answer in (url, sha):
        prompt = visible_input_dialog()
        assert prompt is not None
        assert prompt.width() >= PROMPT_WIDTH
        assert prompt.fontMetrics().horizontalAdvance(answer) < prompt.width()
        prompt.setTextValue(answer)
        prompt.accept()
    assert installs == [(url, sha.lower())]


def test_a_second_launch_says_it_raised_the_running_window(
    qapp: QApplication, app_paths: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    running = SingleInstance(app_paths)
    try:
        assert run_app(app_paths) == 0
    finally:
        running.close()
    err = capsys.readouterr().err
    assert err.splitlines() == ["The assistant is already running; its window was raised."]
