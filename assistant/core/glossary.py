"""The user's glossary: term pairs per language pair, and terms never to translate."""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.core.errors import BadInputError
from assistant.core.languages import resolve_language
from assistant.core.masking import Replacement


@dataclass(frozen=True)
class GlossaryEntry:
    """`source` in `source_lang` is always rendered as `target` in `target_lang`."""

    source_lang: str
    target_lang: str
    source: str
    target: str


@dataclass(frozen=True)
class Glossary:
    """Glossary entries and do-not-translate terms (brand names, product names, ...)."""

    entries: tuple[GlossaryEntry, ...] = ()
    do_not_translate: tuple[str, ...] = field(default_factory=tuple)

    def replacements(self, source_lang: str, target_lang: str) -> tuple[Replacement, ...]:
        """What to mask for one language pair: matching entries, then do-not-translate terms."""
        pairs = [
            Replacement(entry.source, entry.target)
            for entry in self.entries
            if entry.source_lang == source_lang and entry.target_lang == target_lang
        ]
        pairs += [Replacement(term, term) for term in self.do_not_translate if term.strip()]
        return tuple(pairs)

    def __bool__(self) -> bool:
        return bool(self.entries or self.do_not_translate)


MAX_TERM_CHARS = 200
"""Longer than any name or phrase a glossary holds; longer text is a paste gone wrong."""


def term_problem(term: str, existing: tuple[str, ...] = ()) -> str | None:
    """Why `term` cannot be a do-not-translate term (empty, too long, a duplicate); else None."""
    text = term.strip()
    if not text:
        return "Type a term first."
    if len(text) > MAX_TERM_CHARS:
        return f"A term can have at most {MAX_TERM_CHARS} characters."
    if text.casefold() in {other.strip().casefold() for other in existing}:
        return f"“{text}” is already in the list."
    return None


def entry_problem(source_lang: str, target_lang: str, source: str, target: str) -> str | None:
    """Why a term pair cannot be saved (a missing field, an unknown language); else None.

    Languages may be codes or names ("de", "German"), as in `resolve_language`."""
    for value, what in ((source_lang, "the source language"), (target_lang, "the target language")):
        if not value.strip():
            return f"Give {what}."
        try:
            resolve_language(value)
        except BadInputError:
            return f"“{value.strip()}” is not a language M2M-100 knows; use a code such as de."
    for value, what in ((source, "the term"), (target, "its translation")):
        if not value.strip():
            return f"Give {what}."
        if len(value.strip()) > MAX_TERM_CHARS:
            return f"A term can have at most {MAX_TERM_CHARS} characters."
    return None
