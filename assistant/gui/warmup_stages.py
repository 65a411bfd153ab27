"""The cold-start stages as the user sees them (DESIGN.md §5), and how engine names map to them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class WarmupStage:
    """One visible step of the warm-up."""

    key: str
    title: str
    hint: str


STAGES: tuple[WarmupStage, ...] = (
    WarmupStage("verify", "Verify signatures", "Checking the model bundle's signature and files."),
    WarmupStage(
        "compile_encoder",
        "Compile encoder",
        "The first start compiles the encoder for this machine's NPU and can take up to a "
        "minute. Later starts load it from the cache and are fast.",
    ),
    WarmupStage("load_decoder", "Load decoder", "Loading the decoder on the CPU."),
    WarmupStage("preflight", "Preflight check", "Comparing a few sentences with known outputs."),
    WarmupStage("ready", "Ready", "The model is ready."),
)

STAGE_KEYS = tuple(stage.key for stage in STAGES)


def stage_key(engine_stage: str) -> str | None:
    """Map an engine stage name ("compile encoder", "compile-encoder", "load_decoder:CPU")
    to one of STAGE_KEYS, or None when it is not a warm-up stage."""
    base = engine_stage.split(":", 1)[0].strip().lower().replace("-", "_").replace(" ", "_")
    if base in STAGE_KEYS:
        return base
    for key in STAGE_KEYS:
        if base.startswith(key):
            return key
    aliases = {"verifying": "verify", "compile": "compile_encoder", "load": "load_decoder"}
    return aliases.get(base)
