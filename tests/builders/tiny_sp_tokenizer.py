"""A small M2M-100 tokenizer trained here: a sentencepiece model on FLORES sentences of a few
languages and scripts, with an M2M-style `vocab.json` (fairseq specials, then the pieces)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from tests.builders.cache import SHARED_DATA, cache_key, cached_build

TRAIN_LANGS = ("en", "de", "ru", "zh", "ar", "hi")
SPECIALS = ("<s>", "<pad>", "</s>", "<unk>")


def _build(work: Path, vocab_size: int) -> None:
    import sentencepiece as spm

    corpus = work / "corpus.txt"
    lines: list[str] = []
    for lang in TRAIN_LANGS:
        lines += (SHARED_DATA / "flores200-dev" / f"{lang}.txt").read_text().splitlines()[:200]
    corpus.write_text("\n".join(lines) + "\n")
    spm.SentencePieceTrainer.train(
        input=str(corpus),
        model_prefix=str(work / "sentencepiece.bpe"),
        vocab_size=vocab_size,
        model_type="bpe",
        character_coverage=0.9995,
        bos_id=-1,
        eos_id=-1,
        unk_id=0,
        pad_id=-1,
    )
    corpus.unlink()
    processor = spm.SentencePieceProcessor(model_file=str(work / "sentencepiece.bpe.model"))
    pieces = [processor.id_to_piece(i) for i in range(1, processor.get_piece_size())]
    vocab = {token: i for i, token in enumerate([*SPECIALS, *pieces])}
    (work / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False))
    (work / "sentencepiece.bpe.vocab").unlink()


def build_tiny_sp_tokenizer(vocab_size: int = 2000) -> Path:
    """A folder `M2M100Tokenizer.from_pretrained` loads: vocab.json and sentencepiece.bpe.model."""
    key = cache_key(sys.modules[__name__], vocab=vocab_size, langs=TRAIN_LANGS)
    return cached_build("tiny-sp-tokenizer", key, lambda work: _build(work, vocab_size))
