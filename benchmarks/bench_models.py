"""Builds (once, cached under `.cache/bench/`) the models the speed benchmark compares.

The full-size model is the real M2M-100 418M architecture with random weights, built from the
shared `config.json`. From it: a transformers folder, an OpenVINO IR with int8 weights, the same
with an int4 decoder, and a CTranslate2 int8 conversion.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO_ROOT.parent / "shared" / "data"
TOKENIZER_DIR = SHARED_DATA / "m2m100_418M-tokenizer"
BENCH_CACHE = REPO_ROOT / ".cache" / "bench"
IR_FILES = ("openvino_encoder_model", "openvino_decoder_model")


@dataclass(frozen=True)
class BenchModels:
    """Where each variant of the benchmark model lives."""

    hf_dir: Path
    ov_int8_dir: Path
    ov_int4_dir: Path | None
    ct2_dir: Path | None
    native: dict[str, Path] | None = None
    """The app's own conversions by recipe (int8, int4, fast), where built."""


def _step(message: str) -> None:
    print(f"[build] {message}", file=sys.stderr, flush=True)


def _build_hf(target: Path) -> None:
    import torch
    from transformers import M2M100Config, M2M100ForConditionalGeneration, M2M100Tokenizer

    config = M2M100Config.from_dict(json.loads((TOKENIZER_DIR / "config.json").read_text()))
    config.dropout = config.attention_dropout = 0.0
    config.encoder_layerdrop = config.decoder_layerdrop = 0.0
    torch.manual_seed(0)
    model = M2M100ForConditionalGeneration(config).eval()
    work = target.with_name(target.name + ".tmp")
    shutil.rmtree(work, ignore_errors=True)
    model.save_pretrained(work)
    M2M100Tokenizer.from_pretrained(str(TOKENIZER_DIR)).save_pretrained(work)
    work.rename(target)


def _export_fp32(hf_dir: Path, target: Path) -> None:
    from optimum.exporters.openvino import main_export

    work = target.with_name(target.name + ".tmp")
    shutil.rmtree(work, ignore_errors=True)
    main_export(
        model_name_or_path=str(hf_dir),
        output=work,
        task="text2text-generation-with-past",
        stateful=True,
        convert_tokenizer=False,
    )
    work.rename(target)


def _compress(source: Path, target: Path, decoder_bits: int) -> None:
    """Copy `source` with int8 weights everywhere, or an int4 decoder (int8 embeddings/head)."""
    import nncf
    import openvino as ov

    core = ov.Core()
    work = target.with_name(target.name + ".tmp")
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(source, work, ignore=shutil.ignore_patterns("openvino_*_model.*"))
    for name in IR_FILES:
        model = core.read_model(source / f"{name}.xml")
        if decoder_bits == 4 and "decoder" in name:
            model = nncf.compress_weights(
                model, mode=nncf.CompressWeightsMode.INT4_SYM, group_size=128, ratio=1.0
            )
        else:
            model = nncf.compress_weights(model, mode=nncf.CompressWeightsMode.INT8_ASYM)
        ov.save_model(model, work / f"{name}.xml", compress_to_fp16=False)
    work.rename(target)


def build_native(hf_dir: Path, recipe: str, root: Path) -> Path:
    """`hf_dir` converted by the app's own converter with `recipe`, in `root/native-<recipe>`
    (built once), with the tokenizer files beside the IR."""
    from assistant.models.native_export import export_ir
    from assistant.models.recipes import get_recipe

    target = root / f"native-{recipe}"
    if target.is_dir():
        return target
    work = target.with_name(target.name + ".tmp")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    _step(f"converting with the {recipe} recipe (native)")
    export_ir(hf_dir, work, get_recipe(recipe), lambda _stage, _fraction: None)
    for source in hf_dir.iterdir():
        if source.is_file() and source.suffix not in (".safetensors", ".bin"):
            shutil.copyfile(source, work / source.name)
    work.rename(target)
    return target


def _convert_ct2(hf_dir: Path, target: Path) -> bool:
    converter = Path(sys.executable).with_name("ct2-transformers-converter")
    work = target.with_name(target.name + ".tmp")
    shutil.rmtree(work, ignore_errors=True)
    command = [str(converter), "--model", str(hf_dir), "--output_dir", str(work)]
    result = subprocess.run([*command, "--quantization", "int8"], check=False)
    if result.returncode != 0:
        _step("CTranslate2 conversion failed; that column is left out")
        return False
    work.rename(target)
    return True


def build_full_size(
    with_int4: bool = True, with_ct2: bool = True, native: tuple[str, ...] = ()
) -> BenchModels:
    """The 418M-architecture variants, each built only if missing; `native` names the recipes
    to convert with the app's own converter too."""
    root = BENCH_CACHE / "m2m100-418M-random"
    root.mkdir(parents=True, exist_ok=True)
    hf_dir, fp32_dir = root / "hf", root / "ov-fp32"
    int8_dir, int4_dir, ct2_dir = root / "ov-int8", root / "ov-int4-decoder", root / "ct2-int8"
    if not hf_dir.is_dir():
        _step("building the random 418M model (transformers)")
        _build_hf(hf_dir)
    if not fp32_dir.is_dir() and not (int8_dir.is_dir() and int4_dir.is_dir()):
        _step("exporting to OpenVINO IR (fp32)")
        _export_fp32(hf_dir, fp32_dir)
    if not int8_dir.is_dir():
        _step("compressing weights to int8")
        _compress(fp32_dir, int8_dir, decoder_bits=8)
    if with_int4 and not int4_dir.is_dir():
        _step("compressing the decoder to int4")
        _compress(fp32_dir, int4_dir, decoder_bits=4)
    if with_ct2 and not ct2_dir.is_dir():
        _step("converting to CTranslate2 int8")
        _convert_ct2(hf_dir, ct2_dir)
    return BenchModels(
        hf_dir=hf_dir,
        ov_int8_dir=int8_dir,
        ov_int4_dir=int4_dir if int4_dir.is_dir() else None,
        ct2_dir=ct2_dir if ct2_dir.is_dir() else None,
        native={recipe: build_native(hf_dir, recipe, root) for recipe in native},
    )


if __name__ == "__main__":
    print(build_full_size())
