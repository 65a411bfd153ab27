"""The composition root shared by the CLI and the GUI: loads the settings once, opens the
model store and the vault, and builds the one Cascade from them.

The engine and the triage LLM load lazily, on the first request that needs them, so rule and
memory answers never wait for a model. Thread rules: the returned objects are thread-safe,
but the translator must be driven by one thread at a time (the inference worker).
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from assistant.core.cascade import Cascade
from assistant.core.errors import (
    AssistantError,
    CancelledError,
    StateError,
    TriageUnavailableError,
)
from assistant.core.glossary import Glossary
from assistant.core.langid import LanguageIdentifier
from assistant.core.languages import M2M100_LANGUAGES
from assistant.core.progress import ProgressCallback, no_progress
from assistant.core.translation import TranslationOutput, TranslationRequest, Translator
from assistant.core.triage import TriageDecision
from assistant.models.compiled_cache import CompiledCache
from assistant.models.store import InstalledModel, ModelStore
from assistant.models.verify import keeping, verify_bundle
from assistant.paths import AppPaths
from assistant.state.clear_hooks import ClearStateHooks
from assistant.state.glossary_file import GlossaryFile
from assistant.state.settings import Settings
from assistant.state.settings_store import SettingsLoad, SettingsStore
from assistant.state.vault import Vault

if TYPE_CHECKING:
    from assistant.engine.m2m100 import M2M100Runner
    from assistant.engine.report import EngineReport, PlannedDevices

log = logging.getLogger(__name__)


def model_version(model: InstalledModel) -> str:
    """The translation memory's model version: model id and manifest hash."""
    return f"{model.model_id}@{model.manifest.manifest_hash[:12]}"


def warm_up_installed(
    paths: AppPaths,
    store: ModelStore,
    model: InstalledModel,
    settings: Settings,
    on_progress: ProgressCallback = no_progress,
    on_plan: Callable[[PlannedDevices], object] | None = None,
) -> tuple[M2M100Runner, EngineReport]:
    """Verify the installed bundle, compile it into its compiled-blob cache, and preflight.

    The one loader used by the CLI and the GUI, so both share the same compiled blobs.
    Runs on the caller's thread (the inference worker in the GUI). The first stage,
    START_RUNTIME, begins before the runtime is imported, so its time is shown as what it is;
    `on_plan` then hears which devices each part will try, before anything is compiled.
    """
    from assistant.engine.report import PlannedDevices, WarmupStage

    if not on_progress(WarmupStage.START_RUNTIME, 0.0):
        raise CancelledError("Loading the translation model was cancelled.")
    import openvino as ov

    from assistant.engine.devices import DECODER, ENCODER, DeviceInventory, DevicePlan
    from assistant.engine.precision import Precision
    from assistant.engine.warmup import warm_up

    core = ov.Core()
    inventory = DeviceInventory.discover(core)
    preference = settings.device_preference.upper()
    if on_plan is not None:
        plan = DevicePlan.make(inventory, preference)
        on_plan(PlannedDevices(plan.for_part(ENCODER), plan.for_part(DECODER)))

    def verify(progress: ProgressCallback) -> None:
        verify_bundle(model.path, store.trust, progress)  # one bundle; the store is not listed

    return warm_up(
        model.path,
        verify=verify,
        golden=model.manifest.golden,
        cache_dir_for=CompiledCache(paths).dir_for_bundle(core, model.manifest.manifest_hash),
        device_preference=preference,
        precision=Precision.F32 if settings.precision == "f32" else Precision.DEFAULT,
        model_version=model_version(model),
        on_progress=on_progress,
        core=core,
        inventory=inventory,
    )


@dataclass
class LazyTranslator:
    """The installed M2M-100 bundle: verified and warmed up on the first translate call."""

    paths: AppPaths
    store: ModelStore
    model: InstalledModel
    settings: Settings
    on_progress: ProgressCallback = no_progress
    _runner: Translator | None = field(default=None, init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)

    @property
    def model_version(self) -> str:
        return model_version(self.model)

    def supported_languages(self) -> frozenset[str]:
        return M2M100_LANGUAGES

    def load(self) -> Translator:
        """Verify the bundle's signature and hashes, compile (cached), preflight."""
        with self._lock:
            if self._runner is None:
                runner, _report = warm_up_installed(
                    self.paths, self.store, self.model, self.settings, self.on_progress
                )
                self._runner = runner
            return self._runner

    def translate(self, request: TranslationRequest) -> TranslationOutput:
        return self.load().translate(request)


