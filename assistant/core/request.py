"""What the user asks for: one `Request` per translate or detect action, from the GUI or CLI."""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.core.translation import TranslationOptions


@dataclass(frozen=True)
class Request:
    """A piece of text to translate (or whose language to tell).

    `target_lang` None means the user's default target; `source_lang` None means "identify it".
    `recent_langs` are the languages the user worked in lately, most recent first; language
    identification uses them as a prior for short or ambiguous text.
    """

    text: str
    target_lang: str | None = None
    source_lang: str | None = None
    options: TranslationOptions = field(default_factory=TranslationOptions)
    recent_langs: tuple[str, ...] = ()
    parse_instructions: bool = True
    """False for file input: the text is content, never an instruction to the assistant."""
