"""The user's glossary: term pairs per language pair, and terms never to translate."""

from __future__ import annotations

from dataclasses import dataclass, field

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
