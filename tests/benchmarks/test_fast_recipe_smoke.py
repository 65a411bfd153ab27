"""Keeps `benchmarks/fast_recipe.py` working: the three recipes on the tiny model."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.builders.cache import REPO_ROOT


def test_fast_recipe_benchmark_compares_three_recipes_with_int8(tmp_path: Path) -> None:
    output = tmp_path / "performance.md"
    output.write_text("# Kept\n")
    script = str(REPO_ROOT / "benchmarks" / "fast_recipe.py")
    command = [sys.executable, script, "--tiny", "--sentences", "3", "--tokens", "5"]
    for _ in range(2):
        done = subprocess.run(
            [*command, "--write", str(output)], capture_output=True, text=True, timeout=600
        )
        assert done.returncode == 0, done.stderr[-2000:]
    text = output.read_text()
    assert text.startswith("# Kept\n") and text.count("<!-- fast-recipe:begin -->") == 1
    rows = {line.split("|")[1].strip(): line for line in text.splitlines() if line.startswith("| ")}
    assert {"int8", "int4", "fast"} <= set(rows)
    assert "| 1.00× | 100% | 100.0% | 100.0% |" in rows["int8"]
