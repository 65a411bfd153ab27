"""During a long translation with the real tiny model the Qt event loop never stalls > 50 ms."""

from __future__ import annotations

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from PySide6.QtCore import QTimer

from assistant.core.cancel import CancelToken
from assistant.core.telemetry import Telemetry
from assistant.core.translation import TranslationRequest
from assistant.gui.engine_host import EngineHost
from assistant.gui.engine_loader import EngineLoader
from assistant.gui.jobs import JobRunner
from assistant.gui.model_listing import ModelListing
from assistant.gui.relay import ProgressRelay
from assistant.gui.worker import InferenceWorker
from assistant.models.store import ModelStore
from assistant.state.clear_hooks import ClearStateHooks
from assistant.state.settings import Settings

MAX_GAP_MS = 50.0
SENTENCES = 40


class GapMeter:
    """A 5 ms timer on the GUI thread; records the largest time between two ticks."""

    def __init__(self) -> None:
        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._on_tick)
        self.last = 0.0
        self.largest_ms = 0.0
        self.ticks = 0

    def start(self) -> None:
        self.last = time.perf_counter()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def _on_tick(self) -> None:
        now = time.perf_counter()
        self.largest_ms = max(self.largest_ms, (now - self.last) * 1000)
        self.last = now
        self.ticks += 1


def test_event_loop_gap_stays_under_50ms_during_a_long_translation(
    qtbot,
    qloop,
    wait_for,
    app_paths,
    installed_tiny_m2m100,
    models_thread,
    shared_data: Path,
    crash_reports,
):
    worker = InferenceWorker()
    requests = ThreadPoolExecutor(max_workers=1)
    host = EngineHost(worker, JobRunner())
    host.start(
        EngineLoader(
            app_paths,
            ModelListing.read_now(ModelStore(app_paths), models_thread, JobRunner()),
            Telemetry(),
            ClearStateHooks(),
            Settings,
        )
    )
    wait_for(lambda: host.is_ready, 60_000)
    lines = (shared_data / "flores200-dev" / "en.txt").read_text(encoding="utf-8").splitlines()
    text = " ".join(lines[:SENTENCES])
    relay = ProgressRelay(CancelToken())
    streamed: list[int] = []
    relay.sentence_done.connect(lambda sentence: streamed.append(sentence.index))
    meter = GapMeter()

    async def translate():
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(
            requests,
            lambda: host.translator.translate(
                TranslationRequest(
                    text, "en", "de", on_sentence=relay.on_sentence, cancel=relay.token
                )
            ),
        )

    meter.start()
    started = time.perf_counter()
    task = asyncio.ensure_future(translate())
    wait_for(task.done, 120_000)
    elapsed = time.perf_counter() - started
    meter.stop()
    output = task.result()
    print(
        f"\nlargest event-loop gap {meter.largest_ms:.1f} ms over {elapsed:.1f} s "
        f"({meter.ticks} ticks, {len(output.sentences)} sentences)"
    )
    assert len(output.sentences) >= SENTENCES
    assert streamed == list(range(len(output.sentences)))
    assert elapsed > 0.5, "the translation must be long enough to measure"
    assert meter.largest_ms < MAX_GAP_MS
    assert crash_reports == []
    requests.shutdown()
    worker.shutdown()
