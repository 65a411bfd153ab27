"""Keeps `benchmarks/warmup_latency.py` working: one app start on the tiny bundle."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.builders.cache import REPO_ROOT


@pytest.mark.slow
def test_warmup_latency_benchmark_prints_one_row_per_run() -> None:
    command = [sys.executable, str(REPO_ROOT / "benchmarks" / "warmup_latency.py"), "--runs", "1"]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, env=env)
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.strip().splitlines()
    assert lines[-2].startswith("run  answers  rule p50")
    row = lines[-1].split()
    assert row[0] == "1" and int(row[1]) > 0, lines[-1]
