"""Keeps `benchmarks/get_speed.py` working: one `models get` of the tiny checkpoint."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.builders.cache import REPO_ROOT
from tests.builders.tiny_m2m100 import TinyM2M100


@pytest.mark.slow
def test_get_benchmark_runs_on_the_tiny_checkpoint(tiny_m2m100: TinyM2M100, tmp_path: Path) -> None:
    output = tmp_path / "performance.md"
    output.write_text("# Performance\n")
    command = [sys.executable, str(REPO_ROOT / "benchmarks" / "get_speed.py"), "--recipes", "fp32"]
    command += ["--hf-dir", str(tiny_m2m100.hf_dir), "--skip-old", "--output", str(output)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    text = output.read_text()
    assert text.startswith("# Performance\n")
    assert "<!-- get-benchmark:begin -->" in text and "| get, fp32 |" in text
