"""Writing-system rules for language identification: some scripts name the language outright."""

from __future__ import annotations

import unicodedata
from collections import Counter
from functools import lru_cache

SINGLE_LANGUAGE_SCRIPTS: dict[str, str] = {
    "HANGUL": "ko", "THAI": "th", "LAO": "lo", "KHMER": "km", "MYANMAR": "my",
    "GEORGIAN": "ka", "ARMENIAN": "hy", "ETHIOPIC": "am", "GUJARATI": "gu",
    "GURMUKHI": "pa", "ORIYA": "or", "TAMIL": "ta", "KANNADA": "kn", "MALAYALAM": "ml",
    "SINHALA": "si", "GREEK": "el", "BENGALI": "bn",
}  # fmt: skip
"""Scripts that, among M2M-100's languages, only one language is written in."""

SHARED_SCRIPTS: dict[str, frozenset[str]] = {
    "CYRILLIC": frozenset({"ru", "uk", "bg", "be", "mk", "sr", "kk", "mn", "ba"}),
    "ARABIC": frozenset({"ar", "fa", "ps", "sd", "ur"}),
    "HEBREW": frozenset({"he", "yi"}),
    "DEVANAGARI": frozenset({"hi", "mr", "ne"}),
}
"""Scripts several M2M-100 languages share; the identifiers choose among these only."""

HAN_SCRIPTS = frozenset({"CJK", "HIRAGANA", "KATAKANA"})
SAMPLE_CHARS = 2000
"""Only the start of a long text is looked at: enough to tell the script."""


@lru_cache(maxsize=8192)
def char_script(char: str) -> str | None:
    """The script of one letter ("LATIN", "CYRILLIC", "CJK", ...), or None for non-letters."""
    if not unicodedata.category(char).startswith("L"):
        return None
    name = unicodedata.name(char, "")
    return name.split(" ", 1)[0] if name else None


def script_counts(text: str) -> Counter[str]:
    """How many letters of each script the start of `text` has."""
    counts: Counter[str] = Counter()
    for char in text[:SAMPLE_CHARS]:
        script = char_script(char)
        if script is not None:
            counts[script] += 1
    return counts


def dominant_script(counts: Counter[str]) -> str | None:
    """The script most letters are in, with kana and Han counted together as "CJK"."""
    if not counts:
        return None
    grouped: Counter[str] = Counter()
    for script, count in counts.items():
        grouped["CJK" if script in HAN_SCRIPTS else script] += count
    return grouped.most_common(1)[0][0]


def language_by_script(counts: Counter[str]) -> str | None:
    """The language when the dominant script settles it (Hangul -> ko, kana -> ja, Han -> zh)."""
    script = dominant_script(counts)
    if script == "CJK":
        return "ja" if counts["HIRAGANA"] + counts["KATAKANA"] > 0 else "zh"
    return SINGLE_LANGUAGE_SCRIPTS.get(script or "")


def candidates_for_script(script: str | None, all_languages: frozenset[str]) -> frozenset[str]:
    """The languages the identifiers may choose from for text in `script`."""
    if script in SHARED_SCRIPTS:
        return SHARED_SCRIPTS[script]
    if script == "LATIN":
        taken = set(SINGLE_LANGUAGE_SCRIPTS.values()) | {"ja", "zh"}
        for languages in SHARED_SCRIPTS.values():
            taken |= languages
        return all_languages - taken | {"uz", "sr"}
    return all_languages


CYRILLIC_ALPHABETS: dict[str, frozenset[str]] = {
    "ru": frozenset("абвгдеёжзийклмнопрстуфхцчшщъыьэюя"),
    "bg": frozenset("абвгдежзийклмнопрстуфхцчшщъьюяѝ"),
    "uk": frozenset("абвгґдеєжзиіїйклмнопрстуфхцчшщьюя"),
    "be": frozenset("абвгдеёжзійклмнопрстуўфхцчшыьэюя"),
    "sr": frozenset("абвгдђежзијклљмнњопрстћуфхцчџш"),
    "mk": frozenset("абвгдѓежзѕијклљмнњопрстќуфхцчџшѐѝ"),
}
"""The complete alphabets of the Cyrillic languages that have one fixed alphabet. A letter
outside a language's alphabet rules that language out (Russian "ы" is never Serbian)."""


def rule_out_by_alphabet(text: str, candidates: frozenset[str]) -> frozenset[str]:
    """`candidates` without languages whose alphabet lacks a Cyrillic letter of `text`
    (unchanged if that would leave none)."""
    letters = {c for c in text[:SAMPLE_CHARS].lower() if char_script(c) == "CYRILLIC"}
    if not letters:
        return candidates
    kept = frozenset(
        code
        for code in candidates
        if code not in CYRILLIC_ALPHABETS or letters <= CYRILLIC_ALPHABETS[code]
    )
    return kept or candidates
