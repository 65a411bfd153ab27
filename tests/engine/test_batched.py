"""Batched decoding: the sentences of one request step together, token-exact with decoding
them one at a time and with transformers `generate()`, on every tiny model and converter."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from assistant.core.cancel import CancelToken
from assistant.core.errors import CancelledError
from assistant.core.translation import SentenceTranslation, TranslationOptions, TranslationRequest
from assistant.engine.batch_search import search_batch
from assistant.engine.greedy import SearchSpec, SentenceGreedy
from tests.engine.conftest import TEST_BUCKETS, CancelOnPoll, ParityPair

BEAM_CASES = [(2, 1.0, True), (3, 0.6, True), (4, 1.0, False), (5, 2.0, False)]


@pytest.fixture(
    params=["real_tok_pair", "sp_tok_pair", "real_tok_native_pair", "sp_tok_native_pair"]
)
def pair(request: pytest.FixtureRequest) -> ParityPair:
    result: ParityPair = request.getfixturevalue(request.param)
    return result


def _sources(pair: ParityPair, flores: dict[str, list[str]], count: int) -> list[list[int]]:
    """Real sentences of mixed lengths, each cut to fit the largest test bucket."""
    eos = pair.runner.tokenizer.eos_id
    sources = []
    for number, line in enumerate(flores["en"][:count]):
        keep = (5, 9, 14, 20, 31)[number % 5]
        ids = pair.runner.tokenizer.encode(line, "en")[:keep]
        sources.append(ids if ids[-1] == eos else [*ids, eos])
    return sources


class _RowRecorder:
    """The real decoder, with each step's row count and logits recorded."""

    def __init__(self, pair: ParityPair) -> None:
        self.decoder = pair.runner.decoder
        self.rows: list[int] = []
        self.logits: list[np.ndarray] = []

    def step(self, tokens: np.ndarray, beam_idx: np.ndarray | None = None) -> np.ndarray:
        self.rows.append(len(tokens))
        logits = self.decoder.step(tokens, beam_idx)
        self.logits.append(logits.copy())
        return logits

    def keep_rows(self, kept: np.ndarray) -> None:
        self.decoder.keep_rows(kept)


def _collector(sink: list[list[int]]) -> Callable[[int, list[int]], None]:
    def collect(_number: int, generated: list[int]) -> None:
        sink.append(generated)

    return collect


def test_greedy_batch_equals_one_at_a_time_and_generate(
    pair: ParityPair, flores: dict[str, list[str]]
) -> None:
    sources = _sources(pair, flores, 10)
    options = TranslationOptions(max_new_tokens=20)
    batched = pair.runner.generate_batch_ids(sources, "de", options)
    for ids, ours in zip(sources, batched, strict=True):
        assert ours == pair.runner.generate_ids(ids, "de", options)
        assert ours == pair.reference_ids(ids, "de", max_new_tokens=20)


@pytest.mark.parametrize(("beams", "length_penalty", "early_stopping"), BEAM_CASES)
def test_beam_batch_equals_one_at_a_time_and_generate(
    pair: ParityPair,
    flores: dict[str, list[str]],
    beams: int,
    length_penalty: float,
    early_stopping: bool,
) -> None:
    sources = _sources(pair, flores, 5)
    options = TranslationOptions(beams, length_penalty, early_stopping, max_new_tokens=14)
    batched = pair.runner.generate_batch_ids(sources, "fr", options)
    for ids, ours in zip(sources, batched, strict=True):
        expected = pair.reference_ids(
            ids,
            "fr",
            num_beams=beams,
            length_penalty=length_penalty,
            early_stopping=early_stopping,
            max_new_tokens=14,
        )
        assert ours == pair.runner.generate_ids(ids, "fr", options)
        assert ours == expected


