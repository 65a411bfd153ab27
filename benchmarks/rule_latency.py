"""In-process latency of rule-tier answers (no model): p50 and p99 over a mix of inputs.

    .venv/bin/python benchmarks/rule_latency.py [--rounds N]

Uses the rule-tier lines of tests/data/request_mix.jsonl (untranslatable input, text already
in the target language, language questions), after one warm-up pass.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from assistant.core.cascade import Cascade  # noqa: E402
from assistant.core.langid import LanguageIdentifier  # noqa: E402
from assistant.core.request import Request  # noqa: E402
from assistant.core.result import Tier  # noqa: E402

CORPUS = REPO / "tests" / "data" / "request_mix.jsonl"


def rule_requests() -> list[Request]:
    """The corpus requests the rule tier answers."""
    rows = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()]
    return [Request(r["text"], target_lang=r["to"]) for r in rows if r["tier"] == "rule"]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def measure(rounds: int) -> tuple[list[float], int]:
    """Wall milliseconds per rule-tier answer, and how many were not rule-tier (should be 0)."""
    cascade = Cascade(LanguageIdentifier())
    requests = rule_requests()
    for request in requests:
        cascade.run(request)
    samples, misses = [], 0
    for _ in range(rounds):
        for request in requests:
            started = time.perf_counter()
            result = cascade.run(request)
            samples.append((time.perf_counter() - started) * 1000)
            misses += result.tier is not Tier.RULE
    return samples, misses


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args(argv)
    samples, misses = measure(args.rounds)
    print("| answers | p50 ms | p99 ms | max ms | mean ms | not rule-tier |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    print(
        f"| {len(samples)} | {statistics.median(samples):.3f} | {percentile(samples, 0.99):.3f} "
        f"| {max(samples):.3f} | {statistics.fmean(samples):.3f} | {misses} |"
    )
    return 0 if misses == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
