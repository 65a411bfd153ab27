"""The one cancellation channel: whoever started an operation cancels it, the worker checks."""

from __future__ import annotations

import threading


class CancelToken:
    """A flag set once by the caller (any thread) and checked by the worker. Thread-safe.

    `is_cancelled` is the poll the decode loops call between steps; `cancelled` reads the same
    flag. A token is never reset: each operation gets a fresh one.
    """

    def __init__(self) -> None:
        self._event = threading.Event()
        self._keep_partial = False

    def cancel(self, *, keep_partial: bool = False) -> None:
        """Ask the running operation to stop at its next check. `keep_partial`: the user is
        leaving (the app quits), not discarding, so work that can resume later is kept."""
        self._keep_partial = keep_partial
        self._event.set()

    def keeps_partial(self) -> bool:
        """True when the operation was cancelled with `keep_partial` (checked after it stops)."""
        return self._event.is_set() and self._keep_partial

    @property
    def cancelled(self) -> bool:
        """True once `cancel` was called."""
        return self._event.is_set()

    def is_cancelled(self) -> bool:
        """The `CancelCheck` form of `cancelled`, for loops that poll a callable."""
        return self._event.is_set()
