"""The main window with the real cascade and the tiny model: translate, cancel, rules during
warm-up, and requests that wait visibly for the model."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from assistant.state.settings_store import SettingsStore


def _flores(shared_data: Path, count: int) -> str:
    lines = (shared_data / "flores200-dev" / "en.txt").read_text(encoding="utf-8").splitlines()
    return " ".join(lines[:count])


def test_translate_with_the_tiny_model_streams_and_shows_the_trace(
    make_shell, wait_for, installed_tiny_m2m100, app_paths, qtbot, crash_reports
):
    shell = make_shell()
    shell.show()
    wait_for(lambda: shell.engine.is_ready, 60_000)
    window = shell.window
    window.languages.set_pair("en", "de")
    window.input.setPlainText("Good morning. How are you today?")
    qtbot.keyClick(window.input, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert shell.translate.busy
    assert not window.translate_button.isEnabled()
    wait_for(lambda: not shell.translate.busy, 30_000)
    assert window.output.toPlainText().strip() != ""
    assert [s.index for s in shell.translate.streamed] == [0, 1]
    trace = window.trace.text()
    assert trace.startswith("M2M-100 · encoder CPU "), trace
    assert trace.endswith(" tokens")
    assert window.translate_button.isEnabled()
    window.copy_button.click()
    assert QGuiApplication.clipboard().text() == window.output.toPlainText()
    saved = SettingsStore(app_paths.settings_file).load().settings
    assert (saved.last_source_lang, saved.last_target_lang) == ("en", "de")
    queue_wait = shell.backend.telemetry.snapshot().queue_wait
    assert queue_wait is not None and queue_wait.count >= 2, "warm-up and translation timed"
    assert crash_reports == []


def test_auto_detect_shows_the_detected_language(
    make_shell, wait_for, installed_tiny_m2m100, crash_reports
):
    shell = make_shell()
    shell.show()
    window = shell.window
    window.languages.set_pair(None, "en")
    window.input.setPlainText("Der Zug nach Berlin fährt heute später ab als geplant.")
    window.translate_button.click()
    wait_for(lambda: shell.translate.last_result is not None, 60_000)
    assert window.languages.detected.text() == "Detected: German"
    assert crash_reports == []


def test_cancel_mid_way_keeps_the_sentences_done_so_far(
    make_shell, wait_for, installed_tiny_m2m100, shared_data, crash_reports
):
    shell = make_shell()
    shell.show()
    wait_for(lambda: shell.engine.is_ready, 60_000)
    window = shell.window
    window.languages.set_pair("en", "fr")
    window.input.setPlainText(_flores(shared_data, 12))
    window.translate_button.click()
    wait_for(lambda: len(shell.translate.streamed) >= 1, 30_000)
    window.cancel_button.click()
    wait_for(lambda: not shell.translate.busy, 30_000)
    done = len(shell.translate.streamed)
    assert 1 <= done < 12
    assert window.activity.text() == f"Cancelled after {done} sentence{'s' if done > 1 else ''}."
    assert window.output.toPlainText().strip() != ""
    assert window.trace.text() == ""
    assert window.translate_button.isEnabled() and not window.cancel_button.isEnabled()
    assert crash_reports == []


def test_rules_answer_during_warm_up_and_model_requests_wait_visibly(
    make_shell, wait_for, installed_tiny_m2m100, crash_reports
):
    shell = make_shell()
    gate = threading.Event()
    shell.backend.worker.submit(gate.wait)  # the inference thread is busy: warm-up queues behind it
    shell.show()
    window = shell.window
    assert window.cold_start.isVisible()
    window.languages.set_pair(None, "de")
    window.input.setPlainText("https://example.org/guide.html")
    window.translate_button.click()
    wait_for(lambda: shell.translate.last_result is not None, 20_000)
    assert window.output.toPlainText() == "https://example.org/guide.html"
    assert window.trace.text().startswith("rules · ")
    assert not shell.engine.is_ready
    window.languages.set_pair("en", "de")
    window.input.setPlainText("The weather is lovely today.")
    window.translate_button.click()
    wait_for(lambda: "Waiting for the model" in window.activity.text(), 10_000)
    assert shell.translate.busy
    gate.set()
    wait_for(lambda: not shell.translate.busy, 60_000)
    assert shell.engine.is_ready
    assert window.cold_start.stage_order[-1] == "ready"
    assert window.trace.text().startswith("M2M-100 · ")
    assert crash_reports == []


def test_too_long_input_is_refused_and_kept(make_shell, crash_reports):
    shell = make_shell()
    window = shell.window
    text = "word " * 30_000
    window.input.setPlainText(text)
    assert shell.translate.start() is None
    assert "limit is 100,000" in window.errors.text
    assert window.input.toPlainText() == text


def test_an_instruction_s_target_shows_in_the_to_box_and_the_trace(
    make_shell, wait_for, crash_reports
):
    shell = make_shell()
    window = shell.window
    window.languages.set_pair(None, "de")
    window.input.setPlainText('translate "https://example.org/menu" into Japanese')
    window.translate_button.click()
    wait_for(lambda: shell.translate.last_result is not None, 20_000)
    assert window.languages.target_lang() == "ja"
    assert window.trace.text().startswith("instruction → Japanese · rules · "), window.trace.text()
    assert window.output.toPlainText() == "https://example.org/menu"
    assert crash_reports == []
