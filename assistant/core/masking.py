"""Placeholder masking: spans that must survive translation untouched are swapped for `[N]`
before the model and restored after it, with a check that every placeholder came back."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from assistant.core.spans import PROTECTED

PLACEHOLDER = re.compile(r"\[\s*(\d+)\s*\]")
"""How a placeholder looks, tolerating spaces a model may put inside the brackets."""


@dataclass(frozen=True)
class Replacement:
    """A term to swap for a fixed output: glossary pairs, or do-not-translate terms (same text)."""

    source: str
    output: str


@dataclass(frozen=True)
class MaskedText:
    """Text with placeholders, and what each placeholder stands for in the output."""

    text: str
    restores: tuple[str, ...] = field(default_factory=tuple)

    @property
    def count(self) -> int:
        """How many placeholders were put in."""
        return len(self.restores)


@dataclass(frozen=True)
class Unmasked:
    """The restored output, and the placeholder numbers that did not come back."""

    text: str
    missing: tuple[int, ...]


def _term_pattern(replacements: Sequence[Replacement]) -> re.Pattern[str] | None:
    terms = sorted({r.source for r in replacements if r.source.strip()}, key=len, reverse=True)
    if not terms:
        return None
    alternatives = "|".join(re.escape(term) for term in terms)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def mask(text: str, replacements: Sequence[Replacement] = ()) -> MaskedText:
    """Swap protected spans and glossary terms for placeholders `[0]`, `[1]`, ..."""
    outputs = {
        r.source.casefold(): None if r.output == r.source else r.output for r in replacements
    }
    terms = _term_pattern(replacements)
    restores: list[str] = []

    def placeholder(value: str) -> str:
        restores.append(value)
        return f"[{len(restores) - 1}]"

    pieces: list[str] = []
    position = 0
    for match in PROTECTED.finditer(text):
        pieces.append(_mask_terms(text[position : match.start()], terms, outputs, placeholder))
        pieces.append(placeholder(match.group(0)))
        position = match.end()
    pieces.append(_mask_terms(text[position:], terms, outputs, placeholder))
    return MaskedText("".join(pieces), tuple(restores))


def _mask_terms(
    chunk: str,
    terms: re.Pattern[str] | None,
    outputs: dict[str, str | None],
    placeholder: Callable[[str], str],
) -> str:
    """Mask glossary terms; a do-not-translate term (output None) keeps the text it matched."""
    if terms is None or not chunk:
        return chunk

    def swap(match: re.Match[str]) -> str:
        output = outputs[match.group(0).casefold()]
        return placeholder(match.group(0) if output is None else output)

    return terms.sub(swap, chunk)


def unmask(output: str, masked: MaskedText) -> Unmasked:
    """Put the spans back. Placeholders the model dropped are listed in `missing`."""
    seen: set[int] = set()

    def restore(match: re.Match[str]) -> str:
        index = int(match.group(1))
        if index >= masked.count:
            return match.group(0)
        seen.add(index)
        return masked.restores[index]

    text = PLACEHOLDER.sub(restore, output)
    missing = tuple(i for i in range(masked.count) if i not in seen)
    return Unmasked(text, missing)
