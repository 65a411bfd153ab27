"""The latency report rewrites its own part of docs/performance.md and keeps every block other
benchmarks own, even blocks that follow one another without a blank line."""

from __future__ import annotations

import sys
from pathlib import Path

from tests.builders.cache import REPO_ROOT

sys.path.insert(0, str(REPO_ROOT / "benchmarks"))

from bench_report import _kept_sections, write_marked_block


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


def test_a_benchmark_block_is_replaced_in_place_or_appended(tmp_path: Path) -> None:
    report = tmp_path / "performance.md"
    begin, end = "<!-- doc:begin -->", "<!-- doc:end -->"
    write_marked_block("first\n", report, begin, end)
    assert report.read_text() == f"{begin}\nfirst\n{end}\n"
    report.write_text(f"# Top\n\n{begin}\nold\n{end}\n\nafter\n")
    write_marked_block("new\n", report, begin, end)
    assert report.read_text() == f"# Top\n\n{begin}\nnew\n{end}\nafter\n"
    write_marked_block("other\n", report, "<!-- x:begin -->", "<!-- x:end -->")
    assert report.read_text().endswith("after\n\n<!-- x:begin -->\nother\n<!-- x:end -->\n")
