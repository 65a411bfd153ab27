"""The GUI's wiring: the window and its controllers, each handed only what it uses from the
Backend (the composition root), connected through signals."""

from __future__ import annotations

import asyncio
import gc
import logging

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication

from assistant.core.errors import ModelNotInstalledError
from assistant.core.glossary import Glossary
from assistant.diagnostics import TELEMETRY_FILE
from assistant.engine.report import WarmupStage
from assistant.gui.backend import Backend
from assistant.gui.clear_state import ClearStateController
from assistant.gui.diagnostics_view import DiagnosticsController
from assistant.gui.history_status import HistoryStatusController
from assistant.gui.launch_timer import ms_since_start
from assistant.gui.main_window import MainWindow
from assistant.gui.model_getter import ModelGetter
from assistant.gui.model_manager import ModelManager
from assistant.gui.quick_translate import QuickTranslateController
from assistant.gui.settings_dialog import SettingsController
from assistant.gui.status_strip import ModelState, ModelStatus
from assistant.gui.tasks import spawn
from assistant.gui.translate_controller import TranslateController
from assistant.gui.tray import TrayController
from assistant.gui.view_menu import ViewMenu
from assistant.state.glossary_file import GlossaryFile
from assistant.state.settings import Settings

log = logging.getLogger(__name__)

KEPT_CLIPBOARD_HOOK = "kept clipboard text"


