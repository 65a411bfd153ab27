"""The model tier: line-break repair, glossary and placeholder masking around the translator,
with a fallback when the model drops a placeholder. Runs on the caller's (worker) thread."""

from __future__ import annotations

import dataclasses
import time

from assistant.core.errors import CancelledError
from assistant.core.glossary import Glossary
from assistant.core.linebreaks import repair_line_breaks
from assistant.core.masking import MaskedText, mask, unmask
from assistant.core.progress import ProgressCallback
from assistant.core.result import Trace
from assistant.core.translation import (
    CancelCheck,
    SentenceCallback,
    SentenceTranslation,
    TranslationOptions,
    TranslationOutput,
    Translator,
)


@dataclasses.dataclass
class ModelCall:
    """One request's model work: text, languages and the caller's hooks."""

    text: str
    source_lang: str
    target_lang: str
    options: TranslationOptions
    on_sentence: SentenceCallback | None = None
    is_cancelled: CancelCheck | None = None
    on_progress: ProgressCallback | None = None


def _sentence_hook(call: ModelCall, masked: MaskedText) -> SentenceCallback:
    total = max(len(masked.text), 1)
    done = 0

    def hook(sentence: SentenceTranslation) -> bool:
        nonlocal done
        done += len(sentence.source) + 1
        keep_going = True
        if call.on_sentence is not None:
            restored = unmask(sentence.output, masked).text
            keep_going = call.on_sentence(dataclasses.replace(sentence, output=restored))
        if call.on_progress is not None:
            keep_going = call.on_progress("translate", min(done / total, 1.0)) and keep_going
        return keep_going

    return hook


def _cancel_check(call: ModelCall) -> CancelCheck:
    def cancelled() -> bool:
        return call.is_cancelled() if call.is_cancelled is not None else False

    return cancelled


def run_model(translator: Translator, call: ModelCall, glossary: Glossary, trace: Trace) -> str:
    """Translate `call.text`, filling `trace`; returns the restored output."""
    text = call.text
    repaired = repair_line_breaks(text)
    if repaired != text:
        trace.used("line-breaks")
    replacements = glossary.replacements(call.source_lang, call.target_lang)
    started = time.perf_counter()
    masked = mask(repaired, replacements)
    trace.add_time("masking", (time.perf_counter() - started) * 1000)
    if masked.count:
        trace.used("masking")
    if replacements and masked.text != repaired:
        trace.used("glossary")
    output = _translate(translator, call, masked, trace)
    restored = unmask(output.text, masked)
    if restored.missing:
        numbers = ", ".join(str(i) for i in restored.missing)
        trace.note(f"model dropped placeholder(s) {numbers}; translated again without masking")
        plain = MaskedText(repaired)
        output = _translate(translator, call, plain, trace)
        return output.text
    return restored.text


def _translate(
    translator: Translator, call: ModelCall, masked: MaskedText, trace: Trace
) -> TranslationOutput:
    output = translator.translate(
        masked.text,
        call.source_lang,
        call.target_lang,
        call.options,
        on_sentence=_sentence_hook(call, masked),
        is_cancelled=_cancel_check(call),
    )
    if call.is_cancelled is not None and call.is_cancelled():
        raise CancelledError("Translation cancelled.")
    for stage, ms in output.timings_ms.items():
        trace.add_time(stage, ms)
    trace.devices.update(output.devices)
    trace.input_tokens += output.input_tokens
    trace.output_tokens += output.output_tokens
    trace.used("m2m100")
    return output
