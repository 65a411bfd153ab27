"""Document throughput and batched decode latency: our batched runner against CTranslate2's
`translate_batch` and transformers' batched `generate`, in one run.

    .venv/bin/python benchmarks/document_speed.py            # the 418M architecture, int8
    .venv/bin/python benchmarks/document_speed.py --tiny     # smoke run on the tiny test model

The document is 48 FLORES sentences as one paragraph; every system decodes greedily with the
output forced to the same length per sentence (random weights never stop on their own).
Each system runs in its own process, for its own peak RSS. Writes its section of
docs/performance.md and prints it.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_models import BENCH_CACHE, REPO_ROOT, SHARED_DATA
from bench_report import load_average, machine, write_marked_block
from bench_roofline import decoder_step_bytes, read_bandwidth_gbs
from bench_systems import peak_rss_mb

SENTENCES = 48
NEW_TOKENS = 24
"""Output tokens per sentence (the target-language token included)."""
BATCHES = (1, 8, 16, 32)
LATENCY_BATCHES = (1, 4, 8, 16, 32)
SHORT, LONG = 3, 23
SENTENCE_IDS = 20
BEGIN, END = "<!-- document-benchmark:begin -->", "<!-- document-benchmark:end -->"


def _lines() -> list[str]:
    return (SHARED_DATA / "flores200-dev" / "en.txt").read_text().splitlines()[:SENTENCES]


def _median_ms(work: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000.0)
    return statistics.median(times)


def run_ours(model_dir: Path, repeats: int) -> dict[str, Any]:
    """Our runner: the whole paragraph through `translate`, at several batch limits."""
    from assistant.core.translation import TranslationOptions, TranslationRequest
    from assistant.engine.warmup import warm_up

    runner, _report = warm_up(model_dir)
    paragraph = " ".join(_lines())
    sentence = _twenty_ids(runner.tokenizer.encode)
    documents: dict[str, dict[str, float]] = {}
    for batch in (*BATCHES, None):
        options = TranslationOptions(max_new_tokens=NEW_TOKENS, max_batch=batch)
        request = TranslationRequest(paragraph, "en", "de", options)
        out = runner.translate(request)
        ms = _median_ms(lambda r=request: runner.translate(r), repeats)
        label = "auto" if batch is None else str(batch)
        documents[label] = {
            "ms": ms,
            "tokens": out.output_tokens,
            "sentences": len(out.sentences),
            "decode_ms": out.timings_ms["decode"],
            "encode_ms": out.timings_ms["encode"],
        }
    per_token: dict[str, float] = {}
    for batch in LATENCY_BATCHES:

        def timed(new: int, rows: int = batch) -> float:
            options = TranslationOptions(max_new_tokens=new)
            return _median_ms(
                lambda: runner.generate_batch_ids([sentence] * rows, "de", options), repeats
            )

        timed(SHORT)
        per_token[str(batch)] = (timed(LONG) - timed(SHORT)) / (LONG - SHORT)
    options = TranslationOptions(max_new_tokens=20)
    sentence_ms = _median_ms(lambda: runner.generate_ids(sentence, "de", options), repeats)
    return {
        "documents": documents,
        "per_token_ms": per_token,
        "sentence_20_ms": sentence_ms,
        "rss_mb": peak_rss_mb(),
    }


def _twenty_ids(encode: Callable[[str, str], list[int]]) -> list[int]:
    lines = (SHARED_DATA / "flores200-dev" / "en.txt").read_text().splitlines()
    for line in lines:
        ids = encode(line, "en")
        if len(ids) == SENTENCE_IDS:
            return ids
    return [*encode(lines[0], "en")[: SENTENCE_IDS - 1], 2]


def run_ct2(model_dir: Path, hf_dir: Path, repeats: int) -> dict[str, Any]:
    """CTranslate2 int8 `translate_batch` over the same sentences, at several batch sizes."""
    import ctranslate2
    from transformers import M2M100Tokenizer

    translator = ctranslate2.Translator(
        str(model_dir), device="cpu", compute_type="int8", intra_threads=2
    )
    tokenizer = M2M100Tokenizer.from_pretrained(str(hf_dir))
    tokenizer.src_lang = "en"
    sources = [tokenizer.convert_ids_to_tokens(tokenizer(line)["input_ids"]) for line in _lines()]

    def translate(batch: int, items: list[list[str]], new: int) -> int:
        results = translator.translate_batch(
            items,
            target_prefix=[["__de__"]] * len(items),
            beam_size=1,
            max_batch_size=batch,
            min_decoding_length=new,
            max_decoding_length=new,
        )
        return sum(len(result.hypotheses[0]) for result in results)

    documents: dict[str, dict[str, float]] = {}
    for batch in BATCHES:
        tokens = translate(batch, sources, NEW_TOKENS)
        ms = _median_ms(lambda b=batch: translate(b, sources, NEW_TOKENS), repeats)
        documents[str(batch)] = {"ms": ms, "tokens": tokens, "sentences": len(sources)}
    sentence = tokenizer.convert_ids_to_tokens(_twenty_ids(_hf_encode(tokenizer)))
    per_token: dict[str, float] = {}
    for batch in LATENCY_BATCHES:
        items = [sentence] * batch

        def timed(new: int, rows: list[list[str]] = items, size: int = batch) -> float:
            return _median_ms(lambda: translate(size, rows, new), repeats)

        per_token[str(batch)] = (timed(LONG) - timed(SHORT)) / (LONG - SHORT)
    sentence_ms = _median_ms(lambda: translate(1, [sentence], 20), repeats)
    return {
        "documents": documents,
        "per_token_ms": per_token,
        "sentence_20_ms": sentence_ms,
        "rss_mb": peak_rss_mb(),
    }


def _hf_encode(tokenizer: Any) -> Callable[[str, str], list[int]]:
    def encode(text: str, lang: str) -> list[int]:
        tokenizer.src_lang = lang
        ids: list[int] = tokenizer(text)["input_ids"]
        return ids

    return encode


def run_torch(hf_dir: Path, repeats: int, batch: int = 16) -> dict[str, Any]:
    """transformers fp32 batched `generate` over the same sentences, `batch` at a time."""
    import torch
    from transformers import M2M100ForConditionalGeneration, M2M100Tokenizer

    torch.set_num_threads(2)
    model = M2M100ForConditionalGeneration.from_pretrained(str(hf_dir)).eval()
    tokenizer = M2M100Tokenizer.from_pretrained(str(hf_dir))
    tokenizer.src_lang = "en"
    lines = _lines()

    def translate() -> int:
        produced = 0
        for start in range(0, len(lines), batch):
            encoded = tokenizer(lines[start : start + batch], return_tensors="pt", padding=True)
            with torch.inference_mode():
                out = model.generate(
                    **encoded,
                    forced_bos_token_id=tokenizer.get_lang_id("de"),
                    num_beams=1,
                    do_sample=False,
                    min_new_tokens=NEW_TOKENS,
                    max_new_tokens=NEW_TOKENS,
                )
            produced += (int(out.shape[1]) - 1) * int(out.shape[0])
        return produced

    tokens = translate()
    ms = _median_ms(translate, repeats)
    return {
        "documents": {str(batch): {"ms": ms, "tokens": tokens, "sentences": len(lines)}},
        "rss_mb": peak_rss_mb(),
    }


def _child(name: str, args: tuple[Any, ...], connection: Any) -> None:
    runners: dict[str, Callable[..., dict[str, Any]]] = {
        "ours": run_ours,
        "ct2": run_ct2,
        "torch-fp32": run_torch,
    }
    try:
        connection.send(runners[name](*args))
    except Exception as error:  # reported in the table, the other systems still run
        connection.send({"error": f"{type(error).__name__}: {error}"})


def _in_process(name: str, *args: Any) -> dict[str, Any]:
    context = multiprocessing.get_context("spawn")
    parent, child = context.Pipe()
    process = context.Process(target=_child, args=(name, args, child), daemon=True)
    print(f"[bench] {name} ...", file=sys.stderr, flush=True)
    process.start()
    result: dict[str, Any] = parent.recv()
    process.join(timeout=60)
    print(f"[bench] {name}: {json.dumps(result)[:300]}", file=sys.stderr, flush=True)
    return result


def _tokens_per_s(document: dict[str, float]) -> float:
    return document["tokens"] / document["ms"] * 1000.0


def report(results: dict[str, dict[str, Any]], floor_ms: float, bandwidth: float) -> str:
    """The Markdown section: document throughput, then per-token latency by batch size."""
    lines = [
        "## Document throughput and batched decoding",
        "",
        f"Written by `benchmarks/document_speed.py`. Machine: {machine()}. Date: "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}. Load average at the end: "
        f"{load_average()} (other work shared the machine: the numbers are noisy, the ratios "
        "less so).",
        "",
        f"{SENTENCES} FLORES English sentences as one paragraph, to German; greedy; "
        f"{NEW_TOKENS} output tokens per sentence (forced: random weights). Same run, each "
        "system in its own process.",
        "",
        "| System | Batch | Sentences | Output tokens | Wall s | Tokens/s | vs best CT2 "
        "| Peak RSS MB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    ct2 = results.get("CTranslate2 int8", {}).get("documents", {})
    best_ct2 = max((_tokens_per_s(d) for d in ct2.values()), default=0.0)
    for name, result in results.items():
        if "error" in result:
            lines.append(f"| {name} | – | – | – | – | – | – | failed: {result['error'][:80]} |")
            continue
        for batch, document in result["documents"].items():
            rate = _tokens_per_s(document)
            ratio = f"{rate / best_ct2:.2f}×" if best_ct2 else "–"
            lines.append(
                f"| {name} | {batch} | {document['sentences']:.0f} | {document['tokens']:.0f} | "
                f"{document['ms'] / 1000:.2f} | {rate:.1f} | {ratio} | {result['rss_mb']:.0f} |"
            )
    lines += [
        "",
        f"Per-token decode time by rows in the batch (the same 20-id sentence repeated; "
        f"(time for {LONG} tokens − time for {SHORT}) / {LONG - SHORT}), and per row:",
        "",
        "| System | Batch | ms per step | ms per token per row | vs floor (batch 1) |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, result in results.items():
        for batch, ms in result.get("per_token_ms", {}).items():
            rows = int(batch)
            vs_floor = f"{ms / floor_ms:.2f}×" if rows == 1 and floor_ms else ""
            lines.append(f"| {name} | {rows} | {ms:.2f} | {ms / rows:.2f} | {vs_floor} |")
    lines += ["", f"- Read bandwidth (2 threads, same run): {bandwidth:.1f} GB/s; "
              f"int8 decode-step floor at batch 1: {floor_ms:.2f} ms per token."]  # fmt: skip
    for name, result in results.items():
        if "sentence_20_ms" in result:
            lines.append(
                f"- {name}: 20 output tokens for a 20-id sentence at batch 1: "
                f"{result['sentence_20_ms']:.0f} ms."
            )
    return "\n".join(lines) + "\n"


def _models(tiny: bool) -> tuple[Path, Path, Path | None]:
    """(our IR folder, transformers folder, CTranslate2 folder or None)."""
    if tiny:
        from tests.builders.tiny_m2m100 import build_tiny_m2m100

        model = build_tiny_m2m100()
        ct2 = BENCH_CACHE / f"tiny-ct2-{model.root.name}"
        return model.ov_dir, model.hf_dir, ct2 if ct2.is_dir() else None
    root = BENCH_CACHE / "m2m100-418M-random"
    ours = REPO_ROOT / ".cache" / "bench418" / "bundle-int8"
    ct2 = root / "ct2-int8"
    return ours, root / "hf", ct2 if ct2.is_dir() else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tiny", action="store_true", help="use the tiny test model (smoke)")
    parser.add_argument("--repeats", type=int, default=1, help="timed runs per point (median)")
    parser.add_argument("--systems", default="ours,ct2,torch-fp32")
    parser.add_argument("--output", type=Path, default=REPO_ROOT / "docs" / "performance.md")
    args = parser.parse_args(argv)
    ours_dir, hf_dir, ct2_dir = _models(args.tiny)
    systems = args.systems.split(",")
    results: dict[str, dict[str, Any]] = {}
    if "ours" in systems:
        results["ours (int8, native)" if not args.tiny else "ours"] = _in_process(
            "ours", ours_dir, args.repeats
        )
    if "ct2" in systems and ct2_dir is not None:
        results["CTranslate2 int8"] = _in_process("ct2", ct2_dir, hf_dir, args.repeats)
    if "torch-fp32" in systems:
        results["transformers fp32 (batched generate)"] = _in_process(
            "torch-fp32", hf_dir, args.repeats
        )
    vocab = json.loads((hf_dir / "config.json").read_text())["vocab_size"]
    bandwidth = read_bandwidth_gbs(size_mb=256 if args.tiny else 1024)
    step = decoder_step_bytes(ours_dir / "openvino_decoder_model.xml", vocab)
    floor_ms = step.total / (bandwidth * 1e9) * 1000.0
    section = report(results, floor_ms, bandwidth)
    write_marked_block(section, args.output, BEGIN, END)
    print(section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
