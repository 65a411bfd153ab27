"""Token-exact parity of the runner with transformers `generate()` on the same tiny models,
through both converters: optimum-intel's export (the second reference) and the app's native one."""

from __future__ import annotations

import pytest

from assistant.core.translation import TranslationOptions
from tests.engine.conftest import TEST_BUCKETS, ParityPair

LENGTHS = (3, 6, 8, 9, 13, 16, 17, 25, 31, 32)
"""Padding in every bucket (8, 16, 32), and exactly each bucket's size."""

SCRIPTS = (("en", "de"), ("ru", "en"), ("zh", "fr"), ("ar", "hi"), ("hi", "ja"), ("el", "ru"))


def _ids_of_length(pair: ParityPair, sentence: str, lang: str, length: int) -> list[int]:
    """A real sentence's ids cut to `length` with the language token and </s> kept."""
    ids = pair.runner.tokenizer.encode(sentence, lang)
    body = ids[1:-1]
    while len(body) < length - 2:
        body = body + body
    return [ids[0], *body[: length - 2], ids[-1]]


@pytest.fixture(
    params=["real_tok_pair", "sp_tok_pair", "real_tok_native_pair", "sp_tok_native_pair"]
)
def pair(request: pytest.FixtureRequest) -> ParityPair:
    result: ParityPair = request.getfixturevalue(request.param)
    return result


@pytest.mark.parametrize("length", LENGTHS)
def test_greedy_ids_equal_generate_for_every_padded_length(
    pair: ParityPair, flores: dict[str, list[str]], length: int
) -> None:
    ids = _ids_of_length(pair, flores["en"][length], "en", length)
    assert pair.runner.encoder.bucket_for(len(ids)) in TEST_BUCKETS
    ours = pair.runner.generate_ids(ids, "de", TranslationOptions(max_new_tokens=24))
    assert ours == pair.reference_ids(ids, "de")


@pytest.mark.parametrize(("source", "target"), SCRIPTS)
def test_greedy_ids_equal_generate_across_scripts(
    pair: ParityPair, flores: dict[str, list[str]], source: str, target: str
) -> None:
    for line in flores[source][:4]:
        ids = pair.runner.tokenizer.encode(line, source)[: TEST_BUCKETS[-1] - 1]
        ids = (
            [*ids, pair.runner.tokenizer.eos_id] if ids[-1] != pair.runner.tokenizer.eos_id else ids
        )
        ours = pair.runner.generate_ids(ids, target, TranslationOptions(max_new_tokens=20))
        assert ours == pair.reference_ids(ids, target, max_new_tokens=20)


@pytest.mark.parametrize(
    ("beams", "length_penalty", "early_stopping"),
    [(2, 1.0, True), (3, 0.6, True), (4, 1.0, False), (5, 1.0, True), (5, 2.0, False)],
)
def test_beam_search_ids_equal_generate(
    pair: ParityPair,
    flores: dict[str, list[str]],
    beams: int,
    length_penalty: float,
    early_stopping: bool,
) -> None:
    for length, (source, target) in zip((5, 12, 16, 32), SCRIPTS, strict=False):
        ids = _ids_of_length(pair, flores[source][length], source, length)
        options = TranslationOptions(beams, length_penalty, early_stopping, max_new_tokens=16)
        ours = pair.runner.generate_ids(ids, target, options)
        expected = pair.reference_ids(
            ids,
            target,
            num_beams=beams,
            length_penalty=length_penalty,
            early_stopping=early_stopping,
            max_new_tokens=16,
        )
        assert ours == expected, (source, length)


def test_tiny_models_end_some_sentences_and_have_no_near_ties(
    pair: ParityPair, flores: dict[str, list[str]]
) -> None:
    """The parity subject must exercise </s> and must not hinge on rounding-level ties."""
    import numpy as np

    runner = pair.runner
    ended, gaps = 0, []
    for line in flores["en"][:10]:
        ids = runner.tokenizer.encode(line, "en")[:16]
        spec_ids = runner.generate_ids(ids, "de", TranslationOptions(max_new_tokens=24))
        ended += spec_ids[-1] == runner.tokenizer.eos_id
        runner.decoder.start(runner.encoder.encode(ids), 1)
        for token in spec_ids[1:-1]:
            logits = np.sort(runner.decoder.step(np.array([token]), None)[0])
            gaps.append(float(logits[-1] - logits[-2]))
    assert ended >= 2
    assert min(gaps) > 1e-4


def test_native_and_optimum_graphs_compute_the_same_logits(
    real_tok_pair: ParityPair, real_tok_native_pair: ParityPair, flores: dict[str, list[str]]
) -> None:
    """Step by step, on the same weights, the two converters' decoders agree to rounding."""
    import numpy as np

    for line in flores["de"][:4]:
        ids = real_tok_pair.runner.tokenizer.encode(line, "de")[:30]
        outputs = []
        for pair in (real_tok_pair, real_tok_native_pair):
            runner = pair.runner
            encoded = runner.encoder.encode(ids)
            runner.decoder.start(encoded, 2)
            steps = [runner.decoder.step(np.array([2, 2]), None).copy()]
            for token in (128020, 5, 77):
                steps.append(runner.decoder.step(np.array([token, 9]), np.array([1, 0])).copy())
            outputs.append((encoded.hidden, steps))
        (hidden_a, steps_a), (hidden_b, steps_b) = outputs
        real = len(ids)
        assert np.abs(hidden_a[0, :real] - hidden_b[0, :real]).max() < 1e-4
        for logits_a, logits_b in zip(steps_a, steps_b, strict=True):
            assert np.abs(logits_a - logits_b).max() < 1e-3
