"""What the window's controllers are handed: every non-widget object of one app run, built
once by `build_backend` (the GUI's composition root)."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass

from assistant.core.telemetry import Telemetry
from assistant.gui.cascade_runner import CascadeRunner
from assistant.gui.engine_host import EngineHost, EngineLoader
from assistant.gui.jobs import JobRunner
from assistant.gui.model_listing import ModelListing
from assistant.gui.settings_model import SettingsModel
from assistant.gui.worker import InferenceWorker
from assistant.paths import AppPaths
from assistant.state.clear_hooks import ClearStateHooks
from assistant.state.clear_state import ClearStateReport
from assistant.state.vault import Vault


@dataclass
class Backend:
    """The app's objects for one run. Thread rules:

    - `settings`, `engine`: GUI thread (the engine hands model calls to `worker`);
    - `worker`: the one inference thread; owns the compiled models and runs the wipe;
    - `requests`: the request thread; `runner` answers one Request at a time on it;
    - `models_thread`: the one thread that owns the ModelStore (`listing.store`): every
      import, get, install, remove, verify and listing runs there; see `assistant.gui.jobs`
      for the whole rule.
    """

    paths: AppPaths
    settings: SettingsModel
    listing: ModelListing
    """The installed models as last listed on `models_thread`, and the store itself."""
    vault: Vault
    telemetry: Telemetry
    hooks: ClearStateHooks
    """Where in-memory state (kept clipboard text, decoder state) registers for clear-state."""
    worker: InferenceWorker
    jobs: JobRunner
    """Runs every long operation (warm-up, model store jobs, Get, clear-state)."""
    requests: Executor
    models_thread: Executor
    engine: EngineHost
    runner: CascadeRunner
    loader: EngineLoader
    """Verifies and warms up the installed translator (inference worker)."""
    clear_state: Callable[[bool], ClearStateReport]
    """Wipes user state; the argument says whether to drop the compiled-blob cache too."""
    languages: frozenset[str]
    """Language codes for the pickers."""
