"""Record golden preflight vectors at convert time: greedy ids from the exported IR on CPU, f32.

Imports optimum-intel and transformers lazily; used only by `assistant models convert`.
"""

from __future__ import annotations

from pathlib import Path

from assistant.models.golden import (
    GOLDEN_CASES,
    GOLDEN_CPU_CONFIG,
    GOLDEN_MAX_NEW_TOKENS,
    GoldenVector,
)


def compute_golden_vectors(
    ir_dir: Path,
    cases: tuple[tuple[str, str, str], ...] = GOLDEN_CASES,
    max_new_tokens: int = GOLDEN_MAX_NEW_TOKENS,
) -> tuple[GoldenVector, ...]:
    """Translate each case with `OVModelForSeq2SeqLM.generate` (greedy, forced target BOS)."""
    from optimum.intel import OVModelForSeq2SeqLM
    from transformers import M2M100Tokenizer

    tokenizer = M2M100Tokenizer.from_pretrained(str(ir_dir))
    model = OVModelForSeq2SeqLM.from_pretrained(
        str(ir_dir),
        device="CPU",
        ov_config=dict(GOLDEN_CPU_CONFIG),
        compile=True,
    )
    vectors = []
    for source, source_lang, target_lang in cases:
        tokenizer.src_lang = source_lang
        inputs = tokenizer(source, return_tensors="pt")
        output = model.generate(
            **inputs,
            forced_bos_token_id=tokenizer.get_lang_id(target_lang),
            num_beams=1,
            do_sample=False,
            max_new_tokens=max_new_tokens,
        )
        ids = tuple(int(token) for token in output[0].tolist())
        vectors.append(GoldenVector(source, source_lang, target_lang, ids, max_new_tokens))
    return tuple(vectors)
