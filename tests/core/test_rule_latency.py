"""The rule-latency benchmark runs, and every rule-tier request stays in the rule tier."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def test_rule_latency_benchmark_runs(capsys: pytest.CaptureFixture[str]) -> None:
    sys.path.insert(0, str(REPO))
    from benchmarks.rule_latency import main, measure

    assert main(["--rounds", "1"]) == 0
    assert "| p50 ms | p99 ms |" in capsys.readouterr().out
    samples, misses = measure(1)
    assert misses == 0 and len(samples) >= 100
