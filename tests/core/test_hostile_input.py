"""Hostile input through the rule tools: long words and runs of punctuation answer in linear
time, in the rule tier and in the masking and line-break repair around the model."""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass

import pytest

from assistant.core.cascade import Cascade
from assistant.core.errors import ModelNotInstalledError
from assistant.core.langid import LanguageIdentifier
from assistant.core.markdown import split_markdown
from assistant.core.request import Request
from assistant.core.result import Tier
from assistant.core.translation import TranslationOutput, TranslationRequest

BOUND_SECONDS = 5.0
"""Generous: each case takes milliseconds; the quadratic versions took minutes."""

HOSTILE = {
    "200 KB word": "a" * 200_000,
    "snake_case word": "a_" * 100_000 + "-",
    "digits then a letter": "1" * 200_000 + "a",
    "e-mail without a dot": "a@" + "b" * 1_000_000,
    "at-signs and dots": "@." * 500_000,
    "words and at-signs": "a@" * 500_000,
    "mixed punctuation": "a.@-+_:/\\`[1]" * 80_000,
    "www and dots": "www." + "." * 1_000_000,
    "hex digits": "0x" + "f" * 1_000_000 + "g",
    "unclosed fence": "```" + "a" * 1_000_000,
    "unix path": "/a" * 500_000 + "!",
    "placeholder look-alikes": "[ " * 500_000,
    "statement with many terms": "x = 1" + "-1" * 40 + " a b",
    "long statement": "x = 1" + " -1" * 300_000 + " a b",
    "instruction with a long gap": "translate a" + " " * 90_000 + "b",
    "colon form with a long gap": "translate to German" + " " * 90_000 + "b",
    "chinese suffix form": "你好" + " " * 90_000 + "x",
    "many target phrases": ("translate x to German" + " " * 40 + "y. ") * 1500,
    "long whitespace gap": "a" + " " * 200_000 + "b",
    "many lines": "word " * 8 + "\n" + ("a few more words here, " * 2 + "\n") * 30_000,
    "many code lines": "x = f(1);\n" * 20_000 + "and then prose at the end",
    "open parentheses on every line": ("def f" + "(" * 390 + "\n") * 500,
    "almost json": "{" + '"a": 1,' * 100_000 + "}",
}


@dataclass
class EchoTranslator:
    """Returns its input: the masking and line-break repair around the model still run."""

    model_version: str = "echo"

    def supported_languages(self) -> frozenset[str]:
        return frozenset({"en", "de"})

    def translate(self, request: TranslationRequest) -> TranslationOutput:
        return TranslationOutput(request.text, [], {}, {}, 0, 0)


@pytest.mark.timeout(120)
@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_text_is_answered_quickly_by_the_rule_tier(
    identifier: LanguageIdentifier, name: str
) -> None:
    text = HOSTILE[name]
    cascade = Cascade(identifier)
    started = time.perf_counter()
    with contextlib.suppress(ModelNotInstalledError):  # the rules passed it on to the model
        cascade.run(Request(text, target_lang="de"))
    elapsed = time.perf_counter() - started
    assert elapsed < BOUND_SECONDS, f"{name}: {elapsed:.1f} s"


@pytest.mark.timeout(120)
@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_text_is_masked_quickly_around_the_model(
    identifier: LanguageIdentifier, name: str
) -> None:
    text = HOSTILE[name]
    cascade = Cascade(identifier, EchoTranslator(), default_target="de")
    request = Request(text, target_lang="de", source_lang="en", parse_instructions=False)
    started = time.perf_counter()
    result = cascade.run(request)
    elapsed = time.perf_counter() - started
    assert elapsed < BOUND_SECONDS, f"{name}: {elapsed:.1f} s"
    if result.tier is Tier.MODEL:
        assert result.output.split() == text.split()


@pytest.mark.timeout(120)
def test_a_hostile_markdown_document_splits_quickly() -> None:
    lines = [
        "|" + " " * 200_000 + "x",
        "| --- |" + " " * 200_000 + "x",
        " " * 200_000 + "# heading",
        "<" + "a" * 200_000,
        "- " * 100_000 + "x",
    ]
    started = time.perf_counter()
    pieces = split_markdown("\n".join(lines))
    assert time.perf_counter() - started < BOUND_SECONDS
    assert "".join(piece.text for piece in pieces) == "\n".join(lines)
