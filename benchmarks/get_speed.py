"""Getting a model: `assistant models get` (download from a loopback Hub, native convert, sign,
install) against the old path (optimum-intel export plus NNCF compression), on the full-size
M2M-100 418M architecture with random weights. Also the installed bundle size per recipe.

Each run is a fresh subprocess whose wall time and peak RSS are measured. Writes its table into
docs/performance.md between the `get-benchmark` markers, and prints it.

    .venv/bin/python benchmarks/get_speed.py [--recipes int8,int4,fp16,fp32] [--no-write]
        [--hf-dir FOLDER --skip-old --output FILE]   (another checkpoint, e.g. a tiny one)
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from benchmarks.bench_models import BENCH_CACHE, _build_hf  # noqa: E402
from benchmarks.bench_report import load_average, machine, write_marked_block  # noqa: E402

REPO = "bench/m2m100-418M-random"
REPORT = REPO_ROOT / "docs" / "performance.md"
BEGIN, END = "<!-- get-benchmark:begin -->", "<!-- get-benchmark:end -->"
OLD_EXPORT = """
import sys
from pathlib import Path
import nncf, openvino as ov
from optimum.exporters.openvino import main_export
hf, out = Path(sys.argv[1]), Path(sys.argv[2])
main_export(model_name_or_path=str(hf), output=out / "fp32", task="text2text-generation-with-past",
            stateful=True, convert_tokenizer=False)
core = ov.Core()
for name in ("openvino_encoder_model", "openvino_decoder_model"):
    model = nncf.compress_weights(core.read_model(out / "fp32" / f"{name}.xml"),
                                  mode=nncf.CompressWeightsMode.INT8_ASYM)
    ov.save_model(model, out / f"{name}.xml", compress_to_fp16=False)
"""


@dataclass(frozen=True)
class Run:
    """One measured subprocess."""

    label: str
    seconds: float
    peak_rss_mb: float
    output_mb: float | None = None


def _measure(label: str, command: list[str], env: dict[str, str], output: Path | None) -> Run:
    """Run `command` through a child that reports its own children's peak RSS."""
    probe = (
        "import resource, subprocess, sys, json\n"
        "done = subprocess.run(json.loads(sys.argv[1]))\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
        "sys.exit(done.returncode)\n"
    )
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", probe, json.dumps(command)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{label} failed:\n{done.stderr[-2000:]}")
    rss_kb = int(done.stdout.strip().splitlines()[-1])
    size = None
    if output is not None:
        size = sum(p.stat().st_size for p in output.rglob("*") if p.is_file()) / 2**20
    return Run(label, seconds, rss_kb / 1024, size)


def _bin_twin(hf_dir: Path) -> Path:
    """The same checkpoint as the Hub's 418M main branch stores it: `pytorch_model.bin` only."""
    twin = hf_dir.with_name("hf-bin")
    if not (twin / "pytorch_model.bin").exists():
        import shutil

        import torch
        from safetensors.torch import load_file

        shutil.copytree(hf_dir, twin, ignore=shutil.ignore_patterns("*.safetensors"))
        torch.save(load_file(str(hf_dir / "model.safetensors")), twin / "pytorch_model.bin")
    return twin


def measure(recipes: list[str], hf_dir: Path | None = None, old: bool = True) -> list[Run]:
    """Every measured run: get per recipe, then the old optimum path."""
    from tests.models.hub_server import HubRepo, serve_hub

    if hf_dir is None:
        hf_dir = BENCH_CACHE / "m2m100-418M-random" / "hf"
        if not hf_dir.is_dir():
            _build_hf(hf_dir)
    twin = _bin_twin(hf_dir)
    files = {p.name: p.read_bytes() for p in twin.iterdir() if p.is_file()}
    runs: list[Run] = []
    with serve_hub([HubRepo(REPO, files)]) as hub, tempfile.TemporaryDirectory() as scratch:
        env = {**os.environ, "HF_ENDPOINT": hub.endpoint, "PYTHONWARNINGS": "ignore"}
        for recipe in recipes:
            data_dir = Path(scratch) / f"get-{recipe}"
            command = [sys.executable, "-m", "assistant", "--data-dir", str(data_dir)]
            command += ["models", "get", REPO, "--yes", "--recipe", recipe]
            runs.append(_measure(f"get, {recipe}", command, env, data_dir / "data" / "models"))
        if old:
            target = Path(scratch) / "optimum"
            command = [sys.executable, "-c", OLD_EXPORT, str(hf_dir), str(target)]
            runs.append(_measure("optimum export + NNCF int8 (old path)", command, env, None))
    return runs


def render(runs: list[Run]) -> str:
    """The Markdown section."""
    base = next((r for r in runs if r.label == "get, int8"), runs[0])
    lines = [
        "## Getting a model (`models get` vs the old optimum export)",
        "",
        f"Machine: {machine()}. Load average at the start: {load_average()}. "
        f"Date: {time.strftime('%Y-%m-%d')}.",
        "",
        "Full-size M2M-100 418M architecture, random weights, served as `pytorch_model.bin` "
        "(1.94 GB, like the Hub's main branch) from a loopback Hub. `get` includes the download, "
        "hash checks, native conversion, golden vectors, signing and the verified install; the "
        "old path is only optimum-intel's export and NNCF compression of the same checkpoint "
        "(it needs torch, which users do not have).",
        "",
        "| Run | Wall s | Peak RSS MB | Installed MB | Time vs get int8 |",
        "|---|---:|---:|---:|---:|",
    ]
    for run in runs:
        size = f"{run.output_mb:,.0f}" if run.output_mb is not None else "–"
        ratio = run.seconds / base.seconds
        lines.append(
            f"| {run.label} | {run.seconds:.1f} | {run.peak_rss_mb:,.0f} | {size} | {ratio:.2f}× |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipes", default="int8,int4,fp16,fp32")
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--hf-dir", type=Path, help="serve this checkpoint folder instead")
    parser.add_argument("--skip-old", action="store_true", help="leave out the optimum run")
    parser.add_argument("--output", type=Path, default=REPORT)
    args = parser.parse_args(argv)
    section = render(measure(args.recipes.split(","), args.hf_dir, not args.skip_old))
    print(section)
    if not args.no_write:
        write_marked_block(section, args.output, BEGIN, END)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
