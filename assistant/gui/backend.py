"""What the window talks to: the cascade runner, the engine loader, the model store, telemetry
and clear-state, gathered from the app's composition root."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from assistant.core.telemetry import Telemetry
from assistant.core.translation import Translator
from assistant.gui.engine_host import EngineLoader
from assistant.gui.translate_controller import RequestRunner
from assistant.models.store import ModelStore
from assistant.paths import AppPaths
from assistant.state.clear_hooks import ClearStateHooks
from assistant.state.vault import Vault


@dataclass
class Backend:
    """The non-Qt services the GUI uses. Built once per app run by `build_backend`."""

    paths: AppPaths
    make_runner: Callable[[Translator], RequestRunner]
    """Builds the cascade around the GUI's translator proxy; the runner answers a Request
    on the request thread."""
    loader: EngineLoader
    """Verifies and warms up the installed translator (inference worker)."""
    store: ModelStore
    telemetry: Telemetry
    languages: frozenset[str]
    """Language codes for the pickers."""
    clear_state: Callable[[bool], object] | None = None
    """Wipes user state; the argument says whether to drop the compiled-blob cache too."""
    hooks: ClearStateHooks | None = None
    """Where the GUI registers its own in-memory state (kept clipboard text) for clear-state."""
    vault: Vault | None = None
    """History and translation memory; told about settings changes."""
