"""The instruction corpus (tests/data/instruction_corpus.jsonl), read by the rules alone.

Half of it was written the way users type (typos, lower case, mixed languages, extra words),
not to fit the rules; a tenth is prompt injection and plain text that merely names a language.
The share the rules get right is printed; the triage benchmark adds SmolLM2 on top.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from assistant.core.cascade import Cascade
from assistant.core.instructions import (
    Instruction,
    looks_like_instruction,
    parse_instruction,
    plausible_instruction,
)
from assistant.core.langid import LanguageIdentifier
from assistant.core.request import Request
from tests.core.conftest import RecordingTranslator

CORPUS = Path(__file__).resolve().parents[1] / "data" / "instruction_corpus.jsonl"
INSTRUCTION_LANGUAGES = {"en", "de", "fr", "es", "it", "pt", "nl", "pl", "ru", "zh", "ja"}


@dataclass(frozen=True)
class Item:
    """One corpus line: the request, the default target, and what it asks (None: plain text)."""

    text: str
    to: str
    target: str | None
    span: str | None
    style: str
    lang: str


def load_items() -> list[Item]:
    lines = CORPUS.read_text(encoding="utf-8").splitlines()
    return [Item(**json.loads(line)) for line in lines]


def rules_alone(text: str) -> Instruction | None:
    """What the cascade acts on without a triage model."""
    sure = parse_instruction(text)
    if sure is not None or not looks_like_instruction(text):
        return sure
    return plausible_instruction(text)


def test_corpus_covers_every_language_and_is_mostly_not_written_for_the_rules() -> None:
    items = load_items()
    styles = Counter(item.style for item in items)
    assert len(items) >= 100
    assert styles["free"] / len(items) >= 0.30
    assert styles["injection"] >= 5
    assert {item.lang for item in items if item.target} == INSTRUCTION_LANGUAGES


def test_rules_alone_understand_at_least_80_percent_and_injection_stays_text() -> None:
    items = load_items()
    right: Counter[str] = Counter()
    for item in items:
        reading = rules_alone(item.text)
        got = (reading.target_lang, reading.text) if reading else (None, None)
        right[item.style] += got == (item.target, item.span)
        if item.style in ("injection", "plain"):
            assert reading is None, item.text
    total = sum(right.values()) / len(items)
    print(f"\nrules alone: {total:.1%} right; by style {dict(right)}")
    assert total >= 0.80


@pytest.mark.parametrize(
    "text",
    [
        "in Dutch please: The bicycle is in the garden.",
        "Can you put this in Russian? We will arrive tomorrow",
        "Translate the following sentence to Vietnamese: The children are playing outside.",
    ],
)
def test_the_three_reported_misses_are_read_for_sure(text: str) -> None:
    assert parse_instruction(text) is not None


def test_a_request_in_the_target_language_is_not_returned_unchanged(
    identifier: LanguageIdentifier, engine: RecordingTranslator
) -> None:
    text = "How do I say see you next week in Italian?"
    result = Cascade(identifier, engine).run(Request(text, "en"))
    assert engine.calls == [("see you next week", "en", "it")]
    assert result.output != text


def test_the_triage_benchmark_runs_on_the_rules(capsys: pytest.CaptureFixture[str]) -> None:
    import sys

    sys.path.insert(0, str(CORPUS.parents[2]))
    from benchmarks.triage_accuracy import main

    assert main(["--rules-only"]) == 0
    out = capsys.readouterr().out
    assert "| corpus | rules alone | " in out and "| held-out | rules alone | " in out
