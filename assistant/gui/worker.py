"""The one inference thread: it owns every compiled model; the UI awaits it and never blocks."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import os
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
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


class InferenceWorker:
    """A single-thread executor for model work (warm-up, translation, model store writes).

    Call `run` from coroutines on the GUI thread. The callable runs on the worker thread and
    must not touch widgets; it reports back through `relay` signals or its return value.
    """

    def __init__(self, on_queue_wait: Callable[[float], None] | None = None) -> None:
        self._executor = ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="inference", initializer=_lower_priority
        )
        self._queued = 0
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

    @property
    def busy(self) -> bool:
        """True while a job runs or waits on the worker."""
        return self._queued > 0

    async def run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run `fn(*args, **kwargs)` on the worker thread and await its result."""
        loop = asyncio.get_running_loop()
        job = functools.partial(self._timed(fn), *args, **kwargs)
        self._queued += 1
        try:
            return await loop.run_in_executor(self._executor, job)
        finally:
            self._queued -= 1

    def submit(self, fn: Callable[..., T], *args: Any) -> Future[T]:
        """Queue `fn(*args)` from a thread other than the worker (e.g. the request thread)."""
        return self._executor.submit(self._timed(fn), *args)

    def shutdown(self) -> None:
        """Drop queued jobs and let the running one finish in the background."""
        self._executor.shutdown(wait=False, cancel_futures=True)
