"""Multi-line code that is not language: a function, a shell session, JSON. The pass-through
rule answers these with the input, unchanged, as it does for one-line code.

A snippet is code when every non-blank line reads as code (or is a comment, a docstring or
the output of a shell command), and at least one line could only be code: a `def`, a block
opener or closer, an import, an assignment, a call. Prose fails at its first line, so the
check costs a line or two on ordinary text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from assistant.core.bounded_json import loads_bounded
from assistant.core.spans import CODE_STATEMENT

MAX_SNIPPET_CHARS = 200_000
"""Longer text is never taken for one snippet."""
MAX_LINE_CHARS = 400
"""A line longer than this is not read as code (minified code goes to the model as text)."""
MAX_JSON_BYTES = 1_000_000

SHELL_PROMPT = re.compile(
    r"(?:\$|>>>|PS [A-Za-z]:[^>]{0,200}>|[\w.-]{1,64}@[\w.-]{1,64}:[^$#\s]{0,200}[$#]) "
    r"[A-Za-z./~\[(\"']"
)
"""A shell or REPL prompt followed by a command: `$ ls`, `>>> f(1)`, `PS C:\\> dir`."""

_STRONG = re.compile(
    "|".join(
        (
            r"(?:async\s+)?def\s+[A-Za-z_]\w*\s*\(.*:",
            r"class\s+[A-Za-z_]\w*\s*(?:\(.*\))?\s*:",
            r"(?:from\s+\.*[\w.]+\s+)?import\s+[\w.*]+(?:\s+as\s+\w+)?"
            r"(?:\s*,\s*[\w.]+(?:\s+as\s+\w+)?)*;?",
            r"for\s+[A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*\s+in\s+\S.*:",
            r"(?:export\s+)?(?:async\s+)?function\b[^(]*\(.*",
            r"(?:const|let|var)\s+[A-Za-z_$][\w$]*\s*=.*",
            r"#include\s*[<\"].+[>\"]",
            r"#!/\S+.*",
            r"[A-Za-z_$][\w.$]*(?:\[[^\]]*\])*\(.*\)[;,]?",
            r"[})\]][})\];,]*",
            r".*[\w)\]\"'=>]\s*\{",
            r"(?:public|private|protected|static|func|fn|impl|struct|enum|interface|package)"
            r"\b.*[{;]",
            r"(?:SELECT|INSERT\s+INTO|UPDATE|DELETE\s+FROM|CREATE\s+TABLE|ALTER\s+TABLE)\s.*",
        )
    )
)
"""Lines that could only be code (matched against the whole stripped line)."""

_WEAK = re.compile(
    "|".join(
        (
            r"(?:if|elif|while|with|except|switch|case)\b.*:",
            r"(?:else|try|finally|default):",
            r"(?:return|yield|raise|await|del|assert|throw)\b.*",
            r"(?:pass|break|continue)\b;?",
            r"\"[^\"]*\"\s*:\s*.+",
            r"@[A-Za-z_][\w.]*(?:\(.*\))?",
            r"(?:FROM|WHERE|AND|OR|ORDER\s+BY|GROUP\s+BY|LIMIT|(?:LEFT\s+|INNER\s+)?JOIN|VALUES|SET)"
            r"\s.*",
            r".*;",
        )
    )
)
"""Lines that read as code inside a snippet, and may also be prose on their own."""

_COMMENT = re.compile(r"(?:#|//|/\*|\*/|\*(?:\s|$)|--\s|<!--)")
_DOCSTRING_QUOTES = ('"""', "'''")
_CODE_PUNCTUATION = re.compile(r"[=(){}\[\];<>+*/%]")


def is_code_snippet(text: str) -> bool:
    """True when `text` (stripped) is JSON, or a multi-line snippet of code or a shell
    session, with nothing in it to translate."""
    if len(text) > MAX_SNIPPET_CHARS:
        return False
    if text[:1] in "[{" and text[-1:] in "]}" and _is_json(text):
        return True
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) < 2:
        return False
    if SHELL_PROMPT.match(lines[0].strip()):
        return True
    return _all_code(lines)


def _is_json(text: str) -> bool:
    try:
        loads_bounded(text.encode("utf-8", "surrogatepass"), MAX_JSON_BYTES)
    except ValueError:
        return False
    return True


def _all_code(lines: Iterable[str]) -> bool:
    strong = False
    in_docstring = False
    for line in lines:
        stripped = line.strip()
        if len(stripped) > MAX_LINE_CHARS:
            return False
        quotes = sum(stripped.count(mark) for mark in _DOCSTRING_QUOTES)
        if in_docstring or quotes:
            in_docstring ^= quotes % 2 == 1
            continue
        if _COMMENT.match(stripped):
            continue
        if _STRONG.fullmatch(stripped) or CODE_STATEMENT.fullmatch(stripped):
            strong = True
            continue
        if _WEAK.fullmatch(stripped):
            continue
        if line[:1].isspace() and _CODE_PUNCTUATION.search(stripped):
            continue
        return False
    return strong
