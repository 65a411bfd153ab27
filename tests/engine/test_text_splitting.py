"""Sentence segmentation with paragraphs kept, and splitting to fit the encoder."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.engine.segmenter import split_sentences
from assistant.engine.splitter import split_to_fit


def test_sentences_keep_the_exact_paragraph_breaks() -> None:
    segments = split_sentences("Hi there. Bye.\n\n\nNext one.\r\nLast", "en")
    assert [s.text for s in segments] == ["Hi there.", "Bye.", "Next one.", "Last"]
    assert [s.separator for s in segments] == [" ", "\n\n\n", "\r\n", ""]


def test_blank_text_has_no_sentences() -> None:
    assert split_sentences("  \n \n\t", "en") == []


def test_cjk_sentences_are_segmented() -> None:
    segments = split_sentences("今天天气很好。我们去公园吧！", "zh")
    assert [s.text for s in segments] == ["今天天气很好。", "我们去公园吧！"]


def test_split_prefers_clause_boundaries() -> None:
    text = "first part here, second part here; third part here"
    pieces = split_to_fit(text, lambda t: len(t.split()), 4)
    assert pieces == ["first part here,", "second part here;", "third part here"]


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=300), st.integers(min_value=4, max_value=40))
def test_pieces_fit_and_lose_no_character(text: str, limit: int) -> None:
    def count(piece: str) -> int:
        return len(piece) // 3 + 2

    pieces = split_to_fit(text, count, limit)
    assert all(count(p) <= limit for p in pieces)
    assert "".join("".join(p.split()) for p in pieces) == "".join(text.split())
