"""The system tray: Translate clipboard, Show window, Clear state, Quit.

Used only when the platform has a tray (`QSystemTrayIcon.isSystemTrayAvailable()`, passed in
as `available`); without one the app is a plain window app and closing the window quits.

Global hotkey: Qt has no global shortcuts. Bind the desktop's own shortcut (Windows, X11
desktops and Wayland compositors all offer one) to `assistant-gui --translate-clipboard`: the
running app receives it through `single_instance` and shows the popup. On Wayland an app cannot
grab keys itself; only the desktop's shortcut settings (or the xdg-desktop-portal
GlobalShortcuts portal, where the compositor offers it) can bind one.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from assistant.core.errors import AssistantError, BadInputError
from assistant.core.request import Request
from assistant.core.translation import TranslationOptions
from assistant.gui.quick_popup import QuickPopup
from assistant.gui.relay import CancelToken
from assistant.gui.tasks import spawn
from assistant.gui.theme import app_icon

if TYPE_CHECKING:
    from assistant.gui.shell import AppShell

MAX_CLIPBOARD_CHARS = 5_000


class TrayController:
    """Owns the tray icon, its menu and the quick-translate popup. GUI thread only."""

    def __init__(self, shell: AppShell, available: bool) -> None:
        self.shell = shell
        self.available = available
        self.popup = QuickPopup(shell.window)
        self.popup.target_changed.connect(self._on_popup_target_changed)
        self.icon: QSystemTrayIcon | None = None
        self.menu: QMenu | None = None
        self.hidden_notice_shown = False
        if available:
            self._build()

    def _build(self) -> None:
        self.menu = QMenu(self.shell.window)
        self.translate_action = QAction("&Translate clipboard", self.menu)
        self.show_action = QAction("&Show window", self.menu)
        self.clear_action = QAction("&Clear state…", self.menu)
        self.quit_action = QAction("&Quit", self.menu)
        for action in (self.translate_action, self.show_action, self.clear_action):
            self.menu.addAction(action)
        self.menu.addSeparator()
        self.menu.addAction(self.quit_action)
        self.translate_action.triggered.connect(self.translate_clipboard)
        self.show_action.triggered.connect(self.show_window)
        self.clear_action.triggered.connect(self._on_clear_triggered)
        self.quit_action.triggered.connect(self.shell.quit)
        self.icon = QSystemTrayIcon(app_icon(), self.shell)
        self.icon.setToolTip("Offline Translation Assistant")
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._on_activated)
        self.icon.show()

    def keeps_running(self) -> bool:
        """Whether closing the window should keep the app in the tray."""
        return self.available and self.shell.settings.settings.keep_in_tray

    def notify_hidden(self) -> None:
        """Tell the user once that the app still runs in the tray."""
        if self.icon is not None and not self.hidden_notice_shown:
            self.icon.showMessage(
                "Still running",
                "The assistant keeps running in the tray. Use Quit from its menu to leave.",
            )
            self.hidden_notice_shown = True

    def hide(self) -> None:
        """Remove the icon (on quit)."""
        if self.icon is not None:
            self.icon.hide()
        self.popup.hide()

    def show_window(self) -> None:
        """Bring the main window forward."""
        window = self.shell.window
        window.show()
        window.raise_()
        window.activateWindow()

    def translate_clipboard(self) -> asyncio.Task[Any]:
        """Translate the clipboard into the default target and show it in the popup."""
        text = QGuiApplication.clipboard().text()
        self.popup.set_target(self.shell.settings.settings.default_target_lang)
        self.popup.show_pending()
        return spawn(self._translate(text), self._on_error)

    async def _translate(self, text: str) -> None:
        if not text.strip():
            raise BadInputError("The clipboard holds no text. Copy some text and try again.")
        if len(text) > MAX_CLIPBOARD_CHARS:
            raise BadInputError(
                f"The clipboard holds {len(text):,} characters; quick translate takes up to "
                f"{MAX_CLIPBOARD_CHARS:,}. Paste it into the window instead."
            )
        self.shell.clear_state.kept_texts.append(text)
        settings = self.shell.settings.settings
        request = Request(
            text=text,
            target_lang=settings.default_target_lang,
            options=TranslationOptions(beam_size=settings.beam_size),
            parse_instructions=False,
        )
        token = CancelToken()
        loop = asyncio.get_running_loop()
        result = await loop.run_in_executor(
            self.shell.requests,
            self.shell.runner,
            request,
            lambda _sentence: not token.cancelled,
            token.is_cancelled,
        )
        self.popup.show_result(
            result.output, result.source_lang, result.target_lang, result.trace.summary()
        )

    def _on_error(self, error: AssistantError) -> None:
        self.popup.show_message(error.user_message)

    def _on_popup_target_changed(self, code: str) -> None:
        try:
            self.shell.settings.update(default_target_lang=code)
        except AssistantError as error:
            self.popup.show_message(error.user_message)
            return
        self.translate_clipboard()

    def _on_clear_triggered(self) -> None:
        self.show_window()
        self.shell.clear_state.ask()

    def _on_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason is QSystemTrayIcon.ActivationReason.Trigger:
            self.show_window()
