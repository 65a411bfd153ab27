"""Reference token ids from transformers `generate()` on a tiny model's Hugging Face folder."""

from __future__ import annotations

from collections.abc import Sequence

from tests.builders.tiny_m2m100 import TinyM2M100


def reference_ids(
    tiny: TinyM2M100,
    cases: Sequence[tuple[str, str, str]],
    max_new_tokens: int,
    num_beams: int = 1,
) -> list[list[int]]:
    """`generate(forced_bos_token_id=target)` ids for each (source, source_lang, target_lang)."""
    from transformers import M2M100ForConditionalGeneration, M2M100Tokenizer

    tokenizer = M2M100Tokenizer.from_pretrained(str(tiny.hf_dir))
    model = M2M100ForConditionalGeneration.from_pretrained(str(tiny.hf_dir)).eval()
    results = []
    for source, source_lang, target_lang in cases:
        tokenizer.src_lang = source_lang
        output = model.generate(
            **tokenizer(source, return_tensors="pt"),
            forced_bos_token_id=tokenizer.get_lang_id(target_lang),
            num_beams=num_beams,
            do_sample=False,
            max_new_tokens=max_new_tokens,
        )
        results.append([int(t) for t in output[0].tolist()])
    return results
