"""M2M-100's languages: codes, readable names, and looking a language up by code or name."""

from __future__ import annotations

import unicodedata
from functools import cache

from assistant.core.errors import BadInputError
from assistant.core.language_names import (
    CHINESE_STEMS,
    CHINESE_SUFFIXES,
    DUTCH_NAMES,
    ENGLISH_AND_NATIVE,
    FRENCH_NAMES,
    GERMAN_STEMS,
    ITALIAN_NAMES,
    JAPANESE_NAMES,
    POLISH_ENDINGS,
    POLISH_STEMS,
    PORTUGUESE_NAMES,
    RUSSIAN_ENDINGS,
    RUSSIAN_STEMS,
    SPANISH_NAMES,
)

M2M100_LANGUAGES: frozenset[str] = frozenset(ENGLISH_AND_NATIVE)
"""The 100 language codes M2M-100 translates from and to."""

CODE_ALIASES: dict[str, str] = {
    "iw": "he", "ji": "yi", "in": "id", "jw": "jv", "nb": "no", "nn": "no", "fil": "tl",
    "nso": "ns", "fuv": "ff", "ful": "ff", "zho": "zh", "cmn": "zh", "sh": "hr",
}  # fmt: skip
"""Other codes people and libraries use for the same languages."""


def english_name(code: str) -> str:
    """ "German" for "de"; the code itself when unknown."""
    names = ENGLISH_AND_NATIVE.get(code)
    return names[0] if names else code


def fold(text: str) -> str:
    """Lowercase without accents, for forgiving name matching ("Français" == "francais")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip()


def _name_forms() -> list[tuple[str, str]]:
    forms: list[tuple[str, str]] = []
    for code, names in ENGLISH_AND_NATIVE.items():
        forms += [(name, code) for name in names]
    for code, stem in GERMAN_STEMS.items():
        forms += [(stem + suffix, code) for suffix in ("", "e", "en")]
    for code, stem in POLISH_STEMS.items():
        forms += [(stem + ending, code) for ending in POLISH_ENDINGS]
    for code, stem in RUSSIAN_STEMS.items():
        forms += [(stem + ending, code) for ending in RUSSIAN_ENDINGS]
        forms.append((f"по-{stem}и", code))
    named = (FRENCH_NAMES, SPANISH_NAMES, ITALIAN_NAMES, PORTUGUESE_NAMES, DUTCH_NAMES)
    for mapping in (*named, JAPANESE_NAMES):
        for code, names in mapping.items():
            forms += [(name, code) for name in names]
    for code, stems in CHINESE_STEMS.items():
        forms += [(stem + suffix, code) for stem in stems for suffix in CHINESE_SUFFIXES]
    forms.append(("中文", "zh"))
    return forms


@cache
def _names() -> dict[str, str]:
    table: dict[str, str] = {}
    for name, code in _name_forms():
        table.setdefault(fold(name), code)
    return table


def language_from_name(name: str) -> str | None:
    """The code for a language name in English, its own language, German, French, Spanish,
    Italian, Portuguese, Dutch, Polish, Russian, Chinese or Japanese ("Japanese", "Englische",
    "allemand", "inglés", "tedesco", "Engels", "po angielsku", "по-английски", "英文",
    "ドイツ語"); else None."""
    key = fold(name.strip(" \t.:;,!?¿¡\"'«»“”„()"))
    return _names().get(key) if key else None


@cache
def all_language_names() -> tuple[str, ...]:
    """Every known name as written and without accents, longest first (for patterns)."""
    forms = {name.casefold() for name, _ in _name_forms()} | set(_names())
    return tuple(sorted(forms, key=len, reverse=True))


def resolve_language(value: str) -> str:
    """An M2M-100 code for a user-given code or name ("de", "de-DE", "pt_BR", "German").

    Raises BadInputError naming the value when it is no language M2M-100 knows.
    """
    cleaned = value.strip()
    lowered = cleaned.lower().replace("_", "-")
    base = lowered.split("-")[0]
    for candidate in (lowered, base):
        if candidate in M2M100_LANGUAGES:
            return candidate
        if candidate in CODE_ALIASES:
            return CODE_ALIASES[candidate]
    by_name = language_from_name(cleaned)
    if by_name is not None:
        return by_name
    raise BadInputError(
        f"'{value}' is not a language the translator knows. Use an M2M-100 code such as "
        "'de', 'fr' or 'zh', or an English name such as 'German' "
        "(`assistant translate --list-languages` shows all 100)."
    )
