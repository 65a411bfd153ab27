"""Turns worker-thread callbacks into Qt signals; the only way engine progress reaches widgets."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Signal

from assistant.core.translation import SentenceTranslation


class CancelToken:
    """A flag the GUI sets and the worker polls. Thread-safe."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        """Ask the running operation to stop at its next check."""
        self._event.set()

    @property
    def cancelled(self) -> bool:
        """True once `cancel` was called."""
        return self._event.is_set()

    def is_cancelled(self) -> bool:
        """The `CancelCheck` form, for the translator."""
        return self._event.is_set()


class ProgressRelay(QObject):
    """Lives on the GUI thread. Its callbacks are called on the worker and emit queued signals.

    `on_progress` and `on_sentence` return False once `token` is cancelled, which asks the
    operation to stop; that is the keep-going convention of `assistant.core.progress`.
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

    def on_sentence(self, sentence: SentenceTranslation) -> bool:
        """Worker-thread callback: forward one finished sentence to the GUI thread."""
        self.sentence_done.emit(sentence)
        return not self.token.cancelled
