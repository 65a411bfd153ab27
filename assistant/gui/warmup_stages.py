"""How the cold-start panel names each warm-up stage the engine reports (DESIGN.md §5)."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.engine.report import PlannedDevices, WarmupStage


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
        "Compile the model",
        "Compiling the encoder for this machine's devices; later starts load it from the "
        "cache and are fast.",
    ),
    WarmupStage.LOAD_DECODER: StageText("Load decoder", "Loading the decoder on the CPU."),
    WarmupStage.PREFLIGHT: StageText(
        "Preflight check", "Comparing a few sentences with known outputs."
    ),
    WarmupStage.READY: StageText("Ready", "The model is ready."),
}

STAGE_ORDER: tuple[WarmupStage, ...] = tuple(WarmupStage)


def compile_text(planned: PlannedDevices) -> StageText:
    """The compile stage's wording for the devices it really compiles for: each part's first
    choice, e.g. "Compile for the NPU and CPU", or "Compile for the CPU" without an NPU."""
    encoder, decoder = planned.encoder[0], planned.decoder[0]
    devices = list(dict.fromkeys((encoder, decoder)))
    title = "Compile for the " + " and ".join(devices)
    if encoder == decoder:
        hint = f"Compiling the encoder and the decoder for the {encoder}."
    else:
        hint = f"Compiling the encoder for the {encoder} and the decoder for the {decoder}."
    if encoder == "NPU":
        hint += " On the NPU the first start can take up to a minute;"
    else:
        hint += " This takes seconds;"
    return StageText(title, f"{hint} later starts load it from the cache and are fast.")