def test_finished_sentences_leave_the_batch_and_logits_match_single_runs(
    real_tok_native_pair: ParityPair, flores: dict[str, list[str]]
) -> None:
    """Rows shrink as sentences end; every row's logits equal its own single-sentence run
    closely enough that no argmax can flip (the margin is asserted above the difference)."""
    pair = real_tok_native_pair
    runner = pair.runner
    sources = _sources(pair, flores, 10)
    lengths = [3 + 2 * n for n in range(len(sources))]
    specs = [
        SearchSpec(2, runner.tokenizer.lang_id("de"), runner.tokenizer.eos_id, length)
        for length in lengths
    ]
    recorder = _RowRecorder(pair)
    results: dict[int, list[int]] = {}
    order: list[int] = []

    def on_done(number: int, generated: list[int]) -> None:
        results[number] = generated
        order.append(number)

    runner.decoder.start_batch([runner.encoder.encode(ids) for ids in sources], 1)
    steps = search_batch(recorder, [SentenceGreedy(spec) for spec in specs], on_done)
    ran = [len(results[n]) - 1 for n in range(len(sources))]
    assert steps == max(ran)
    assert recorder.rows == [sum(1 for r in ran if r > step) for step in range(steps)]
    assert recorder.rows[-1] < recorder.rows[0] == len(sources)
    assert order == sorted(order, key=lambda n: (ran[n], n))
    worst_gap, smallest_margin = 0.0, float("inf")
    for number, ids in enumerate(sources):
        single = _RowRecorder(pair)
        alone: list[list[int]] = []
        runner.decoder.start(runner.encoder.encode(ids), 1)
        search_batch(single, [SentenceGreedy(specs[number])], _collector(alone))
        assert alone == [results[number]]
        for step, logits in enumerate(single.logits[1:], start=1):
            row = sum(1 for earlier in range(number) if ran[earlier] > step)
            together = recorder.logits[step][row]
            worst_gap = max(worst_gap, float(np.abs(together - logits[0]).max()))
            top = np.sort(logits[0])
            smallest_margin = min(smallest_margin, float(top[-1] - top[-2]))
    assert worst_gap < 1e-4
    assert smallest_margin > 2 * worst_gap


def test_translate_batches_by_default_and_streams_in_order(
    pair: ParityPair, flores: dict[str, list[str]]
) -> None:
    paragraph = " ".join(line for line in flores["en"][:12] if len(line) < 160)
    options = TranslationOptions(max_new_tokens=12)
    streamed: list[SentenceTranslation] = []

    batched = pair.runner.translate(
        TranslationRequest(paragraph, "en", "de", options, on_sentence=streamed.append)
    )
    alone = pair.runner.translate(
        TranslationRequest(
            paragraph, "en", "de", TranslationOptions(max_new_tokens=12, max_batch=1)
        )
    )
    assert len(batched.sentences) >= 6
    assert [s.index for s in streamed] == list(range(len(batched.sentences)))
    assert batched.sentences == alone.sentences
    assert batched.text == alone.text
    assert batched.output_tokens == sum(s.output_tokens for s in batched.sentences) > 0
    assert set(batched.timings_ms) == {"tokenize", "encode", "decode", "detokenize"}
    for sentence in batched.sentences:
        ids = pair.runner.tokenizer.encode(sentence.source, "en")
        assert len(ids) <= TEST_BUCKETS[-1]
        expected = pair.reference_ids(ids, "de", max_new_tokens=12)
        assert sentence.output == pair.runner.tokenizer.decode(expected)


def test_cancel_stops_a_batch_between_steps_and_the_next_request_is_whole(
    real_tok_native_pair: ParityPair, flores: dict[str, list[str]]
) -> None:
    runner = real_tok_native_pair.runner
    paragraph = " ".join(flores["en"][:6])
    options = TranslationOptions(max_new_tokens=10)
    token = CancelOnPoll(5)
    streamed: list[SentenceTranslation] = []
    with pytest.raises(CancelledError):
        runner.translate(TranslationRequest(paragraph, "en", "de", options, streamed.append, token))
    assert token.polls == 5 and streamed == []
    stop = CancelToken()
    with pytest.raises(CancelledError):
        runner.translate(
            TranslationRequest(paragraph, "en", "de", options, lambda _s: stop.cancel(), stop)
        )
    again = runner.translate(TranslationRequest(paragraph, "en", "de", options))
    alone = runner.translate(
        TranslationRequest(
            paragraph, "en", "de", TranslationOptions(max_new_tokens=10, max_batch=1)
        )
    )
    assert again.sentences == alone.sentences


def test_encoder_batch_equals_one_sentence_at_a_time(
    pair: ParityPair, flores: dict[str, list[str]]
) -> None:
    encoder = pair.runner.encoder
    sources = _sources(pair, flores, 6)
    together = encoder.encode_batch(sources)
    for ids, batched in zip(sources, together, strict=True):
        alone = encoder.encode(ids)
        real = len(ids)
        assert batched.tokens == alone.tokens == real
        assert batched.mask[0, :real].all() and not batched.mask[0, real:].any()
        np.testing.assert_allclose(batched.hidden[0, :real], alone.hidden[0, :real], atol=1e-5)
