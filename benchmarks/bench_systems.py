"""The systems the speed benchmark compares, each run in its own process (for its own RSS).

Every system answers the same three questions on the same input ids: how long the encoder
takes, and how long a whole translation takes for a forced number of output tokens.
"""

from __future__ import annotations

import resource
import time
import traceback
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

TARGET_LANG = "de"


@dataclass(frozen=True)
class SystemSpec:
    """Which system to load, from where."""

    name: str
    kind: str
    model_dir: Path
    hf_dir: Path
    """The transformers folder (its tokenizer serves every system)."""
    threads: int = 2


def peak_rss_mb() -> float:
    """This process' peak resident set size in MB.

    Linux's `VmHWM` restarts at exec; `ru_maxrss` does not, so a worker spawned by a parent
    that had built the models would report the parent's peak."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


class OurRunner:
    """assistant.engine's runner (bucketed encoder, stateful decoder, greedy)."""

    def __init__(self, spec: SystemSpec) -> None:
        from assistant.core.translation import TranslationOptions
        from assistant.engine.warmup import warm_up

        self.runner, self.report = warm_up(spec.model_dir)
        self._options = TranslationOptions

    def encode(self, ids: list[int]) -> None:
        self.runner.encoder.encode(ids)

    def translate(self, ids: list[int], new_tokens: int) -> int:
        options = self._options(max_new_tokens=new_tokens)
        out = self.runner.generate_ids(ids, TARGET_LANG, options)
        self.runner.tokenizer.decode(out)
        return len(out) - 1


class Transformers:
    """transformers PyTorch `generate`, fp32 or with dynamic int8 Linear layers."""

    def __init__(self, spec: SystemSpec) -> None:
        import torch
        from transformers import M2M100ForConditionalGeneration, M2M100Tokenizer

        torch.set_num_threads(spec.threads)
        model = M2M100ForConditionalGeneration.from_pretrained(spec.model_dir).eval()
        if spec.kind == "torch-int8":
            model = torch.ao.quantization.quantize_dynamic(
                model, {torch.nn.Linear}, dtype=torch.qint8
            )
        self.model, self.torch = model, torch
        self.tokenizer = M2M100Tokenizer.from_pretrained(spec.model_dir)

    def encode(self, ids: list[int]) -> None:
        with self.torch.inference_mode():
            self.model.get_encoder()(input_ids=self.torch.tensor([ids]))

    def translate(self, ids: list[int], new_tokens: int) -> int:
        with self.torch.inference_mode():
            out = self.model.generate(
                input_ids=self.torch.tensor([ids]),
                attention_mask=self.torch.ones(1, len(ids), dtype=self.torch.long),
                forced_bos_token_id=self.tokenizer.get_lang_id(TARGET_LANG),
                num_beams=1,
                do_sample=False,
                min_new_tokens=new_tokens,
                max_new_tokens=new_tokens,
            )
        self.tokenizer.decode(out[0], skip_special_tokens=True)
        return int(out.shape[1]) - 1


class Optimum(Transformers):
    """optimum-intel `OVModelForSeq2SeqLM.generate` on the same int8 IR as ours."""

    def __init__(self, spec: SystemSpec) -> None:
        import torch
        from optimum.intel import OVModelForSeq2SeqLM
        from transformers import M2M100Tokenizer

        self.torch = torch
        self.model = OVModelForSeq2SeqLM.from_pretrained(
            spec.model_dir, device="CPU", ov_config={"PERFORMANCE_HINT": "LATENCY"}
        )
        self.tokenizer = M2M100Tokenizer.from_pretrained(spec.model_dir)

    def encode(self, ids: list[int]) -> None:
        tensor = self.torch.tensor([ids])
        self.model.encoder(input_ids=tensor, attention_mask=self.torch.ones_like(tensor))


class CTranslate2:
    """CTranslate2 int8 with `beam_size=1`."""

    def __init__(self, spec: SystemSpec) -> None:
        import ctranslate2
        from transformers import M2M100Tokenizer

        self.translator = ctranslate2.Translator(
            str(spec.model_dir), device="cpu", compute_type="int8", intra_threads=spec.threads
        )
        self.tokenizer = M2M100Tokenizer.from_pretrained(spec.hf_dir)

    def encode(self, ids: list[int]) -> None:
        self.translate(ids, 1)

    def translate(self, ids: list[int], new_tokens: int) -> int:
        tokens = self.tokenizer.convert_ids_to_tokens(ids)
        result = self.translator.translate_batch(
            [tokens],
            target_prefix=[[f"__{TARGET_LANG}__"]],
            beam_size=1,
            min_decoding_length=new_tokens,
            max_decoding_length=new_tokens,
        )
        out = result[0].hypotheses[0]
        self.tokenizer.convert_tokens_to_string(out)
        return len(out)


SYSTEMS: dict[str, type[Any]] = {
    "ours": OurRunner,
    "torch-fp32": Transformers,
    "torch-int8": Transformers,
    "optimum": Optimum,
    "ct2": CTranslate2,
}


def _answer(system: Any, kind: str, ids: list[int], new_tokens: int) -> dict[str, Any]:
    """Time one request; `produced` is the number of output tokens (0 for the encoder)."""
    started = time.perf_counter()
    produced = 0
    if kind == "encode":
        system.encode(ids)
    else:
        produced = system.translate(ids, new_tokens)
    ms = (time.perf_counter() - started) * 1000.0
    return {"ms": ms, "produced": produced, "rss_mb": peak_rss_mb()}


def serve(spec: SystemSpec, connection: Connection) -> None:
    """Worker process: load the system, then answer measurement requests until told to stop."""
    started = time.perf_counter()
    system = SYSTEMS[spec.kind](spec)
    connection.send({"load_s": time.perf_counter() - started, "rss_mb": peak_rss_mb()})
    while True:
        request = connection.recv()
        if request is None:
            break
        try:
            connection.send(_answer(system, *request))
        except Exception:
            connection.send({"error": traceback.format_exc()})
