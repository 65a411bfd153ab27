"""The desktop app's entry point: Qt application, qasync loop, crash dialog, then the window."""

from __future__ import annotations

import asyncio
import logging
import sys

from assistant.paths import AppPaths

log = logging.getLogger(__name__)


def run_app(
    paths: AppPaths,
    quit_after: float | None = None,
    translate_clipboard: bool = False,
    minimized: bool = False,
) -> int:
    """Open the window and run until the user quits (or `quit_after` seconds pass).

    With `minimized` and a system tray, start in the tray with the window hidden.

    When the app already runs on these paths, hand it the request (show the window, or
    translate the clipboard) and return at once.
    """
    import qasync
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QSystemTrayIcon

    from assistant.crash import install_excepthook
    from assistant.gui.crash_dialog import CrashReporter
    from assistant.gui.single_instance import (
        SHOW,
        TRANSLATE_CLIPBOARD,
        SingleInstance,
        handed_message,
        send_to_running,
    )
    from assistant.gui.theme import apply_theme, prepare_high_dpi

    prepare_high_dpi()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Offline Translation Assistant")
    app.setDesktopFileName("offline-translation-assistant")
    apply_theme(app)
    command = TRANSLATE_CLIPBOARD if translate_clipboard else SHOW
    if send_to_running(paths, command):
        log.info("handed '%s' to the running app", command)
        if sys.stderr is not None:  # None in a windowed build
            print(handed_message(command), file=sys.stderr)
        return 0
    loop = qasync.QEventLoop(app, already_running=True)
    asyncio.set_event_loop(loop)
    reporter = CrashReporter()
    install_excepthook(reporter)

    from assistant.gui.composition import build_backend
    from assistant.gui.shell import AppShell

    tray = QSystemTrayIcon.isSystemTrayAvailable()
    shell = AppShell(build_backend(paths), tray_available=tray)
    reporter.parent = shell.window
    app.setQuitOnLastWindowClosed(not shell.keeps_running())
    instance = SingleInstance(paths)
    instance.command_received.connect(shell.on_command)
    shell.show(minimized=minimized)
    if translate_clipboard:
        QTimer.singleShot(0, lambda: shell.on_command(TRANSLATE_CLIPBOARD))
    if quit_after is not None:
        QTimer.singleShot(int(quit_after * 1000), shell.quit)
    try:
        return app.exec()
    finally:
        instance.close()
        shell.shutdown()
