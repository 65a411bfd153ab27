"""Keeps `benchmarks/document_speed.py` working: our runner on the tiny model."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.builders.cache import REPO_ROOT
from tests.builders.tiny_m2m100 import TinyM2M100


@pytest.mark.slow
def test_document_benchmark_runs_in_tiny_mode_and_writes_its_section(
    tiny_m2m100: TinyM2M100, tmp_path: Path
) -> None:
    output = tmp_path / "performance.md"
    output.write_text("# Speed\n\n<!-- other:begin -->\nkept\n<!-- other:end -->\n")
    command = [sys.executable, str(REPO_ROOT / "benchmarks" / "document_speed.py"), "--tiny"]
    command += ["--systems", "ours", "--output", str(output)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    text = output.read_text()
    assert "<!-- other:begin -->\nkept\n<!-- other:end -->" in text
    assert "<!-- document-benchmark:begin -->" in text and "failed" not in text
    for batch in ("1", "8", "32", "auto"):
        assert f"| ours | {batch} | " in text
    assert "ms per token per row" in text and "decode-step floor" in text
