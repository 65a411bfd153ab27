"""Whole documents through the cascade: plain text in one request (paragraphs kept by the
engine), Markdown piece by piece so its structure survives."""

from __future__ import annotations

from assistant.core.cascade import Cascade
from assistant.core.markdown import split_markdown, translate_markdown
from assistant.core.progress import ProgressCallback
from assistant.core.request import Request
from assistant.core.result import Result, Tier, Trace
from assistant.core.translation import TranslationOptions

TIER_ORDER = (Tier.RULE, Tier.MEMORY, Tier.TRIAGE, Tier.MODEL)


def translate_document(
    cascade: Cascade,
    text: str,
    markdown: bool,
    target: str | None,
    source: str | None,
    options: TranslationOptions,
    on_progress: ProgressCallback,
) -> Result:
    """Translate a file's text; the trace sums every piece's."""
    if not markdown:
        return cascade.run(
            Request(text, target, source, options, parse_instructions=False),
            on_progress=on_progress,
        )
    pieces = split_markdown(text)
    if source is None:
        prose = " ".join(p.text for p in pieces if p.translate)
        source = cascade.identifier.detect(prose).lang
    trace = Trace(tier=Tier.RULE)
    targets: list[str] = []
    todo = max(sum(1 for p in pieces if p.translate), 1)

    def translate(piece: str) -> str:
        result = cascade.run(Request(piece, target, source, options, parse_instructions=False))
        _merge(trace, result.trace)
        targets.append(result.target_lang)
        on_progress("translate", len(targets) / todo)
        return result.output

    output = translate_markdown(text, translate)
    result_target = targets[-1] if targets else (target or cascade.default_target)
    return Result(output, source or result_target, result_target, trace)


def _merge(total: Trace, part: Trace) -> None:
    if TIER_ORDER.index(part.tier) > TIER_ORDER.index(total.tier):
        total.tier = part.tier
    for tool in part.tools:
        total.used(tool)
    for note in part.notes:
        total.note(note)
    for stage, ms in part.timings_ms.items():
        total.add_time(stage, ms)
    total.devices.update(part.devices)
    total.input_tokens += part.input_tokens
    total.output_tokens += part.output_tokens
