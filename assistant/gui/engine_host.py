"""Owns the translation model on the inference worker: warm-up, readiness and the translator
proxy the cascade calls from its request thread."""

from __future__ import annotations

import gc
import logging
import sys
import threading
from dataclasses import dataclass, field
from typing import Protocol

from PySide6.QtCore import QObject, Signal

from assistant.core.cancel import CancelToken
from assistant.core.errors import (
    AssistantError,
    CancelledError,
    EngineError,
    ModelNotInstalledError,
)
from assistant.core.progress import ProgressCallback
from assistant.core.telemetry import Fallback
from assistant.core.translation import TranslationOutput, TranslationRequest, Translator
from assistant.engine.report import WarmupStage
from assistant.gui.jobs import Job, JobRunner
from assistant.gui.status_strip import ModelState, ModelStatus
from assistant.gui.tasks import spawn
from assistant.gui.worker import InferenceWorker

log = logging.getLogger(__name__)

MODEL_NAME = "M2M-100"
READY_POLL_SECONDS = 0.05


@dataclass
class LoadedEngine:
    """A warmed-up translator and where its parts ended up."""

    translator: Translator
    devices: dict[str, str] = field(default_factory=dict)
    fallbacks: tuple[Fallback, ...] = ()
    """One record per part that could not run where planned, as the engine reported it."""
    decoder_precision: str = ""
    """The CPU decoder's precision and why ("f32: the CPU has no bf16"); "" when unknown."""


STAGE_STATES = {
    WarmupStage.START_RUNTIME: ModelState.LOADING,
    WarmupStage.VERIFY: ModelState.VERIFYING,
    WarmupStage.LOAD_TOKENIZER: ModelState.LOADING,
    WarmupStage.COMPILE_ENCODER: ModelState.COMPILING,
    WarmupStage.LOAD_DECODER: ModelState.LOADING,
    WarmupStage.PREFLIGHT: ModelState.LOADING,
}


class EngineLoader(Protocol):
    """Verifies, compiles and preflights the installed model."""

    def __call__(self, on_progress: ProgressCallback) -> LoadedEngine:
        """Load it; runs on the inference worker. Raises ModelNotInstalledError when there
        is nothing to load."""
        ...

    def installed_version(self) -> str:
        """The installed translator's model version ("" when none); cheap, any thread."""
        ...


