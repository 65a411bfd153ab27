"""The GUI's composition root: settings, model store, vault, cascade and engine host, each
built once (through `build_services`) and gathered into the Backend the shell hands out."""

from __future__ import annotations

import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from assistant.core.languages import M2M100_LANGUAGES
from assistant.core.telemetry import Telemetry
from assistant.gui.backend import Backend
from assistant.gui.cascade_runner import CascadeRunner
from assistant.gui.engine_host import EngineHost
from assistant.gui.engine_loader import EngineLoader
from assistant.gui.jobs import JobRunner
from assistant.gui.model_listing import ModelListing
from assistant.gui.settings_model import SettingsModel
from assistant.gui.worker import InferenceWorker
from assistant.paths import AppPaths
from assistant.services import build_services
from assistant.state.clear_hooks import ClearStateHooks
from assistant.state.clear_state import ClearStateReport, clear_state
from assistant.state.settings_store import SettingsStore

GIL_SWITCH_SECONDS = 0.001
"""How long a thread that wants the interpreter waits for one that runs Python. Python's 5 ms
default made the GUI thread wait that long for every Qt event with a Python slot while the
request thread compiled its patterns or the worker imported the tokenizer: gaps of 40-130 ms
at start-up. The workers' heavy parts (OpenVINO) release the interpreter, so they lose
nothing measurable."""


def build_backend(paths: AppPaths) -> Backend:
    """Every non-widget object of one app run on `paths`. Call on the GUI thread."""
    sys.setswitchinterval(GIL_SWITCH_SECONDS)
    telemetry = Telemetry()
    hooks = ClearStateHooks()
    worker = InferenceWorker(on_queue_wait=telemetry.record_queue_wait)
    jobs = JobRunner()
    engine = EngineHost(worker, jobs)
    models_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="models")

    def on_models_thread(call: Callable[[], Any]) -> Any:
        return models_thread.submit(call).result()

    services = build_services(
        paths, hooks=hooks, translator=engine.translator, on_store_thread=on_models_thread
    )
    settings = SettingsModel(SettingsStore(paths.settings_file), services.loaded_settings)
    vault = services.vault
    listing = ModelListing.read_now(services.store, models_thread, jobs)
    loader = EngineLoader(
        paths, listing, telemetry, hooks, lambda: settings.settings, engine.planned.emit
    )

    def wipe(include_cache: bool) -> ClearStateReport:
        return clear_state(paths, vault=vault, hooks=hooks, include_compiled_cache=include_cache)

    return Backend(
        paths=paths,
        settings=settings,
        listing=listing,
        vault=vault,
        telemetry=telemetry,
        hooks=hooks,
        worker=worker,
        jobs=jobs,
        requests=ThreadPoolExecutor(max_workers=1, thread_name_prefix="requests"),
        models_thread=models_thread,
        engine=engine,
        runner=CascadeRunner(services.cascade, vault, telemetry),
        loader=loader,
        clear_state=wipe,
        languages=M2M100_LANGUAGES,
    )
