"""The model tier: line-break repair, glossary and placeholder masking around the translator.

Sentences stream to the caller once, as the model finishes them. When the model drops a
placeholder, the protected text it stood for is put back at the end of that sentence, so
e-mail addresses, numbers, code and glossary terms always reach the output verbatim.
Runs on the caller's (worker) thread."""

from __future__ import annotations

import dataclasses
import time

from assistant.core.cancel import CancelToken
from assistant.core.errors import CancelledError
from assistant.core.glossary import Glossary
from assistant.core.linebreaks import repair_line_breaks
from assistant.core.masking import PLACEHOLDER, MaskedText, mask, unmask
from assistant.core.progress import ProgressCallback
from assistant.core.result import Trace
from assistant.core.translation import (
    SentenceCallback,
    SentenceTranslation,
    TranslationOptions,
    TranslationOutput,
    TranslationRequest,
    Translator,
)


@dataclasses.dataclass
class ModelCall:
    """One request's model work: text, languages and the caller's hooks. A progress callback
    that returns False cancels `cancel`, the request's one cancellation channel."""

    text: str
    source_lang: str
    target_lang: str
    options: TranslationOptions
    on_sentence: SentenceCallback | None = None
    cancel: CancelToken = dataclasses.field(default_factory=CancelToken)
    on_progress: ProgressCallback | None = None


@dataclasses.dataclass
class _Stream:
    """Forwards each translated sentence once, with its placeholders restored; a placeholder
    the model dropped has its protected text put back at the end of that sentence."""

    call: ModelCall
    masked: MaskedText
    done: int = 0
    patches: list[tuple[str, str]] = dataclasses.field(default_factory=list)
    """(masked sentence output, text to append to it) for sentences that lost placeholders."""
    dropped: list[int] = dataclasses.field(default_factory=list)

    def __call__(self, sentence: SentenceTranslation) -> None:
        self.done += len(sentence.source) + 1
        restored = self._restore(sentence)
        if self.call.on_sentence is not None:
            self.call.on_sentence(dataclasses.replace(sentence, output=restored))
        if self.call.on_progress is not None:
            fraction = min(self.done / max(len(self.masked.text), 1), 1.0)
            if not self.call.on_progress("translate", fraction):
                self.call.cancel.cancel()

    def _restore(self, sentence: SentenceTranslation) -> str:
        restored = unmask(sentence.output, self.masked).text
        expected = _placeholders(sentence.source, self.masked.count)
        missing = [
            i for i in expected if i not in _placeholders(sentence.output, self.masked.count)
        ]
        if not missing:
            return restored
        self.dropped += missing
        tail = " " + " ".join(self.masked.restores[i] for i in missing)
        self.patches.append((sentence.output, tail))
        return restored + tail

    def final_text(self, output: str) -> str:
        """The whole output with placeholders restored and dropped spans put back."""
        pieces: list[str] = []
        position = 0
        for masked_sentence, tail in self.patches:
            found = output.find(masked_sentence, position) if masked_sentence else -1
            if found < 0:
                pieces.append(output[position:].rstrip() + tail)
                position = len(output)
                continue
            end = found + len(masked_sentence)
            pieces.append(output[position:end] + tail)
            position = end
        pieces.append(output[position:])
        return unmask("".join(pieces), self.masked).text


def _placeholders(text: str, count: int) -> list[int]:
    numbers = (int(match.group(1)) for match in PLACEHOLDER.finditer(text))
    return list(dict.fromkeys(n for n in numbers if n < count))


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
    stream = _Stream(call, masked)
    output = _translate(translator, call, masked, stream, trace)
    text = stream.final_text(output.text)
    if stream.dropped:
        dropped = sorted(set(stream.dropped))
        numbers = ", ".join(str(i) for i in dropped)
        which = "placeholder" if len(dropped) == 1 else "placeholders"
        trace.note(
            f"model dropped {which} {numbers}; the protected text was put back at the end of "
            "its sentence"
        )
    return text


def _translate(
    translator: Translator, call: ModelCall, masked: MaskedText, stream: _Stream, trace: Trace
) -> TranslationOutput:
    request = TranslationRequest(
        masked.text, call.source_lang, call.target_lang, call.options, stream, call.cancel
    )
    output = translator.translate(request)
    if call.cancel.cancelled:
        raise CancelledError("Translation cancelled.")
    for stage, ms in output.timings_ms.items():
        trace.add_time(stage, ms)
    trace.devices.update(output.devices)
    trace.input_tokens += output.input_tokens
    trace.output_tokens += output.output_tokens
    trace.used("m2m100")
    return output
