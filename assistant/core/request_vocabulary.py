"""The request vocabulary of all eleven languages, compiled once into the patterns the
instruction grammar matches frames against. Safe from any thread once built."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from assistant.core.instruction_phrases import INJECTION_CUES, PHRASES, TRANSLATE_STEMS
from assistant.core.language_mentions import CJK
from assistant.core.languages import fold

UNKNOWN_WORD = re.compile(f"[{CJK}]|[^\\W\\d_]+")


@dataclass(frozen=True)
class RequestVocabulary:
    """Patterns over accent-folded text, one per class of request words."""

    any_request_word: re.Pattern[str]
    asking: re.Pattern[str]
    """Verbs and question frames."""
    pointing: re.Pattern[str]
    """Asking words, politeness and words that point at the text."""
    politeness: re.Pattern[str]
    bridging: re.Pattern[str]
    """Words that may stand between a language and its text ("word for", "my coworker")."""
    edge_start: re.Pattern[str]
    edge_end: re.Pattern[str]
    """Request words a span should not start or end with (all but the fillers)."""
    injection: re.Pattern[str]


def _alternatives(phrases: set[str], stems: tuple[str, ...] = ()) -> str:
    folded = sorted({fold(p) for p in phrases}, key=len, reverse=True)
    spaced = [re.escape(p) for p in folded if not re.search(f"[{CJK}]", p)]
    spaced += [rf"{re.escape(fold(s))}[\w'’-]*" for s in stems if not re.search(f"[{CJK}]", s)]
    cjk = [re.escape(p) for p in folded if re.search(f"[{CJK}]", p)]
    return rf"(?<![\w'’-])(?:{'|'.join(spaced)})(?![\w'’-])|{'|'.join(cjk)}"


def _alternation(phrases: set[str], stems: tuple[str, ...] = ()) -> re.Pattern[str]:
    """One pattern for the phrases (whole words) and the word beginnings `stems`."""
    return re.compile(_alternatives(phrases, stems))


@cache
def vocabulary() -> RequestVocabulary:
    """The compiled vocabulary (built on first use)."""
    asking: set[str] = set()
    polite: set[str] = set()
    fillers: set[str] = set()
    markers: set[str] = set()
    people: set[str] = set()
    for phrases in PHRASES.values():
        asking |= set(phrases.verbs) | set(phrases.questions)
        polite |= set(phrases.politeness)
        fillers |= set(phrases.fillers)
        markers |= set(phrases.target_markers) | set(phrases.source_markers)
        people |= set(phrases.addressees)
    everything = asking | polite | fillers | markers | people
    edges = _alternatives(everything - fillers, TRANSLATE_STEMS)
    return RequestVocabulary(
        any_request_word=_alternation(everything, TRANSLATE_STEMS),
        asking=_alternation(asking, TRANSLATE_STEMS),
        pointing=_alternation(asking | polite | fillers | people, TRANSLATE_STEMS),
        politeness=_alternation(polite),
        bridging=_alternation(fillers | people),
        edge_start=re.compile(rf"^[\W_]*(?:{edges})"),
        edge_end=re.compile(rf"(?:{edges})[\W_]*$"),
        injection=re.compile("|".join(re.escape(fold(c)) for c in INJECTION_CUES)),
    )


def unknown_words(text: str) -> int:
    """How many words of `text` are not request words."""
    return len(UNKNOWN_WORD.findall(vocabulary().any_request_word.sub(" ", fold(text))))


def only_request_words(span: str) -> bool:
    """Whether `span` holds nothing but request words (it cannot be the text)."""
    return not UNKNOWN_WORD.search(vocabulary().pointing.sub(" ", fold(span)))


def only_bridging_words(text: str) -> bool:
    """Whether `text` holds nothing but words that point at the text or its reader ("word
    for", "the phrase", "my coworker") and punctuation."""
    return not UNKNOWN_WORD.search(vocabulary().bridging.sub(" ", fold(text)))


def request_words_at_edges(span: str) -> int:
    """How many ends of `span` (0, 1 or 2) are request words ("good night please")."""
    folded = fold(span)
    words = vocabulary()
    return (words.edge_start.search(folded) is not None) + (
        words.edge_end.search(folded) is not None
    )


def only_politeness(text: str) -> bool:
    """Whether `text` holds nothing but politeness and punctuation."""
    return not UNKNOWN_WORD.search(vocabulary().politeness.sub(" ", fold(text)))


def addresses_the_assistant(text: str) -> bool:
    """True when the text talks about the assistant's own instructions ("ignore previous
    instructions"): such text is content to translate, never a request."""
    return vocabulary().injection.search(fold(text)) is not None


def asks_for_translation(text: str) -> bool:
    """True when a word in `text` asks for a translation ("translate", "übersetze", "翻译")."""
    folded = fold(text)
    return any(fold(stem) in folded for stem in TRANSLATE_STEMS)


def has_request_words(text: str) -> bool:
    """True when a verb or question that asks for a translation occurs in `text`."""
    return vocabulary().asking.search(fold(text)) is not None
