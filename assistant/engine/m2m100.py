"""The M2M-100 translator: sentences in, token-exact M2M-100 translations out, streamed.

Synchronous and thread-agnostic, but not thread-safe: one worker thread owns an instance.
It can be dropped and rebuilt at any time; `reset()` wipes its in-memory state.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from assistant.core.errors import BadInputError, CancelledError
from assistant.core.translation import (
    MAX_BEAMS,
    CancelCheck,
    SentenceCallback,
    SentenceTranslation,
    TranslationOptions,
    TranslationOutput,
)
from assistant.engine.beam_search import beam_search
from assistant.engine.decoder import StatefulDecoder
from assistant.engine.encoder import BucketedEncoder
from assistant.engine.greedy import SearchSpec, check_cancelled, greedy_search
from assistant.engine.segmenter import split_sentences
from assistant.engine.splitter import split_to_fit
from assistant.engine.tokenizer import M2MTokenizer

DECODER_START_ID = 2
MAX_NEW_TOKENS_CAP = 256
NO_SPACE_LANGS = frozenset({"zh", "ja", "th", "my", "km", "lo"})
"""Targets whose sentences are joined without a space."""


def default_max_new_tokens(input_tokens: int) -> int:
    """A bound on generated tokens when the caller gives none (real models stop earlier)."""
    return min(MAX_NEW_TOKENS_CAP, 2 * input_tokens + 10)


@dataclass
class _Stages:
    tokenize: float = 0.0
    encode: float = 0.0
    decode: float = 0.0
    detokenize: float = 0.0

    def as_ms(self) -> dict[str, float]:
        return {k: round(v * 1000.0, 3) for k, v in vars(self).items()}


class M2M100Runner:
    """Implements the `Translator` protocol on a bucketed encoder and a stateful decoder."""

    def __init__(
        self,
        tokenizer: M2MTokenizer,
        encoder: BucketedEncoder,
        decoder: StatefulDecoder,
        model_version: str,
    ) -> None:
        self.tokenizer = tokenizer
        self.encoder = encoder
        self.decoder = decoder
        self._model_version = model_version

    @property
    def model_version(self) -> str:
        """Identifies the model for the translation memory."""
        return self._model_version

    def supported_languages(self) -> frozenset[str]:
        """The model's language codes."""
        return self.tokenizer.languages()

    def devices(self) -> dict[str, str]:
        """The device of each part."""
        return {"encoder": self.encoder.device, "decoder": self.decoder.device}

    def generate_ids(
        self,
        source_ids: list[int],
        target_lang: str,
        options: TranslationOptions,
        is_cancelled: CancelCheck | None = None,
    ) -> list[int]:
        """Generated ids for already tokenized input (it must fit the largest bucket), the same
        as transformers `generate(forced_bos_token_id=...)`: `[2, __tgt__, ..., </s>]`."""
        if not 1 <= options.beam_size <= MAX_BEAMS:
            raise BadInputError(f"Beam size must be 1 to {MAX_BEAMS}; got {options.beam_size}.")
        spec = SearchSpec(
            start_id=DECODER_START_ID,
            forced_bos_id=self.tokenizer.lang_id(target_lang),
            eos_id=self.tokenizer.eos_id,
            max_new_tokens=options.max_new_tokens or default_max_new_tokens(len(source_ids)),
        )
        encoded = self.encoder.encode(source_ids)
        self.decoder.start(encoded, options.beam_size)
        if options.beam_size == 1:
            return greedy_search(self.decoder.step, spec, is_cancelled)
        return beam_search(
            self.decoder.step,
            spec,
            options.beam_size,
            options.length_penalty,
            options.early_stopping,
            is_cancelled,
        )

    def translate(
        self,
        text: str,
        source_lang: str,
        target_lang: str,
        options: TranslationOptions,
        on_sentence: SentenceCallback | None = None,
        is_cancelled: CancelCheck | None = None,
    ) -> TranslationOutput:
        """Translate sentence by sentence, streaming each; paragraph breaks are kept and
        over-long sentences are split, never truncated. Raises CancelledError."""
        if "\x00" in text:
            raise BadInputError("The text contains binary data (NUL bytes); paste plain text.")
        self.tokenizer.lang_id(source_lang)
        self.tokenizer.lang_id(target_lang)
        joiner = "" if target_lang in NO_SPACE_LANGS else " "
        stages = _Stages()
        sentences: list[SentenceTranslation] = []
        parts: list[str] = []
        limit = self.encoder.max_tokens
        for segment in split_sentences(text, source_lang):
            started = time.perf_counter()
            pieces = split_to_fit(
                segment.text, lambda t: self.tokenizer.count(t, source_lang), limit
            )
            stages.tokenize += time.perf_counter() - started
            outputs: list[str] = []
            for number, piece in enumerate(pieces):
                check_cancelled(is_cancelled)
                result = self._one(piece, source_lang, target_lang, options, stages, is_cancelled)
                outputs.append(result[0])
                last = number == len(pieces) - 1
                sentence = SentenceTranslation(
                    index=len(sentences),
                    source=piece,
                    output=result[0],
                    input_tokens=result[1],
                    output_tokens=result[2],
                    paragraph_break_after=last and segment.paragraph_break_after,
                )
                sentences.append(sentence)
                if on_sentence is not None and not on_sentence(sentence):
                    raise CancelledError("Translation cancelled.")
            separator = joiner if segment.separator == " " else segment.separator
            parts.append(joiner.join(o for o in outputs if o) + separator)
        return TranslationOutput(
            text="".join(parts),
            sentences=sentences,
            timings_ms=stages.as_ms(),
            devices=self.devices(),
            input_tokens=sum(s.input_tokens for s in sentences),
            output_tokens=sum(s.output_tokens for s in sentences),
        )

    def _one(
        self,
        piece: str,
        source_lang: str,
        target_lang: str,
        options: TranslationOptions,
        stages: _Stages,
        is_cancelled: CancelCheck | None,
    ) -> tuple[str, int, int]:
        started = time.perf_counter()
        ids = self.tokenizer.encode(piece, source_lang)
        encoded_at = time.perf_counter()
        stages.tokenize += encoded_at - started
        generated = self.generate_ids(ids, target_lang, options, is_cancelled)
        decoded_at = time.perf_counter()
        output = self.tokenizer.decode(generated)
        stages.detokenize += time.perf_counter() - decoded_at
        stages.encode += self.encoder.last_seconds
        stages.decode += decoded_at - encoded_at - self.encoder.last_seconds
        return output, len(ids), max(0, len(generated) - 1)

    def reset(self) -> None:
        """Drop the decoder state and any held encoder output (for clear-state)."""
        self.decoder.reset()
        self.encoder.reset()
