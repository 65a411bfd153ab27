"""Starting coroutines from Qt slots without losing their exceptions."""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Callable, Coroutine
from typing import Any

from assistant.core.errors import AssistantError

log = logging.getLogger(__name__)

ErrorSink = Callable[[AssistantError], None]

_running: set[asyncio.Task[Any]] = set()


def spawn(coro: Coroutine[Any, Any, Any], on_error: ErrorSink | None = None) -> asyncio.Task[Any]:
    """Schedule `coro` on the GUI loop. Typed errors go to `on_error`, anything else to the
    crash hook (`sys.excepthook`), so a failure is never silent. Call on the GUI thread."""
    task = asyncio.ensure_future(coro)
    _running.add(task)
    task.add_done_callback(lambda done: _finished(done, on_error))
    return task


def _finished(task: asyncio.Task[Any], on_error: ErrorSink | None) -> None:
    _running.discard(task)
    if task.cancelled():
        return
    error = task.exception()
    if error is None:
        return
    if isinstance(error, AssistantError) and on_error is not None:
        log.info("%s: %s", type(error).__name__, error.user_message)
        on_error(error)
        return
    sys.excepthook(type(error), error, error.__traceback__)
