"""The triage contract: a small LLM that reads a free-form request the rules could not parse.

It never translates; it only says what is asked (a closed schema), and the cascade checks its
answer: the span must occur in the input and the language must be supported.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Protocol

from assistant.core.instructions import Instruction, Intent


@dataclass(frozen=True)
class TriageDecision:
    """What the triage model read in a request."""

    intent: Intent
    target_lang: str | None
    text: str


class TriageModel(Protocol):
    """A triage LLM. Synchronous; call it from the request thread. Raises AssistantError."""

    @property
    def device(self) -> str:
        """Where it runs ("NPU", "CPU")."""
        ...

    def triage(self, text: str) -> TriageDecision:
        """Read `text` and say what it asks for. No conversation state survives the call."""
        ...


def validate_decision(
    decision: TriageDecision, text: str, supported: Collection[str]
) -> Instruction | None:
    """The decision as an Instruction if it is usable, else None (translate the whole input).

    Usable: translating a non-empty span that occurs in `text` into a supported language, or
    detecting the language of such a span. "not_a_request" is never usable.
    """
    span = decision.text.strip()
    if not span or span not in text:
        return None
    if decision.intent is Intent.DETECT_LANGUAGE:
        return Instruction(Intent.DETECT_LANGUAGE, span)
    if decision.intent is Intent.TRANSLATE and decision.target_lang in supported:
        return Instruction(Intent.TRANSLATE, span, decision.target_lang)
    return None
