"""Markdown and plain-text documents split into the pieces to translate and the structure to
keep (code blocks, heading marks, list markers, quotes, blank lines, table rules)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

FENCE = re.compile(r"^\s*(```|~~~)")
PREFIX = re.compile(r"^(\s*(?:#{1,6}\s+|>\s*|[-*+]\s+(?:\[[ xX]\]\s+)?|\d+[.)]\s+)*)(.*)$")
TABLE_RULE = re.compile(r"^\s*(?:\|\s*)?:?-{3,}:?(?:\s*\|\s*:?-{3,}:?)*(?:\s*\|)?\s*$")
HTML_LINE = re.compile(r"^\s*<[^>]+>\s*$")


@dataclass(frozen=True)
class Piece:
    """A run of the document: `text` is translated when `translate` is True, else kept."""

    text: str
    translate: bool


def split_markdown(document: str) -> list[Piece]:
    """Pieces whose concatenation is exactly `document`."""
    pieces: list[Piece] = []
    in_fence: str | None = None
    for line in document.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        ending = line[len(body) :]
        fence = FENCE.match(body)
        if in_fence is not None or fence:
            if fence and in_fence is None:
                in_fence = fence.group(1)
            elif fence and in_fence is not None and body.strip().startswith(in_fence):
                in_fence = None
            pieces.append(Piece(line, False))
            continue
        if not body.strip() or TABLE_RULE.match(body) or HTML_LINE.match(body):
            pieces.append(Piece(line, False))
            continue
        if "|" in body and body.strip().startswith("|"):
            for part in re.split(r"(\|)", body):
                pieces.append(Piece(part, bool(part.strip()) and part != "|"))
            pieces.append(Piece(ending, False))
            continue
        match = PREFIX.match(body)
        prefix, content = (match.group(1), match.group(2)) if match else ("", body)
        if prefix:
            pieces.append(Piece(prefix, False))
        pieces.append(Piece(content, True))
        pieces.append(Piece(ending, False))
    return [piece for piece in pieces if piece.text]


def translate_markdown(document: str, translate: Callable[[str], str]) -> str:
    """`document` with every translatable piece replaced by `translate(piece)`; leading and
    trailing spaces of a piece are kept as they were."""
    out: list[str] = []
    for piece in split_markdown(document):
        if not piece.translate:
            out.append(piece.text)
            continue
        core = piece.text.strip()
        lead = piece.text[: len(piece.text) - len(piece.text.lstrip())]
        trail = piece.text[len(piece.text.rstrip()) :]
        out.append(lead + translate(core) + trail)
    return "".join(out)
