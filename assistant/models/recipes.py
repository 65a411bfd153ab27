"""Quantization recipes: how the converter stores each part's weights (NNCF weight compression
on the in-memory `ov.Model`, no torch).

nncf is imported inside the functions: only converting needs it.
"""

from __future__ import annotations

from dataclasses import dataclass

import openvino as ov

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
    all_layers: bool = False
    """INT4 for the embeddings and LM head too (nncf keeps them at 8 bit otherwise)."""


RECIPES: dict[str, Recipe] = {
    recipe.name: recipe
    for recipe in (
        Recipe("fp32", "no compression (exact comparisons)", None, None),
        Recipe("fp16", "weights stored as FP16", None, None, fp16=True),
        Recipe(
            "int8",
            "INT8 weight-only: encoder symmetric (NPU-ready), decoder asymmetric (default)",
            "int8_sym",
            "int8_asym",
        ),
        Recipe(
            "int4",
            "decoder INT4 symmetric, group 128, ratio 1.0; encoder INT8 (NPU-safe)",
            "int8_sym",
            "int4_sym",
            group_size=128,
        ),
        Recipe(
            "fast",
            "decoder INT4 including the tied embedding/LM head (opt-in: fastest, least exact); "
            "encoder INT8",
            "int8_sym",
            "int4_sym",
            group_size=128,
            all_layers=True,
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


def compress_part(model: ov.Model, mode_name: str | None, recipe: Recipe) -> ov.Model:
    """`model` with its weights compressed as `mode_name` says (None: left as they are)."""
    if mode_name is None:
        return model
    import nncf
    from nncf.quantization.advanced_parameters import (
        AdvancedCompressionParameters,
        GroupSizeFallbackMode,
    )

    mode = nncf.CompressWeightsMode(mode_name)
    if mode_name.startswith("int4"):
        compressed = nncf.compress_weights(
            model,
            mode=mode,
            group_size=recipe.group_size,
            ratio=recipe.ratio,
            all_layers=recipe.all_layers or None,
            advanced_parameters=AdvancedCompressionParameters(
                group_size_fallback_mode=GroupSizeFallbackMode.ADJUST
            ),
        )
    else:
        compressed = nncf.compress_weights(model, mode=mode)
    result: ov.Model = compressed
    return result
