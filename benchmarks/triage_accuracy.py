"""How well the cascade understands instructions: rules alone, and rules plus a triage LLM
(SmolLM2-135M on the CPU by default), on the instruction corpus and the held-out set.

    .venv/bin/python benchmarks/triage_accuracy.py [--model PATH] [--device CPU] [--out FILE]

Runs every request through the real Cascade. The translator at its end only records what it
was asked (the span, the target) and hands the text back: this measures understanding, not
translation. Reports, per set: the share understood by sure rules, by triage, by the rules'
best reading, and by nothing (translated whole); target accuracy; span accuracy; invalid
triage answers; and the triage latency p50.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from assistant.core.cascade import Cascade  # noqa: E402
from assistant.core.errors import EngineError  # noqa: E402
from assistant.core.langid import LanguageIdentifier  # noqa: E402
from assistant.core.request import Request  # noqa: E402
from assistant.core.translation import TranslationOutput, TranslationRequest  # noqa: E402
from assistant.core.triage import TriageDecision  # noqa: E402
from assistant.core.triage_question import TriageQuestion, triage_question  # noqa: E402

SETS = {
    "corpus": REPO / "tests" / "data" / "instruction_corpus.jsonl",
    "held-out": REPO / "tests" / "data" / "instruction_heldout.jsonl",
    "held-out B": REPO / "tests" / "data" / "instruction_heldout_b.jsonl",
}


@dataclass
class EchoTranslator:
    """Records each (text, source, target) it is asked for and returns the text as is."""

    calls: list[tuple[str, str, str]] = field(default_factory=list)
    model_version: str = "echo"

    def supported_languages(self) -> frozenset[str]:
        from assistant.core.languages import M2M100_LANGUAGES

        return M2M100_LANGUAGES

    def translate(self, request: TranslationRequest) -> TranslationOutput:
        self.calls.append((request.text, request.source, request.target))
        return TranslationOutput(request.text, [])


@dataclass
class TimedTriage:
    """The real triage LLM, timing each answer and counting invalid ones and first picks."""

    llm: object
    latencies_ms: list[float] = field(default_factory=list)
    invalid: int = 0
    first_pick: int = 0

    @property
    def device(self) -> str:
        return str(getattr(self.llm, "device", "CPU"))

    def triage(self, text: str) -> TriageDecision:
        started = time.perf_counter()
        try:
            decision: TriageDecision = self.llm.triage(text)  # type: ignore[attr-defined]
        except EngineError:
            self.invalid += 1
            raise
        finally:
            self.latencies_ms.append((time.perf_counter() - started) * 1000)
        self.first_pick += decision.text == triage_question(text).spans[0]
        return decision


@dataclass
class Score:
    """Counts for one set under one configuration."""

    items: int = 0
    by: Counter[str] = field(default_factory=Counter)
    target_right: int = 0
    span_right: int = 0
    both_right: int = 0


def outcome(
    cascade: Cascade, echo: EchoTranslator, row: dict[str, str | None]
) -> tuple[str, str | None, str | None]:
    """(who understood, target, span) for one request; plain text is (…, None, None)."""
    result = cascade.run(Request(str(row["text"]), target_lang=str(row["to"])))
    understood = result.trace.understood
    if understood is None:
        return "nothing", None, None
    who = understood.by
    if who == "rules" and "the rules' best reading of the request was used" in result.trace.notes:
        who = "rules (best reading)"
    return who, understood.target_lang, understood.text


def score(cascade: Cascade, echo: EchoTranslator, path: Path) -> Score:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    result = Score(items=len(rows))
    for row in rows:
        who, target, span = outcome(cascade, echo, row)
        result.by[who] += 1
        result.target_right += target == row["target"]
        result.span_right += span == row["span"]
        result.both_right += (target, span) == (row["target"], row["span"])
    return result


def table(results: dict[tuple[str, str], Score]) -> str:
    lines = [
        "| set | configuration | items | sure rules | triage | best rule reading | nothing "
        "| target right | span right | both right |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for (name, config), s in results.items():
        share = [
            f"{s.by[k] / s.items:.0%}"
            for k in ("rules", "triage", "rules (best reading)", "nothing")
        ]
        lines.append(
            f"| {name} | {config} | {s.items} | "
            + " | ".join(share)
            + f" | {s.target_right / s.items:.1%} | {s.span_right / s.items:.1%} "
            f"| {s.both_right / s.items:.1%} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, help="triage model (GGUF or IR); default SmolLM2")
    parser.add_argument("--device", default="CPU")
    parser.add_argument("--out", type=Path, help="write the report as Markdown here")
    parser.add_argument("--rules-only", action="store_true", help="skip the triage LLM")
    args = parser.parse_args(argv)
    identifier = LanguageIdentifier()
    identifier.warm_up()
    echo = EchoTranslator()
    results: dict[tuple[str, str], Score] = {}
    for name, path in SETS.items():
        results[(name, "rules alone")] = score(Cascade(identifier, echo), echo, path)
    timed: TimedTriage | None = None
    probe: TimedTriage | None = None
    model_name = "none"
    if not args.rules_only:
        from assistant.engine.triage import TriageLLM

        model = args.model
        if model is None:
            from tests.builders.triage_llm import smollm2_gguf

            model = smollm2_gguf()
        model_name = model.name
        timed = TimedTriage(TriageLLM(model, args.device))
        for name, path in SETS.items():
            results[(name, f"rules + {model_name}")] = score(
                Cascade(identifier, echo, triage=timed), echo, path
            )
        with reversed_candidates():
            probe = TimedTriage(timed.llm)
            for name, path in SETS.items():
                results[(name, f"rules + {model_name}, spans offered in reverse")] = score(
                    Cascade(identifier, echo, triage=probe), echo, path
                )
    report = table(results)
    summary = [f"CPU: {cpu_model()}; load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}"]
    if timed is not None and timed.latencies_ms:
        summary.append(
            f"triage ({model_name}, {args.device}): {len(timed.latencies_ms)} calls, "
            f"{timed.invalid} invalid answers, p50 {statistics.median(timed.latencies_ms):.0f} ms, "
            f"max {max(timed.latencies_ms):.0f} ms; picked the rules' first candidate in "
            f"{timed.first_pick} of {len(timed.latencies_ms) - timed.invalid}"
        )
    if probe is not None and probe.latencies_ms:
        summary.append(
            f"with the spans offered in reverse, it picked the rules' best reading (now offered "
            f"last) in {probe.first_pick} of {len(probe.latencies_ms) - probe.invalid}"
        )
    print(report)
    print("\n".join(summary))
    if args.out is not None:
        write_report(args.out, report, summary)
    return 0


@contextmanager
def reversed_candidates() -> Iterator[None]:
    """Offer the candidate spans in reverse (the rules' best reading last), to see whether
    the model reads them or only takes the first."""
    import assistant.engine.triage as engine_triage

    original = triage_question

    def reversed_question(text: str) -> TriageQuestion:
        question = original(text)
        return TriageQuestion(question.request, question.spans[::-1], question.languages)

    setattr(engine_triage, "triage_question", reversed_question)  # noqa: B010
    try:
        yield
    finally:
        setattr(engine_triage, "triage_question", original)  # noqa: B010


def cpu_model() -> str:
    """The CPU's model name (Linux), else what the platform module says."""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("model name"):
                return f"{line.split(':', 1)[1].strip()}, {os.cpu_count()} cores"
    return platform.processor() or platform.machine()


def write_report(out: Path, report: str, summary: list[str]) -> None:
    """Replace the measured section of the triage report, keeping the prose around it."""
    begin, end = "<!-- measured: begin -->", "<!-- measured: end -->"
    measured = f"{begin}\n{report}\n\n" + "\n".join(f"- {line}" for line in summary) + f"\n{end}"
    text = out.read_text(encoding="utf-8") if out.exists() else f"{begin}\n{end}\n"
    head, _, rest = text.partition(begin)
    _, _, tail = rest.partition(end)
    out.write_text(head + measured + tail, encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
