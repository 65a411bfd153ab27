"""The spans of a request that may be the text to translate: quoted text, the text after (or
before) a colon or dash, each sentence, and the words around a named language.

These are the only answers the instruction rules and the triage model may choose from, so a
chosen span is always a piece of the input, as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from assistant.core.instruction_phrases import DELIMITERS
from assistant.core.language_mentions import CJK

QUOTED = re.compile(
    r"\"([^\"\n]+)\"|“([^”\n]+)”|„([^“”\n]+)[“”]|«\s*([^»\n]+?)\s*»|「([^」\n]+)」|『([^』\n]+)』"
    r"|(?<!\w)'([^'\n]+)'(?!\w)|(?<!\w)‘([^’\n]+)’(?!\w)"
)
SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s+|(?<=[。！？])|\n+")
TOKEN = re.compile(f"[{CJK}]|[^\\W_]+(?:['’-][^\\W_]+)*")
MAX_SENTENCES = 6
"""Only the first sentences (and the last) are candidates: a request is short."""
EDGE_TOKENS = 6
"""How many tokens at each end of a region a span may leave out (request words are short)."""


class SpanKind(str, Enum):
    """Where a candidate span came from, most specific first."""

    QUOTED = "quoted"
    AFTER_DELIMITER = "after delimiter"
    BEFORE_DELIMITER = "before delimiter"
    AROUND_LANGUAGE = "around language"
    SENTENCE = "sentence"
    WHOLE = "whole input"


@dataclass(frozen=True)
class Candidate:
    """A span of the input: `text` is `source[start:end]` without outer quotes or spaces."""

    text: str
    start: int
    end: int
    kind: SpanKind


def _candidate(source: str, start: int, end: int, kind: SpanKind) -> Candidate | None:
    piece = source[start:end]
    stripped = piece.strip(" \t\r\n,;")
    if not stripped or not any(c.isalpha() for c in stripped):
        return None
    start += len(piece) - len(piece.lstrip(" \t\r\n,;"))
    return Candidate(stripped, start, start + len(stripped), kind)


def quoted(text: str) -> list[Candidate]:
    """Each quoted stretch, without its quote marks."""
    found = []
    for match in QUOTED.finditer(text):
        group = next(g for g in range(1, (match.lastindex or 0) + 1) if match.group(g))
        made = _candidate(text, match.start(group), match.end(group), SpanKind.QUOTED)
        if made is not None:
            found.append(made)
    return found


def around_delimiter(text: str, start: int, end: int) -> list[Candidate]:
    """The text after the first delimiter past [start, end), and before the last one ahead
    of it ("in Dutch please: …", "good night — in Japanese")."""
    found = []
    after = [(text.find(d, end), d) for d in DELIMITERS if text.find(d, end) >= 0]
    if after:
        position, delimiter = min(after)
        made = _candidate(text, position + len(delimiter), len(text), SpanKind.AFTER_DELIMITER)
        if made is not None:
            found.append(made)
    before = [(text.rfind(d, 0, start), d) for d in DELIMITERS if text.rfind(d, 0, start) >= 0]
    if before:
        position, _ = max(before)
        made = _candidate(text, 0, position, SpanKind.BEFORE_DELIMITER)
        if made is not None:
            found.append(made)
    return found


def sentences(text: str) -> list[tuple[int, int]]:
    """The (start, end) of each sentence or line."""
    bounds, position = [], 0
    for match in SENTENCE_END.finditer(text):
        if match.start() > position:
            bounds.append((position, match.start()))
        position = match.end()
    if position < len(text):
        bounds.append((position, len(text)))
    return bounds


def each_sentence(text: str) -> list[Candidate]:
    """Every sentence as a candidate (only when there are at least two)."""
    bounds = sentences(text)
    if len(bounds) < 2:
        return []
    bounds = bounds[:MAX_SENTENCES] + bounds[-1:] * (len(bounds) > MAX_SENTENCES)
    made = (_candidate(text, s, e, SpanKind.SENTENCE) for s, e in bounds)
    return [c for c in made if c is not None]


def within(text: str, start: int, end: int) -> list[Candidate]:
    """Runs of whole tokens inside [start, end) that keep all but a few tokens at each edge."""
    tokens = [(m.start() + start, m.end() + start) for m in TOKEN.finditer(text[start:end])]
    found = []
    count = len(tokens)
    for first in range(min(count, EDGE_TOKENS + 1)):
        for last in range(max(first, count - EDGE_TOKENS - 1), count):
            made = _candidate(text, tokens[first][0], tokens[last][1], SpanKind.AROUND_LANGUAGE)
            if made is not None:
                found.append(made)
    return found


def whole(text: str) -> Candidate | None:
    """The whole input as a candidate."""
    return _candidate(text, 0, len(text), SpanKind.WHOLE)
