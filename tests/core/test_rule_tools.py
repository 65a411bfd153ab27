"""The rule tools: blank and untranslatable input, masking, line breaks, glossary."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.core.glossary import Glossary, GlossaryEntry
from assistant.core.linebreaks import repair_line_breaks
from assistant.core.masking import Replacement, mask, unmask
from assistant.core.passthrough import is_blank, is_untranslatable

UNTRANSLATABLE = [
    "42", "3.14", "1,299.00", "2024-03-15", "+49 30 1234567", "https://example.com/a?b=c",
    "www.example.org", "me@example.com", "/usr/local/bin/python3", "C:\\Users\\me\\file.txt",
    "`pip install x`", "```\nprint(1)\n```", "os.path.join()", "snake_case", "--help", "$HOME",
    "😀👍", "!!!", "…", "* * *", "12 + 7 = 19",
]  # fmt: skip
TRANSLATABLE = ["Hello world", "café", "Guten Morgen", "😀 nice day", "Version 2 is out", "你好"]


@pytest.mark.parametrize("text", UNTRANSLATABLE)
def test_untranslatable_inputs_are_recognised(text: str) -> None:
    assert is_untranslatable(text)


@pytest.mark.parametrize("text", TRANSLATABLE)
def test_language_is_not_mistaken_for_untranslatable(text: str) -> None:
    assert not is_untranslatable(text)


def test_blank_covers_whitespace_and_controls_only() -> None:
    assert is_blank("") and is_blank(" \t\n\u3000") and is_blank("\x00\x07")
    assert not is_blank(" a ")


@given(st.text())
@settings(max_examples=300, deadline=None)
def test_rule_tools_never_raise(text: str) -> None:
    is_blank(text)
    is_untranslatable(text)
    repair_line_breaks(text)
    unmask(mask(text).text, mask(text))


@given(st.text())
@settings(max_examples=500, deadline=None)
def test_masking_then_unmasking_is_the_identity(text: str) -> None:
    masked = mask(text)
    restored = unmask(masked.text, masked)
    assert restored.text == text
    assert restored.missing == ()


@given(st.text(), st.sampled_from(["OpenVINO", "Core Ultra", "NPU"]))
@settings(max_examples=200, deadline=None)
def test_do_not_translate_terms_survive_masking(text: str, term: str) -> None:
    source = f"{text} {term} {text}"
    masked = mask(source, [Replacement(term, term)])
    standalone = re.compile(rf"(?<!\w){re.escape(term)}(?!\w)", re.IGNORECASE)
    assert standalone.search(masked.text) is None
    assert unmask(masked.text, masked).text == source


def test_masking_protects_spans_and_reports_dropped_placeholders() -> None:
    masked = mask("Mail me@x.org about https://x.org/a by 2024-05-01")
    assert masked.restores == ("me@x.org", "https://x.org/a", "2024-05-01")
    assert "@" not in masked.text and "http" not in masked.text
    model_output = "Schreib [0] wegen [ 1 ]"  # the model lost [2] and spaced [1]
    restored = unmask(model_output, masked)
    assert restored.text == "Schreib me@x.org wegen https://x.org/a"
    assert restored.missing == (2,)


def test_text_that_already_looks_like_a_placeholder_is_kept() -> None:
    masked = mask("see [3] and [ 7 ]")
    assert unmask(masked.text, masked).text == "see [3] and [ 7 ]"


def test_glossary_applies_per_language_pair_and_keeps_brand_names() -> None:
    glossary = Glossary(
        entries=(GlossaryEntry("en", "de", "invoice", "Faktura"),),
        do_not_translate=("OpenVINO",),
    )
    masked = mask("The Invoice from OpenVINO", glossary.replacements("en", "de"))
    assert masked.restores == ("Faktura", "OpenVINO")
    assert masked.text == "The [0] from [1]"
    assert glossary.replacements("en", "fr") == (Replacement("OpenVINO", "OpenVINO"),)


def test_line_break_repair_joins_wrapped_lines_and_keeps_paragraphs() -> None:
    pasted = (
        "The quick brown fox jumps over the lazy dog and then it runs\n"
        "away into the forest where nobody can find it, not even the trans-\n"
        "lation team.\n\n"
        "Second paragraph is also wrapped at a fixed width because it\n"
        "was copied from a PDF document.\n"
        "- item one\n"
        "- item two"
    )
    repaired = repair_line_breaks(pasted)
    assert repaired.split("\n\n")[0] == (
        "The quick brown fox jumps over the lazy dog and then it runs away into the forest "
        "where nobody can find it, not even the translation team."
    )
    assert repaired.split("\n\n")[1].splitlines() == [
        "Second paragraph is also wrapped at a fixed width because it was copied from a PDF "
        "document.",
        "- item one",
        "- item two",
    ]


def test_short_lines_such_as_verse_are_left_alone() -> None:
    verse = "Roses are red,\nviolets are blue,\nsugar is sweet."
    assert repair_line_breaks(verse) == verse


def test_a_do_not_translate_term_keeps_the_casing_it_had_in_the_text() -> None:
    masked = mask("nPU and NPU, but not 0NPU", [Replacement("NPU", "NPU")])
    assert masked.restores == ("nPU", "NPU")
    assert unmask(masked.text, masked).text == "nPU and NPU, but not 0NPU"
