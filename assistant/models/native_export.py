"""A Hugging Face M2M-100 checkpoint to the engine's OpenVINO IR, natively: numpy weights, the
opset graphs of `m2m100_graph`, NNCF weight compression. No torch, no optimum.

Runs on the caller's (worker) thread and holds the float weights once while a part is built.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import openvino as ov

from assistant.models.checkpoint import load_checkpoint
from assistant.models.m2m100_graph import build_decoder, build_encoder
from assistant.models.m2m100_spec import M2M100Spec, M2M100Weights
from assistant.models.recipes import DECODER_XML, ENCODER_XML, Recipe, compress_part

Step = Callable[[str, float], None]
"""`step(stage, fraction)`: reports progress, raises CancelledError to stop."""


def export_ir(hf_dir: Path, out_dir: Path, recipe: Recipe, step: Step) -> M2M100Spec:
    """Write the encoder and stateful decoder IR of the checkpoint in `hf_dir` into `out_dir`."""
    step("read", 0.05)
    checkpoint = load_checkpoint(hf_dir)
    spec = M2M100Spec.from_config(checkpoint.config)
    weights = M2M100Weights(checkpoint.tensors)
    parts = (
        (ENCODER_XML, build_encoder, recipe.encoder_mode, 0.15),
        (DECODER_XML, build_decoder, recipe.decoder_mode, 0.4),
    )
    for file_name, build, mode, fraction in parts:
        step("build", fraction)
        model = build(spec, weights)
        step("compress", fraction + 0.1)
        model = compress_part(model, mode, recipe)
        ov.save_model(model, out_dir / file_name, compress_to_fp16=recipe.fp16)
        del model
    return spec
