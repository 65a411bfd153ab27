"""Hard line-break repair for text pasted from PDFs: joins wrapped lines, keeps paragraphs."""

from __future__ import annotations

import re
from statistics import median

PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
LIST_ITEM = re.compile(r"^\s*(?:[-*•·–]|\d+[.)]|[a-zA-Z][.)])\s+")
SENTENCE_END = tuple(".!?:;。！？：；")
MIN_WRAPPED_WIDTH = 30
"""Paragraphs whose lines are shorter than this (verse, addresses) are left alone."""


def _join(previous: str, line: str) -> str:
    if re.search(r"\w-$", previous) and line[:1].islower():
        return previous[:-1] + line
    if previous and ("\u3040" <= previous[-1] <= "\u9fff"):
        return previous + line
    return f"{previous} {line}"


def repair_paragraph(paragraph: str) -> str:
    """Join the hard-wrapped lines of one paragraph; list items stay on their own lines."""
    lines = [line.strip() for line in paragraph.split("\n")]
    lines = [line for line in lines if line]
    prose = [len(line) for line in lines if not LIST_ITEM.match(line)]
    if len(lines) < 2 or not prose or median(prose) < MIN_WRAPPED_WIDTH:
        return paragraph
    joined: list[str] = [lines[0]]
    for line in lines[1:]:
        previous = joined[-1]
        if LIST_ITEM.match(line) or (previous.endswith(SENTENCE_END) and len(previous) < 40):
            joined.append(line)
        else:
            joined[-1] = _join(previous, line)
    return "\n".join(joined)


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
