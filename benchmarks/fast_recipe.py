"""The "fast" recipe (INT4 decoder including its tied embedding/LM head) against int8 and int4:
greedy agreement with int8 and per-token decode time, on the random-weight 418M model.

    .venv/bin/python benchmarks/fast_recipe.py [--sentences 100] [--tokens 20] [--tiny]
        [--write docs/performance.md]

Random weights never emit EOS sensibly, so every sentence decodes exactly `--tokens` steps
(EOS masked), and an id already produced is never chosen again (see `_greedy`). Sentences
are FLORES dev lines 200 onwards (held out: nothing here is calibrated on FLORES). Each recipe
is converted once by the app's own converter into `.cache/bench/`.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from benchmarks.bench_models import BENCH_CACHE, SHARED_DATA, build_native  # noqa: E402
from benchmarks.bench_report import load_average, machine, write_marked_block  # noqa: E402

RECIPES = ("int8", "int4", "fast")
HELD_OUT_FROM = 200
SECTION = "## The fast recipe (INT4 LM head)"
BEGIN, END = "<!-- fast-recipe:begin -->", "<!-- fast-recipe:end -->"


@dataclass(frozen=True)
class RecipeRun:
    """One recipe's forced-length greedy outputs, step times and decoder size."""

    name: str
    outputs: list[list[int]]
    step_ms: float
    decoder_mb: float


def _greedy(runner: Any, ids: list[int], target: str, tokens: int, times: list[float]) -> list[int]:
    """`tokens` greedy ids (the forced language id first), never EOS and never an id already
    produced; each step's time is appended to `times`.

    Random weights with a tied LM head always rank the last input id first, so plain greedy
    repeats the language id forever and every recipe "agrees". Excluding ids already produced
    makes each step pick from the rest of the ranking, which is what quantization perturbs."""
    from assistant.engine.m2m100 import DECODER_START_ID

    forced, eos = runner.tokenizer.lang_id(target), runner.tokenizer.eos_id
    runner.decoder.start(runner.encoder.encode(ids), 1)
    token, produced = DECODER_START_ID, [forced]
    for step in range(tokens):
        started = time.perf_counter()
        logits = runner.decoder.step(np.array([token], dtype=np.int64))
        times.append((time.perf_counter() - started) * 1000.0)
        if step == 0:
            token = forced
            continue
        row = logits[0].copy()
        row[eos] = -np.inf
        row[produced] = -np.inf
        token = int(np.argmax(row))
        produced.append(token)
    runner.reset()
    return produced


def decode_all(
    folders: dict[str, Path], sources: list[list[int]], target: str, tokens: int
) -> dict[str, RecipeRun]:
    """Every recipe on every sentence, interleaved sentence by sentence so that the machine's
    load weighs on each recipe alike."""
    from assistant.engine.warmup import warm_up

    runners = {name: warm_up(folder)[0] for name, folder in folders.items()}
    outputs: dict[str, list[list[int]]] = {name: [] for name in folders}
    times: dict[str, list[float]] = {name: [] for name in folders}
    for ids in sources:
        for name, runner in runners.items():
            outputs[name].append(_greedy(runner, ids, target, tokens, times[name]))
    return {
        name: RecipeRun(
            name,
            outputs[name],
            statistics.median(times[name]),
            (folder / "openvino_decoder_model.bin").stat().st_size / 2**20,
        )
        for name, folder in folders.items()
    }


def agreement(reference: list[list[int]], other: list[list[int]]) -> tuple[float, float, float]:
    """(share of sentences with identical ids, mean share of positions with the same id, mean
    share of each output before its first difference)."""
    pairs = list(zip(reference, other, strict=True))
    same = sum(a == b for a, b in pairs) / len(pairs)
    positions = [sum(x == y for x, y in zip(a, b, strict=True)) / len(a) for a, b in pairs]
    prefixes = []
    for a, b in pairs:
        first = next((n for n, (x, y) in enumerate(zip(a, b, strict=True)) if x != y), len(a))
        prefixes.append(first / len(a))
    return same, statistics.fmean(positions), statistics.fmean(prefixes)


def report(runs: dict[str, RecipeRun], sentences: int, tokens: int, model: str) -> str:
    base = runs["int8"]
    lines = [
        SECTION,
        "",
        f"`benchmarks/fast_recipe.py`: {sentences} held-out FLORES sentences (en→de), "
        f"{tokens} forced greedy steps each, {model}, default precision, batch 1; the "
        "recipes take turns sentence by sentence.",
        f"Machine: {machine()}. Load average: {load_average()}. Date: {time.strftime('%Y-%m-%d')}.",
        "",
        "| recipe | decoder .bin (MB) | per-token step (ms) | vs int8 | identical sentences | "
        "token agreement | agreeing prefix |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, run in runs.items():
        same, mean, prefix = agreement(base.outputs, run.outputs)
        lines.append(
            f"| {name} | {run.decoder_mb:.0f} | {run.step_ms:.1f} | "
            f"{run.step_ms / base.step_ms:.2f}× | {same:.0%} | {mean:.1%} | {prefix:.1%} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=100)
    parser.add_argument("--tokens", type=int, default=20)
    parser.add_argument("--tiny", action="store_true", help="use the tiny test model (smoke)")
    parser.add_argument("--write", type=Path, help="put the table into this Markdown file")
    args = parser.parse_args(argv)
    if args.tiny:
        from tests.builders.tiny_m2m100 import build_tiny_m2m100

        tiny = build_tiny_m2m100()
        hf_dir, root = tiny.hf_dir, BENCH_CACHE / f"fast-recipe-{tiny.root.name}"
    else:
        root = BENCH_CACHE / "m2m100-418M-random"
        hf_dir = root / "hf"
    from assistant.engine.tokenizer import M2MTokenizer

    lines = (SHARED_DATA / "flores200-dev" / "en.txt").read_text(encoding="utf-8").splitlines()
    tokenizer = M2MTokenizer(hf_dir)
    held_out = [tokenizer.encode(line, "en") for line in lines[HELD_OUT_FROM:]]
    sources = [ids for ids in held_out if len(ids) <= 128][: args.sentences]
    folders = {recipe: build_native(hf_dir, recipe, root) for recipe in RECIPES}
    runs = decode_all(folders, sources, "de", args.tokens)
    model = "the tiny test model" if args.tiny else "random-weight 418M architecture"
    section = report(runs, len(sources), args.tokens, model)
    print(section)
    if args.write:
        write_marked_block(section, args.write, BEGIN, END)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
