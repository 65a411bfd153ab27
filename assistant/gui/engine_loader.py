"""Loads the installed translator for the engine host: verify, compile, preflight."""

from __future__ import annotations

import logging
from collections.abc import Callable

from assistant.core.errors import ModelNotInstalledError
from assistant.core.progress import ProgressCallback
from assistant.core.telemetry import Telemetry
from assistant.engine.report import PlannedDevices
from assistant.gui.engine_host import LoadedEngine
from assistant.gui.model_listing import ModelListing
from assistant.paths import AppPaths
from assistant.services import model_version, warm_up_installed
from assistant.state.clear_hooks import ClearStateHooks
from assistant.state.settings import Settings

log = logging.getLogger(__name__)

DECODER_HOOK = "decoder state and caches"


class EngineLoader:
    """Loads the installed translator: verify, compile (cached per OpenVINO version, device,
    driver and manifest hash), preflight. Called on the inference worker.

    The model it loads is the one the last listing names (read on the models thread); warm-up
    verifies that bundle here and compiles the bytes it hashed. `current_settings` gives the
    settings in effect now (device, precision); it is read, never written, from the worker."""

    def __init__(
        self,
        paths: AppPaths,
        listing: ModelListing,
        telemetry: Telemetry,
        hooks: ClearStateHooks,
        current_settings: Callable[[], Settings],
        on_plan: Callable[[PlannedDevices], object] | None = None,
    ) -> None:
        self.paths = paths
        self.listing = listing
        self.telemetry = telemetry
        self.hooks = hooks
        self.current_settings = current_settings
        self.on_plan = on_plan
        """Hears each warm-up's device plan (on the worker; e.g. a queued signal's emit)."""
        self.loaded: LoadedEngine | None = None

    def installed_version(self) -> str:
        """The installed translator's version for memory keys ("" when none)."""
        model = self.listing.translator()
        return model_version(model) if model is not None else ""

    def __call__(self, on_progress: ProgressCallback) -> LoadedEngine:
        # Drop the previous runner first, so a removed model's memory is not kept alive.
        self.loaded = None
        self.hooks.unregister(DECODER_HOOK)
        model = self.listing.translator()
        if model is None:
            raise ModelNotInstalledError(
                "No translation model is installed. Open Models… (Ctrl+M) and import a bundle."
            )
        settings = self.current_settings()
        store = self.listing.store
        runner, report = warm_up_installed(
            self.paths, store, model, settings, on_progress, self.on_plan
        )
        for record in report.compiles:
            self.telemetry.record_compile(record)
        for fallback in report.fallbacks:
            self.telemetry.record_fallback(fallback)
        self.hooks.register(DECODER_HOOK, runner.reset)
        engine = LoadedEngine(
            translator=runner,
            devices=runner.devices(),
            fallbacks=tuple(report.fallbacks),
            decoder_precision=report.decoder_precision.reason if report.decoder_precision else "",
        )
        self.loaded = engine
        return engine
