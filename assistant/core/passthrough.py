"""Rule tools that answer without any model: blank input and text with nothing to translate."""

from __future__ import annotations

from assistant.core.snippets import is_code_snippet
from assistant.core.spans import CODE_STATEMENT, CODE_TOKEN, MAX_STATEMENT_CHARS, PROTECTED


def is_blank(text: str) -> bool:
    """True for empty or whitespace-only input (including Unicode spaces and control chars)."""
    return not any(c.isprintable() and not c.isspace() for c in text)


def has_letters(text: str) -> bool:
    """True if `text` has at least one letter of any script."""
    return any(c.isalpha() for c in text)


def is_untranslatable(text: str) -> bool:
    """True when nothing in `text` is language: only numbers, URLs, e-mails, paths, code
    (including multi-line snippets and JSON), emoji and punctuation (so the answer is the
    input, unchanged).

    Stops at the second word left outside the protected spans, so ordinary prose of any
    length costs a few words of scanning."""
    stripped = text.strip()
    if not stripped or not has_letters(stripped):
        return True
    if len(stripped) <= MAX_STATEMENT_CHARS and CODE_STATEMENT.fullmatch(stripped):
        return True
    if ("\n" in stripped or stripped[0] in "[{") and is_code_snippet(stripped):
        return True
    words: list[str] = []
    lettered = False
    position = 0
    for match in PROTECTED.finditer(stripped):
        lettered = _add_words(stripped[position : match.start()], words) or lettered
        if lettered and len(words) > 1:
            return False
        position = match.end()
    lettered = _add_words(stripped[position:], words) or lettered
    if not lettered:
        return True
    return len(words) == 1 and CODE_TOKEN.fullmatch(words[0].strip(".,;:!?")) is not None


def _add_words(gap: str, words: list[str]) -> bool:
    """Keep the first two words of the text between protected spans; True if it has letters."""
    if len(words) < 2:
        words.extend(gap.split()[: 2 - len(words)])
    return has_letters(gap)
