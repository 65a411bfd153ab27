"""The tray, behind the availability check: menu, close-to-tray, quick translate; no tray ->
a plain window app."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from assistant.gui.shell import AppShell


@pytest.fixture
def quits(monkeypatch) -> list[bool]:
    """Leaving the app is the process boundary: record it instead of ending the test run."""
    calls: list[bool] = []
    monkeypatch.setattr(AppShell, "quit", lambda self: calls.append(True))
    return calls


def test_without_a_tray_closing_the_window_quits(make_shell, quits):
    shell = make_shell(tray_available=False)
    shell.show()
    assert shell.tray.icon is None
    assert not shell.keeps_running()
    assert shell.window.close()
    assert quits == [True]


def test_with_a_tray_the_menu_offers_the_four_actions(make_shell, quits):
    shell = make_shell(tray_available=True)
    assert shell.tray.menu is not None
    texts = [a.text() for a in shell.tray.menu.actions() if not a.isSeparator()]
    assert texts == ["&Translate clipboard", "&Show window", "&Clear state…", "&Quit"]
    shell.tray.quit_action.trigger()
    assert quits == [True]


def test_with_a_tray_closing_the_window_keeps_the_app_running(make_shell, quits, wait_for):
    shell = make_shell(tray_available=True)
    shell.show()
    wait_for(shell.window.isVisible, 2_000)
    shell.window.close()
    assert not shell.window.isVisible()
    assert quits == []
    assert shell.tray.hidden_notice_shown
    shell.tray.show_action.trigger()
    assert shell.window.isVisible()


def test_translate_clipboard_shows_a_popup_that_does_not_take_focus(
    make_shell, quits, wait_for, crash_reports
):
    shell = make_shell(tray_available=True)
    QGuiApplication.clipboard().setText("https://example.org/report.pdf")
    task = shell.quick.translate_clipboard()
    popup = shell.quick.popup
    assert popup.isVisible()
    assert popup.testAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
    assert popup.windowFlags() & Qt.WindowType.WindowDoesNotAcceptFocus
    assert popup.windowFlags() & Qt.WindowType.FramelessWindowHint
    wait_for(task.done, 20_000)
    assert popup.result.text() == "https://example.org/report.pdf"
    assert popup.trace.text().startswith("rules · ")
    assert popup.detected.text().startswith("Kept as it is")  # a link names no language
    assert shell.quick.kept_texts == ["https://example.org/report.pdf"]
    popup.copy_button.click()
    assert QGuiApplication.clipboard().text() == "https://example.org/report.pdf"
    assert crash_reports == []


def test_an_empty_clipboard_says_so_in_the_popup(make_shell, quits, wait_for):
    shell = make_shell(tray_available=True)
    QGuiApplication.clipboard().setText("")
    task = shell.quick.translate_clipboard()
    wait_for(task.done, 5_000)
    wait_for(lambda: "clipboard holds no text" in shell.quick.popup.result.text(), 2_000)


def test_quick_translate_shows_markup_in_the_clipboard_literally(make_shell, quits, wait_for):
    shell = make_shell(tray_available=True)
    shell.show()
    text = "x = '<b>bold</b>'"  # code: the rules tier answers it unchanged
    QGuiApplication.clipboard().setText(text)
    shell.quick.translate_clipboard()
    popup = shell.quick.popup
    wait_for(lambda: popup.result.text() == text, 10_000)
    assert popup.result.textFormat() is Qt.TextFormat.PlainText
    assert popup.detected.textFormat() is Qt.TextFormat.PlainText
    assert popup.trace.textFormat() is Qt.TextFormat.PlainText


def test_window_labels_that_show_user_text_are_plain(make_shell):
    shell = make_shell()
    window = shell.window
    for label in (window.trace, window.activity, window.errors.message):
        assert label.textFormat() is Qt.TextFormat.PlainText
    assert window.cold_start.stage_hint.textFormat() is Qt.TextFormat.PlainText


def test_minimized_start_stays_in_the_tray_and_still_warms_up(make_shell, quits, wait_for):
    shell = make_shell(tray_available=True)
    shell.show(minimized=True)
    assert not shell.window.isVisible()
    assert shell.tray.icon is not None
    wait_for(lambda: shell.engine.problem is not None or shell.engine.is_ready, 10_000)
    assert shell.window.status_strip.text_of("M2M-100") == "M2M-100: not installed"
    shell.tray.show_action.trigger()
    assert shell.window.isVisible()


def test_minimized_start_without_a_tray_shows_the_window(make_shell, quits, wait_for):
    shell = make_shell(tray_available=False)
    shell.show(minimized=True)
    wait_for(shell.window.isVisible, 2_000)
