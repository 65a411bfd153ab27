"""Translate, Cancel and Copy: builds a Request from the window, streams the answer back."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from concurrent.futures import Executor

from PySide6.QtGui import QGuiApplication, QTextCursor

from assistant.core.errors import AssistantError, BadInputError, CancelledError
from assistant.core.request import Request
from assistant.core.result import Result
from assistant.core.translation import (
    CancelCheck,
    SentenceCallback,
    SentenceTranslation,
    TranslationOptions,
)
from assistant.core.wording import count_of
from assistant.gui.main_window import MAX_INPUT_CHARS, MainWindow
from assistant.gui.relay import CancelToken, ProgressRelay
from assistant.gui.settings_model import SettingsModel
from assistant.gui.tasks import spawn
from assistant.logging_setup import describe_text
from assistant.state.settings import AUTO_LANG

log = logging.getLogger(__name__)

RequestRunner = Callable[[Request, SentenceCallback, CancelCheck], Result]
"""Answers one request through the cascade. Runs on the request thread, never the GUI's."""


class TranslateController:
    """Wires the main window's translate controls. GUI thread only.

    The runner runs on `requests` (its own thread), so rule and memory answers arrive while
    the inference worker is still warming up; model calls inside it wait for the worker.
    """

    def __init__(
        self,
        window: MainWindow,
        runner: RequestRunner,
        requests: Executor,
        settings: SettingsModel,
    ) -> None:
        self.window = window
        self.runner = runner
        self.requests = requests
        self.settings = settings
        self.token: CancelToken | None = None
        self.task: asyncio.Task[None] | None = None
        self.last_result: Result | None = None
        self.streamed: list[SentenceTranslation] = []
        window.translate_button.clicked.connect(self._on_translate_clicked)
        window.translate_action.triggered.connect(self._on_translate_clicked)
        window.cancel_button.clicked.connect(self.cancel)
        window.cancel_action.triggered.connect(self.cancel)
        window.copy_button.clicked.connect(self._on_copy_clicked)
        window.copy_action.triggered.connect(self._on_copy_clicked)
        window.swap_action.triggered.connect(window.languages.swap.click)
        window.languages.pair_changed.connect(self._on_pair_changed)

    @property
    def busy(self) -> bool:
        """True while a request is running."""
        return self.task is not None and not self.task.done()

    def translate_text(self, text: str) -> asyncio.Task[None] | None:
        """Put `text` in the input pane and translate it (the tray uses this too)."""
        self.window.input.setPlainText(text)
        return self.start()

    def start(self) -> asyncio.Task[None] | None:
        """Translate the input pane's text; ignored while a request runs."""
        if self.busy:
            return None
        text = self.window.input.toPlainText()
        if len(text) > MAX_INPUT_CHARS:
            self.window.errors.show_error(
                BadInputError(
                    f"The text is {len(text):,} characters long; the limit is "
                    f"{MAX_INPUT_CHARS:,}. Split it and translate it in parts, or use "
                    "`assistant translate --file`. Your text is still in the input pane."
                )
            )
            return None
        self.window.errors.hide()
        settings = self.settings.settings
        request = Request(
            text=text,
            target_lang=self.window.languages.target_lang() or settings.default_target_lang,
            source_lang=self.window.languages.source_lang(),
            options=TranslationOptions(beam_size=settings.beam_size),
            recent_langs=tuple(
                code
                for code in (settings.last_source_lang, settings.last_target_lang)
                if code != AUTO_LANG
            ),
        )
        self.token = CancelToken()
        self.streamed = []
        self.window.output.clear()
        self.window.trace.setText("")
        self._set_running(True)
        self.window.activity.setText("Translating…")
        self.task = spawn(self._run(request, self.token), self.window.errors.show_error)
        return self.task

    def cancel(self) -> None:
        """Ask the running request to stop after the current sentence."""
        if self.token is not None and self.busy:
            self.token.cancel()
            self.window.activity.setText("Cancelling…")

    async def _run(self, request: Request, token: CancelToken) -> None:
        relay = ProgressRelay(token)
        relay.sentence_done.connect(self._on_sentence_done)
        log.info("translate %s -> %s", describe_text(request.text), request.target_lang)
        loop = asyncio.get_running_loop()
        try:
            result = await loop.run_in_executor(
                self.requests, self.runner, request, relay.on_sentence, token.is_cancelled
            )
        except CancelledError:
            done = len(self.streamed)
            self.window.activity.setText(f"Cancelled after {count_of(done, 'sentence')}.")
            return
        except AssistantError:
            self.window.activity.setText("")
            raise
        finally:
            self._set_running(False)
            relay.deleteLater()
        self._show_result(result)

    def _show_result(self, result: Result) -> None:
        self.last_result = result
        self.window.output.setPlainText(result.output)
        self.window.trace.setText(result.trace.summary())
        self.window.activity.setText("")
        self.window.languages.show_answer(result)
        self._remember_pair()

    def _set_running(self, running: bool) -> None:
        self.window.translate_button.setEnabled(not running)
        self.window.cancel_button.setEnabled(running)

    def _remember_pair(self) -> None:
        source = self.window.languages.source_lang() or AUTO_LANG
        target = self.window.languages.target_lang()
        if target is None:
            return
        try:
            self.settings.update(last_source_lang=source, last_target_lang=target)
        except AssistantError as error:
            self.window.errors.show_error(error)

    def _on_translate_clicked(self) -> None:
        self.start()

    def _on_pair_changed(self) -> None:
        if not self.busy and self.last_result is not None:
            self._remember_pair()

    def _on_sentence_done(self, sentence: SentenceTranslation) -> None:
        self.streamed.append(sentence)
        cursor = self.window.output.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.End)
        previous = self.streamed[-2] if len(self.streamed) > 1 else None
        if previous is not None:
            cursor.insertText("\n\n" if previous.paragraph_break_after else " ")
        cursor.insertText(sentence.output)
        done = count_of(len(self.streamed), "sentence")
        self.window.activity.setText(f"Translating… {done} done")

    def _on_copy_clicked(self) -> None:
        text = self.window.output.toPlainText()
        if text:
            QGuiApplication.clipboard().setText(text)
            self.window.activity.setText("Copied.")
