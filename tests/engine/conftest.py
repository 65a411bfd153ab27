"""Engine fixtures: exact-precision runners on the tiny models, and their transformers twins."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from assistant.core.cancel import CancelToken
from assistant.engine.m2m100 import M2M100Runner
from assistant.engine.precision import Precision
from assistant.engine.warmup import warm_up
from tests.builders.tiny_m2m100 import TinyM2M100, build_tiny_m2m100
from tests.builders.tiny_sp_tokenizer import build_tiny_sp_tokenizer

TEST_BUCKETS = (8, 16, 32)
"""Small buckets, so short sentences pad into each of them and long ones get split."""


class CancelOnPoll(CancelToken):
    """A token that cancels itself the `at`-th time the translator checks it."""

    def __init__(self, at: int) -> None:
        super().__init__()
        self.at = at
        self.polls = 0

    def is_cancelled(self) -> bool:
        self.polls += 1
        if self.polls >= self.at:
            self.cancel()
        return super().is_cancelled()


@dataclass
class ParityPair:
    """Our runner and the transformers model it must match, on the same weights."""

    runner: M2M100Runner
    reference: Any

    def reference_ids(
        self,
        source_ids: list[int],
        target_lang: str,
        *,
        num_beams: int = 1,
        length_penalty: float = 1.0,
        early_stopping: bool = True,
        max_new_tokens: int = 24,
    ) -> list[int]:
        """transformers `generate()` with the forced target-language token."""
        import torch

        with torch.no_grad():
            output = self.reference.generate(
                input_ids=torch.tensor([source_ids]),
                attention_mask=torch.ones(1, len(source_ids), dtype=torch.long),
                forced_bos_token_id=self.runner.tokenizer.lang_id(target_lang),
                num_beams=num_beams,
                length_penalty=length_penalty,
                early_stopping=early_stopping,
                max_new_tokens=max_new_tokens,
                do_sample=False,
            )
        return [int(t) for t in output[0].tolist()]


def native_ir(model: TinyM2M100, out: Path) -> Path:
    """The app's own (torch-free) fp32 conversion of `model`'s checkpoint, in `out`."""
    from assistant.models.native_export import export_ir
    from assistant.models.recipes import get_recipe

    out.mkdir(parents=True)
    export_ir(model.hf_dir, out, get_recipe("fp32"), lambda _stage, _fraction: None)
    for source in model.hf_dir.iterdir():
        if source.suffix != ".safetensors":
            shutil.copyfile(source, out / source.name)
    return out


def _pair(model: TinyM2M100, ir_dir: Path | None = None) -> ParityPair:
    from transformers import M2M100ForConditionalGeneration

    runner, _ = warm_up(ir_dir or model.ov_dir, precision=Precision.F32, buckets=TEST_BUCKETS)
    reference = M2M100ForConditionalGeneration.from_pretrained(model.hf_dir).eval()
    return ParityPair(runner, reference)


@pytest.fixture(scope="session")
def real_tok_pair(tiny_m2m100: TinyM2M100) -> ParityPair:
    """The tiny model with the real 128,112-token vocabulary."""
    return _pair(tiny_m2m100)


@pytest.fixture(scope="session")
def real_tok_native_pair(
    tiny_m2m100: TinyM2M100, tmp_path_factory: pytest.TempPathFactory
) -> ParityPair:
    """The same tiny model converted by the app's native converter instead of optimum."""
    return _pair(tiny_m2m100, native_ir(tiny_m2m100, tmp_path_factory.mktemp("native") / "ir"))


@pytest.fixture(scope="session")
def sp_tok_native_pair(
    tiny_sp_model: TinyM2M100, tmp_path_factory: pytest.TempPathFactory
) -> ParityPair:
    """The small-vocabulary model converted natively."""
    return _pair(tiny_sp_model, native_ir(tiny_sp_model, tmp_path_factory.mktemp("native") / "ir"))


@pytest.fixture(scope="session")
def tiny_sp_model() -> TinyM2M100:
    """A tiny model whose sentencepiece tokenizer was trained here."""
    return build_tiny_m2m100(build_tiny_sp_tokenizer())


@pytest.fixture(scope="session")
def sp_tok_pair(tiny_sp_model: TinyM2M100) -> ParityPair:
    """The tiny model with the locally trained small vocabulary."""
    return _pair(tiny_sp_model)


@pytest.fixture(scope="session")
def flores(shared_data: Path) -> dict[str, list[str]]:
    """The first FLORES sentences of a few languages in different scripts."""
    langs = ("en", "de", "ru", "zh", "ar", "hi", "ja", "el")
    folder = shared_data / "flores200-dev"
    return {lang: (folder / f"{lang}.txt").read_text().splitlines()[:40] for lang in langs}
