"""Keeps `benchmarks/translate_speed.py` working: one round on the tiny model."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.builders.cache import REPO_ROOT
from tests.builders.tiny_m2m100 import TinyM2M100


@pytest.mark.slow
def test_benchmark_runs_in_tiny_mode_and_writes_its_table(
    tiny_m2m100: TinyM2M100, tmp_path: Path
) -> None:
    output = tmp_path / "performance.md"
    result = subprocess.run(
        [
            sys.executable,
            str(REPO_ROOT / "benchmarks" / "translate_speed.py"),
            "--tiny",
            "--repeats",
            "1",
            "--systems",
            "ours,optimum,torch-fp32",
            "--output",
            str(output),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    table = output.read_text()
    for row in ("| ours (int8) |", "| optimum-intel (int8) |", "| transformers fp32 |"):
        assert row in table
    assert "Memory-bandwidth floor" in table and "One decode step" in table
    assert "| 33 |" in table
