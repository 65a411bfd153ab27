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

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QSystemTrayIcon, QWidget

from assistant.gui.theme import app_icon


class TrayController(QObject):
    """Owns the tray icon and its menu. GUI thread only. It only says what the user picked:
    `translate_requested`, `show_requested`, `clear_requested`, `quit_requested`."""

    translate_requested = Signal()
    show_requested = Signal()
    clear_requested = Signal()
    quit_requested = Signal()

    def __init__(self, menu_parent: QWidget, available: bool) -> None:
        super().__init__(menu_parent)
        self.available = available
        self.icon: QSystemTrayIcon | None = None
        self.menu: QMenu | None = None
        self.hidden_notice_shown = False
        if available:
            self._build(menu_parent)

    def _build(self, menu_parent: QWidget) -> None:
        self.menu = QMenu(menu_parent)
        self.translate_action = QAction("&Translate clipboard", self.menu)
        self.show_action = QAction("&Show window", self.menu)
        self.clear_action = QAction("&Clear state…", self.menu)
        self.quit_action = QAction("&Quit", self.menu)
        for action in (self.translate_action, self.show_action, self.clear_action):
            self.menu.addAction(action)
        self.menu.addSeparator()
        self.menu.addAction(self.quit_action)
        self.translate_action.triggered.connect(self.translate_requested)
        self.show_action.triggered.connect(self.show_requested)
        self.clear_action.triggered.connect(self.clear_requested)
        self.quit_action.triggered.connect(self.quit_requested)
        self.icon = QSystemTrayIcon(app_icon(), self)
        self.icon.setToolTip("Offline Translation Assistant")
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._on_activated)
        self.icon.show()

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

    def _on_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason is QSystemTrayIcon.ActivationReason.Trigger:
            self.show_requested.emit()
