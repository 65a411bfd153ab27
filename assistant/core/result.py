"""What the cascade answers: the output text plus a `Trace` of how it was produced."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from assistant.core.languages import english_name
from assistant.core.wording import count_of


class Tier(str, Enum):
    """The cascade tier that produced the answer, cheapest first."""

    RULE = "rule"
    MEMORY = "memory"
    TRIAGE = "triage"
    MODEL = "model"


TIER_LABELS = {
    Tier.RULE: "rules",
    Tier.MEMORY: "memory",
    Tier.TRIAGE: "triage",
    Tier.MODEL: "M2M-100",
}


@dataclass(frozen=True)
class Understood:
    """What the cascade understood a request to ask: the intent, the span it works on, the
    target (and source) language, and which tier read it ("rules" or "triage")."""

    intent: str
    text: str
    target_lang: str | None
    source_lang: str | None = None
    by: str = "rules"

    def describe(self) -> str:
        """ "instruction: → Japanese, text: 'good night'" (or "… language of …")."""
        if self.intent == "detect_language":
            return f"instruction: which language, text: {self.text!r}"
        source = f"{english_name(self.source_lang)} " if self.source_lang else ""
        target = english_name(self.target_lang) if self.target_lang else "?"
        return f"instruction: {source}→ {target}, text: {self.text!r}"


@dataclass
class Trace:
    """How one answer was produced, for the GUI status line and `--json`.

    `timings_ms` maps stage (e.g. "rules", "langid", "memory", "triage", "tokenize", "encode",
    "decode", "detokenize", "total") to milliseconds; `devices` maps model part (e.g.
    "encoder", "decoder", "triage") to the device it ran on. `notes` are short human-readable
    remarks such as fallbacks or "no triage model installed".
    """

    tier: Tier = Tier.RULE
    tools: list[str] = field(default_factory=list)
    timings_ms: dict[str, float] = field(default_factory=dict)
    devices: dict[str, str] = field(default_factory=dict)
    input_tokens: int = 0
    output_tokens: int = 0
    notes: list[str] = field(default_factory=list)
    understood: Understood | None = None
    """The instruction read from the request, when it held one."""

    @property
    def instructed_target(self) -> str | None:
        """The target language an instruction in the text named ("into Japanese"), if any."""
        if self.understood is None or self.understood.intent == "detect_language":
            return None
        return self.understood.target_lang

    def used(self, tool: str) -> None:
        """Record that `tool` ran (once, in order)."""
        if tool not in self.tools:
            self.tools.append(tool)

    def note(self, remark: str) -> None:
        """Add a remark (once)."""
        if remark not in self.notes:
            self.notes.append(remark)

    def add_time(self, stage: str, ms: float) -> None:
        """Add `ms` to a stage (stages may run more than once, e.g. per sentence)."""
        self.timings_ms[stage] = self.timings_ms.get(stage, 0.0) + ms

    @property
    def total_ms(self) -> float:
        """Wall time of the whole request, or the sum of the stages when not measured."""
        if "total" in self.timings_ms:
            return self.timings_ms["total"]
        return sum(self.timings_ms.values())

    def summary(self) -> str:
        """One line for a status bar: "rules · 0.2 ms",
        "M2M-100 · encoder NPU 14 ms · decoder CPU 230 ms · 38 tokens", or, when the text was
        an instruction, "instruction → Japanese · M2M-100 · …"."""
        parts = [TIER_LABELS[self.tier]]
        if self.instructed_target is not None:
            parts.insert(0, f"instruction → {english_name(self.instructed_target)}")
        if self.tier is Tier.MODEL and self.devices:
            for part, device in self.devices.items():
                stage_ms = self.timings_ms.get(_STAGE_OF_PART.get(part, part))
                timing = f" {stage_ms:.0f} ms" if stage_ms is not None else ""
                parts.append(f"{part} {device}{timing}")
            parts.append(count_of(self.output_tokens, "token"))
        else:
            parts.append(_format_ms(self.total_ms))
        return " · ".join(parts)


_STAGE_OF_PART = {"encoder": "encode", "decoder": "decode"}


def _format_ms(ms: float) -> str:
    return f"{ms:.1f} ms" if ms < 10 else f"{ms:.0f} ms"


@dataclass
class Result:
    """The answer to one `Request`.

    `confidence` is the language identifier's confidence in `source_lang` (1.0 when the user
    named the language or no identification was needed).
    """

    output: str
    source_lang: str
    target_lang: str
    trace: Trace
    confidence: float = 1.0

    @property
    def tier(self) -> Tier:
        """The tier that answered."""
        return self.trace.tier