class EngineHost(QObject):
    """The GUI's handle on the engine. Lives on the GUI thread; `translator` is called from
    the request thread and hands the model call to the inference worker."""

    status_changed = Signal(object)
    progressed = Signal(object, float)
    """(WarmupStage, fraction) of the running warm-up."""
    ready = Signal()
    failed = Signal(str)
    waiting = Signal(bool)
    planned = Signal(object)
    """The warm-up's PlannedDevices, before it compiles; emitted from the worker, queued."""

    def __init__(
        self, worker: InferenceWorker, jobs: JobRunner, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.worker = worker
        self.jobs = jobs
        self.engine: LoadedEngine | None = None
        self.problem: AssistantError | None = None
        self._settled = threading.Event()
        self.translator = WorkerTranslator(self)
        self.status = ModelStatus(MODEL_NAME, ModelState.NOT_INSTALLED)
        self.expected_version = ""
        """The version the warm-up will load, so memory answers work before it ends."""
        self._generation = 0
        """Counts starts and unloads; a warm-up that finishes after a newer one began (or
        after an unload) is dropped."""

    @property
    def is_ready(self) -> bool:
        """True once a translator is loaded."""
        return self.engine is not None

    def start(self, loader: EngineLoader) -> None:
        """Begin warm-up on the worker (GUI thread). Earlier engines are dropped."""
        self._generation += 1
        self.engine = None
        self.problem = None
        self.expected_version = loader.installed_version()
        self._settled.clear()
        self._set_status(ModelStatus(MODEL_NAME, ModelState.LOADING))
        spawn(self._warm_up(loader, self._generation))

    def unload(self) -> None:
        """Forget the loaded engine (model installed, replaced or removed); a warm-up still
        running is dropped when it ends."""
        self._generation += 1
        self.engine = None
        self.problem = ModelNotInstalledError(
            "The translation model was unloaded. Open Models… to install or reload one."
        )
        self._settled.set()

    async def _warm_up(self, loader: EngineLoader, generation: int) -> None:
        job = Job("Loading the translation model", loader, self.worker)

        def show(stage: object, fraction: float) -> None:
            if generation == self._generation and isinstance(stage, WarmupStage):
                self._on_progressed(stage, fraction)

        try:
            outcome = await self.jobs.run(job, show=show)
        except Exception as error:  # untyped: still settle, then the crash hook
            if generation == self._generation:
                self._on_warm_up_failed(error)
            return
        if generation != self._generation:
            log.info("dropped a warm-up that a newer start or an unload replaced")
            return
        if outcome.error is not None:
            self._on_warm_up_failed(outcome.error)
            return
        engine = outcome.result
        assert engine is not None
        devices = tuple(engine.devices.items())
        if engine.fallbacks:
            status = ModelStatus(
                MODEL_NAME, ModelState.FELL_BACK, devices, fallbacks=engine.fallbacks
            )
        else:
            status = ModelStatus(MODEL_NAME, ModelState.READY, devices)
        self._settle(engine, None, status)
        # Warm-up imported the runtime and tokenizer: move those objects out of the cycle
        # collector's reach, so a full collection never stalls the UI for 100+ ms.
        gc.freeze()
        self.ready.emit()

    def _on_warm_up_failed(self, error: Exception) -> None:
        if isinstance(error, ModelNotInstalledError):
            self._settle(None, error, ModelStatus(MODEL_NAME, ModelState.NOT_INSTALLED))
            self.failed.emit(error.user_message)
        elif isinstance(error, AssistantError):
            self._fail(error)
        else:
            # Settle first so waiting requests end; the crash hook gets the full report.
            self._fail(
                EngineError(
                    f"The translation model could not be loaded ({type(error).__name__}). "
                    "Restart the app; if this happens again, reinstall the model from Models… "
                    "and send the crash report."
                )
            )
            sys.excepthook(type(error), error, error.__traceback__)

    def _fail(self, error: AssistantError) -> None:
        status = ModelStatus(MODEL_NAME, ModelState.FAILED, reason=error.user_message)
        self._settle(None, error, status)
        self.failed.emit(error.user_message)

    def _settle(
        self, engine: LoadedEngine | None, problem: AssistantError | None, status: ModelStatus
    ) -> None:
        self.engine = engine
        self.problem = problem
        self._settled.set()
        self._set_status(status)

    def _set_status(self, status: ModelStatus) -> None:
        self.status = status
        self.status_changed.emit(status)

    def _on_progressed(self, stage: WarmupStage, fraction: float) -> None:
        state = STAGE_STATES.get(stage)
        if state is not None and self.status.state is not state:
            self._set_status(ModelStatus(MODEL_NAME, state))
        self.progressed.emit(stage, fraction)

    def wait_until_settled(self, cancel: CancelToken) -> LoadedEngine:
        """Block the calling (request) thread until warm-up ends. Never call on the GUI thread."""
        if not self._settled.is_set():
            self.waiting.emit(True)
            try:
                while not self._settled.wait(READY_POLL_SECONDS):
                    if cancel.cancelled:
                        raise CancelledError("Cancelled while waiting for the model.")
            finally:
                self.waiting.emit(False)
        if self.engine is None:
            raise self.problem or ModelNotInstalledError(
                "No translation model is installed. Open Models… to install one."
            )
        return self.engine


class WorkerTranslator:
    """A `Translator` for the cascade: waits for warm-up, then runs on the inference worker."""

    def __init__(self, host: EngineHost) -> None:
        self._host = host

    @property
    def model_version(self) -> str:
        """The loaded model's version, or the one being loaded during warm-up."""
        engine = self._host.engine
        return engine.translator.model_version if engine else self._host.expected_version

    def supported_languages(self) -> frozenset[str]:
        """The loaded model's languages (empty before warm-up ends)."""
        engine = self._host.engine
        return engine.translator.supported_languages() if engine else frozenset()

    def translate(self, request: TranslationRequest) -> TranslationOutput:
        """Called on the request thread: wait for the model, then translate on the worker."""
        engine = self._host.wait_until_settled(request.cancel)
        return self._host.worker.submit(engine.translator.translate, request).result()
