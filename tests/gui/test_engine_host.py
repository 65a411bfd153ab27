"""Warm-up failures always settle the engine host: the strip says failed and waiting requests
end with a message, whatever the engine raised."""

from __future__ import annotations

import threading

from assistant.core.progress import ProgressCallback
from assistant.engine.report import WarmupStage
from assistant.gui.engine_host import LoadedEngine
from assistant.gui.status_strip import ModelState


class BrokenLoader:
    """An engine loader that fails with a non-typed error once the test lets it go."""

    def __init__(self) -> None:
        self.release = threading.Event()

    def installed_version(self) -> str:
        return ""

    def __call__(self, on_progress: ProgressCallback) -> LoadedEngine:
        on_progress(WarmupStage.VERIFY, 0.0)
        self.release.wait(30)
        raise RuntimeError("device lost during compile")


def test_unexpected_warm_up_error_fails_the_model_and_ends_waiting_requests(
    make_shell, wait_for, crash_reports
):
    shell = make_shell()
    loader = BrokenLoader()
    shell.backend.loader = loader
    shell.show()
    window = shell.window
    window.languages.set_pair("en", "de")
    window.input.setPlainText("The weather is pleasant in the mountains today.")
    window.translate_button.click()
    wait_for(lambda: "Waiting for the model" in window.activity.text(), 10_000)

    loader.release.set()
    wait_for(lambda: not shell.translate.busy, 10_000)

    assert shell.engine.status.state is ModelState.FAILED
    shown = window.status_strip.text_of("M2M-100")
    assert shown.startswith("M2M-100: failed (The translation model could not be loaded"), shown
    wait_for(lambda: "could not be loaded (RuntimeError)" in window.errors.text, 5_000)
    assert "could not be loaded" in window.cold_start.stage_hint.text()
    assert window.translate_button.isEnabled()
    assert len(crash_reports) == 1 and "device lost during compile" in crash_reports[0]
