"""Quick translate: the clipboard's text translated into the default target, in the popup."""

from __future__ import annotations

import asyncio
from concurrent.futures import Executor
from typing import Any

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from assistant.core.errors import AssistantError, BadInputError
from assistant.core.request import Request
from assistant.core.translation import TranslationOptions
from assistant.gui.language_bar import IDENTIFIED_BY
from assistant.gui.quick_popup import QuickPopup
from assistant.gui.request_call import RequestCall, RequestRunner
from assistant.gui.settings_model import SettingsModel
from assistant.gui.tasks import spawn

MAX_CLIPBOARD_CHARS = 5_000


class QuickTranslateController:
    """Owns the quick-translate popup and the clipboard text it kept. GUI thread only; the
    request runs on `requests`, like the window's."""

    def __init__(
        self,
        parent: QWidget,
        runner: RequestRunner,
        requests: Executor,
        settings: SettingsModel,
    ) -> None:
        self.runner = runner
        self.requests = requests
        self.settings = settings
        self.popup = QuickPopup(parent)
        self.popup.target_changed.connect(self._on_popup_target_changed)
        self.kept_texts: list[str] = []
        """Clipboard text the app holds; clear-state wipes it (`clear`)."""
        self.call: RequestCall | None = None

    def translate_clipboard(self) -> asyncio.Task[Any]:
        """Translate the clipboard into the default target and show it in the popup."""
        text = QGuiApplication.clipboard().text()
        self.popup.set_target(self.settings.settings.default_target_lang)
        self.popup.show_pending()
        return spawn(self._translate(text), self._on_error)

    def clear(self) -> None:
        """Forget the kept clipboard text and what the popup shows (clear-state)."""
        if self.call is not None:
            self.call.token.cancel()
        self.kept_texts.clear()
        self.popup.clear()

    async def _translate(self, text: str) -> None:
        if not text.strip():
            raise BadInputError("The clipboard holds no text. Copy some text and try again.")
        if len(text) > MAX_CLIPBOARD_CHARS:
            raise BadInputError(
                f"The clipboard holds {len(text):,} characters; quick translate takes up to "
                f"{MAX_CLIPBOARD_CHARS:,}. Paste it into the window instead."
            )
        self.kept_texts.append(text)
        settings = self.settings.settings
        request = Request(
            text=text,
            target_lang=settings.default_target_lang,
            options=TranslationOptions(beam_size=settings.beam_size),
            parse_instructions=False,
        )
        self.call = call = RequestCall(request)
        loop = asyncio.get_running_loop()
        result = await loop.run_in_executor(self.requests, self.runner, call)
        if call.token.cancelled:
            return
        identified = IDENTIFIED_BY in result.trace.tools
        source = result.source_lang if identified else None
        self.popup.show_result(result.output, source, result.target_lang, result.trace.summary())

    def _on_error(self, error: AssistantError) -> None:
        self.popup.show_message(error.user_message)

    def _on_popup_target_changed(self, code: str) -> None:
        try:
            self.settings.update(default_target_lang=code)
        except AssistantError as error:
            self.popup.show_message(error.user_message)
            return
        self.translate_clipboard()
