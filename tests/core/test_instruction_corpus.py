"""The instruction corpus (tests/data/instruction_corpus.jsonl) and the two held-out sets,
read by the rules alone.

Half of the corpus was written the way users type (typos, lower case, mixed languages, extra
words), not to fit the rules; a tenth is prompt injection and plain text that merely names a
language. The held-out sets are free-form requests collected after the grammar was written.
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

DATA = Path(__file__).resolve().parents[1] / "data"
CORPUS = DATA / "instruction_corpus.jsonl"
HELD_OUT = (DATA / "instruction_heldout.jsonl", DATA / "instruction_heldout_b.jsonl")
ALL_SETS = (CORPUS, *HELD_OUT)
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


def load_items(path: Path = CORPUS) -> list[Item]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [Item(**json.loads(line)) for line in lines]


def load_all_items() -> list[Item]:
    """The corpus and both held-out sets."""
    return [item for path in ALL_SETS for item in load_items(path)]


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


def test_held_out_sets_are_free_form_with_injections_in_several_languages() -> None:
    for path in HELD_OUT:
        items = load_items(path)
        assert len(items) == 40
        assert all(item.style in ("free", "injection") for item in items)
        assert all(item.span is None or item.span in item.text for item in items)
    fresh = load_items(HELD_OUT[1])
    assert sum(item.style == "injection" for item in fresh) >= 5
    assert len({item.lang for item in fresh}) >= 8


@pytest.mark.parametrize("path", ALL_SETS, ids=lambda path: path.stem)
def test_rules_alone_understand_at_least_80_percent_and_injection_stays_text(path: Path) -> None:
    items = load_items(path)
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
