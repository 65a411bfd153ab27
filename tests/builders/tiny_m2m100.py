"""A tiny randomly initialised M2M-100 with the real tokenizer, exported to OpenVINO IR.

The folder it returns holds `hf/` (the transformers model and tokenizer, for reference runs)
and `ov/` (the optimum-intel export with a stateful, KV-cached decoder).
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.builders.cache import M2M_TOKENIZER_DIR, cache_key, cached_build


@dataclass(frozen=True)
class TinyM2M100:
    """Where a built tiny model lives."""

    root: Path

    @property
    def hf_dir(self) -> Path:
        """transformers `save_pretrained` folder (model and tokenizer)."""
        return self.root / "hf"

    @property
    def ov_dir(self) -> Path:
        """OpenVINO IR export: encoder, stateful decoder, tokenizer files."""
        return self.root / "ov"


def _build(
    work: Path,
    tokenizer_dir: Path,
    d_model: int,
    layers: int,
    init_std: float,
    seed: int,
    eos_scale: float = 1.0,
) -> None:
    import torch
    from optimum.exporters.openvino import main_export
    from transformers import M2M100Config, M2M100ForConditionalGeneration, M2M100Tokenizer

    tokenizer = M2M100Tokenizer.from_pretrained(str(tokenizer_dir))
    real_config = tokenizer_dir / "config.json"
    # len() leaves out the language tokens that follow the vocabulary.
    vocab_size = max(len(tokenizer), max(tokenizer.lang_code_to_id.values()) + 1)
    if real_config.exists():
        vocab_size = max(vocab_size, json.loads(real_config.read_text())["vocab_size"])
    settings: dict[str, Any] = dict(
        vocab_size=vocab_size,
        d_model=d_model,
        encoder_layers=layers,
        decoder_layers=layers,
        encoder_attention_heads=4,
        decoder_attention_heads=4,
        encoder_ffn_dim=d_model * 2,
        decoder_ffn_dim=d_model * 2,
        max_position_embeddings=1024,
        init_std=init_std,
        dropout=0.0,
        attention_dropout=0.0,
        activation_dropout=0.0,
        encoder_layerdrop=0.0,
        decoder_layerdrop=0.0,
        pad_token_id=1,
        bos_token_id=0,
        eos_token_id=2,
        decoder_start_token_id=2,
        scale_embedding=True,
    )
    config = M2M100Config(**settings)
    torch.manual_seed(seed)
    model = M2M100ForConditionalGeneration(config).eval()
    with torch.no_grad():
        # A larger </s> row (tied to the LM head) lets random weights sometimes end a sentence,
        # so parity covers finished hypotheses and not only the max-length cut.
        model.model.shared.weight[config.eos_token_id] *= eos_scale
    hf_dir = work / "hf"
    model.save_pretrained(hf_dir)
    tokenizer.save_pretrained(hf_dir)
    main_export(
        model_name_or_path=str(hf_dir),
        output=work / "ov",
        task="text2text-generation-with-past",
        stateful=True,
    )
    tokenizer.save_pretrained(work / "ov")


def build_tiny_m2m100(
    tokenizer_dir: Path = M2M_TOKENIZER_DIR,
    d_model: int = 64,
    layers: int = 2,
    init_std: float = 0.5,
    seed: int = 0,
    eos_scale: float = 3.5,
) -> TinyM2M100:
    """Build (or reuse from the cache) a tiny M2M-100 exported to OpenVINO IR."""
    params = {
        "tok": str(tokenizer_dir),
        "d": d_model,
        "l": layers,
        "std": init_std,
        "seed": seed,
        "eos": eos_scale,
    }
    key = cache_key(sys.modules[__name__], **params)
    root = cached_build(
        "tiny-m2m100",
        key,
        lambda work: _build(work, tokenizer_dir, d_model, layers, init_std, seed, eos_scale),
    )
    return TinyM2M100(root)
