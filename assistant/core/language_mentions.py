"""Where a text names a language, and whether the name reads as a target ("into German",
"auf Deutsch", "po polsku", "翻译成英文", "英語に") or a source ("from German")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from assistant.core.instruction_phrases import PHRASES
from assistant.core.language_names import DEMONYMS
from assistant.core.languages import all_language_names, fold, language_from_name

CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
JAPANESE_POSTPOSITIONS = ("に", "で", "へ")
NAMES_A_TARGET_AFTER = re.compile(
    r"\s*(?:[:：?？]|-+>|for\b|translation\b|version\b|please\b|pls\b|plz\b)", re.IGNORECASE
)
"""What after a bare name makes it a target ("spanish: …", "the Italian for …", "Hindi
translation of …", "Hungarian? '…'")."""
MARKER_LOOKBACK = 16


@dataclass(frozen=True)
class LanguageMention:
    """A language name in the text: its code, where it is (marker included), and its role."""

    code: str
    start: int
    end: int
    marked: bool
    """A target marker stands next to it ("in", "auf", "成", "に")."""
    source: bool
    """A source marker stands before it ("from", "aus dem")."""


def _marker_pattern(markers: set[str]) -> re.Pattern[str]:
    spaced = sorted((m for m in markers if not re.search(f"[{CJK}]", m)), key=len, reverse=True)
    cjk = sorted((m for m in markers if re.search(f"[{CJK}]", m)), key=len, reverse=True)
    parts = [rf"(?<!\w)(?:{'|'.join(map(re.escape, spaced))})\s*"]
    if cjk:
        parts.append(f"(?:{'|'.join(map(re.escape, cjk))})")
    return re.compile(f"(?:{'|'.join(parts)})$", re.IGNORECASE)


@cache
def _peoples() -> dict[str, str]:
    return {fold(people): code for code, peoples in DEMONYMS.items() for people in peoples}


def _code_of(name: str) -> str | None:
    """The language a name or a people's name stands for."""
    return language_from_name(name) or _peoples().get(fold(name))


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    peoples = sorted(_peoples(), key=len, reverse=True)
    names = sorted({*all_language_names(), *peoples}, key=len, reverse=True)
    cjk_names = [n for n in names if re.fullmatch(f"[{CJK}]+", n)]
    spaced_names = [n for n in names if n not in cjk_names]
    name_pattern = re.compile(
        rf"(?<![\w-])(?:{'|'.join(map(re.escape, spaced_names))})(?![\w-])"
        f"|{'|'.join(map(re.escape, cjk_names))}",
        re.IGNORECASE,
    )
    targets = {m for phrases in PHRASES.values() for m in phrases.target_markers}
    sources = {m for phrases in PHRASES.values() for m in phrases.source_markers}
    targets -= set(JAPANESE_POSTPOSITIONS)
    sources.discard("から")
    return name_pattern, _marker_pattern(targets), _marker_pattern(sources)


def find_mentions(text: str) -> list[LanguageMention]:
    """Every language name in `text`, in order; the marker before a name is part of it."""
    names, target_marker, source_marker = _patterns()
    found: list[LanguageMention] = []
    for match in names.finditer(text):
        code = _code_of(match.group())
        if code is None:
            continue
        before = text[max(0, match.start() - MARKER_LOOKBACK) : match.start()]
        start, marked, source = match.start(), False, False
        if fold(match.group()) in _peoples():
            found.append(LanguageMention(code, start, match.end(), False, False))
            continue
        if (marker := source_marker.search(before)) is not None:
            start, source = match.start() - len(marker.group()), True
        elif (marker := target_marker.search(before)) is not None:
            start, marked = match.start() - len(marker.group()), True
        end = match.end()
        if text[end : end + 1] in JAPANESE_POSTPOSITIONS and re.fullmatch(
            f"[{CJK}]+", match.group()
        ):
            end, marked = end + 1, True
        elif not marked and not source and NAMES_A_TARGET_AFTER.match(text, end):
            marked = True
        found.append(LanguageMention(code, start, end, marked, source))
    return found
