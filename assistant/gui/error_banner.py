"""The one place in the window where typed errors show their `user_message`."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QWidget

from assistant.core.errors import AssistantError


class ErrorBanner(QFrame):
    """A dismissable message strip. GUI thread only."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("errorBanner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "#errorBanner { border: 1px solid #c0392b; border-radius: 4px; }"
            "#errorBanner QLabel { color: palette(text); }"
        )
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setAccessibleName("Error message")
        self.close_button = QToolButton()
        self.close_button.setText("✕")
        self.close_button.setAccessibleName("Dismiss message")
        layout = QHBoxLayout(self)
        layout.addWidget(QLabel("⚠"))
        layout.addWidget(self.message, 1)
        layout.addWidget(self.close_button)
        self.close_button.clicked.connect(self.hide)
        self.shown_error: AssistantError | None = None
        self.hide()

    def show_error(self, error: AssistantError) -> None:
        """Show a typed error's message (replacing any earlier one)."""
        self.show_message(error.user_message)
        self.shown_error = error

    def show_message(self, text: str) -> None:
        """Show a plain message."""
        self.message.setText(text)
        self.shown_error = None
        self.show()

    def withdraw(self, kind: type[AssistantError]) -> None:
        """Hide the banner if it shows an error of `kind` that no longer holds (e.g. "no model
        installed" once one is)."""
        if isinstance(self.shown_error, kind):
            self.shown_error = None
            self.hide()

    @property
    def text(self) -> str:
        """The message shown, or "" when hidden."""
        return self.message.text() if not self.isHidden() else ""
