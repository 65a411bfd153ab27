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

    def cancel(self) -> None:
        """Ask the running operation to stop at its next check."""
        self._event.set()

    @property
    def cancelled(self) -> bool:
        """True once `cancel` was called."""
        return self._event.is_set()

    def is_cancelled(self) -> bool:
        """The `CancelCheck` form of `cancelled`, for loops that poll a callable."""
        return self._event.is_set()
