"""Quantization recipes applied to an exported M2M-100 IR (nncf weight compression, export only).

nncf and OpenVINO are imported inside the functions: only `assistant models convert` needs them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from assistant.core.errors import BadInputError

ENCODER_XML = "openvino_encoder_model.xml"
DECODER_XML = "openvino_decoder_model.xml"


@dataclass(frozen=True)
class Recipe:
    """How each part's weights are stored: None = float, else an nncf weight mode."""

    name: str
    summary: str
    encoder_mode: str | None
    decoder_mode: str | None
    fp16: bool = False
    group_size: int = -1
    ratio: float = 1.0


RECIPES: dict[str, Recipe] = {
    recipe.name: recipe
    for recipe in (
        Recipe("fp32", "no compression (exact comparisons)", None, None),
        Recipe("fp16", "weights stored as FP16", None, None, fp16=True),
        Recipe("int8", "INT8 weight-only, both parts (default)", "int8_asym", "int8_asym"),
        Recipe(
            "int4",
            "decoder INT4 symmetric, group 128, ratio 1.0; encoder INT8 (NPU-safe)",
            "int8_sym",
            "int4_sym",
            group_size=128,
        ),
    )
}
DEFAULT_RECIPE = "int8"


def get_recipe(name: str) -> Recipe:
    """The recipe called `name`, or a BadInputError listing the valid ones."""
    if name not in RECIPES:
        raise BadInputError(
            f"Unknown recipe '{name}'. Choose one of: {', '.join(RECIPES)} (default "
            f"{DEFAULT_RECIPE})."
        )
    return RECIPES[name]


def _compress(model: object, mode_name: str, recipe: Recipe) -> object:
    import nncf
    from nncf.quantization.advanced_parameters import (
        AdvancedCompressionParameters,
        GroupSizeFallbackMode,
    )

    mode = nncf.CompressWeightsMode(mode_name)
    if mode_name.startswith("int4"):
        return nncf.compress_weights(
            model,
            mode=mode,
            group_size=recipe.group_size,
            ratio=recipe.ratio,
            advanced_parameters=AdvancedCompressionParameters(
                group_size_fallback_mode=GroupSizeFallbackMode.ADJUST
            ),
        )
    return nncf.compress_weights(model, mode=mode)


def apply_recipe(source_dir: Path, out_dir: Path, recipe: Recipe) -> None:
    """Write the encoder and decoder IR of `source_dir` into `out_dir`, compressed per recipe."""
    import openvino as ov

    core = ov.Core()
    for xml, mode in ((ENCODER_XML, recipe.encoder_mode), (DECODER_XML, recipe.decoder_mode)):
        model = core.read_model(source_dir / xml)
        if mode is not None:
            model = _compress(model, mode, recipe)
        ov.save_model(model, out_dir / xml, compress_to_fp16=recipe.fp16)
        del model
