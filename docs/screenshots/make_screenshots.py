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
from pathlib import Path
from typing import Any

from screenshot_app import OUT, run_app

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
    from tests.builders.tiny_bundle import build_tiny_bundle
    from tests.builders.tiny_m2m100 import build_tiny_m2m100

    tiny = build_tiny_m2m100()
    bundle = build_tiny_bundle(tiny)

    async def scenario(shell: Any) -> None:
        from PySide6.QtGui import QGuiApplication

        from assistant.engine.report import WarmupStage

        window = shell.window

        def grab_cold_start(stage: WarmupStage, fraction: float) -> None:
            if stage is WarmupStage.LOAD_DECODER and fraction == 0.0:
                window.repaint()
                window.grab().save(str(OUT / "cold-start.png"))

        shell.engine.progressed.connect(grab_cold_start)
        while "No translation model" not in window.cold_start.heading.text():
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.3)
        window.grab().save(str(OUT / "first-run-catalogue.png"))
        bundle.trust_in(shell.backend.paths)
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

    return run_app(scenario, timeout_s=120.0)


if __name__ == "__main__":
    sys.exit(main())
