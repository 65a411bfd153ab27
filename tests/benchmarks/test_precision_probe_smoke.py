"""Keeps `benchmarks/precision_probe.py` working: both precisions on the tiny model."""

from __future__ import annotations

import subprocess
import sys

from tests.builders.cache import REPO_ROOT


def test_precision_probe_benchmark_prints_both_precisions_and_a_choice() -> None:
    command = [sys.executable, str(REPO_ROOT / "benchmarks" / "precision_probe.py"), "--tiny"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    rows = [line for line in done.stdout.splitlines() if line.startswith(("| f32", "| bf16"))]
    assert len(rows) == 2
    assert all(float(cell) > 0 for row in rows for cell in row.strip("|").split("|")[1:])
    assert any(
        line.startswith("choice: f32: ") or line.startswith("choice: bf16: ")
        for line in done.stdout.splitlines()
    )
    assert "load average: " in done.stdout
