"""Translation speed and memory: our M2M-100 runner against the alternatives, in one run.

    .venv/bin/python benchmarks/translate_speed.py            # full 418M architecture
    .venv/bin/python benchmarks/translate_speed.py --tiny     # smoke run on the tiny test model

Each system runs in its own process (so each has its own peak RSS); measurements are
interleaved round by round and reported as medians. Writes a Markdown table (default
docs/performance.md) and prints it.
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import sys
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_models import REPO_ROOT, SHARED_DATA, BenchModels, build_full_size
from bench_report import Measured, write_report
from bench_roofline import (
    decoder_step_bytes,
    profile_decode_step,
    read_bandwidth_gbs,
)
from bench_systems import SystemSpec, serve

NEW_TOKENS = 33
SENTENCE_TOKENS = 20
"""Output tokens of the "20-token sentence" latency (20 ids in, 20 out)."""
SHORT_TOKENS = 3
NATIVE_RECIPES = ("int8", "int4", "fast")
SENTENCE_IDS = 20
LONG_IDS = 128


@dataclass
class Worker:
    """One system's process and what it measured."""

    spec: SystemSpec
    connection: multiprocessing.connection.Connection
    process: multiprocessing.process.BaseProcess
    samples: dict[str, list[float]] = field(default_factory=dict)
    produced: int = 0
    rss_mb: float = 0.0
    load_s: float = 0.0

    def ask(self, what: str, ids: list[int], new_tokens: int = 0) -> float:
        self.connection.send((what, ids, new_tokens))
        answer = self.connection.recv()
        if "error" in answer:
            raise RuntimeError(f"{self.spec.name} failed:\n{answer['error']}")
        self.rss_mb = max(self.rss_mb, answer["rss_mb"])
        if what != "encode":
            self.produced = answer["produced"]
        ms: float = answer["ms"]
        return ms


def _tiny_models() -> BenchModels:
    from tests.builders.tiny_m2m100 import build_tiny_m2m100

    tiny = build_tiny_m2m100()
    ct2_dir = REPO_ROOT / ".cache" / "bench" / f"tiny-ct2-{tiny.root.name}"
    if not ct2_dir.is_dir():
        from bench_models import _convert_ct2

        _convert_ct2(tiny.hf_dir, ct2_dir)
    return BenchModels(tiny.hf_dir, tiny.ov_dir, None, ct2_dir if ct2_dir.is_dir() else None)


def _inputs(hf_dir: Path) -> tuple[list[int], list[int]]:
    """A FLORES sentence of exactly 20 ids, and 128 ids of running FLORES text."""
    from transformers import M2M100Tokenizer

    tokenizer = M2M100Tokenizer.from_pretrained(str(hf_dir))
    tokenizer.src_lang = "en"
    lines = (SHARED_DATA / "flores200-dev" / "en.txt").read_text().splitlines()
    sentence = next(
        ids for ids in (tokenizer(line)["input_ids"] for line in lines) if len(ids) == SENTENCE_IDS
    )
    long = tokenizer(" ".join(lines[:20]), truncation=True, max_length=LONG_IDS)["input_ids"]
    return sentence, long


def _ours(models: BenchModels, recipe: str) -> Path:
    """Our runner's model: the app's own conversion where built, else the optimum export."""
    native = (models.native or {}).get(recipe)
    if native is not None:
        return native
    if recipe == "int8":
        return models.ov_int8_dir
    if recipe == "int4" and models.ov_int4_dir is not None:
        return models.ov_int4_dir
    return Path()


def _specs(models: BenchModels, systems: list[str]) -> list[SystemSpec]:
    hf = models.hf_dir
    candidates = [
        SystemSpec("ours (int8)", "ours", _ours(models, "int8"), hf),
        SystemSpec("ours (int4 decoder)", "ours", _ours(models, "int4"), hf),
        SystemSpec("ours (fast: int4 incl. LM head)", "ours", _ours(models, "fast"), hf),
        SystemSpec("optimum-intel (int8)", "optimum", models.ov_int8_dir, hf),
        SystemSpec("transformers fp32", "torch-fp32", hf, hf),
        SystemSpec("transformers dynamic int8", "torch-int8", hf, hf),
        SystemSpec("CTranslate2 int8", "ct2", models.ct2_dir or Path(), hf),
    ]
    chosen = [s for s in candidates if s.kind in systems and s.model_dir != Path()]
    return chosen


