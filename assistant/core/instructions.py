"""Instructions: "translate X into German", "in Dutch please: …", "übersetze ins Englische:
…", "翻译成英文：…", and language questions ("what language is this: …").

The reading itself is data-driven (`instruction_grammar`); this module turns a reading into an
Instruction. Anything not read as an instruction is text to translate, including text that
says "ignore previous instructions".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from functools import cache

from assistant.core.instruction_grammar import MAX_READ_CHARS, Reading, read_instruction
from assistant.core.language_mentions import find_mentions
from assistant.core.request_vocabulary import (
    addresses_the_assistant,
    asks_for_translation,
    has_request_words,
)


class Intent(str, Enum):
    """What a request asks for."""

    TRANSLATE = "translate"
    DETECT_LANGUAGE = "detect_language"
    NOT_A_REQUEST = "not_a_request"


@dataclass(frozen=True)
class Instruction:
    """A parsed instruction: the span to work on and, for translation, the target language."""

    intent: Intent
    text: str
    target_lang: str | None = None
    source_lang: str | None = None


DETECT_FORMS: tuple[str, ...] = (
    r"^(?:what|which)\s+language\s+is\s+(?:this|that|it)\s*[:：?]?\s*(?P<text>.+)$",
    r"^(?:detect|identify)\s+(?:the\s+)?language\s*(?:of)?\s*[:：]?\s*(?P<text>.+)$",
    r"^welche\s+sprache\s+ist\s+(?:das|dies)\s*[:：?]?\s*(?P<text>.+)$",
    r"^quelle\s+(?:est\s+)?(?:cette\s+)?langue(?:\s+est-ce)?\s*[:：?]?\s*(?P<text>.+)$",
    r"^¿?qu[ée]\s+idioma\s+es\s+(?:este|esto)\s*[:：?]?\s*(?P<text>.+)$",
    r"^(?:这|這)是(?:什么|什麼)语言\s*[:：？?]?\s*(?P<text>.+)$",
)
DETECT_HINT = re.compile(r"\blanguage\b|\bsprache\b|\blangue\b|\bidioma\b|语言|語言", re.I)
QUOTES = "\"'«»“”„‘’「」『』"
WHITESPACE_RUN = re.compile(r"\s{2,}")
MAX_INSTRUCTION_CHARS = 100_000
"""Longer text is never read as an instruction (it is text to translate)."""


@cache
def _detect_forms() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(form, re.IGNORECASE | re.DOTALL) for form in DETECT_FORMS)


def _clean_span(span: str) -> str:
    span = span.strip()
    if len(span) >= 2 and span[0] in QUOTES and span[-1] in QUOTES:
        span = span[1:-1].strip()
    return span


@dataclass(frozen=True)
class _Squeezed:
    """Text with every whitespace run cut to its first character, so that no form can try a
    long run at each of its positions; `origin[i]` is where character i came from."""

    original: str
    text: str
    origin: tuple[int, ...]

    @classmethod
    def of(cls, original: str) -> _Squeezed:
        kept: list[str] = []
        origin: list[int] = []
        position = 0
        for run in WHITESPACE_RUN.finditer(original):
            kept.append(original[position : run.start() + 1])
            origin.extend(range(position, run.start() + 1))
            position = run.end()
        kept.append(original[position:])
        origin.extend(range(position, len(original) + 1))
        return cls(original, "".join(kept), tuple(origin))

    def span(self, match: re.Match[str], group: str) -> str:
        """The original text (whitespace runs and all) of one group of a match on `text`."""
        start, end = match.span(group)
        return self.original[self.origin[start] : self.origin[end]]


def parse_instruction(text: str) -> Instruction | None:
    """The instruction `text` states for sure (every word outside the span is a request
    word), or a language question; None otherwise."""
    stripped = text.strip()
    if not stripped or len(stripped) > MAX_INSTRUCTION_CHARS:
        return None
    detect = _detect(stripped)
    if detect is not None:
        return detect
    reading = read_instruction(stripped)
    return _from_reading(reading) if reading is not None and reading.sure else None


def plausible_instruction(text: str) -> Instruction | None:
    """The rules' best guess for a request they cannot read for sure, or None."""
    reading = read_instruction(text.strip())
    return _from_reading(reading) if reading is not None and reading.plausible else None


def _from_reading(reading: Reading) -> Instruction:
    span = _clean_span(reading.span.text)
    return Instruction(Intent.TRANSLATE, span or reading.span.text, reading.target, reading.source)


def _detect(stripped: str) -> Instruction | None:
    squeezed = _Squeezed.of(stripped)
    for pattern in _detect_forms():
        match = pattern.match(squeezed.text)
        if match is not None and _clean_span(squeezed.span(match, "text")):
            return Instruction(Intent.DETECT_LANGUAGE, _clean_span(squeezed.span(match, "text")))
    return None


def looks_like_instruction(text: str) -> bool:
    """True when `text` may be a request: it names a target language ("in Italian", "auf
    Deutsch", "成英文"), or asks for a translation ("translate", "übersetze"), or names a
    language and asks something ("… speaks Polish. How do I tell her …"), and does not
    talk about the assistant's own instructions. The cascade asks triage about these."""
    head = text.strip()[:MAX_READ_CHARS]
    if not head or len(text) >= MAX_READ_CHARS or addresses_the_assistant(head):
        return False
    if asks_for_translation(head) or DETECT_HINT.search(head) is not None:
        return True
    mentions = find_mentions(head)
    return any(m.marked for m in mentions) or (bool(mentions) and has_request_words(head))
