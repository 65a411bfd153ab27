"""One request in flight: the Request and its one cancellation channel."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from assistant.core.cancel import CancelToken
from assistant.core.request import Request
from assistant.core.result import Result
from assistant.core.translation import SentenceCallback


@dataclass
class RequestCall:
    """What a controller hands the request thread. `token` is the only way to cancel it;
    `on_sentence` (called on the request or inference thread) forwards finished sentences,
    e.g. to a ProgressRelay signal."""

    request: Request
    token: CancelToken = field(default_factory=CancelToken)
    on_sentence: SentenceCallback | None = None


RequestRunner = Callable[[RequestCall], Result]
"""Answers one call through the cascade. Runs on the request thread, never the GUI's."""