def _start(spec: SystemSpec) -> Worker:
    context = multiprocessing.get_context("spawn")
    parent, child = context.Pipe()
    process = context.Process(target=serve, args=(spec, child), daemon=True)
    process.start()
    hello = parent.recv()
    print(f"[bench] loaded {spec.name} in {hello['load_s']:.1f} s", file=sys.stderr, flush=True)
    return Worker(spec, parent, process, rss_mb=hello["rss_mb"], load_s=hello["load_s"])


def measure(workers: list[Worker], sentence: list[int], long: list[int], repeats: int) -> None:
    """Warm every system once, then interleave `repeats` rounds over all of them."""
    for worker in workers:
        worker.ask("translate", sentence, NEW_TOKENS)
    for round_number in range(repeats):
        print(f"[bench] round {round_number + 1}/{repeats}", file=sys.stderr, flush=True)
        for worker in workers:
            worker.ask("translate", sentence, SHORT_TOKENS)  # back in cache after the others
            record = worker.samples.setdefault
            record("encode", []).append(worker.ask("encode", sentence))
            record("encode_long", []).append(worker.ask("encode", long))
            short = worker.ask("translate", sentence, SHORT_TOKENS)
            full = worker.ask("translate", sentence, NEW_TOKENS)
            record("total", []).append(full)
            record("total_20", []).append(worker.ask("translate", sentence, SENTENCE_TOKENS))
            record("per_token", []).append((full - short) / (NEW_TOKENS - SHORT_TOKENS))
            record("total_long", []).append(worker.ask("translate", long, NEW_TOKENS))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tiny", action="store_true", help="use the tiny test model (smoke)")
    parser.add_argument("--repeats", type=int, default=5, help="measured rounds (median)")
    parser.add_argument(
        "--systems",
        default="ours,optimum,torch-fp32,torch-int8,ct2",
        help="comma-separated: ours, optimum, torch-fp32, torch-int8, ct2",
    )
    parser.add_argument("--output", type=Path, default=REPO_ROOT / "docs" / "performance.md")
    parser.add_argument("--no-profile", action="store_true", help="skip the decode-step profile")
    args = parser.parse_args(argv)

    models = (
        _tiny_models() if args.tiny else build_full_size(with_int4=False, native=NATIVE_RECIPES)
    )
    sentence, long = _inputs(models.hf_dir)
    import json

    vocab = json.loads((models.hf_dir / "config.json").read_text())["vocab_size"]
    workers = [_start(spec) for spec in _specs(models, args.systems.split(","))]
    try:
        measure(workers, sentence, long, args.repeats)
    finally:
        for worker in workers:
            worker.connection.send(None)
            worker.process.join(timeout=30)
    results = [
        Measured(
            name=w.spec.name,
            medians={k: statistics.median(v) for k, v in w.samples.items()},
            produced=w.produced,
            rss_mb=w.rss_mb,
            load_s=w.load_s,
        )
        for w in workers
    ]
    bandwidth = read_bandwidth_gbs(size_mb=256 if args.tiny else 1024)
    step_bytes = {}
    for label, recipe in (("int8", "int8"), ("int4 decoder", "int4"), ("fast", "fast")):
        folder = _ours(models, recipe)
        if folder != Path():
            xml = folder / "openvino_decoder_model.xml"
            step_bytes[label] = decoder_step_bytes(xml, vocab)
    ours_int8 = _ours(models, "int8")
    profile = None if args.no_profile else profile_decode_step(ours_int8, vocab)
    text = write_report(
        args.output,
        results,
        bandwidth_gbs=bandwidth,
        step_bytes=step_bytes,
        profile=profile,
        tiny=args.tiny,
        repeats=args.repeats,
        new_tokens=NEW_TOKENS,
    )
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
