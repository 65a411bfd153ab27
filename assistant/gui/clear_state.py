"""Clear state: confirm what will be wiped, let the state layer wipe it, say what was removed."""

from __future__ import annotations

import asyncio
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from assistant.gui.backend import Backend
from assistant.gui.engine_host import EngineHost
from assistant.gui.main_window import MainWindow
from assistant.gui.quick_popup import QuickPopup
from assistant.gui.tasks import spawn
from assistant.gui.translate_controller import TranslateController

WILL_WIPE = (
    "translation history",
    "translation memory",
    "the text in the window and the clipboard text the app kept",
    "logs that may hold your text",
    "the models' in-memory state (decoder state, caches, the triage model's conversation)",
)


class ClearStateDialog(QDialog):
    """The confirmation: a list of what goes, and an opt-in for the compiled-model cache."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Clear state")
        self.setAccessibleName("Clear state confirmation")
        items = "".join(f"<li>{item}</li>" for item in WILL_WIPE)
        text = QLabel(
            f"<p>This permanently deletes:</p><ul>{items}</ul>"
            "<p>Settings and installed models are kept.</p>"
        )
        text.setWordWrap(True)
        self.include_cache = QCheckBox("Also delete the compiled-model cache (next start is slow)")
        self.include_cache.setAccessibleName("Also delete the compiled-model cache")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Cancel | QDialogButtonBox.StandardButton.Ok
        )
        self.wipe_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.wipe_button.setText("&Wipe")
        self.wipe_button.setAccessibleName("Wipe now")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.include_cache)
        layout.addWidget(buttons)


def describe_report(report: object) -> str:
    """The state layer's report as lines for the user."""
    lines = getattr(report, "lines", None)
    if callable(lines):
        return "\n".join(str(line) for line in lines())
    summary = getattr(report, "summary", None)
    if callable(summary):
        return str(summary())
    return str(report)


class ClearStateController:
    """Runs the wipe. GUI thread only; the wipe itself runs on the inference worker, which
    owns the models whose in-memory state the wipe's hooks reset."""

    def __init__(
        self,
        window: MainWindow,
        backend: Backend,
        engine: EngineHost,
        translate: TranslateController,
    ) -> None:
        self.window = window
        self.backend = backend
        self.engine = engine
        self.translate = translate
        self.dialog: ClearStateDialog | None = None
        self.last_report: object = None
        self.kept_texts: list[str] = []
        """Clipboard text the app holds (tray quick-translate); wiped here too."""
        self.popup: QuickPopup | None = None
        """The tray's quick-translate popup, whose labels hold clipboard text and its
        translation; set by the shell once the tray exists."""

    def ask(self) -> None:
        """Open the confirmation (non-blocking); wipes when the user confirms."""
        self.dialog = ClearStateDialog(self.window)
        self.dialog.accepted.connect(self._on_confirmed)
        self.dialog.open()

    def _on_confirmed(self) -> None:
        assert self.dialog is not None
        spawn(self.wipe(self.dialog.include_cache.isChecked()), self.window.errors.show_error)

    async def wipe(self, include_cache: bool) -> Any:
        """Wipe everything listed in WILL_WIPE and show what was removed."""
        if self.backend.clear_state is None:
            raise RuntimeError("clear-state is not available in this build")
        self.translate.cancel()
        running = self.translate.task
        if running is not None and not running.done():
            await asyncio.wait([running])  # it stops after the current sentence
        self.window.input.clear()
        self.window.output.clear()
        self.window.trace.clear()
        self.translate.last_result = None
        self.translate.streamed.clear()
        self.kept_texts.clear()
        if self.popup is not None:
            self.popup.clear()
        self.window.activity.setText("Clearing state…")
        report = await self.engine.worker.run(self.backend.clear_state, include_cache)
        self.last_report = report
        text = describe_report(report)
        self.window.activity.setText("State cleared.")
        box = QMessageBox(
            QMessageBox.Icon.Information, "State cleared", "Removed:", parent=self.window
        )
        box.setInformativeText(text)
        box.setAccessibleName("What was removed")
        box.open()
        return report
