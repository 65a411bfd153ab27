"""Distinctive-word evidence for languages the identifiers confuse (Bosnian and Croatian,
Asturian and Spanish, Malay and Indonesian, ...): counts, per language, the words of a text
that point to it rather than to the other languages of its group.

The forms are in `langid_marker_data`; this module parses them once and matches them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from assistant.core.langid_marker_data import MARKER_GROUPS

_TOKEN = re.compile(r"'?[^\W\d_]+(?:'[^\W\d_]*)?")


@dataclass(frozen=True)
class MarkerGroup:
    """One group of close languages and the forms that tell them apart."""

    name: str
    languages: frozenset[str]
    words: dict[str, frozenset[str]]
    prefixes: tuple[tuple[str, str], ...]
    suffixes: tuple[tuple[str, str], ...]
    inner: tuple[tuple[str, str], ...]

    def languages_of(self, token: str) -> set[str]:
        """The languages of the group that `token` (lowercase) points to."""
        found = set(self.words.get(token, ()))
        found.update(lang for stem, lang in self.prefixes if token.startswith(stem))
        found.update(
            lang for end, lang in self.suffixes if len(token) > len(end) + 1 and token.endswith(end)
        )
        found.update(lang for part, lang in self.inner if part in token)
        return found


def _parse(name: str, forms: dict[str, str]) -> MarkerGroup:
    words: dict[str, set[str]] = {}
    prefixes, suffixes, inner = [], [], []
    for lang, spec in forms.items():
        for form in spec.split():
            if form.startswith("~") and form.endswith("~"):
                inner.append((form[1:-1], lang))
            elif form.endswith("*") or form.endswith("'"):
                prefixes.append((form.rstrip("*"), lang))
            elif form.startswith("*"):
                suffixes.append((form[1:], lang))
            else:
                words.setdefault(form, set()).add(lang)
    return MarkerGroup(
        name,
        frozenset(forms),
        {word: frozenset(langs) for word, langs in words.items()},
        tuple(prefixes),
        tuple(suffixes),
        tuple(inner),
    )


@cache
def marker_groups() -> tuple[MarkerGroup, ...]:
    """Every group, parsed once."""
    return tuple(_parse(name, forms) for name, forms in MARKER_GROUPS.items())


def tokens(text: str) -> list[str]:
    """The lowercase words of `text`, apostrophes kept inside and in front ("l'", "'n")."""
    return _TOKEN.findall(text.casefold().replace("\u2019", "'"))


def marker_votes(text: str, languages: Iterable[str]) -> Counter[str]:
    """For each of `languages` that belongs to a group, how many words of `text` point to it
    (within groups that have at least two of `languages`)."""
    wanted = set(languages)
    groups = [g for g in marker_groups() if len(g.languages & wanted) >= 2]
    votes: Counter[str] = Counter()
    if not groups:
        return votes
    for token in tokens(text):
        for group in groups:
            for lang in group.languages_of(token) & wanted:
                votes[lang] += 1
    return votes
