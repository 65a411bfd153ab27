"""Record golden preflight vectors at convert time: greedy ids of the written IR on CPU, f32.

Runs the app's own engine (no optimum, no torch) on the bundle folder being built; used only
by the converter, on its worker thread.
"""

from __future__ import annotations

from pathlib import Path

from assistant.models.golden import GOLDEN_CASES, GOLDEN_MAX_NEW_TOKENS, GoldenVector
from assistant.models.recipes import DECODER_XML, ENCODER_XML


def compute_golden_vectors(
    ir_dir: Path,
    cases: tuple[tuple[str, str, str], ...] = GOLDEN_CASES,
    max_new_tokens: int = GOLDEN_MAX_NEW_TOKENS,
) -> tuple[GoldenVector, ...]:
    """Translate each case greedily (forced target token) with the exact-f32 CPU engine."""
    import openvino as ov

    from assistant.core.translation import TranslationOptions
    from assistant.engine.compiler import PartCompiler
    from assistant.engine.decoder import StatefulDecoder
    from assistant.engine.devices import DECODER
    from assistant.engine.encoder import BucketedEncoder
    from assistant.engine.m2m100 import M2M100Runner
    from assistant.engine.precision import Precision
    from assistant.engine.report import EngineReport
    from assistant.engine.tokenizer import M2MTokenizer

    core = ov.Core()
    compiler = PartCompiler(core, EngineReport(), Precision.F32)
    tokenizer = M2MTokenizer(ir_dir)
    encoder = BucketedEncoder(
        core.read_model(ir_dir / ENCODER_XML), compiler, ("CPU",), pad_id=tokenizer.pad_id
    )
    compiled, device = compiler.compile(DECODER, core.read_model(ir_dir / DECODER_XML), ("CPU",))
    runner = M2M100Runner(tokenizer, encoder, StatefulDecoder(compiled, device), "golden")
    options = TranslationOptions(beam_size=1, max_new_tokens=max_new_tokens)
    vectors = []
    for source, source_lang, target_lang in cases:
        ids = runner.generate_ids(tokenizer.encode(source, source_lang), target_lang, options)
        vectors.append(GoldenVector(source, source_lang, target_lang, tuple(ids), max_new_tokens))
    return tuple(vectors)
