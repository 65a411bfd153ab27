"""The run code the screenshot scripts share: the real app on fresh temporary directories,
with an in-memory keychain, the app's theme and a 960×680 window, driven by one scenario."""

from __future__ import annotations

import asyncio
import sys
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
OUT = REPO / "docs" / "screenshots"

Scenario = Callable[[Any], Awaitable[None]]
"""Drives the shown AppShell and saves its screenshots under OUT."""


def run_app(scenario: Scenario, timeout_s: float = 60.0) -> int:
    """Start the app, run `scenario(shell)` on its event loop, then quit. Returns 0 when the
    scenario finished, 1 when it timed out; its exception, if any, is raised."""
    import keyring
    import qasync
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from assistant.gui.composition import build_backend
    from assistant.gui.shell import AppShell
    from assistant.gui.theme import apply_theme, prepare_high_dpi
    from assistant.paths import AppPaths
    from tests.memory_keyring import MemoryKeyring

    keyring.set_keyring(MemoryKeyring())
    paths = AppPaths.under(Path(tempfile.mkdtemp(prefix="screenshots-"))).ensure()
    prepare_high_dpi()
    app = QApplication([])
    apply_theme(app)
    loop = qasync.QEventLoop(app, already_running=True)
    asyncio.set_event_loop(loop)
    shell = AppShell(build_backend(paths), tray_available=False)
    shell.window.resize(960, 680)
    shell.show()

    async def run() -> None:
        try:
            await scenario(shell)
        finally:
            app.quit()

    task = asyncio.ensure_future(run())
    QTimer.singleShot(round(timeout_s * 1000), app.quit)
    app.exec()
    shell.shutdown()
    if task.done() and task.exception() is not None:
        raise task.exception()  # type: ignore[misc]
    return 0 if task.done() else 1
