"""How the cold-start panel names each warm-up stage the engine reports (DESIGN.md §5)."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.engine.report import WarmupStage


@dataclass(frozen=True)
class StageText:
    """The title and the explanation shown for one stage."""

    title: str
    hint: str


STAGE_TEXT: dict[WarmupStage, StageText] = {
    WarmupStage.START_RUNTIME: StageText(
        "Start the runtime", "Loading OpenVINO and looking for this machine's devices."
    ),
    WarmupStage.VERIFY: StageText(
        "Verify signatures", "Checking the model bundle's signature and every file's hash."
    ),
    WarmupStage.LOAD_TOKENIZER: StageText(
        "Load tokenizer", "Loading the tokenizer and its vocabulary of 128,000 pieces."
    ),
    WarmupStage.COMPILE_ENCODER: StageText(
        "Compile encoder",
        "Compiling the encoder for this machine. The first start can take up to a minute; "
        "later starts load it from the cache and are fast.",
    ),
    WarmupStage.LOAD_DECODER: StageText("Load decoder", "Loading the decoder on the CPU."),
    WarmupStage.PREFLIGHT: StageText(
        "Preflight check", "Comparing a few sentences with known outputs."
    ),
    WarmupStage.READY: StageText("Ready", "The model is ready."),
}

STAGE_ORDER: tuple[WarmupStage, ...] = tuple(WarmupStage)
