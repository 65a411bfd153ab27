"""The one inference thread: it owns every compiled model; the UI awaits it and never blocks."""

from __future__ import annotations

import contextlib
import os
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")

WORKER_NICENESS = 5
"""How much lower than the UI the inference thread (and the runtime threads it starts) runs."""


def _lower_priority() -> None:
    """Run on the worker thread at start: model work yields the CPU to the UI thread.

    Linux applies niceness per thread, and threads the runtime creates from this one inherit
    it. Elsewhere this does nothing."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), WORKER_NICENESS)


class InferenceWorker(Executor):
    """A single-thread executor for model work (warm-up, translation, clear-state).

    GUI code runs jobs on it through the JobRunner; the request thread submits translations.
    The callable runs on the worker thread and must not touch widgets; it reports back through
    relay signals or its return value.
    """

    def __init__(self, on_queue_wait: Callable[[float], None] | None = None) -> None:
        self._executor = ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="inference", initializer=_lower_priority
        )
        self._on_queue_wait = on_queue_wait
        self.last_queue_wait_ms = 0.0

    def _timed(self, fn: Callable[..., T]) -> Callable[..., T]:
        """`fn`, noting how long it waited in the queue before it started (telemetry)."""
        submitted = time.perf_counter()

        def job(*args: Any, **kwargs: Any) -> T:
            self.last_queue_wait_ms = (time.perf_counter() - submitted) * 1000
            if self._on_queue_wait is not None:
                self._on_queue_wait(self.last_queue_wait_ms)
            return fn(*args, **kwargs)

        return job

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        """Queue `fn(*args, **kwargs)` on the worker thread, from any thread."""
        return self._executor.submit(self._timed(fn), *args, **kwargs)

    def shutdown(self, wait: bool = False, *, cancel_futures: bool = True) -> None:
        """Drop queued jobs and, unless `wait`, let the running one finish in the background."""
        self._executor.shutdown(wait=wait, cancel_futures=cancel_futures)
