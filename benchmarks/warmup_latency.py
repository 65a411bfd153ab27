"""Rule answers while the model warms up, in a fresh process (real imports), and the GUI's
event-loop gap and launch-to-window time.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/warmup_latency.py [--runs 3]

It installs the tiny test bundle into a temporary data directory (in a separate process, which
needs torch), then starts the app in a new process per run: the window appears, the warm-up
starts, and a rule request (a link, or German text into German) is sent from the window every
150 ms until the model is ready.
Prints one table: per run, the rule answers' p50 and max during the warm-up stages (click to
shown result), the answers asked before the warm-up began (while the language identifiers
load), the largest event-loop gap, the launch-to-window time and the warm-up time.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
RULE_TEXTS = ("https://example.org/timetable.pdf", "Der Zug nach Berlin fährt um neun Uhr ab.")
"""A link, and text already in the target language (German): both answered by the rules."""


def install(data_dir: Path) -> None:
    """Build the tiny bundle and import it into `data_dir` (this process imports torch)."""
    from assistant.models.importer import import_bundle
    from assistant.models.store import ModelStore
    from assistant.paths import AppPaths
    from tests.builders.tiny_bundle import build_tiny_bundle
    from tests.builders.tiny_m2m100 import build_tiny_m2m100

    paths = AppPaths.under(data_dir).ensure()
    bundle = build_tiny_bundle(build_tiny_m2m100())
    bundle.trust_in(paths)
    import_bundle(bundle.bundle_dir, ModelStore(paths))


def measure(data_dir: Path) -> dict[str, object]:
    """One app start on `data_dir`; returns the numbers as a dict (printed as JSON)."""
    import asyncio

    import keyring
    import qasync
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from assistant.gui.composition import build_backend
    from assistant.gui.shell import AppShell
    from assistant.paths import AppPaths
    from tests.gui.test_responsiveness import GapMeter
    from tests.memory_keyring import MemoryKeyring

    keyring.set_keyring(MemoryKeyring())
    app = QApplication([])
    loop = qasync.QEventLoop(app, already_running=True)
    asyncio.set_event_loop(loop)
    shell = AppShell(build_backend(AppPaths.under(data_dir)), tray_available=False)
    meter = GapMeter()
    answers: list[tuple[str, float]] = []
    started = time.perf_counter()
    pending: list[Any] = []
    """When the running request was asked, and the warm-up stage it was asked in."""

    def ask() -> None:
        if shell.engine.is_ready:
            meter.stop()
            app.quit()
            return
        if not shell.translate.busy:
            shell.window.input.setPlainText(RULE_TEXTS[len(answers) % 2])
            order = shell.window.cold_start.stage_order
            pending[:] = [time.perf_counter(), str(order[-1]) if order else "before warm-up"]
            task = shell.translate.start()
            if task is not None:
                task.add_done_callback(lambda _t: record())
        QTimer.singleShot(150, ask)

    def record() -> None:
        asked_at, stage = pending
        answers.append((stage, (time.perf_counter() - asked_at) * 1000))

    shell.window.languages.set_pair(None, "de")
    meter.start()
    shell.show()
    QTimer.singleShot(0, ask)
    QTimer.singleShot(120_000, app.quit)
    app.exec()
    ready_s = time.perf_counter() - started
    shell.shutdown()
    latencies = [ms for stage, ms in answers if stage != "before warm-up"]
    return {
        "answers": len(latencies),
        "p50_ms": round(statistics.median(latencies), 1) if latencies else None,
        "max_ms": round(max(latencies), 1) if latencies else None,
        "by_state": sorted({stage for stage, _ms in answers}),
        "gap_ms": round(meter.largest_ms, 1),
        "window_ms": round(shell.launch_ms or 0.0, 0),
        "warm_up_s": round(ready_s, 2),
        "ready": shell.engine.is_ready,
        "before_ms": [round(ms, 1) for stage, ms in answers if stage == "before warm-up"],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--install", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.install is not None:
        install(args.install)
        return 0
    if args.measure is not None:
        print(json.dumps(measure(args.measure)))
        return 0
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    with tempfile.TemporaryDirectory(prefix="warmup-latency-") as tmp:
        data_dir = Path(tmp) / "app"
        me = [sys.executable, __file__]
        subprocess.run([*me, "--install", str(data_dir)], check=True, env=env)
        print(f"load average {os.getloadavg()[0]:.2f}; CPU {_cpu()}")
        print("run  answers  rule p50  rule max  before warm-up  event-loop gap  window  warm-up")
        for run in range(args.runs):
            out = subprocess.run(
                [*me, "--measure", str(data_dir)], check=True, env=env, capture_output=True,
                text=True,
            )  # fmt: skip
            r = json.loads(out.stdout.strip().splitlines()[-1])
            before = ", ".join(f"{ms:.0f}" for ms in r["before_ms"]) or "-"
            print(
                f"{run + 1:>3}  {r['answers']:>7}  {r['p50_ms']:>6} ms  {r['max_ms']:>6} ms  "
                f"{before:>10} ms  {r['gap_ms']:>11} ms  {r['window_ms']:>4.0f} ms  "
                f"{r['warm_up_s']:>5} s  ({', '.join(r['by_state'])})"
            )
    return 0


def _cpu() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return "unknown"


if __name__ == "__main__":
    sys.exit(main())
