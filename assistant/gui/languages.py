"""Language names for the pickers, from Qt's locale data (no hand-written tables)."""

from __future__ import annotations

from PySide6.QtCore import QLocale

AUTO_DETECT = ""
"""The source-picker value meaning "identify the language"."""


def language_name(code: str) -> str:
    """A readable English name for an M2M-100 code, e.g. "de" -> "German"; the code if unknown."""
    locale = QLocale(code)
    if locale.language() in (QLocale.Language.C, QLocale.Language.AnyLanguage):
        return code
    name = QLocale.languageToString(locale.language())
    return name if name and name != "C" else code


def sorted_languages(codes: frozenset[str] | set[str] | list[str]) -> list[tuple[str, str]]:
    """(code, "Name (code)") pairs sorted by name, for combo boxes."""
    labelled = [(code, f"{language_name(code)} ({code})") for code in codes]
    return sorted(labelled, key=lambda pair: pair[1].lower())
