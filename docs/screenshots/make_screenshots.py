"""Make the README's screenshots with the real app and the tiny test model.

Run under a virtual display from the repository root:

    xvfb-run -a -s "-screen 0 1280x900x24" .venv/bin/python docs/screenshots/make_screenshots.py

The app starts with no model (the first-run panel and its catalogue), then imports the tiny
test model. It is randomly initialised, so its "translations" are word salad; the window, the
trace, the stages and the timings are real.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
OUT = REPO / "docs" / "screenshots"
HUB_REPO = "tester/m2m100-tiny"


async def grab_models_while_getting(shell: Any, hf_dir: Path) -> None:
    """Models… with a Get from a loopback Hub under way (cancelled once it is grabbed)."""
    from assistant.models.hub_plan import M2M100_FILES
    from assistant.models.model_get import GetRequest
    from tests.models.hub_server import HubRepo, serve_hub

    names = [n for n in (*M2M100_FILES, "model.safetensors") if (hf_dir / n).is_file()]
    with serve_hub([HubRepo(HUB_REPO, {n: (hf_dir / n).read_bytes() for n in names})]) as hub:
        hub.config.chunk_delay = 0.02
        os.environ["HF_ENDPOINT"] = hub.endpoint
        task = shell.getter.get(GetRequest(HUB_REPO, allow_unpinned=True))
        progress = shell.models.dialog.catalogue.rows[HUB_REPO].progress
        while progress.bar.value() < 300 or not progress.eta.text():
            await asyncio.sleep(0.05)
        shell.models.dialog.grab().save(str(OUT / "model-manager.png"))
        shell.getter.cancel()
        await task


def main() -> int:
    import keyring
    import qasync
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    from assistant.engine.report import WarmupStage
    from assistant.gui.composition import build_backend
    from assistant.gui.shell import AppShell
    from assistant.gui.theme import apply_theme, prepare_high_dpi
    from assistant.paths import AppPaths
    from tests.builders.tiny_bundle import build_tiny_bundle
    from tests.builders.tiny_m2m100 import build_tiny_m2m100
    from tests.memory_keyring import MemoryKeyring

    keyring.set_keyring(MemoryKeyring())
    paths = AppPaths.under(Path(tempfile.mkdtemp(prefix="screenshots-"))).ensure()
    tiny = build_tiny_m2m100()
    bundle = build_tiny_bundle(tiny)
    prepare_high_dpi()
    app = QApplication([])
    apply_theme(app)
    loop = qasync.QEventLoop(app, already_running=True)
    asyncio.set_event_loop(loop)
    shell = AppShell(build_backend(paths), tray_available=False)
    window = shell.window
    window.resize(960, 680)
    done = asyncio.Event()

    def grab_cold_start(stage: WarmupStage, fraction: float) -> None:
        if stage is WarmupStage.LOAD_DECODER and fraction == 0.0:
            window.repaint()
            window.grab().save(str(OUT / "cold-start.png"))

    shell.engine.progressed.connect(grab_cold_start)

    async def scenario() -> None:
        while "No translation model" not in window.cold_start.heading.text():
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.3)
        window.grab().save(str(OUT / "first-run-catalogue.png"))
        bundle.trust_in(paths)
        await shell.models.import_path(bundle.bundle_dir)
        while not shell.engine.is_ready:
            await asyncio.sleep(0.05)
        await asyncio.sleep(1.8)
        window.languages.set_pair("en", "de")
        window.input.setPlainText(
            "The museum opens at nine. Tickets are sold at the entrance, "
            "and guided tours start every hour."
        )
        task = shell.translate.start()
        assert task is not None
        await task
        window.grab().save(str(OUT / "main-window.png"))

        shell.models.open()
        shell.models.dialog.resize(820, 680)
        await shell.models.verify("tiny-m2m100-fp32")
        await grab_models_while_getting(shell, tiny.hf_dir)
        shell.models.dialog.hide()

        shell.diagnostics.dialog.resize(760, 720)
        shell.diagnostics.open()
        await shell.diagnostics.refresh()
        shell.diagnostics.dialog.grab().save(str(OUT / "diagnostics.png"))
        shell.diagnostics.dialog.hide()

        QGuiApplication.clipboard().setText("Wo ist der nächste Bahnhof? https://bahn.de")
        await shell.quick.translate_clipboard()
        shell.quick.popup.grab().save(str(OUT / "tray-popup.png"))
        done.set()
        app.quit()

    shell.show()
    task = asyncio.ensure_future(scenario())
    QTimer.singleShot(120_000, app.quit)
    app.exec()
    shell.shutdown()
    if task.done() and task.exception() is not None:
        raise task.exception()  # type: ignore[misc]
    return 0 if done.is_set() else 1


if __name__ == "__main__":
    sys.exit(main())
