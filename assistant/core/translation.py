"""The contract between the cascade and any M2M-100 translator (the engine implements it)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from assistant.core.cancel import CancelToken

MAX_BEAMS = 5
"""The widest beam search the translator runs; the CLI's `--beam` has the same bound."""


@dataclass(frozen=True)
class TranslationOptions:
    """How to decode. `beam_size` 1 is greedy search, at most MAX_BEAMS."""

    beam_size: int = 1
    length_penalty: float = 1.0
    early_stopping: bool = True
    max_new_tokens: int | None = None
    """None: the translator picks a bound from the input length."""
    max_batch: int | None = None
    """Sentences decoded together at most; None: the translator picks from the CPU and the
    sentence lengths; 1: one sentence at a time."""


@dataclass(frozen=True)
class SentenceTranslation:
    """One translated sentence, streamed to the caller as soon as it is done."""

    index: int
    source: str
    output: str
    input_tokens: int
    output_tokens: int
    paragraph_break_after: bool = False


@dataclass
class TranslationOutput:
    """A whole translated text with what it cost and where it ran."""

    text: str
    sentences: list[SentenceTranslation]
    timings_ms: dict[str, float] = field(default_factory=dict)
    """Per stage: tokenize, encode, decode, detokenize (summed over sentences)."""
    devices: dict[str, str] = field(default_factory=dict)
    """Per model part, e.g. {"encoder": "NPU", "decoder": "CPU"}."""
    input_tokens: int = 0
    output_tokens: int = 0


SentenceCallback = Callable[[SentenceTranslation], None]
"""Called per finished sentence, on the translating thread; to stop, cancel the token."""

CancelCheck = Callable[[], bool]
"""Polled between decode steps; returning True cancels (a `CancelToken.is_cancelled`)."""


@dataclass(frozen=True)
class TranslationRequest:
    """One call to a translator: the text, its languages, how to decode, and the caller's
    hooks. `cancel` is the only way to stop it; `on_sentence` streams finished sentences."""

    text: str
    source: str
    target: str
    options: TranslationOptions = field(default_factory=TranslationOptions)
    on_sentence: SentenceCallback | None = field(default=None, compare=False)
    cancel: CancelToken = field(default_factory=CancelToken, compare=False)


class Translator(Protocol):
    """A machine translator. Synchronous: call it from the one inference worker thread."""

    @property
    def model_version(self) -> str:
        """Identifies the model for the translation memory (e.g. the manifest hash)."""
        ...

    def supported_languages(self) -> frozenset[str]:
        """M2M-100 language codes this model can translate from and to."""
        ...

    def translate(self, request: TranslationRequest) -> TranslationOutput:
        """Translate `request.text`, keeping paragraph breaks; raises CancelledError once
        `request.cancel` is cancelled."""
        ...