class AppShell(QObject):
    """Owns every widget and controller for one app run. GUI thread only.

    `tray_available` is the one boundary the tests inject (there is no tray offscreen).
    """

    def __init__(self, backend: Backend, tray_available: bool) -> None:
        super().__init__()
        self.backend = backend
        b = backend
        self.settings = b.settings
        self.engine = b.engine
        self.runner = b.runner
        self.window = w = MainWindow()
        w.languages.set_languages(b.languages)
        current = self.settings.settings
        w.languages.set_pair(
            None if current.last_source_lang == "auto" else current.last_source_lang,
            current.last_target_lang or current.default_target_lang,
        )
        self.translate = TranslateController(w, b.runner, b.requests, b.settings)
        self.quick = QuickTranslateController(w, b.runner, b.requests, b.settings)
        self.getter = ModelGetter(b.paths, b.listing, b.jobs, self)
        self.models = ModelManager(b.paths, b.listing, self.getter, b.jobs, w)
        self.clear_state = ClearStateController(
            w, w.errors, w.activity, b.jobs, b.worker, b.clear_state, self.translate.stop
        )
        self.diagnostics = DiagnosticsController(w, b.paths, b.telemetry, b.engine, b.models_thread)
        self.tray = TrayController(w, tray_available)
        self.history = HistoryStatusController(b.vault, w.status_strip, w.errors, b.requests)
        self.settings_dialog = SettingsController(
            w, b.settings, lambda: self.history.last, tray_available
        )
        self.views = ViewMenu(
            w,
            b.vault,
            b.requests,
            GlossaryFile.in_config(b.paths.config),
            b.listing,
            self._on_glossary_saved,
            b.hooks,
        )
        self.launch_ms: float | None = None
        self._closed = False
        b.hooks.register(KEPT_CLIPBOARD_HOOK, self.quick.kept_texts.clear)
        self._wire()
        if self.settings.notice:
            w.errors.show_message(self.settings.notice)

    def _wire(self) -> None:
        w = self.window
        self.engine.progressed.connect(w.cold_start.on_progress)
        self.engine.planned.connect(w.cold_start.set_plan)
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
        self.clear_state.wiping.connect(self.translate.clear)
        self.clear_state.wiping.connect(self.quick.clear)
        self.tray.translate_requested.connect(self.quick.translate_clipboard)
        self.tray.show_requested.connect(self.show_window)
        self.tray.clear_requested.connect(self._on_tray_clear_requested)
        self.tray.quit_requested.connect(self.quit)
        self.models.models_changed.connect(self._on_models_changed)
        self.getter.models_changed.connect(self._on_models_changed)
        self.getter.attach(w.cold_start.catalogue)
        self.settings.changed.connect(self._on_settings_changed)
        w.closeEvent = self._on_window_close  # type: ignore[method-assign]

    def show(self, minimized: bool = False) -> None:
        """Show the window at once, get the rule tools ready on the request thread, then start
        warming up the model on the worker.

        The language identifiers take a second or two to load; loading them before the
        warm-up's imports begin keeps rule and memory answers fast in every warm-up stage.
        With `minimized` and a tray, only the tray icon appears (start at login)."""
        if minimized and self.tray.available:
            log.info("started in the tray")
        else:
            self.window.show()
            self.window.raise_()
            QTimer.singleShot(0, self._on_shown)
        self.window.cold_start.reset()
        self.window.cold_start.show()
        self.history.refresh()
        spawn(self._prepare_then_warm_up(), self.window.errors.show_error)

    async def _prepare_then_warm_up(self) -> None:
        loop = asyncio.get_running_loop()
        try:
            await loop.run_in_executor(self.backend.requests, self.runner.prepare)
        finally:
            if not self._closed:
                self.start_engine()

    def on_command(self, command: str) -> None:
        """A command from a later launch (see single_instance): show, or translate clipboard."""
        if command == "translate-clipboard":
            self.quick.translate_clipboard()
        else:
            self.show_window()

    def show_window(self) -> None:
        """Bring the main window forward."""
        self.window.show()
        self.window.raise_()
        self.window.activateWindow()

    def keeps_running(self) -> bool:
        """Whether closing the window keeps the app in the tray."""
        return self.tray.available and self.settings.settings.keep_in_tray

    def start_engine(self) -> None:
        """(Re)start warm-up of the installed translator."""
        self.window.cold_start.reset()
        self.window.cold_start.show()
        self.engine.start(self.backend.loader)

    def quit(self) -> None:
        """Leave the app (the tray's Quit and the menu's Quit)."""
        self.tray.hide()
        self.quick.popup.hide()
        self.window.hide()
        app = QApplication.instance()
        if app is not None:
            app.quit()

    def shutdown(self) -> None:
        """Save telemetry for `assistant doctor`, cancel a running Get, then stop the threads; a
        running model call finishes in the background."""
        b = self.backend
        self._closed = True
        try:
            b.telemetry.save(b.paths.cache / TELEMETRY_FILE)
        except OSError as error:
            log.warning("telemetry not saved: %s", error.strerror)
        b.jobs.cancel_all()  # the models thread is joined at exit; a download would hold it
        b.requests.shutdown(wait=False, cancel_futures=True)
        b.listing.close()
        b.models_thread.shutdown(wait=False, cancel_futures=True)
        b.worker.shutdown()

    def _on_shown(self) -> None:
        gc.freeze()  # start-up objects live for the whole run; keep full collections short
        self.launch_ms = ms_since_start()
        self.diagnostics.launch_ms = self.launch_ms
        log.info("window visible %.0f ms after process start", self.launch_ms)

    def _on_engine_status_changed(self, status: ModelStatus) -> None:
        self.window.status_strip.set_status(status)

    def _on_engine_ready(self) -> None:
        self.window.errors.withdraw(ModelNotInstalledError)
        self.window.cold_start.on_progress(WarmupStage.READY, 1.0)
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

    def _on_models_changed(self) -> None:
        self.window.errors.withdraw(ModelNotInstalledError)
        self.engine.unload()
        self.start_engine()

    def _on_tray_clear_requested(self) -> None:
        self.show_window()
        self.clear_state.ask()

    def _on_settings_changed(self, settings: Settings) -> None:
        self.runner.apply_settings(settings)
        self.history.refresh()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.setQuitOnLastWindowClosed(not self.keeps_running())

    def _on_glossary_saved(self, glossary: Glossary) -> None:
        self.runner.cascade.glossary = glossary

    def _on_window_close(self, event: QCloseEvent) -> None:
        if self.keeps_running():
            event.ignore()
            self.window.hide()
            self.tray.notify_hidden()
            return
        event.accept()
        self.quit()
