"""The desktop app's entry point: Qt application, qasync loop, crash dialog, then the window."""

from __future__ import annotations

import asyncio
import logging
import sys

from assistant.paths import AppPaths

log = logging.getLogger(__name__)


def run_app(paths: AppPaths, quit_after: float | None = None) -> int:
    """Open the window and run until the user quits (or `quit_after` seconds pass)."""
    import qasync
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QSystemTrayIcon

    from assistant.crash import install_excepthook
    from assistant.gui.crash_dialog import CrashReporter
    from assistant.gui.theme import apply_theme, prepare_high_dpi

    prepare_high_dpi()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Offline Translation Assistant")
    app.setDesktopFileName("offline-translation-assistant")
    apply_theme(app)
    loop = qasync.QEventLoop(app, already_running=True)
    asyncio.set_event_loop(loop)
    reporter = CrashReporter()
    install_excepthook(reporter)

    from assistant.gui.composition import build_backend
    from assistant.gui.shell import AppShell

    tray = QSystemTrayIcon.isSystemTrayAvailable()
    shell = AppShell(build_backend(paths), tray_available=tray)
    reporter.parent = shell.window
    app.setQuitOnLastWindowClosed(not shell.tray.keeps_running())
    shell.show()
    if quit_after is not None:
        QTimer.singleShot(int(quit_after * 1000), shell.quit)
    try:
        return app.exec()
    finally:
        shell.shutdown()
