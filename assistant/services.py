"""The composition root shared by the CLI and the GUI: builds a Cascade from the installed
models, the settings and the encrypted translation memory.

The engine and the triage LLM load lazily, on the first request that needs them, so rule and
memory answers never wait for a model. Thread rules: the returned objects are thread-safe,
but the translator must be driven by one thread at a time (the inference worker).
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.core.cascade import Cascade
from assistant.core.langid import LanguageIdentifier
from assistant.core.languages import M2M100_LANGUAGES
from assistant.core.progress import ProgressCallback, no_progress
from assistant.core.translation import (
    CancelCheck,
    SentenceCallback,
    TranslationOptions,
    TranslationOutput,
    Translator,
)
from assistant.core.triage import TriageDecision
from assistant.models.store import InstalledModel, ModelStore
from assistant.paths import AppPaths
from assistant.state.settings import Settings
from assistant.state.settings_store import SettingsStore
from assistant.state.vault import Vault

log = logging.getLogger(__name__)


def model_version(model: InstalledModel) -> str:
    """The translation memory's model version: model id and manifest hash."""
    return f"{model.model_id}@{model.manifest.manifest_hash[:12]}"


@dataclass
class LazyTranslator:
    """The installed M2M-100 bundle: verified and warmed up on the first translate call."""

    paths: AppPaths
    store: ModelStore
    model: InstalledModel
    device_preference: str = "AUTO"
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
                self._runner = self._warm_up()
            return self._runner

    def _warm_up(self) -> Translator:
        import openvino as ov

        from assistant.engine.warmup import warm_up

        manifest_hash = self.model.manifest.manifest_hash
        version = ov.get_version().split("-")[0]

        def cache_dir_for(device: str) -> Path:
            return self.paths.compiled_cache / f"ov{version}-{device}-{manifest_hash[:16]}"

        def verify(progress: ProgressCallback) -> None:
            self.store.verify(self.model.model_id, lambda _s, f: progress("verify", f))

        runner, _report = warm_up(
            self.model.path,
            verify=verify,
            golden=self.model.manifest.golden,
            cache_dir_for=cache_dir_for,
            device_preference=self.device_preference,
            model_version=self.model_version,
            on_progress=self.on_progress,
        )
        return runner

    def translate(
        self,
        text: str,
        source_lang: str,
        target_lang: str,
        options: TranslationOptions,
        on_sentence: SentenceCallback | None = None,
        is_cancelled: CancelCheck | None = None,
    ) -> TranslationOutput:
        runner = self.load()
        return runner.translate(text, source_lang, target_lang, options, on_sentence, is_cancelled)


@dataclass
class LazyTriage:
    """The installed triage LLM, verified and loaded on the first free-form request."""

    store: ModelStore
    model: InstalledModel
    _llm: Any = field(default=None, init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)

    @property
    def device(self) -> str:
        return str(self._llm.device) if self._llm is not None else "CPU"

    def triage(self, text: str) -> TriageDecision:
        with self._lock:
            if self._llm is None:
                from assistant.engine.triage import TriageLLM
                from assistant.models.triage import triage_entry

                self.store.verify(self.model.model_id)
                self._llm = TriageLLM(triage_entry(self.model.path, self.model.manifest))
        result: TriageDecision = self._llm.triage(text)
        return result


@dataclass
class Services:
    """What a front end needs: the cascade, the settings it was built with, and the vault."""

    cascade: Cascade
    settings: Settings
    vault: Vault
    translator: LazyTranslator | None


def build_services(
    paths: AppPaths,
    *,
    use_triage: bool = True,
    on_progress: ProgressCallback = no_progress,
    identifier: LanguageIdentifier | None = None,
) -> Services:
    """Find the installed models and state, and wire them into a Cascade (nothing loads yet)."""
    settings = SettingsStore(paths.settings_file).load().settings
    vault = Vault(paths, settings)
    store = ModelStore(paths)
    store.recover()
    installed = store.translator()
    translator = None
    if installed is not None:
        preference = settings.device_preference.upper()
        translator = LazyTranslator(paths, store, installed, preference, on_progress)
    triage_model = store.triage() if use_triage else None
    cascade = Cascade(
        identifier=identifier or LanguageIdentifier(),
        translator=translator,
        memory=vault.memory,
        triage=LazyTriage(store, triage_model) if triage_model is not None else None,
        default_target=settings.default_target_lang,
        model_version=translator.model_version if translator else None,
    )
    return Services(cascade, settings, vault, translator)
