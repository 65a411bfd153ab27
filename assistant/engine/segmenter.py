"""Splits a text into sentences (sentencex) while keeping its paragraph breaks.

Pure functions of the text; safe on any thread.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sentencex import segment

_PARAGRAPH_BREAK = re.compile(r"[ \t]*(?:\r\n|\r|\n)\s*")


@dataclass(frozen=True)
class Segment:
    """One sentence, and the exact whitespace that followed it in the source."""

    text: str
    separator: str
    """"" at the end, " " within a paragraph, or the newlines of a paragraph break."""

    @property
    def paragraph_break_after(self) -> bool:
        """True when a line or paragraph break follows this sentence."""
        return "\n" in self.separator or "\r" in self.separator


def split_sentences(text: str, lang: str) -> list[Segment]:
    """Sentences in order; runs of blank lines between paragraphs are kept in `separator`."""
    segments: list[Segment] = []
    position = 0
    for match in [*_PARAGRAPH_BREAK.finditer(text), None]:
        end = match.start() if match else len(text)
        paragraph = text[position:end]
        sentences = [s.strip() for s in segment(lang, paragraph)] if paragraph.strip() else []
        sentences = [s for s in sentences if s]
        for i, sentence in enumerate(sentences):
            last = i == len(sentences) - 1
            segments.append(Segment(sentence, "" if last else " "))
        separator = match.group(0).replace(" ", "").replace("\t", "") if match else ""
        if segments and separator:
            previous = segments[-1]
            segments[-1] = Segment(previous.text, previous.separator + separator)
        position = match.end() if match else len(text)
    return segments
