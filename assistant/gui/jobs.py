"""One shape for every long operation (warm-up, import, get, install, verify, remove,
clear-state): a Job runs its work on the thread that owns what it touches, reports progress,
stops when its token is cancelled, and ends in a JobOutcome.

Which thread owns what (the rule every job follows):

- the inference worker owns the compiled models: warm-up, translation and clear-state run there;
- the models thread is the only owner of the ModelStore: import, get, convert, install,
  remove, trust, verify and every listing run there, and widgets draw the ModelListing it
  publishes. Other threads only read the files of one installed bundle: warm-up verifies the
  bundle it compiles on the inference worker (so it keeps the bytes it hashed), and the
  triage LLM's bundle is verified on the request thread when first needed, into a private
  copy in a fresh staging folder (the store's one write that may come from another thread:
  a new, uniquely named folder);
- the request thread owns the vault while it answers; settings belong to the GUI thread.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from assistant.core.cancel import CancelToken
from assistant.core.errors import AssistantError, CancelledError
from assistant.core.progress import ProgressCallback
from assistant.gui.relay import ProgressRelay

T = TypeVar("T")


@dataclass(frozen=True)
class Job(Generic[T]):
    """One long operation: what it says while it runs, its work, and the thread it runs on."""

    what: str
    work: Callable[[ProgressCallback], T]
    """Runs on `thread`; reports through its progress callback, whose False means stop."""
    thread: Executor


@dataclass(frozen=True)
class JobOutcome(Generic[T]):
    """How a job ended: its result, or the typed error, or cancelled."""

    job: Job[T]
    result: T | None = None
    error: AssistantError | None = None
    cancelled: bool = False

    @property
    def succeeded(self) -> bool:
        """True when the work returned."""
        return self.error is None and not self.cancelled


ProgressSlot = Callable[[Any, float], object]
"""Shows one job's (stage, fraction) on the GUI thread."""


class JobRunner:
    """Runs Jobs from the GUI thread, one shape for all: progress to `show`, cancel through
    the token, typed errors in the outcome. GUI thread only.

    An error that is not an AssistantError is raised to the caller (and so reaches the crash
    dialog), never turned into an outcome. `cancel_all` stops every running job (at exit).
    """

    def __init__(self) -> None:
        self._running: dict[int, CancelToken] = {}

    @property
    def running(self) -> int:
        """How many jobs are running now."""
        return len(self._running)

    async def run(
        self, job: Job[T], token: CancelToken | None = None, show: ProgressSlot | None = None
    ) -> JobOutcome[T]:
        """Run `job` on its thread; `token` (a fresh one when None) cancels it."""
        token = token or CancelToken()
        relay = ProgressRelay(token)
        if show is not None:
            relay.progressed.connect(show)
        self._running[id(job)] = token
        loop = asyncio.get_running_loop()
        outcome: JobOutcome[T]
        try:
            result: Any = await loop.run_in_executor(job.thread, job.work, relay.on_progress)
        except CancelledError as error:
            outcome = JobOutcome(job, error=error, cancelled=True)
        except AssistantError as error:
            outcome = JobOutcome(job, error=error)
        else:
            outcome = JobOutcome(job, result=result)
        finally:
            self._running.pop(id(job), None)
            relay.deleteLater()
        return outcome

    def cancel_all(self) -> None:
        """Ask every running job to stop at its next progress report, keeping what can resume
        (the app is quitting: a download stays for the next Get)."""
        for token in self._running.values():
            token.cancel(keep_partial=True)