@dataclass
class LazyTriage:
    """The installed triage LLM, verified and loaded on the first free-form request, from a
    private copy of the bytes its verification hashed.

    A failed load is remembered, so later requests do not pay for it again; `close` drops the
    pipeline (clear-state) and forgets the failure. Thread-safe.
    """

    store: ModelStore
    model: InstalledModel
    _llm: Any = field(default=None, init=False)
    _snapshot: Any = field(default=None, init=False)
    """The private copy the pipeline was loaded from (see `engine.triage_snapshot`)."""
    _failure: str | None = field(default=None, init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)

    @property
    def device(self) -> str:
        llm = self._llm
        return str(llm.device) if llm is not None else "CPU"

    @property
    def loaded(self) -> bool:
        """Whether the LLM pipeline is in memory."""
        return self._llm is not None

    def _load(self) -> Any:
        with self._lock:
            if self._failure is not None:
                raise TriageUnavailableError(self._failure)
            if self._llm is None:
                from assistant.engine.triage import TriageLLM
                from assistant.engine.triage_snapshot import TriageSnapshot

                snapshot = TriageSnapshot(self.model.path, self.store.new_staging_dir())
                try:
                    with keeping(snapshot):
                        verify_bundle(self.model.path, self.store.trust)
                    self._llm = TriageLLM(snapshot.entry())
                    snapshot.loaded()
                except AssistantError as error:
                    snapshot.remove()
                    log.warning("triage model unavailable: %s", type(error).__name__)
                    self._failure = error.user_message
                    raise TriageUnavailableError(error.user_message) from error
                self._snapshot = snapshot
            return self._llm

    def triage(self, text: str) -> TriageDecision:
        result: TriageDecision = self._load().triage(text)
        return result

    def close(self) -> None:
        """Finish any chat, drop the pipeline and forget it; the next request loads it again."""
        with self._lock:
            llm, self._llm, self._failure = self._llm, None, None
            snapshot, self._snapshot = self._snapshot, None
        if llm is not None:
            llm.close()
        if snapshot is not None:
            snapshot.remove()


@dataclass
class Services:
    """What a front end needs, each built once: the cascade, the settings it was built with,
    the model store and the vault."""

    cascade: Cascade
    settings: Settings
    """The settings in effect for this run (with any per-run override)."""
    vault: Vault
    store: ModelStore
    loaded_settings: SettingsLoad
    """The settings as saved, and the notice to show when the file had to be repaired."""
    translator: Translator | None
    triage: LazyTriage | None = None

    @property
    def settings_notice(self) -> str | None:
        """Tell the user this once: the settings file was damaged and (partly) reset."""
        return self.loaded_settings.notice


StoreThread = Callable[[Callable[[], Any]], Any]
"""Runs one ModelStore call on the store's owning thread and returns its result."""


def _here(call: Callable[[], Any]) -> Any:
    return call()


TRIAGE_HOOK = "triage model conversation"
"""The clear-state hook that ends the triage chat and drops the LLM."""


def build_services(
    paths: AppPaths,
    *,
    use_triage: bool = True,
    on_progress: ProgressCallback = no_progress,
    identifier: LanguageIdentifier | None = None,
    precision: str | None = None,
    hooks: ClearStateHooks | None = None,
    translator: Translator | None = None,
    on_store_thread: StoreThread | None = None,
) -> Services:
    """Find the installed models, the user's glossary and state, and wire them into a Cascade
    (nothing loads yet).

    `precision` ("default" or "f32") overrides the saved setting for this run only. With
    `hooks`, clear-state also closes the triage LLM when one is installed. `translator`
    replaces the lazily loaded installed bundle (the GUI passes its inference-worker proxy).
    `on_store_thread` runs the store's calls on the thread that owns it (the GUI's models
    thread); by default they run here.
    """
    on_store = on_store_thread or _here
    loaded = SettingsStore(paths.settings_file).load()
    settings = loaded.settings
    if precision is not None:
        settings = dataclasses.replace(settings, precision=precision)
    vault = Vault(paths, settings)
    store = ModelStore(paths)
    on_store(store.recover)
    if translator is None:
        installed = on_store(store.translator)
        if installed is not None:
            translator = LazyTranslator(paths, store, installed, settings, on_progress)
    triage_model = on_store(store.triage) if use_triage else None
    triage = LazyTriage(store, triage_model) if triage_model is not None else None
    if triage is not None and hooks is not None:
        hooks.register(TRIAGE_HOOK, triage.close)
    glossary, notes = _load_glossary(paths)
    cascade = Cascade(
        identifier=identifier or LanguageIdentifier(),
        translator=translator,
        memory=vault.memory,
        triage=triage,
        glossary=glossary,
        default_target=settings.default_target_lang,
        model_version=translator.model_version if translator else None,
        startup_notes=notes,
    )
    return Services(cascade, settings, vault, store, loaded, translator, triage)


def _load_glossary(paths: AppPaths) -> tuple[Glossary, tuple[str, ...]]:
    """The user's glossary, or an empty one plus a note saying why the file was not used."""
    try:
        return GlossaryFile.in_config(paths.config).load(), ()
    except StateError as error:
        log.warning("glossary file not used")
        return Glossary(), (error.user_message,)
