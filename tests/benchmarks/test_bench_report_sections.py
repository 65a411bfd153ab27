"""The latency report rewrites its own part of docs/performance.md and keeps every block other
benchmarks own, even blocks that follow one another without a blank line."""

from __future__ import annotations

import sys
from pathlib import Path

from tests.builders.cache import REPO_ROOT

sys.path.insert(0, str(REPO_ROOT / "benchmarks"))

from bench_report import _kept_sections


def test_adjacent_marked_blocks_are_all_kept(tmp_path: Path) -> None:
    report = tmp_path / "performance.md"
    report.write_text(
        "# Old top\n\n<!-- one:begin -->\nA\n<!-- one:end -->\n<!-- two:begin -->\nB\n"
        "<!-- two:end -->\n\nloose text\n\n<!-- three:begin -->\nC\n<!-- three:end -->\n"
    )
    kept = _kept_sections(report)
    assert "Old top" not in kept and "loose text" not in kept
    for name, body in (("one", "A"), ("two", "B"), ("three", "C")):
        assert f"<!-- {name}:begin -->\n{body}\n<!-- {name}:end -->\n" in kept
