"""Patterns for spans that must never be translated: code, URLs, e-mail addresses, paths,
numbers and emoji. Shared by the pass-through rule and placeholder masking.

Every pattern runs in time linear in its input: an unbounded run may only start where the
previous character cannot continue it (a look-behind guard), and no two quantifiers in a row
can match the same characters, so a failed match never retries the same run from each of its
positions."""

from __future__ import annotations

import re

ANSI_ESCAPE = r"\x1b\[[0-9;?]*[ -/]*[@-~]"
FENCED_CODE = r"```[\s\S]*?```|~~~[\s\S]*?~~~"
INLINE_CODE = r"`[^`\n]+`"
URL = r"(?:(?:https?|ftp|file)://|www\.)[^\s<>\"'`]+[^\s<>\"'`.,;:!?)\]}]"
EMAIL = r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
UNIX_PATH = r"(?<![\w/])(?:~|\.{1,2})?(?:/[\w.@+-]+){2,}/?"
WINDOWS_PATH = r"(?<!\w)[A-Za-z]:\\(?:[\w .@+-]+\\)*[\w.@+-]*"
PLACEHOLDER_LOOKALIKE = r"\[\s*\d+\s*\]"
VERSION_OR_HEX = r"(?<!\w)(?:v\d+(?:\.\d+)+[\w.-]*|0x[0-9A-Fa-f]+|\d+(?:\.\d+)?e[-+]?\d+)(?!\w)"
NUMBER = r"(?<![\w.])[-+]?\d+(?:[.,:/'-]\d+)*%?(?!\w)"
EMOJI = (
    r"(?:[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\u2300-\u23FF]"
    r"[\uFE0F\u200D\U0001F3FB-\U0001F3FF]*)+"
)

PROTECTED = re.compile(
    "|".join(
        f"(?:{p})"
        for p in (
            ANSI_ESCAPE,
            FENCED_CODE,
            INLINE_CODE,
            URL,
            EMAIL,
            WINDOWS_PATH,
            UNIX_PATH,
            PLACEHOLDER_LOOKALIKE,
            VERSION_OR_HEX,
            NUMBER,
            EMOJI,
        )
    )
)
"""Every protected span, earliest and then longest alternative first."""

CODE_TOKEN = re.compile(
    r"(?:[A-Za-z_][\w.]*\([^()\s]*\)|[A-Za-z][^\W_]*_\w+|--?[A-Za-z][\w-]*(?:=\S+)?|"
    r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*){2,}|[A-Za-z_]\w*::\w+|\$\{?\w+\}?)"
)
"""One token that reads as code: a call `f(x)`, snake_case, a `--flag`, a dotted name, $VAR."""

_OPERATOR = r"[-+*/%<>]"
CODE_STATEMENT = re.compile(
    r"[A-Za-z_][\w.\[\]]*\s*(?:[-+*/%|&:]?=|==|!=|<=|>=)\s*"
    rf"(?:(?!{_OPERATOR}\s)\S|{_OPERATOR}(?=\s+{_OPERATOR}))"
    rf"(?:\S|(?<={_OPERATOR})\s+(?=\S)|(?<!{_OPERATOR})\s+(?={_OPERATOR}\s*\S))*"
)
"""A one-line assignment or comparison such as `x = 3` or `total += price * 2`: after the
operator, non-space text whose every gap is next to an arithmetic operator between two terms."""
MAX_STATEMENT_CHARS = 1000
"""Longer text is never taken for one statement."""
