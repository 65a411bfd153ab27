"""Greys the translation while the input no longer matches it, so an old answer is never
mistaken for the answer to the text now in the input pane. GUI thread only."""

from __future__ import annotations

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QPlainTextEdit

STALE_TIP = "The text changed since this translation. Translate again (Ctrl+Enter) to update it."


class StaleOutput:
    """Watches the input and output panes: the output is stale once the input differs from
    the text it was translated from, and fresh again when a new translation arrives."""

    def __init__(self, source: QPlainTextEdit, output: QPlainTextEdit) -> None:
        self.source = source
        self.output = output
        self.translated_from: str | None = None
        self.stale = False
        self._fresh_palette = QPalette(output.palette())
        source.textChanged.connect(self._on_source_changed)
        output.textChanged.connect(self._on_output_changed)

    def _on_output_changed(self) -> None:
        self.translated_from = self.source.toPlainText()
        self._show(stale=False)

    def _on_source_changed(self) -> None:
        has_output = bool(self.output.toPlainText())
        changed = self.source.toPlainText() != self.translated_from
        self._show(stale=has_output and changed)

    def _show(self, stale: bool) -> None:
        if stale == self.stale:
            return
        self.stale = stale
        palette = QPalette(self._fresh_palette)
        if stale:
            grey = palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
            palette.setColor(QPalette.ColorGroup.Active, QPalette.ColorRole.Text, grey)
            palette.setColor(QPalette.ColorGroup.Inactive, QPalette.ColorRole.Text, grey)
        self.output.setPalette(palette)
        self.output.setToolTip(STALE_TIP if stale else "")
