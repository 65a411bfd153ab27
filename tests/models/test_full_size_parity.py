"""The native converter on the full-size M2M-100 418M architecture (random weights), read from
`pytorch_model.bin` through the restricted reader: token-exact with transformers `generate()`,
greedy and beam 4, and step-equal with optimum-intel's export of the same checkpoint."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from assistant.core.translation import TranslationOptions
from assistant.engine.m2m100 import M2M100Runner
from assistant.engine.precision import Precision
from assistant.engine.warmup import warm_up
from assistant.models.convert import convert_m2m100
from tests.builders.full_m2m100 import build_full_m2m100

CASES = (
    ("The committee will publish its report next week.", "en", "de"),
    ("Der Zug nach Berlin fährt um acht Uhr ab.", "de", "fr"),
    ("Москва — столица России.", "ru", "en"),
)
NEW_TOKENS = 10


@pytest.fixture(scope="module")
def full_size(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, M2M100Runner]]:
    root = build_full_m2m100(with_bin=True)
    folder = tmp_path_factory.mktemp("full")
    out = folder / "bundle"
    convert_m2m100(root / "hf-bin", out, Ed25519PrivateKey.generate(), "fp32")
    runner, _ = warm_up(out, precision=Precision.F32)
    yield root, runner
    del runner
    shutil.rmtree(folder, ignore_errors=True)


def _reference(hf_dir: Path, num_beams: int) -> list[list[int]]:
    import torch
    from transformers import M2M100ForConditionalGeneration, M2M100Tokenizer

    tokenizer = M2M100Tokenizer.from_pretrained(str(hf_dir))
    model = M2M100ForConditionalGeneration.from_pretrained(str(hf_dir)).eval()
    results = []
    with torch.no_grad():
        for text, source, target in CASES:
            tokenizer.src_lang = source
            output = model.generate(
                **tokenizer(text, return_tensors="pt"),
                forced_bos_token_id=tokenizer.get_lang_id(target),
                num_beams=num_beams,
                do_sample=False,
                max_new_tokens=NEW_TOKENS,
            )
            results.append([int(t) for t in output[0].tolist()])
    return results


@pytest.mark.slow
@pytest.mark.parametrize("beams", [1, 4])
def test_full_size_native_bundle_equals_generate(
    full_size: tuple[Path, M2M100Runner], beams: int
) -> None:
    root, runner = full_size
    options = TranslationOptions(beam_size=beams, max_new_tokens=NEW_TOKENS)
    ours = [
        runner.generate_ids(runner.tokenizer.encode(text, source), target, options)
        for text, source, target in CASES
    ]
    assert ours == _reference(root / "hf", beams)


@pytest.mark.slow
def test_full_size_native_graph_steps_like_optimums_export(
    full_size: tuple[Path, M2M100Runner], tmp_path: Path
) -> None:
    from optimum.exporters.openvino import main_export

    root, native = full_size
    main_export(
        model_name_or_path=str(root / "hf"),
        output=tmp_path / "optimum",
        task="text2text-generation-with-past",
        stateful=True,
        convert_tokenizer=False,
    )
    for source in (root / "hf").iterdir():
        if source.suffix in (".json", ".model"):
            (tmp_path / "optimum" / source.name).write_bytes(source.read_bytes())
    reference, _ = warm_up(tmp_path / "optimum", precision=Precision.F32)
    ids = native.tokenizer.encode(CASES[0][0], "en")
    steps = []
    for runner in (native, reference):
        encoded = runner.encoder.encode(ids)
        runner.decoder.start(encoded, 1)
        logits = [runner.decoder.step(np.array([token]), None).copy() for token in (2, 128022, 7)]
        steps.append((encoded.hidden[0, : len(ids)], logits))
    (hidden_a, logits_a), (hidden_b, logits_b) = steps
    assert np.abs(hidden_a - hidden_b).max() < 1e-3
    for a, b in zip(logits_a, logits_b, strict=True):
        assert np.abs(a - b).max() < 1e-2
        assert int(np.argmax(a)) == int(np.argmax(b))
