"""The real M2M-100 418M architecture with random weights (from the shared `config.json`),
saved as a Hugging Face folder: safetensors, plus a `pytorch_model.bin` twin on request.

Cached on disk like the tiny models; about 2 GB per layout.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

from tests.builders.cache import M2M_TOKENIZER_DIR, cache_key, cached_build


def _build(work: Path, with_bin: bool) -> None:
    import torch
    from transformers import M2M100Config, M2M100ForConditionalGeneration, M2M100Tokenizer

    config = M2M100Config.from_dict(json.loads((M2M_TOKENIZER_DIR / "config.json").read_text()))
    config.dropout = config.attention_dropout = config.activation_dropout = 0.0
    config.encoder_layerdrop = config.decoder_layerdrop = 0.0
    torch.manual_seed(0)
    model = M2M100ForConditionalGeneration(config).eval()
    hf_dir = work / "hf"
    model.save_pretrained(hf_dir)
    M2M100Tokenizer.from_pretrained(str(M2M_TOKENIZER_DIR)).save_pretrained(hf_dir)
    if with_bin:
        bin_dir = work / "hf-bin"
        shutil.copytree(hf_dir, bin_dir, ignore=shutil.ignore_patterns("*.safetensors"))
        torch.save(model.state_dict(), bin_dir / "pytorch_model.bin")


def build_full_m2m100(with_bin: bool = False) -> Path:
    """The cache folder holding `hf/` (safetensors) and, with `with_bin`, `hf-bin/`."""
    key = cache_key(sys.modules[__name__], with_bin=with_bin)
    return cached_build("full-m2m100-418m", key, lambda work: _build(work, with_bin))
