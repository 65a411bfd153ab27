"""Turns worker-thread callbacks into Qt signals; the only way engine progress reaches widgets."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from assistant.core.cancel import CancelToken
from assistant.core.translation import SentenceTranslation


class ProgressRelay(QObject):
    """Lives on the GUI thread. Its callbacks are called on the worker and emit queued signals.

    `on_progress` returns False once `token` is cancelled, which asks the operation to stop
    (the keep-going convention of `assistant.core.progress`); a translation reads `token`
    itself, so `on_sentence` only forwards.
    """

    progressed = Signal(object, float)
    """(stage, fraction); the stage as the operation reported it (a str or a str enum)."""
    sentence_done = Signal(object)

    def __init__(self, token: CancelToken | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.token = token or CancelToken()

    def on_progress(self, stage: str, fraction: float) -> bool:
        """Worker-thread callback: forward (stage, fraction) to the GUI thread."""
        self.progressed.emit(stage, float(fraction))
        return not self.token.cancelled

    def on_sentence(self, sentence: SentenceTranslation) -> None:
        """Worker-thread callback: forward one finished sentence to the GUI thread."""
        self.sentence_done.emit(sentence)
