"""The GUI's composition: window, controllers, engine host, dialogs and tray, wired together."""

from __future__ import annotations

import gc
import logging
from concurrent.futures import ThreadPoolExecutor

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication

from assistant.core.glossary import Glossary
from assistant.diagnostics import TELEMETRY_FILE
from assistant.gui.backend import Backend
from assistant.gui.clear_state import ClearStateController
from assistant.gui.diagnostics_view import DiagnosticsController
from assistant.gui.engine_host import EngineHost
from assistant.gui.history_status import HistoryStatusController
from assistant.gui.launch_timer import ms_since_start
from assistant.gui.main_window import MainWindow
from assistant.gui.model_getter import ModelGetter
from assistant.gui.model_manager import ModelManager
from assistant.gui.settings_dialog import SettingsController
from assistant.gui.settings_model import SettingsModel
from assistant.gui.status_strip import ModelState, ModelStatus
from assistant.gui.translate_controller import TranslateController
from assistant.gui.tray import TrayController
from assistant.gui.view_menu import ViewMenu
from assistant.gui.worker import InferenceWorker
from assistant.state.glossary_file import GlossaryFile
from assistant.state.settings import Settings
from assistant.state.settings_store import SettingsStore

log = logging.getLogger(__name__)


class AppShell(QObject):
    """Owns every GUI object for one app run. GUI thread only.

    `tray_available` is the one boundary the tests inject (there is no tray offscreen).
    """

    def __init__(self, backend: Backend, tray_available: bool) -> None:
        super().__init__()
        self.backend = backend
        self.worker = InferenceWorker(on_queue_wait=backend.telemetry.record_queue_wait)
        self.requests = ThreadPoolExecutor(max_workers=1, thread_name_prefix="requests")
        self.models_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="models")
        self.settings = SettingsModel(SettingsStore(backend.paths.settings_file), self)
        self.window = MainWindow()
        self.window.languages.set_languages(backend.languages)
        current = self.settings.settings
        self.window.languages.set_pair(
            None if current.last_source_lang == "auto" else current.last_source_lang,
            current.last_target_lang or current.default_target_lang,
        )
        self.engine = EngineHost(self.worker, self)
        self.runner = backend.make_runner(self.engine.translator)
        self.translate = TranslateController(self.window, self.runner, self.requests, self.settings)
        self.getter = ModelGetter(backend.paths, backend.store, self.models_thread, self)
        self.models = ModelManager(
            backend.paths, backend.store, self.models_thread, self.getter, self.window
        )
        self.clear_state = ClearStateController(self.window, backend, self.engine, self.translate)
        self.diagnostics = DiagnosticsController(
            self.window, backend, self.engine, self.models_thread
        )
        self.settings_dialog = SettingsController(self.window, self.settings)
        self.tray = TrayController(self, tray_available)
        self.clear_state.popup = self.tray.popup
        self.history: HistoryStatusController | None = None
        if backend.vault is not None:
            self.history = HistoryStatusController(
                backend.vault, self.window.status_strip, self.window.errors, self.requests
            )
            self.settings_dialog.describe_history = self._describe_history
        self.views = ViewMenu(
            self.window,
            backend.vault,
            self.requests,
            GlossaryFile.in_config(backend.paths.config),
            backend.store,
            self._on_glossary_saved,
            backend.hooks,
        )
        self.launch_ms: float | None = None
        if backend.hooks is not None:
            backend.hooks.register("kept clipboard text", self.clear_state.kept_texts.clear)
        self._wire()
        if self.settings.notice:
            self.window.errors.show_message(self.settings.notice)

    def _wire(self) -> None:
        w = self.window
        self.engine.relay.progressed.connect(w.cold_start.on_progress)
        self.engine.status_changed.connect(self._on_engine_status_changed)
        self.engine.failed.connect(self._on_engine_failed)
        self.engine.ready.connect(self._on_engine_ready)
        self.engine.waiting.connect(self._on_engine_waiting)
        w.status_strip.install_requested.connect(lambda _name: self.models.open())
        w.models_action.triggered.connect(self.models.open)
        w.diagnostics_action.triggered.connect(self.diagnostics.open)
        w.settings_action.triggered.connect(self.settings_dialog.open)
        w.clear_state_action.triggered.connect(self.clear_state.ask)
        w.clear_state_button.clicked.connect(self.clear_state.ask)
        w.quit_action.triggered.connect(self.quit)
        self.models.models_changed.connect(self._on_models_changed)
        self.getter.models_changed.connect(self._on_models_changed)
        self.getter.attach(w.cold_start.catalogue)
        self.settings.changed.connect(self._on_settings_changed)
        w.closeEvent = self._on_window_close  # type: ignore[method-assign]

    def show(self, minimized: bool = False) -> None:
        """Show the window at once, then start warming up the model on the worker.

        With `minimized` and a tray, only the tray icon appears (start at login)."""
        if minimized and self.tray.available:
            log.info("started in the tray")
        else:
            self.window.show()
            self.window.raise_()
            QTimer.singleShot(0, self._on_shown)
        self.start_engine()
        if self.history is not None:
            self.history.refresh()

    def on_command(self, command: str) -> None:
        """A command from a later launch (see single_instance): show, or translate clipboard."""
        if command == "translate-clipboard":
            self.tray.translate_clipboard()
        else:
            self.tray.show_window()

    def start_engine(self) -> None:
        """(Re)start warm-up of the installed translator."""
        self.window.cold_start.reset()
        self.window.cold_start.show()
        self.engine.start(self.backend.loader)

    def quit(self) -> None:
        """Leave the app (the tray's Quit and the menu's Quit)."""
        self.tray.hide()
        self.window.hide()
        app = QApplication.instance()
        if app is not None:
            app.quit()

    def shutdown(self) -> None:
        """Save telemetry for `assistant doctor`, cancel a running Get, then stop the threads; a
        running model call finishes in the background."""
        try:
            self.backend.telemetry.save(self.backend.paths.cache / TELEMETRY_FILE)
        except OSError as error:
            log.warning("telemetry not saved: %s", error.strerror)
        self.getter.cancel()  # the models thread is joined at exit; a download would hold it
        self.requests.shutdown(wait=False, cancel_futures=True)
        self.models_thread.shutdown(wait=False, cancel_futures=True)
        self.worker.shutdown()

    def _on_shown(self) -> None:
        gc.freeze()  # start-up objects live for the whole run; keep full collections short
        self.launch_ms = ms_since_start()
        self.diagnostics.launch_ms = self.launch_ms
        log.info("window visible %.0f ms after process start", self.launch_ms)

    def _on_engine_status_changed(self, status: ModelStatus) -> None:
        self.window.status_strip.set_status(status)

    def _on_engine_ready(self) -> None:
        self.window.cold_start.on_progress("ready", 1.0)
        QTimer.singleShot(1500, self.window.cold_start.hide)
        translator = self.engine.translator.supported_languages()
        if translator:
            self.window.languages.set_languages(translator)

    def _on_engine_failed(self, message: str) -> None:
        if self.engine.status.state is ModelState.NOT_INSTALLED:
            self.window.cold_start.not_installed()
        else:
            self.window.cold_start.fail(message)

    def _on_engine_waiting(self, waiting: bool) -> None:
        if waiting:
            self.window.activity.setText("Waiting for the model to finish warming up…")

    def _describe_history(self) -> str:
        last = self.history.last if self.history is not None else None
        return last.full_text() if last is not None else ""

    def _on_models_changed(self) -> None:
        self.engine.unload()
        self.start_engine()

    def _on_settings_changed(self, settings: Settings) -> None:
        apply = getattr(self.runner, "apply_settings", None)
        if apply is not None:
            apply(settings)
        elif self.backend.vault is not None:
            self.backend.vault.apply_settings(settings)
        if self.history is not None:
            self.history.refresh()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.setQuitOnLastWindowClosed(not self.tray.keeps_running())

    def _on_glossary_saved(self, glossary: Glossary) -> None:
        cascade = getattr(self.runner, "cascade", None)
        if cascade is not None:
            cascade.glossary = glossary

    def _on_window_close(self, event: QCloseEvent) -> None:
        if self.tray.keeps_running():
            event.ignore()
            self.window.hide()
            self.tray.notify_hidden()
            return
        event.accept()
        self.quit()
