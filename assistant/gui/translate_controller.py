"""Translate, Cancel and Copy: builds a Request from the window, streams the answer back."""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import Executor

from PySide6.QtGui import QGuiApplication, QTextCursor

from assistant.core.errors import (
    AssistantError,
    BadInputError,
    CancelledError,
    ModelNotInstalledError,
)
from assistant.core.request import Request
from assistant.core.result import Result
from assistant.core.translation import SentenceTranslation, TranslationOptions
from assistant.core.wording import count_of
from assistant.gui.main_window import MAX_INPUT_CHARS, MainWindow
from assistant.gui.relay import ProgressRelay
from assistant.gui.request_call import RequestCall, RequestRunner
from assistant.gui.settings_model import SettingsModel
from assistant.gui.tasks import spawn
from assistant.logging_setup import describe_text
from assistant.state.settings import AUTO_LANG

log = logging.getLogger(__name__)


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
        self.call: RequestCall | None = None
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
        self.call = RequestCall(request)
        self.streamed = []
        self.window.output.clear()
        self.window.trace.setText("")
        self._set_running(True)
        self.window.activity.setText("Translating…")
        self.task = spawn(self._run(self.call), self._on_error)
        return self.task

    def cancel(self) -> None:
        """Ask the running request to stop after the current sentence."""
        if self.call is not None and self.busy:
            self.call.token.cancel()
            self.window.activity.setText("Cancelling…")

    async def stop(self) -> None:
        """Cancel the running request and wait until it has stopped (after its sentence)."""
        self.cancel()
        running = self.task
        if running is not None and not running.done():
            await asyncio.wait([running])

    def clear(self) -> None:
        """Forget the text, the translation and the trace shown (clear-state)."""
        self.window.input.clear()
        self.window.output.clear()
        self.window.trace.clear()
        self.last_result = None
        self.streamed.clear()

    async def _run(self, call: RequestCall) -> None:
        relay = ProgressRelay(call.token)
        relay.sentence_done.connect(self._on_sentence_done)
        call.on_sentence = relay.on_sentence
        request = call.request
        log.info("translate %s -> %s", describe_text(request.text), request.target_lang)
        loop = asyncio.get_running_loop()
        try:
            result = await loop.run_in_executor(self.requests, self.runner, call)
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
        if result.trace.instructed_target is not None:  # "… into Japanese": show it in To
            languages = self.window.languages
            languages.set_pair(languages.source_lang(), result.target_lang)
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

    def _on_error(self, error: AssistantError) -> None:
        if isinstance(error, ModelNotInstalledError) and self.window.cold_start.offers_models:
            # The panel above already says so and offers the models: no second message.
            self.window.activity.setText("This needs a translation model: get one above.")
            return
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
