"""The closed question the triage model answers: which numbered span of the request is the
text, and which of the offered languages is the target. The rules build it, so every answer
the model can give is a piece of the input and a supported language.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.core.instruction_grammar import candidates_for, read_instruction
from assistant.core.language_mentions import find_mentions
from assistant.core.languages import M2M100_LANGUAGES, english_name
from assistant.core.span_candidates import each_sentence, quoted, whole

MAX_CANDIDATES = 4
"""Spans offered at most: the rules' best reading, the likeliest others, the whole input."""
MAX_QUESTION_CHARS = 1500
"""Longer requests are cut to this before the question is built (prefill costs on the NPU)."""


@dataclass(frozen=True)
class TriageQuestion:
    """The request, its candidate spans (the rules' best reading first) and the languages."""

    request: str
    spans: tuple[str, ...]
    languages: tuple[str, ...]

    def prompt(self) -> str:
        """The user turn: the request, then one question for each choice."""
        numbered = "\n".join(f"{i}. {span}" for i, span in enumerate(self.spans, 1))
        named = ", ".join(f"{code}={english_name(code)}" for code in self.languages[:8])
        return (
            f"Request: {self.request}\nWhich text does it ask to translate?\n{numbered}\n"
            f"Into which language? {named}"
        )


def triage_question(text: str) -> TriageQuestion:
    """The question for `text`: its candidate spans and the languages it names (every
    supported language when it names none), the rules' best reading first in both."""
    request = text[:MAX_QUESTION_CHARS]
    mentions = [m for m in find_mentions(request) if not m.source]
    spans: list[str] = []
    reading = read_instruction(request)
    if reading is not None:
        spans.append(reading.span.text)
    found = quoted(request)
    for mention in mentions:
        found += [c for c in candidates_for(request, mention) if c.kind.value != "around language"]
    found += each_sentence(request)
    for candidate in found:
        if candidate.text not in spans:
            spans.append(candidate.text)
    everything = whole(request)
    spans = spans[: MAX_CANDIDATES - 1] if everything else spans[:MAX_CANDIDATES]
    if everything is not None and everything.text not in spans:
        spans.append(everything.text)
    named = [reading.target] if reading is not None else []
    named += [m.code for m in mentions]
    languages = tuple(dict.fromkeys(named)) or tuple(sorted(M2M100_LANGUAGES))
    return TriageQuestion(request, tuple(spans) or (request,), languages)
