"""The request-mix corpus (tests/data/request_mix.jsonl): 200+ realistic requests, each with
the tier that must answer it and the class of output, run through the cascade with the real
tiny engine and the encrypted translation memory. No triage model is installed here."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from assistant.core.cascade import Cascade
from assistant.core.langid import LanguageIdentifier
from assistant.core.request import Request
from assistant.core.result import Result
from assistant.state.vault import Vault
from tests.core.conftest import RecordingTranslator

CORPUS = Path(__file__).resolve().parents[1] / "data" / "request_mix.jsonl"


@dataclass(frozen=True)
class Case:
    """One corpus line."""

    text: str
    to: str
    tier: str
    kind: str
    source: str | None = None
    target: str | None = None
    span: str | None = None
    lang: str | None = None


def load_corpus() -> list[Case]:
    cases = []
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        data = json.loads(line)
        data["kind"] = data.pop("class")
        cases.append(Case(**data))
    return cases


def check(case: Case, result: Result, engine: RecordingTranslator, calls_before: int) -> None:
    where = f"{case.text!r}: {result.trace}"
    assert result.tier.value == case.tier, where
    new_calls = engine.calls[calls_before:]
    if case.kind == "unchanged":
        assert result.output == case.text, where
        assert not new_calls
    if case.source is not None:
        assert result.source_lang == case.source, where
    if case.kind == "instruction":
        assert new_calls and new_calls[0][0] == case.span and new_calls[0][2] == case.target, where
    if case.kind == "translated":
        assert new_calls and new_calls[0][1:] == (case.source, case.to), where
    if case.kind == "detect":
        assert result.source_lang == case.lang and not new_calls, where
    if case.kind == "memory":
        assert not new_calls, where


def test_corpus_is_large_and_varied() -> None:
    cases = load_corpus()
    assert len(cases) >= 200
    assert set(Counter(c.tier for c in cases)) == {"rule", "memory", "model"}


@pytest.mark.slow
def test_every_request_is_answered_by_its_expected_tier(
    identifier: LanguageIdentifier, engine: RecordingTranslator, vault: Vault
) -> None:
    cascade = Cascade(identifier, engine, memory=vault.memory)
    tiers: Counter[str] = Counter()
    for case in load_corpus():
        before = len(engine.calls)
        result = cascade.run(Request(case.text, target_lang=case.to))
        check(case, result, engine, before)
        tiers[result.tier.value] += 1
    total = sum(tiers.values())
    never_model = (total - tiers["model"]) / total
    print(f"\nrequest mix: {dict(tiers)}; {never_model:.1%} never reached M2M-100")
    assert never_model > 0.5
