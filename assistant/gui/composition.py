"""Builds the GUI's Backend from the real layers: model store, engine warm-up, cascade, state."""

from __future__ import annotations

import logging
import threading

from assistant.core.errors import ModelNotInstalledError
from assistant.core.languages import M2M100_LANGUAGES
from assistant.core.progress import ProgressCallback
from assistant.core.telemetry import Telemetry
from assistant.core.translation import Translator
from assistant.gui.backend import Backend
from assistant.gui.engine_host import LoadedEngine
from assistant.models.store import ModelStore
from assistant.paths import AppPaths
from assistant.services import build_services, model_version, warm_up_installed
from assistant.state.clear_hooks import ClearStateHooks
from assistant.state.clear_state import ClearStateReport, clear_state
from assistant.state.settings_store import SettingsStore

log = logging.getLogger(__name__)

DECODER_HOOK = "decoder state and caches"


class EngineLoader:
    """Loads the installed translator: verify, compile (cached per OpenVINO version, device,
    driver and manifest hash), preflight. Called on the inference worker."""

    def __init__(
        self, paths: AppPaths, store: ModelStore, telemetry: Telemetry, hooks: ClearStateHooks
    ) -> None:
        self.paths = paths
        self.store = store
        self.telemetry = telemetry
        self.hooks = hooks
        self._lock = threading.Lock()
        self.loaded: LoadedEngine | None = None

    def installed_version(self) -> str:
        """The installed translator's version for memory keys ("" when none)."""
        model = self.store.translator()
        return model_version(model) if model is not None else ""

    def __call__(self, on_progress: ProgressCallback) -> LoadedEngine:
        # Drop the previous runner first, so a removed model's memory is not kept alive.
        self.loaded = None
        self.hooks.unregister(DECODER_HOOK)
        settings = SettingsStore(self.paths.settings_file).load().settings
        model = self.store.translator()
        if model is None:
            raise ModelNotInstalledError(
                "No translation model is installed. Open Models… (Ctrl+M) and import a bundle."
            )
        runner, report = warm_up_installed(self.paths, self.store, model, settings, on_progress)
        for record in report.compiles:
            self.telemetry.record_compile(record)
        for fallback in report.fallbacks:
            self.telemetry.record_fallback(fallback)
        self.hooks.register(DECODER_HOOK, runner.reset)
        engine = LoadedEngine(
            translator=runner,
            devices=runner.devices(),
            fallbacks=[f"{f.part} → {f.to_device}: {f.reason}" for f in report.fallbacks],
        )
        self.loaded = engine
        return engine


def build_backend(paths: AppPaths) -> Backend:
    """The real backend for `paths`."""
    from assistant.gui.cascade_runner import CascadeRunner

    store = ModelStore(paths)
    telemetry = Telemetry()
    hooks = ClearStateHooks()
    loader = EngineLoader(paths, store, telemetry, hooks)
    services = build_services(paths, hooks=hooks)
    vault = services.vault

    def make_runner(translator: Translator) -> CascadeRunner:
        return CascadeRunner(services.cascade, translator, vault, telemetry)

    def wipe(include_cache: bool) -> ClearStateReport:
        return clear_state(paths, vault=vault, hooks=hooks, include_compiled_cache=include_cache)

    return Backend(
        paths=paths,
        make_runner=make_runner,
        loader=loader,
        store=store,
        telemetry=telemetry,
        languages=M2M100_LANGUAGES,
        clear_state=wipe,
        hooks=hooks,
        vault=vault,
    )
