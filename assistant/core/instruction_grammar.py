"""Reading an instruction out of a request: which span is the text, and which named language
is the target. Data-driven: the request vocabulary (`instruction_phrases`) and the language
names; no pattern is written per phrasing.

For every named language and every candidate span, the rest of the input (the "frame") is
checked against the vocabulary. A reading is *sure* when the frame is made only of request
words and holds a cue (a verb such as "translate", a question such as "how do I say", or a
delimiter after the language); it is *plausible* when a few words are left unexplained.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.core.instruction_phrases import DELIMITERS
from assistant.core.language_mentions import LanguageMention, find_mentions
from assistant.core.languages import fold
from assistant.core.request_vocabulary import (
    addresses_the_assistant,
    has_request_words,
    only_bridging_words,
    only_politeness,
    only_request_words,
    request_words_at_edges,
    unknown_words,
    vocabulary,
)
from assistant.core.span_candidates import (
    Candidate,
    SpanKind,
    around_delimiter,
    each_sentence,
    quoted,
    sentences,
    within,
)

PLAUSIBLE_UNKNOWN_WORDS = 4
"""At most this many words of the frame may be outside the vocabulary in a plausible reading."""
MAX_TARGETS_READ = 3
"""Only the first few named languages (and the last) are tried as the target, which bounds
the work on text that names many."""
MAX_READ_CHARS = 2000
"""Longer input is text, never an instruction."""
KIND_RANK = {kind: rank for rank, kind in enumerate(SpanKind)}
TARGET_SLOT = "\x00"
FRAME_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s+|\n+")
DELIMITER_NEXT = re.compile(r"\s*(?::|：|-+>?|–|—)")
DELIMITED = (SpanKind.QUOTED, SpanKind.AFTER_DELIMITER, SpanKind.BEFORE_DELIMITER)


@dataclass(frozen=True)
class Reading:
    """One way to read a request: translate `span` into `target` (from `source`, if named)."""

    span: Candidate
    target: str
    source: str | None
    unknown_words: int
    has_cue: bool

    @property
    def sure(self) -> bool:
        """Every word outside the span is a request word, and one of them asks."""
        return self.unknown_words == 0 and self.has_cue

    @property
    def plausible(self) -> bool:
        """Close enough to act on when no triage model can be asked."""
        return self.has_cue and self.unknown_words <= PLAUSIBLE_UNKNOWN_WORDS


def _frame(text: str, span: Candidate, target: LanguageMention, cut: list[LanguageMention]) -> str:
    """The input without the span and the named languages; a marked target leaves a slot."""
    pieces = sorted([(span.start, span.end)] + [(m.start, m.end) for m in cut])
    kept, position = [], 0
    for start, end in pieces:
        kept.append(text[position:start])
        if start == target.start and target.marked:
            kept.append(TARGET_SLOT)
        position = max(position, end)
    kept.append(text[position:])
    return " ".join(kept)


def _unknown_outside_context(frame: str) -> int:
    """Unknown words of the frame, leaving out sentences that only give context ("My
    grandmother only speaks Polish.") when another sentence holds the request."""
    pieces = [piece for piece in FRAME_SENTENCE_END.split(frame) if piece.strip()]
    asking = [p for p in pieces if TARGET_SLOT in p or has_request_words(p)]
    if len(pieces) < 2 or not asking:
        return unknown_words(frame)
    return sum(unknown_words(piece) for piece in asking)


def _segment(text: str, mention: LanguageMention) -> tuple[int, int]:
    """The sentence, or the stretch between delimiters, that holds the mention."""
    start, end = 0, len(text)
    for s, e in sentences(text):
        if s <= mention.start < e:
            start, end = s, e
    for delimiter in DELIMITERS:
        before = text.rfind(delimiter, start, mention.start)
        if before >= 0:
            start = before + len(delimiter)
        after = text.find(delimiter, mention.end, end)
        if after >= 0:
            end = after
    return start, end


def candidates_for(text: str, mention: LanguageMention) -> list[Candidate]:
    """The candidate spans for `mention` as the target: none of them overlaps it."""
    seg_start, seg_end = _segment(text, mention)
    quotes = quoted(text)
    found = quotes + around_delimiter(text, mention.start, mention.end) + each_sentence(text)
    if not DELIMITER_NEXT.match(vocabulary().politeness.sub(" ", fold(text[mention.end :]))):
        found += within(text, seg_start, mention.start)
    found += within(text, mention.end, seg_end)
    return [
        c
        for c in found
        if (c.end <= mention.start or c.start >= mention.end)
        and not (c.kind is SpanKind.AROUND_LANGUAGE and _cuts_a_quote(c, quotes))
    ]


def _cuts_a_quote(span: Candidate, quotes: list[Candidate]) -> bool:
    """Whether a quote mark of a quoted stretch falls inside `span` (the quoted one is better)."""
    return any(
        span.start <= q.start - 1 < span.end or span.start <= q.end < span.end for q in quotes
    )


def _strip_question_mark(text: str, span: Candidate) -> Candidate:
    if text.lstrip().startswith("¿") and span.text.endswith("?") and "¿" not in span.text:
        trimmed = span.text[:-1].rstrip()
        return Candidate(trimmed, span.start, span.start + len(trimmed), span.kind)
    return span


def _rank(reading: Reading, mention: LanguageMention, frame: str, text: str) -> tuple[int, ...]:
    span = reading.span
    return (
        reading.unknown_words,
        not reading.has_cue,
        not mention.marked,
        not _next_to(span, mention, text),
        request_words_at_edges(span.text),
        span.start > mention.start,
        len(vocabulary().any_request_word.findall(fold(frame))),
        KIND_RANK[span.kind],
        len(span.text),
    )


def _next_to(span: Candidate, mention: LanguageMention, text: str) -> bool:
    """Whether only punctuation and politeness stand between a span found around the language
    and the language itself ("good night in Japanese", "in Japanese please, …"); after the
    language, words that point at the text or its reader may stand there too ("the Swedish
    word for butterfly", "my Polish coworker: …")."""
    if span.kind is not SpanKind.AROUND_LANGUAGE:
        return True
    if span.end <= mention.start:
        return only_politeness(text[span.end : mention.start])
    between = text[mention.end : span.start]
    return only_politeness(between) or only_bridging_words(between)


def read_instruction(text: str) -> Reading | None:
    """The best reading of `text` as "translate SPAN into LANGUAGE", or None when it names no
    target language, or is too long, or addresses the assistant's own instructions."""
    if len(text) > MAX_READ_CHARS or addresses_the_assistant(text):
        return None
    mentions = find_mentions(text)
    sources = [m for m in mentions if m.source]
    best: tuple[tuple[int, ...], Reading] | None = None
    targets = [m for m in mentions if not m.source]
    for mention in targets[:MAX_TARGETS_READ] + targets[-1:] * (len(targets) > MAX_TARGETS_READ):
        cut = [mention, *sources]
        for span in candidates_for(text, mention):
            if only_request_words(span.text) or any(
                s.start < span.end and span.start < s.end for s in sources
            ):
                continue
            frame = _frame(text, span, mention, cut)
            cue = has_request_words(frame) or (mention.marked and span.kind in DELIMITED)
            source = sources[0].code if sources else None
            reading = Reading(_strip_question_mark(text, span), mention.code, source,
                              _unknown_outside_context(frame), cue)  # fmt: skip
            rank = _rank(reading, mention, frame, text)
            if best is None or rank < best[0]:
                best = (rank, reading)
    return best[1] if best else None
