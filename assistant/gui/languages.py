"""Language names for the pickers: the core's English names for M2M-100's codes."""

from __future__ import annotations

from assistant.core.languages import english_name

AUTO_DETECT = ""
"""The source-picker value meaning "identify the language"."""


def language_name(code: str) -> str:
    """A readable English name for an M2M-100 code, e.g. "de" -> "German"; the code if unknown."""
    return english_name(code)


def sorted_languages(codes: frozenset[str] | set[str] | list[str]) -> list[tuple[str, str]]:
    """(code, "Name (code)") pairs sorted by name, for combo boxes."""
    labelled = [(code, f"{language_name(code)} ({code})") for code in codes]
    return sorted(labelled, key=lambda pair: pair[1].lower())
