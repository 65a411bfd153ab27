"""One request in flight: the Request and its one cancellation channel."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from assistant.core.request import Request
from assistant.core.result import Result
from assistant.core.translation import SentenceTranslation
from assistant.gui.relay import CancelToken


@dataclass
class RequestCall:
    """What a controller hands the request thread. `token` is the only way to cancel it;
    `on_sentence` (called on the request or inference thread) forwards finished sentences,
    e.g. to a ProgressRelay signal."""

    request: Request
    token: CancelToken = field(default_factory=CancelToken)
    on_sentence: Callable[[SentenceTranslation], object] | None = None

    def sentence_done(self, sentence: SentenceTranslation) -> bool:
        """The cascade's sentence callback: forward it; False once cancelled."""
        if self.on_sentence is not None:
            self.on_sentence(sentence)
        return not self.token.cancelled

    def is_cancelled(self) -> bool:
        """The cascade's cancel check."""
        return self.token.cancelled


RequestRunner = Callable[[RequestCall], Result]
"""Answers one call through the cascade. Runs on the request thread, never the GUI's."""
