"""Rule tools that answer without any model: blank input and text with nothing to translate."""

from __future__ import annotations

from assistant.core.spans import CODE_STATEMENT, CODE_TOKEN, PROTECTED


def is_blank(text: str) -> bool:
    """True for empty or whitespace-only input (including Unicode spaces and control chars)."""
    return not any(c.isprintable() and not c.isspace() for c in text)


def has_letters(text: str) -> bool:
    """True if `text` has at least one letter of any script."""
    return any(c.isalpha() for c in text)


def is_untranslatable(text: str) -> bool:
    """True when nothing in `text` is language: only numbers, URLs, e-mails, paths, code,
    emoji and punctuation (so the answer is the input, unchanged)."""
    stripped = text.strip()
    if not stripped:
        return True
    if not has_letters(stripped) or CODE_STATEMENT.fullmatch(stripped):
        return True
    remainder = PROTECTED.sub(" ", stripped)
    if not has_letters(remainder):
        return True
    tokens = remainder.split()
    return len(tokens) == 1 and CODE_TOKEN.fullmatch(tokens[0].strip(".,;:!?")) is not None
