"""Hard line-break repair for text pasted from PDFs: joins wrapped lines, keeps paragraphs."""

from __future__ import annotations

import re
from statistics import median

PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
LIST_ITEM = re.compile(r"^\s*(?:[-*•·–]|\d+[.)]|[a-zA-Z][.)])\s+")
HYPHENATED = re.compile(r"\w-$")
SENTENCE_END = tuple(".!?:;。！？：；")
MIN_WRAPPED_WIDTH = 30
"""Paragraphs whose lines are shorter than this (verse, addresses) are left alone."""


def _joint(tail: str, line: str) -> tuple[int, str]:
    """How `line` continues text ending in `tail` (its last two characters): how many
    characters to drop from that end, and the separator."""
    if HYPHENATED.search(tail) and line[:1].islower():
        return 1, ""
    if tail and ("\u3040" <= tail[-1] <= "\u9fff"):
        return 0, ""
    return 0, " "


def repair_paragraph(paragraph: str) -> str:
    """Join the hard-wrapped lines of one paragraph; list items stay on their own lines."""
    lines = [line.strip() for line in paragraph.split("\n")]
    lines = [line for line in lines if line]
    prose = [len(line) for line in lines if not LIST_ITEM.match(line)]
    if len(lines) < 2 or not prose or median(prose) < MIN_WRAPPED_WIDTH:
        return paragraph
    joined: list[list[str]] = [[lines[0]]]
    length = len(lines[0])
    for line in lines[1:]:
        pieces = joined[-1]
        if LIST_ITEM.match(line) or (pieces[-1].endswith(SENTENCE_END) and length < 40):
            joined.append([line])
            length = len(line)
            continue
        drop, separator = _joint("".join(pieces[-2:])[-2:], line)
        if drop:
            pieces[-1] = pieces[-1][:-drop]
            if not pieces[-1]:
                pieces.pop()
        pieces.append(separator + line)
        length += len(separator) + len(line) - drop
    return "\n".join("".join(pieces) for pieces in joined)


def repair_line_breaks(text: str) -> str:
    """The text with wrapped lines joined inside each paragraph; blank-line breaks are kept."""
    if "\n" not in text:
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    parts = PARAGRAPH_BREAK.split(text)
    separators = PARAGRAPH_BREAK.findall(text)
    out = [repair_paragraph(parts[0])]
    for separator, part in zip(separators, parts[1:], strict=True):
        out.append(separator)
        out.append(repair_paragraph(part))
    return "".join(out)
