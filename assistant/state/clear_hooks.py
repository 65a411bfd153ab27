"""In-memory state owned by other layers, registered so that clear-state can wipe it.

The engine wiring registers e.g. "decoder state and caches", the services "triage model
conversation", the GUI "kept clipboard text". State never imports them. Thread-safe.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

log = logging.getLogger(__name__)

ClearHook = Callable[[], None]
"""Wipes one piece of in-memory state; raising means it could not be wiped."""


@dataclass(frozen=True)
class HookOutcome:
    """What running the hooks did: the names wiped, and the failures with their reasons."""

    cleared: tuple[str, ...]
    failed: tuple[str, ...]


class ClearStateHooks:
    """A registry of named wipe callbacks."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._hooks: dict[str, ClearHook] = {}

    def register(self, name: str, hook: ClearHook) -> None:
        """Run `hook` on clear-state; `name` is what the report shows ("kept clipboard text")."""
        with self._lock:
            self._hooks[name] = hook

    def unregister(self, name: str) -> None:
        """Forget a hook (e.g. when its model is unloaded)."""
        with self._lock:
            self._hooks.pop(name, None)

    def names(self) -> tuple[str, ...]:
        """Registered hook names, in registration order."""
        with self._lock:
            return tuple(self._hooks)

    def run_all(self) -> HookOutcome:
        """Run every hook; one failing does not stop the others."""
        with self._lock:
            hooks = list(self._hooks.items())
        cleared: list[str] = []
        failed: list[str] = []
        for name, hook in hooks:
            try:
                hook()
            except Exception as error:
                log.warning("clear-state hook %r failed: %s", name, type(error).__name__)
                failed.append(f"{name}: {error}")
            else:
                cleared.append(name)
        return HookOutcome(tuple(cleared), tuple(failed))
