"""Instruction parsing: "translate X into German", "übersetze ins Englische: …", "翻译成英文：…".

Only these documented forms change what is translated or into which language; anything else
in the input is text to translate, including text that says "ignore previous instructions".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from functools import cache

from assistant.core.languages import all_language_names, language_from_name


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


END = r"\s*[.!?。！？]*\s*$"
FORMS_WITH_TARGET: tuple[str, ...] = (
    # English
    r"^(?:please\s+)?(?:(?:can|could|would)\s+you\s+)?(?:please\s+)?translate\s+(?:this|the "
    r"following|this text|the text)?\s*(?:from\s+(?P<src>{L})\s+)?(?:in)?to\s+(?P<lang>{L})"
    r"\s*(?:please)?\s*[:：\-–—]\s*(?P<text>.+)$",
    r"^(?:please\s+)?(?:(?:can|could|would)\s+you\s+)?(?:please\s+)?translate\s+(?P<text>.+?)"
    r"\s+(?:from\s+(?P<src>{L})\s+)?(?:in)?to\s+(?P<lang>{L})(?:\s+please)?" + END,
    r"^(?:how\s+(?:do|would|can|should)\s+(?:you|i|we|one)\s+say|what(?:'s|\s+is)|"
    r"say)\s+(?P<text>.+?)\s+in\s+(?P<lang>{L})" + END,
    r"^(?:in(?:to)?|to)\s+(?P<lang>{L})\s*[:：]\s*(?P<text>.+)$",
    r"^(?P<lang>{L})\s+(?:translation|please)\s*[:：]\s*(?P<text>.+)$",
    # German
    r"^(?:bitte\s+)?(?:übersetze|übersetzen\s+sie|übersetz)\s+(?:(?:das|dies|diesen\s+text|"
    r"folgendes|den\s+folgenden\s+text)\s+)?(?:bitte\s+)?(?:aus\s+dem\s+(?P<src>{L})\s+)?"
    r"(?:ins|in\s+das|auf|in|nach)\s+(?P<lang>{L})\s*[:：\-–]\s*(?P<text>.+)$",
    r"^(?:bitte\s+)?(?:übersetze|übersetzen\s+sie|übersetz)\s+(?:bitte\s+)?(?P<text>.+?)\s+(?:ins|in\s+das|"
    r"auf|in|nach)\s+(?P<lang>{L})(?:\s+bitte)?" + END,
    r"^(?:wie\s+sagt\s+man|was\s+hei(?:ß|ss)t|wie\s+hei(?:ß|ss)t)\s+(?P<text>.+?)\s+auf\s+"
    r"(?P<lang>{L})" + END,
    # French
    r"^(?:(?:peux-tu|pouvez-vous|tu\s+peux|merci\s+de)\s+)?tradui(?:s|re|sez)\s+(?:ceci|"
    r"cela|ce\s+texte|le\s+texte\s+suivant)?\s*(?:en|vers\s+l['’]|vers\s+le|vers)\s*"
    r"(?P<lang>{L})\s*[:：\-–]\s*(?P<text>.+)$",
    r"^(?:(?:peux-tu|pouvez-vous|tu\s+peux|merci\s+de)\s+)?tradui(?:s|re|sez)\s+(?P<text>.+?)"
    r"\s+(?:en|vers\s+l['’]|vers\s+le|vers)\s*(?P<lang>{L})" + END,
    r"^(?:comment\s+(?:dit-on|on\s+dit|dire|dis-tu)|que\s+veut\s+dire)\s+(?P<text>.+?)\s+en\s+"
    r"(?P<lang>{L})" + END,
    # Spanish
    r"^¿?(?:por\s+favor\s+)?(?:(?:puedes|podrías|podrias)\s+)?traduc(?:e|ir|eme|e\s+por\s+"
    r"favor)\s+(?:esto|este\s+texto|lo\s+siguiente|el\s+siguiente\s+texto)?\s*(?:al|a|en)\s+"
    r"(?P<lang>{L})\s*[:：\-–]\s*(?P<text>.+)$",
    r"^¿?(?:por\s+favor\s+)?(?:(?:puedes|podrías|podrias)\s+)?traduc(?:e|ir)\s+(?P<text>.+?)"
    r"\s+(?:al|a)\s+(?P<lang>{L})" + END,
    r"^¿?\s*(?:cómo|como)\s+se\s+dice\s+(?P<text>.+?)\s+en\s+(?P<lang>{L})" + END,
    # Chinese
    r"^(?:请|請)?(?:帮我|幫我)?(?:翻译|翻譯|译|譯)(?:成|为|為|到)(?P<lang>{L})\s*[:：,，]?\s*"
    r"(?P<text>.+)$",
    r"^(?:请|請)?(?:帮我|幫我)?(?:把|将|將)(?P<text>.+?)(?:翻译|翻譯|译|譯)(?:成|为|為|到)"
    r"(?P<lang>{L})" + END,
    r"^(?P<text>.+?)(?:用|的)(?P<lang>{L})(?:怎么说|怎麼說|是什么|是什麼)" + END,
    r"^(?P<text>.+?)\s*(?:翻译|翻譯)(?:成|为|為|到)(?P<lang>{L})" + END,
)
DETECT_FORMS: tuple[str, ...] = (
    r"^(?:what|which)\s+language\s+is\s+(?:this|that|it)\s*[:：?]?\s*(?P<text>.+)$",
    r"^(?:detect|identify)\s+(?:the\s+)?language\s*(?:of)?\s*[:：]?\s*(?P<text>.+)$",
    r"^welche\s+sprache\s+ist\s+(?:das|dies)\s*[:：?]?\s*(?P<text>.+)$",
    r"^quelle\s+(?:est\s+)?(?:cette\s+)?langue(?:\s+est-ce)?\s*[:：?]?\s*(?P<text>.+)$",
    r"^¿?qu[ée]\s+idioma\s+es\s+(?:este|esto)\s*[:：?]?\s*(?P<text>.+)$",
    r"^(?:这|這)是(?:什么|什麼)语言\s*[:：？?]?\s*(?P<text>.+)$",
)
INSTRUCTION_HINT = re.compile(
    r"translat|übersetz|tradu|翻译|翻譯|怎么说|怎麼說|\bsay\b|sagt man|dit-on|se dice|"
    r"\blanguage\b|\bsprache\b|\blangue\b|\bidioma\b|语言|語言",
    re.IGNORECASE,
)
QUOTES = "\"'«»“”„‘’「」『』"
WHITESPACE_RUN = re.compile(r"\s{2,}")
MAX_INSTRUCTION_CHARS = 100_000
"""Longer text is never read as an instruction (it is text to translate)."""


LANGUAGE_MENTION = r"(?:^|\s)(?:in|into|to|auf|ins|nach|en|vers|al)\s+(?:{L})(?!\w)|成(?:{L})"
"""A target-language phrase ("in Japanese", "auf Deutsch", "en espagnol", "成英文")."""


@cache
def _compiled() -> tuple[tuple[re.Pattern[str], ...], tuple[re.Pattern[str], ...], re.Pattern[str]]:
    names = "|".join(re.escape(name) for name in all_language_names())
    flags = re.IGNORECASE | re.DOTALL
    with_target = tuple(re.compile(form.replace("{L}", names), flags) for form in FORMS_WITH_TARGET)
    detect = tuple(re.compile(form, flags) for form in DETECT_FORMS)
    mention = re.compile(LANGUAGE_MENTION.replace("{L}", names), flags)
    return with_target, detect, mention


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
    """The instruction `text` states in one of the documented forms, or None."""
    stripped = text.strip()
    if not stripped or len(stripped) > MAX_INSTRUCTION_CHARS:
        return None
    squeezed = _Squeezed.of(stripped)
    with_target, detect, _ = _compiled()
    for pattern in with_target:
        match = pattern.match(squeezed.text)
        if match is None:
            continue
        target = language_from_name(match.group("lang"))
        span = _clean_span(squeezed.span(match, "text"))
        if target is None or not span:
            continue
        source_name = match.groupdict().get("src")
        source = language_from_name(source_name) if source_name else None
        return Instruction(Intent.TRANSLATE, span, target, source)
    for pattern in detect:
        match = pattern.match(squeezed.text)
        if match is not None and _clean_span(squeezed.span(match, "text")):
            return Instruction(Intent.DETECT_LANGUAGE, _clean_span(squeezed.span(match, "text")))
    return None


def looks_like_instruction(text: str) -> bool:
    """True when `text` may be a request the rules could not parse (a job for triage)."""
    head = text.strip()[:300]
    if not head or len(text) >= 2000:
        return False
    return INSTRUCTION_HINT.search(head) is not None or _compiled()[2].search(head) is not None
