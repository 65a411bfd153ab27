"""The "Detected:" label keeps its place in the language row, and names no language for text
the rules pass through unchanged (URLs, numbers)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QWidget

from assistant.gui.shell import AppShell
from tests.gui.conftest import WaitUntil

MakeShell = Callable[..., AppShell]

GERMAN = "Guten Morgen, wir fahren morgen früh mit dem Zug nach Berlin."


def _where(widget: QWidget, row: QWidget) -> QRect:
    """Where `widget` is in the language row (the panels above may move the row itself)."""
    return QRect(widget.mapTo(row, widget.rect().topLeft()), widget.size())


def _translate(shell: AppShell, text: str, wait_for: WaitUntil) -> None:
    shell.window.input.setPlainText(text)
    task = shell.translate.start()
    assert task is not None
    wait_for(task.done, 20_000)


def test_showing_the_detected_language_moves_neither_swap_nor_target(
    make_shell: MakeShell, wait_for: WaitUntil, crash_reports: list[str]
) -> None:
    shell = make_shell()
    window = shell.window
    window.languages.set_pair(None, "de")
    shell.show()
    wait_for(window.isVisible, 2_000)
    bar = window.languages
    before = (_where(bar.swap, bar), _where(bar.target, bar), _where(bar.source, bar))
    _translate(shell, GERMAN, wait_for)  # already German: the rules answer after identifying it
    assert bar.detected.text() == "Detected: German"
    wait_for(lambda: bar.detected.isVisible(), 2_000)
    after = (_where(bar.swap, bar), _where(bar.target, bar), _where(bar.source, bar))
    assert after == before
    assert crash_reports == []


def test_urls_and_numbers_show_no_detected_language(
    make_shell: MakeShell, wait_for: WaitUntil, crash_reports: list[str]
) -> None:
    shell = make_shell()
    bar = shell.window.languages
    bar.set_pair(None, "de")
    _translate(shell, GERMAN, wait_for)
    assert bar.detected.text() == "Detected: German"
    for text in ("https://example.org/report.pdf", "12 345,67", "  "):
        _translate(shell, text, wait_for)
        assert shell.window.output.toPlainText() == text
        assert bar.detected.text() == "", text
    assert crash_reports == []
