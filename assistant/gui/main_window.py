"""The main window's layout (a view: widgets only, no behaviour beyond what Qt gives)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from assistant.gui.cold_start_panel import ColdStartPanel
from assistant.gui.error_banner import ErrorBanner
from assistant.gui.language_bar import LanguageBar
from assistant.gui.stale_output import StaleOutput
from assistant.gui.status_strip import StatusStrip
from assistant.gui.theme import app_icon

MAX_INPUT_CHARS = 100_000


class MainWindow(QMainWindow):
    """Input and output panes, the language row, the action buttons, the trace line, the
    cold-start panel and the status strip. Controllers connect to its widgets and actions."""

    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle("Offline Translation Assistant")
        self.setWindowIcon(app_icon())
        self.resize(900, 620)
        self.languages = LanguageBar()
        self.input = QPlainTextEdit()
        self.input.setAccessibleName("Text to translate")
        self.input.setPlaceholderText("Type or paste text, then press Ctrl+Enter.")
        self.input.setTabChangesFocus(True)
        self.output = QPlainTextEdit()
        self.output.setReadOnly(True)
        self.output.setAccessibleName("Translation")
        self.output.setPlaceholderText("The translation appears here, sentence by sentence.")
        self.output.setTabChangesFocus(True)
        self.stale_output = StaleOutput(self.input, self.output)
        self.translate_button = QPushButton("&Translate")
        self.translate_button.setAccessibleName("Translate")
        self.translate_button.setToolTip("Translate (Ctrl+Enter)")
        self.translate_button.setDefault(True)
        self.cancel_button = QPushButton("&Cancel")
        self.cancel_button.setAccessibleName("Cancel translation")
        self.cancel_button.setEnabled(False)
        self.copy_button = QPushButton("C&opy")
        self.copy_button.setAccessibleName("Copy translation")
        self.copy_button.setToolTip("Copy the translation (Ctrl+Shift+C)")
        self.clear_state_button = QPushButton("Clear &state…")
        self.clear_state_button.setAccessibleName("Clear state")
        self.clear_state_button.setToolTip("Wipe history, memory and kept text")
        self.activity = QLabel("")
        self.activity.setAccessibleName("Activity")
        self.trace = QLabel("")
        self.trace.setAccessibleName("Who answered and how fast")
        self.trace.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        for label in (self.activity, self.trace):
            label.setTextFormat(Qt.TextFormat.PlainText)
        self.cold_start = ColdStartPanel()
        self.errors = ErrorBanner()
        self.status_strip = StatusStrip()
        self._build_actions()
        self._lay_out()

    def _build_actions(self) -> None:
        self.translate_action = QAction("Translate", self)
        self.translate_action.setShortcuts(
            [QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")]
        )
        self.copy_action = QAction("Copy translation", self)
        self.copy_action.setShortcut(QKeySequence("Ctrl+Shift+C"))
        self.swap_action = QAction("Swap languages", self)
        self.swap_action.setShortcut(QKeySequence("Ctrl+Shift+S"))
        self.cancel_action = QAction("Cancel", self)
        self.cancel_action.setShortcut(QKeySequence("Escape"))
        self.models_action = QAction("&Models…", self)
        self.models_action.setShortcut(QKeySequence("Ctrl+M"))
        self.diagnostics_action = QAction("&Diagnostics…", self)
        self.diagnostics_action.setShortcut(QKeySequence("Ctrl+D"))
        self.settings_action = QAction("&Settings…", self)
        self.settings_action.setShortcut(QKeySequence.StandardKey.Preferences)
        self.clear_state_action = QAction("&Clear state…", self)
        self.history_action = QAction("&History…", self)
        self.history_action.setShortcut(QKeySequence("Ctrl+H"))
        self.glossary_action = QAction("&Glossary…", self)
        self.glossary_action.setShortcut(QKeySequence("Ctrl+G"))
        self.about_action = QAction("&About", self)
        self.quit_action = QAction("&Quit", self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        for action in (self.translate_action, self.copy_action, self.swap_action):
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            self.addAction(action)
        self.addAction(self.cancel_action)
        menu = self.menuBar().addMenu("&App")
        menu.addAction(self.settings_action)
        menu.addAction(self.clear_state_action)
        menu.addSeparator()
        menu.addAction(self.quit_action)
        tools = self.menuBar().addMenu("&Tools")
        tools.addAction(self.models_action)
        tools.addAction(self.diagnostics_action)
        tools.addSeparator()
        tools.addAction(self.history_action)
        tools.addAction(self.glossary_action)
        self.menuBar().addMenu("&Help").addAction(self.about_action)

    def _lay_out(self) -> None:
        panes = QSplitter(Qt.Orientation.Vertical)
        panes.addWidget(self.input)
        panes.addWidget(self.output)
        panes.setChildrenCollapsible(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.translate_button)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.activity, 1)
        buttons.addWidget(self.clear_state_button)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(self.errors)
        layout.addWidget(self.cold_start)
        layout.addWidget(self.languages)
        layout.addWidget(panes, 1)
        layout.addWidget(self.trace)
        layout.addLayout(buttons)
        self.setCentralWidget(central)
        self.statusBar().addPermanentWidget(self.status_strip, 1)
        self.setTabOrder(self.languages.source, self.languages.swap)
        self.setTabOrder(self.languages.swap, self.languages.target)
        self.setTabOrder(self.languages.target, self.input)
        self.setTabOrder(self.input, self.output)
        self.setTabOrder(self.output, self.translate_button)
        self.input.setFocus()
