"""The triage LLM: the real SmolLM2-135M GGUF under a closed JSON schema, and its edge cases."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from assistant.core.cascade import Cascade
from assistant.core.errors import EngineError
from assistant.core.instructions import Intent
from assistant.core.langid import LanguageIdentifier
from assistant.core.languages import M2M100_LANGUAGES
from assistant.core.request import Request
from assistant.core.result import Tier
from assistant.core.translation import TranslationOutput, TranslationRequest
from assistant.core.triage import TriageDecision, validate_decision
from assistant.core.triage_question import triage_question
from assistant.engine.m2m100 import M2M100Runner
from assistant.engine.precision import Precision
from assistant.engine.triage import (
    SYSTEM_PROMPT,
    TriageLLM,
    choose_device,
    decision_schema,
    parse_decision,
)
from assistant.engine.warmup import warm_up
from tests.builders.tiny_m2m100 import TinyM2M100
from tests.engine.conftest import TEST_BUCKETS


@pytest.fixture(scope="module")
def smollm2(smollm2_gguf: Path) -> TriageLLM:
    return TriageLLM(smollm2_gguf, "CPU")


def _schema_violations(decision: TriageDecision, request: str) -> list[str]:
    """What in `decision` breaks the closed question for `request` (empty: it validates)."""
    question = triage_question(request)
    problems = []
    if decision.text not in question.spans:
        problems.append(f"span {decision.text!r} is not one of the offered spans")
    if decision.target_lang not in question.languages:
        problems.append(f"{decision.target_lang!r} is not one of the offered languages")
    if decision.text not in request:
        problems.append("the span is not in the request")
    return problems


@pytest.mark.slow
def test_real_llm_answers_always_pick_an_offered_span_and_language(smollm2: TriageLLM) -> None:
    requests = [
        "I need this in Japanese please: the meeting is moved to Friday",
        "My grandmother only speaks Polish. How do I tell her: I miss you",
        "Could you put 'good night' in Italian for my friend?",
        "how do you say the bill please in german",
        "Translate this for my Chinese colleague, the server is down",
    ]
    for text in requests:
        decision = smollm2.triage(text)
        assert _schema_violations(decision, text) == []
        assert decision.intent is Intent.TRANSLATE
    assert smollm2.device == "CPU"


@dataclass
class CountingTriage:
    """The real LLM, recording what it decided (or the typed error it raised)."""

    llm: TriageLLM
    answers: list[TriageDecision | EngineError] = field(default_factory=list)

    @property
    def device(self) -> str:
        return self.llm.device

    def triage(self, text: str) -> TriageDecision:
        try:
            decision = self.llm.triage(text)
        except EngineError as error:
            self.answers.append(error)
            raise
        self.answers.append(decision)
        return decision


@pytest.fixture(scope="module")
def tiny_translator(tiny_m2m100: TinyM2M100) -> M2M100Runner:
    runner, _ = warm_up(tiny_m2m100.ov_dir, precision=Precision.F32, buckets=TEST_BUCKETS)
    return runner


@pytest.mark.slow
def test_cascade_consults_the_real_llm_once_and_never_lets_it_translate(
    smollm2: TriageLLM, identifier_for_triage: LanguageIdentifier, tiny_translator: M2M100Runner
) -> None:
    triage = CountingTriage(smollm2)
    cascade = Cascade(identifier_for_triage, translator=tiny_translator, triage=triage)
    text = "Could you put 'good night' in Italian for my friend?"
    result = cascade.run(Request(text, target_lang="de"))
    assert len(triage.answers) == 1 and result.trace.devices["triage"] == "CPU"
    answer = triage.answers[0]
    if isinstance(answer, TriageDecision):
        assert result.output != answer.text
    if result.tier is Tier.TRIAGE:  # a detect-language decision: langid names the language
        assert "langid" in result.trace.tools and "m2m100" not in result.trace.tools
        assert result.output.endswith(f"({result.source_lang})")
    else:  # the translation comes from M2M-100, of the LLM's span or the whole input
        assert result.tier is Tier.MODEL and "m2m100" in result.trace.tools
        assert isinstance(answer, EngineError) or result.output != answer.text


def test_a_triage_model_that_fails_on_npu_and_on_cpu_is_a_typed_error(tmp_path: Path) -> None:
    garbage = tmp_path / "broken.gguf"
    garbage.write_bytes(b"not a model" * 100)
    with pytest.raises(EngineError, match="could not be loaded") as raised:
        TriageLLM(garbage, "NPU")
    assert "Re-install it from Models" in raised.value.user_message


@pytest.fixture(scope="module")
def identifier_for_triage() -> LanguageIdentifier:
    return LanguageIdentifier()


def test_schema_is_closed_enums_of_the_offered_spans_and_languages() -> None:
    question = triage_question("Could you put 'good night' in Italian for my friend?")
    schema = decision_schema(question)
    assert schema["additionalProperties"] is False
    assert schema["required"] == ["span", "target_lang"]
    assert schema["properties"]["span"]["enum"] == list(range(1, len(question.spans) + 1))
    assert schema["properties"]["target_lang"]["enum"] == ["it"]
    assert question.spans[0] == "good night"
    assert len(SYSTEM_PROMPT) < 200


def test_a_request_naming_no_language_offers_every_supported_one() -> None:
    question = triage_question("please translate the meeting notes for my team")
    assert set(question.languages) == M2M100_LANGUAGES
    assert question.spans[-1] == "please translate the meeting notes for my team"
    assert "1. please translate" in question.prompt()


@pytest.mark.parametrize(
    "raw",
    [
        '{"span": 1, "target_l',
        '{"span": 9, "target_lang": "it"}',
        '{"span": 1, "target_lang": "tlh"}',
        '{"span": "x", "target_lang": "it"}',
        "[]",
        "",
    ],
)
def test_unreadable_llm_output_is_a_typed_error(raw: str) -> None:
    question = triage_question("Could you put 'good night' in Italian for my friend?")
    with pytest.raises(EngineError, match="unreadable answer"):
        parse_decision(raw, question)


def test_readable_llm_output_becomes_a_decision_on_the_numbered_span() -> None:
    question = triage_question("Could you put 'good night' in Italian for my friend?")
    raw = json.dumps({"span": 1, "target_lang": "it"})
    assert parse_decision(raw, question) == TriageDecision(Intent.TRANSLATE, "it", "good night")


def test_validation_needs_a_real_span_and_a_supported_language() -> None:
    text = "put good night in Italian"
    ok = validate_decision(TriageDecision(Intent.TRANSLATE, "it", "good night"), text, {"it"})
    assert ok is not None and (ok.text, ok.target_lang) == ("good night", "it")
    for bad in (
        TriageDecision(Intent.TRANSLATE, "it", "buona notte"),
        TriageDecision(Intent.TRANSLATE, "tlh", "good night"),
        TriageDecision(Intent.NOT_A_REQUEST, "it", "good night"),
        TriageDecision(Intent.TRANSLATE, "it", "   "),
    ):
        assert validate_decision(bad, text, {"it"}) is None


def test_npu_is_preferred_when_present() -> None:
    assert choose_device(["CPU", "NPU"]) == "NPU"
    assert choose_device(["CPU", "GPU"]) == "CPU"


def test_the_output_pattern_admits_exactly_the_offered_choices() -> None:
    import re

    from assistant.engine.triage import decision_pattern

    question = triage_question("My grandmother only speaks Polish. How do I tell her: I miss you")
    pattern = re.compile(decision_pattern(question))
    for index in range(1, len(question.spans) + 1):
        answer = json.dumps({"span": index, "target_lang": "pl"})
        assert pattern.fullmatch(answer) and parse_decision(answer, question).target_lang == "pl"
    assert question.spans[0] == "I miss you"
    outside = (
        '{"span": 0, "target_lang": "pl"}',
        '{"span": 1, "target_lang": "de"}',
        '{"span": 1,  "target_lang": "pl"}',
        '{"span": 1, "target_lang": "pl"} ',
    )
    for answer in outside:
        assert pattern.fullmatch(answer) is None


@dataclass
class EchoTranslator:
    """The translator boundary for understanding tests: records what it is asked."""

    calls: list[tuple[str, str, str]] = field(default_factory=list)
    model_version: str = "echo"

    def supported_languages(self) -> frozenset[str]:
        return M2M100_LANGUAGES

    def translate(self, request: TranslationRequest) -> TranslationOutput:
        self.calls.append((request.text, request.source, request.target))
        return TranslationOutput(request.text, [])


@pytest.mark.slow
def test_the_instruction_corpus_with_smollm2_triage(
    smollm2: TriageLLM, identifier_for_triage: LanguageIdentifier
) -> None:
    from tests.core.test_instruction_corpus import load_all_items

    triage = CountingTriage(smollm2)
    echo = EchoTranslator()
    cascade = Cascade(identifier_for_triage, translator=echo, triage=triage)
    right = 0
    items = load_all_items()
    for item in items:
        before = len(echo.calls)
        result = cascade.run(Request(item.text, target_lang=item.to))
        calls = echo.calls[before:]
        if item.target is None:
            assert result.trace.understood is None, item.text
            assert not calls or calls[0][2] == item.to
            right += 1
            continue
        right += bool(calls) and (calls[0][0], calls[0][2]) == (item.span, item.target)
    invalid = [a for a in triage.answers if isinstance(a, EngineError)]
    print(f"\nwith SmolLM2 triage: {right}/{len(items)} right, {len(triage.answers)} triage calls")
    assert invalid == [] and triage.answers
    assert right / len(items) >= 0.95
