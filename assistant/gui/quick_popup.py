"""The tray's quick-translate popup: frameless, near the cursor, and it never takes focus."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QCursor, QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from assistant.core.languages import M2M100_LANGUAGES
from assistant.gui.languages import language_name, sorted_languages

MAX_WIDTH = 420


class QuickPopup(QFrame):
    """Shows one quick translation. GUI thread only.

    It is a tool window that does not accept focus (`WA_ShowWithoutActivating`), so the app
    the user is typing in keeps the keyboard. Its target picker emits `target_changed` with
    the new code when the user picks another language (not when `set_target` is called).
    """

    target_changed = Signal(str)

    def __init__(
        self, parent: QWidget | None = None, languages: frozenset[str] = M2M100_LANGUAGES
    ) -> None:
        super().__init__(
            parent,
            Qt.WindowType.Tool
            | Qt.WindowType.FramelessWindowHint
            | Qt.WindowType.WindowStaysOnTopHint
            | Qt.WindowType.WindowDoesNotAcceptFocus,
        )
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setFrameShape(QFrame.Shape.Box)
        self.setAccessibleName("Quick translation")
        self.setMaximumWidth(MAX_WIDTH)
        self.detected = QLabel("")
        self.detected.setAccessibleName("Detected language")
        self.result = QLabel("")
        self.result.setWordWrap(True)
        self.result.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.result.setMinimumWidth(320)
        self.result.setAccessibleName("Quick translation result")
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.trace = QLabel("")
        self.target = QComboBox()
        self.target.setAccessibleName("Quick translation target")
        self.target.setToolTip("Translate into (this is also the default target in Settings)")
        self.target.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        for code, name in sorted_languages(languages):
            self.target.addItem(name, code)
        for label in (self.detected, self.result, self.trace):
            label.setTextFormat(Qt.TextFormat.PlainText)  # clipboard text is never markup
        self.copy_button = QPushButton("Copy")
        self.copy_button.setAccessibleName("Copy quick translation")
        self.copy_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.close_button = QToolButton()
        self.close_button.setText("✕")
        self.close_button.setAccessibleName("Close quick translation")
        self.close_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        top = QHBoxLayout()
        top.addWidget(self.detected, 1)
        top.addWidget(self.target)
        top.addWidget(self.close_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.trace, 1)
        bottom.addWidget(self.copy_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.result)
        layout.addLayout(bottom)
        self.copy_button.clicked.connect(self._on_copy_clicked)
        self.close_button.clicked.connect(self.hide)
        self.target.activated.connect(self._on_target_activated)

    def target_lang(self) -> str:
        """The code of the language the popup translates into."""
        return str(self.target.currentData())

    def set_target(self, code: str) -> None:
        """Show `code` as the popup's target (unknown codes are ignored); emits nothing."""
        index = self.target.findData(code)
        if index >= 0:
            self.target.setCurrentIndex(index)

    def clear(self) -> None:
        """Forget the shown clipboard text and its translation, and hide (clear-state)."""
        for label in (self.detected, self.result, self.trace):
            label.setText("")
        self.hide()

    def show_pending(self, at: QPoint | None = None) -> None:
        """Show "Translating…" near the cursor (or `at`)."""
        self.detected.setText("")
        self.trace.setText("")
        self.result.setText("Translating…")
        self._show_near(at or QCursor.pos())

    def show_result(self, text: str, source_lang: str | None, target_lang: str, trace: str) -> None:
        """Show a finished translation; `source_lang` is None when no language was identified
        (a link, a number, code: the rules kept it as it is)."""
        if source_lang is None:
            self.detected.setText(
                f"Kept as it is (no language to translate into {language_name(target_lang)})"
            )
        else:
            self.detected.setText(f"{language_name(source_lang)} → {language_name(target_lang)}")
        self.result.setText(text)
        self.trace.setText(trace)
        self.adjustSize()

    def show_message(self, text: str) -> None:
        """Show an error or notice instead of a translation."""
        self.result.setText(text)
        self.adjustSize()

    def _show_near(self, point: QPoint) -> None:
        self.adjustSize()
        screen = QGuiApplication.screenAt(point) or QGuiApplication.primaryScreen()
        area = screen.availableGeometry()
        x = min(max(area.left(), point.x() + 12), area.right() - self.width())
        y = min(max(area.top(), point.y() + 12), area.bottom() - self.height())
        self.move(x, y)
        self.show()

    def _on_target_activated(self, _index: int) -> None:
        self.target_changed.emit(self.target_lang())

    def _on_copy_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.result.text())
        self.copy_button.setText("Copied")
