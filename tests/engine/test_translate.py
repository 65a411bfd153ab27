"""The runner as a Translator: long text, paragraphs, streaming, cancelling, telemetry."""

from __future__ import annotations

import pytest

from assistant.core.cancel import CancelToken
from assistant.core.errors import BadInputError, CancelledError
from assistant.core.translation import (
    SentenceTranslation,
    TranslationOptions,
    TranslationRequest,
    Translator,
)
from assistant.engine.errors import UnsupportedLanguageError
from tests.engine.conftest import TEST_BUCKETS, CancelOnPoll, ParityPair

OPTIONS = TranslationOptions(max_new_tokens=12)


def test_runner_satisfies_the_translator_protocol(real_tok_pair: ParityPair) -> None:
    translator: Translator = real_tok_pair.runner
    assert {"en", "de", "zh"} <= translator.supported_languages()
    assert translator.model_version


def test_long_sentence_is_split_and_each_piece_matches_generate(
    real_tok_pair: ParityPair, flores: dict[str, list[str]]
) -> None:
    runner = real_tok_pair.runner
    text = " ".join(flores["en"][0].split()) + ", " + flores["en"][1].rstrip(".")
    assert runner.tokenizer.count(text, "en") > TEST_BUCKETS[-1]
    output = runner.translate(TranslationRequest(text, "en", "de", OPTIONS))
    assert len(output.sentences) >= 2
    assert " ".join(s.source for s in output.sentences).split() == text.split()
    for sentence in output.sentences:
        ids = runner.tokenizer.encode(sentence.source, "en")
        assert len(ids) <= TEST_BUCKETS[-1]
        expected = real_tok_pair.reference_ids(ids, "de", max_new_tokens=12)
        assert sentence.output == runner.tokenizer.decode(expected)
        assert sentence.output_tokens == len(expected) - 1


def test_a_word_longer_than_the_largest_bucket_is_split_not_truncated(
    real_tok_pair: ParityPair,
) -> None:
    word = "Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichen" * 3
    output = real_tok_pair.runner.translate(TranslationRequest(word, "de", "en", OPTIONS))
    assert "".join(s.source for s in output.sentences) == word
    assert all(s.input_tokens <= TEST_BUCKETS[-1] for s in output.sentences)


def test_paragraph_breaks_and_empty_paragraphs_are_kept(real_tok_pair: ParityPair) -> None:
    text = "Good morning. How are you?\n\n\n\nThe train is late.\nSee you soon.\n"
    output = real_tok_pair.runner.translate(TranslationRequest(text, "en", "fr", OPTIONS))
    assert [s.source for s in output.sentences] == [
        "Good morning.",
        "How are you?",
        "The train is late.",
        "See you soon.",
    ]
    assert [s.paragraph_break_after for s in output.sentences] == [False, True, True, True]
    assert output.text.count("\n\n\n\n") == 1
    assert output.text.count("\n") == 6
    assert output.text.endswith("\n")


def test_sentences_stream_in_order_and_telemetry_is_filled(real_tok_pair: ParityPair) -> None:
    seen: list[SentenceTranslation] = []
    output = real_tok_pair.runner.translate(
        TranslationRequest("One. Two. Three.", "en", "de", OPTIONS, on_sentence=seen.append)
    )
    assert [s.index for s in seen] == [0, 1, 2]
    assert seen == output.sentences
    assert set(output.timings_ms) == {"tokenize", "encode", "decode", "detokenize"}
    assert all(v >= 0 for v in output.timings_ms.values())
    assert output.timings_ms["decode"] > 0
    assert output.devices == {"encoder": "CPU", "decoder": "CPU"}
    assert output.input_tokens == sum(s.input_tokens for s in seen) > 0
    assert output.output_tokens == sum(s.output_tokens for s in seen) > 0


def test_cancel_between_decode_steps_and_from_the_sentence_callback(
    real_tok_pair: ParityPair,
) -> None:
    runner = real_tok_pair.runner
    token = CancelOnPoll(3)
    with pytest.raises(CancelledError):
        runner.translate(TranslationRequest("One. Two.", "en", "de", OPTIONS, cancel=token))
    assert token.polls == 3
    streamed: list[SentenceTranslation] = []
    stop = CancelToken()

    def cancel_after_first(sentence: SentenceTranslation) -> None:
        streamed.append(sentence)
        stop.cancel()

    with pytest.raises(CancelledError):
        runner.translate(
            TranslationRequest("One. Two.", "en", "de", OPTIONS, cancel_after_first, stop)
        )
    assert [s.index for s in streamed] == [0]
    after = runner.translate(TranslationRequest("One.", "en", "de", OPTIONS))
    assert after.sentences[0].output_tokens > 0


def test_empty_input_gives_empty_output(real_tok_pair: ParityPair) -> None:
    output = real_tok_pair.runner.translate(TranslationRequest(" \n\n ", "en", "de", OPTIONS))
    assert output.text == "" and output.sentences == []


def test_bad_input_and_languages_get_clear_errors(real_tok_pair: ParityPair) -> None:
    runner = real_tok_pair.runner
    with pytest.raises(UnsupportedLanguageError, match="xx"):
        runner.translate(TranslationRequest("Hello.", "en", "xx", OPTIONS))
    with pytest.raises(BadInputError, match="binary"):
        runner.translate(TranslationRequest("Hello\x00world", "en", "de", OPTIONS))
    with pytest.raises(BadInputError, match="Beam size"):
        runner.translate(TranslationRequest("Hello.", "en", "de", TranslationOptions(beam_size=9)))


def test_reset_then_translate_gives_the_same_result(real_tok_pair: ParityPair) -> None:
    runner = real_tok_pair.runner
    first = runner.translate(TranslationRequest("The weather is nice today.", "en", "es", OPTIONS))
    runner.reset()
    assert (
        runner.translate(TranslationRequest("The weather is nice today.", "en", "es", OPTIONS)).text
        == first.text
    )
