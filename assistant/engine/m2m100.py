"""The M2M-100 translator: sentences in, token-exact M2M-100 translations out, streamed.

Synchronous and thread-agnostic, but not thread-safe: one worker thread owns an instance.
It can be dropped and rebuilt at any time; `reset()` wipes its in-memory state.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from assistant.core.cancel import CancelToken
from assistant.core.errors import BadInputError
from assistant.core.translation import (
    MAX_BEAMS,
    CancelCheck,
    SentenceTranslation,
    TranslationOptions,
    TranslationOutput,
    TranslationRequest,
)
from assistant.engine.batch_plan import Piece, plan_batches
from assistant.engine.batch_search import search_batch
from assistant.engine.batching import rows_for
from assistant.engine.beam_search import SentenceBeams, beam_search
from assistant.engine.decoder import StatefulDecoder
from assistant.engine.encoder import BucketedEncoder
from assistant.engine.greedy import SearchSpec, SentenceGreedy, check_cancelled, greedy_search
from assistant.engine.segmenter import Segment, split_sentences
from assistant.engine.splitter import split_to_fit
from assistant.engine.tokenizer import M2MTokenizer

Search = SentenceGreedy | SentenceBeams

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


@dataclass
class _BatchOutcome:
    """Where one batch's finished sentences go: `outputs[first + number]`, then `stream()`."""

    outputs: list[tuple[str, int] | None]
    first: int
    stream: Callable[[], None]


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
        cancel: CancelToken | None = None,
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
        is_cancelled = cancel.is_cancelled if cancel is not None else None
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

    def generate_batch_ids(
        self,
        sources: Sequence[list[int]],
        target_lang: str,
        options: TranslationOptions,
        cancel: CancelToken | None = None,
    ) -> list[list[int]]:
        """`generate_ids` for several tokenized sentences decoded together in one batch."""
        if not 1 <= options.beam_size <= MAX_BEAMS:
            raise BadInputError(f"Beam size must be 1 to {MAX_BEAMS}; got {options.beam_size}.")
        results: list[list[int]] = [[] for _ in sources]

        def on_done(number: int, generated: list[int]) -> None:
            results[number] = generated

        searches = [self._search(ids, target_lang, options) for ids in sources]
        self.decoder.start_batch(self.encoder.encode_batch(sources), options.beam_size)
        search_batch(self.decoder, searches, on_done, cancel.is_cancelled if cancel else None)
        return results

    def translate(self, request: TranslationRequest) -> TranslationOutput:
        """Translate the sentences of `request.text`, decoded together in batches, streaming
        each in order as soon as it and those before it are done; paragraph breaks are kept and
        over-long sentences are split, never truncated. Raises CancelledError."""
        text, source_lang, target_lang = request.text, request.source, request.target
        options, on_sentence = request.options, request.on_sentence
        is_cancelled = request.cancel.is_cancelled
        if "\x00" in text:
            raise BadInputError("The text contains binary data (NUL bytes); paste plain text.")
        if not 1 <= options.beam_size <= MAX_BEAMS:
            raise BadInputError(f"Beam size must be 1 to {MAX_BEAMS}; got {options.beam_size}.")
        if options.max_batch is not None and options.max_batch < 1:
            raise BadInputError(f"Batch size must be at least 1; got {options.max_batch}.")
        self.tokenizer.lang_id(source_lang)
        self.tokenizer.lang_id(target_lang)
        stages = _Stages()
        segments = split_sentences(text, source_lang)
        pieces = self._pieces(segments, source_lang, stages, is_cancelled)
        outputs: list[tuple[str, int] | None] = [None] * len(pieces)
        sentences: list[SentenceTranslation] = []

        def stream() -> None:
            while len(sentences) < len(pieces) and outputs[len(sentences)] is not None:
                number = len(sentences)
                piece, (output, generated) = pieces[number], outputs[number] or ("", 0)
                sentence = SentenceTranslation(
                    index=number,
                    source=piece.text,
                    output=output,
                    input_tokens=len(piece.ids),
                    output_tokens=generated,
                    paragraph_break_after=piece.paragraph_break_after,
                )
                sentences.append(sentence)
                if on_sentence is not None:
                    on_sentence(sentence)
                check_cancelled(is_cancelled)

        limit = options.max_batch if self.decoder.can_batch else 1
        for batch in plan_batches(pieces, self._rows_for(options), options.beam_size, limit):
            check_cancelled(is_cancelled)
            outcome = _BatchOutcome(outputs, batch.start, stream)
            self._decode_batch(
                [pieces[n] for n in batch], target_lang, options, stages, is_cancelled, outcome
            )
        return TranslationOutput(
            text=_joined(segments, pieces, outputs, target_lang),
            sentences=sentences,
            timings_ms=stages.as_ms(),
            devices=self.devices(),
            input_tokens=sum(s.input_tokens for s in sentences),
            output_tokens=sum(s.output_tokens for s in sentences),
        )

    def _pieces(
        self,
        segments: list[Segment],
        source_lang: str,
        stages: _Stages,
        is_cancelled: CancelCheck | None,
    ) -> list[Piece]:
        """Every sentence's ids, with over-long sentences split to fit the largest bucket."""
        started = time.perf_counter()
        limit = self.encoder.max_tokens
        pieces: list[Piece] = []
        for number, segment in enumerate(segments):
            check_cancelled(is_cancelled)
            parts = split_to_fit(
                segment.text, lambda t: self.tokenizer.count(t, source_lang), limit
            )
            for part_number, part in enumerate(parts):
                last = part_number == len(parts) - 1
                ids = self.tokenizer.encode(part, source_lang)
                pieces.append(Piece(part, ids, last and segment.paragraph_break_after, number))
        stages.tokenize += time.perf_counter() - started
        return pieces

    def _rows_for(self, options: TranslationOptions) -> Callable[[Sequence[Piece]], int]:
        def rows(batch: Sequence[Piece]) -> int:
            longest = max(len(piece.ids) for piece in batch)
            new_tokens = options.max_new_tokens or default_max_new_tokens(longest)
            cost = self.decoder.row_cost
            return rows_for(self.encoder.bucket_for(longest), cost, new_tokens)

        return rows

    def _decode_batch(
        self,
        batch: list[Piece],
        target_lang: str,
        options: TranslationOptions,
        stages: _Stages,
        is_cancelled: CancelCheck | None,
        outcome: _BatchOutcome,
    ) -> None:
        """Encode each sentence, then decode them together; each one is detokenized and
        streamed as soon as it finishes."""
        encoded = self.encoder.encode_batch([piece.ids for piece in batch])
        stages.encode += self.encoder.last_seconds
        decode_started = time.perf_counter()
        searches = [self._search(piece.ids, target_lang, options) for piece in batch]
        self.decoder.start_batch(encoded, options.beam_size)
        outside = 0.0
        """Time spent detokenizing and streaming, inside the decode loop's wall time."""

        def on_done(number: int, generated: list[int]) -> None:
            nonlocal outside
            done_at = time.perf_counter()
            text = self.tokenizer.decode(generated)
            outcome.outputs[outcome.first + number] = (text, max(0, len(generated) - 1))
            stages.detokenize += time.perf_counter() - done_at
            outcome.stream()
            outside += time.perf_counter() - done_at

        search_batch(self.decoder, searches, on_done, is_cancelled)
        stages.decode += time.perf_counter() - decode_started - outside

    def _search(self, ids: list[int], target_lang: str, options: TranslationOptions) -> Search:
        spec = SearchSpec(
            start_id=DECODER_START_ID,
            forced_bos_id=self.tokenizer.lang_id(target_lang),
            eos_id=self.tokenizer.eos_id,
            max_new_tokens=options.max_new_tokens or default_max_new_tokens(len(ids)),
        )
        if options.beam_size == 1:
            return SentenceGreedy(spec)
        beams = options.beam_size
        return SentenceBeams(spec, beams, options.length_penalty, options.early_stopping)

    def reset(self) -> None:
        """Drop the decoder state and any held encoder output (for clear-state)."""
        self.decoder.reset()
        self.encoder.reset()


def _joined(
    segments: list[Segment],
    pieces: list[Piece],
    outputs: list[tuple[str, int] | None],
    target_lang: str,
) -> str:
    """The translated text: a segment's parts joined, then each segment's separator."""
    joiner = "" if target_lang in NO_SPACE_LANGS else " "
    by_segment: list[list[str]] = [[] for _ in segments]
    for piece, output in zip(pieces, outputs, strict=True):
        by_segment[piece.segment].append(output[0] if output is not None else "")
    parts: list[str] = []
    for segment, texts in zip(segments, by_segment, strict=True):
        separator = joiner if segment.separator == " " else segment.separator
        parts.append(joiner.join(t for t in texts if t) + separator)
    return "".join(parts)
