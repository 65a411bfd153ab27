"""Formats the speed benchmark's results as Markdown, with the machine and the targets."""

from __future__ import annotations

import datetime
import os
import platform
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil

OURS_INT8 = "ours (int8)"
OURS_INT4 = "ours (int4 decoder)"


@dataclass(frozen=True)
class Measured:
    """Medians of one system's measurements."""

    name: str
    medians: dict[str, float]
    produced: int
    rss_mb: float
    load_s: float


def machine() -> str:
    """CPU model, cores, RAM, OS and library versions."""
    model = "unknown CPU"
    try:
        lscpu = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
        for line in lscpu.splitlines():
            if line.startswith("Model name:"):
                model = line.split(":", 1)[1].strip()
    except OSError:
        pass
    import openvino

    cores = psutil.cpu_count(logical=True)
    ram = psutil.virtual_memory().total / 2**30
    return (
        f"{model}, {cores} cores, {ram:.0f} GB RAM, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, OpenVINO {openvino.get_version().split('-')[0]}"
    )


def _fmt(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _target(label: str, met: bool | None, detail: str) -> str:
    mark = "n/a" if met is None else ("met" if met else "**not met**")
    return f"| {label} | {detail} | {mark} |"


def _targets(by_name: dict[str, Measured], floor_ms: float | None) -> list[str]:
    ours = by_name.get(OURS_INT8)
    if ours is None:
        return []
    per_token, total = ours.medians["per_token"], ours.medians["total"]
    lines = ["| Target | Measured | |", "|---|---|---|"]
    if floor_ms:
        ratio = per_token / floor_ms
        lines.append(_target("per-token ≤ 1.3× floor", ratio <= 1.3, f"{ratio:.2f}× floor"))
    lines.append(_target("20→33 tokens < 300 ms (int8)", total < 300, f"{total:.0f} ms"))
    if "total_20" in ours.medians:
        t20 = ours.medians["total_20"]
        lines.append(_target("20→20 tokens < 250 ms (int8)", t20 < 250, f"{t20:.0f} ms"))
    int4 = by_name.get(OURS_INT4)
    if int4 is not None:
        t4 = int4.medians["total"]
        lines.append(_target("20→33 tokens < 250 ms (int4 decoder)", t4 < 250, f"{t4:.0f} ms"))
    for name, needed in (
        ("optimum-intel (int8)", 1.3),
        ("transformers dynamic int8", 1.3),
        ("CTranslate2 int8", 2.5),
        ("transformers fp32", 8.0),
    ):
        other = by_name.get(name)
        if other is not None:
            speedup = other.medians["total"] / total
            lines.append(
                _target(f"≥ {needed}× faster than {name}", speedup >= needed, f"{speedup:.2f}×")
            )
    lines.append(_target("peak RSS < 1.2 GB (int8)", ours.rss_mb < 1200, f"{ours.rss_mb:.0f} MB"))
    return lines


def write_marked_block(section: str, output: Path, begin: str, end: str) -> None:
    """Replace the block between the `begin` and `end` markers in `output` with `section`
    (appended when the markers are absent); the rest of the file is kept as it is."""
    text = output.read_text(encoding="utf-8") if output.exists() else ""
    block = f"{begin}\n{section}{end}\n"
    if begin in text and end in text:
        head, _, rest = text.partition(begin)
        text = head + block + rest.partition(end)[2].lstrip("\n")
    else:
        text = (text.rstrip("\n") + "\n\n" if text.strip() else "") + block
    output.write_text(text, encoding="utf-8")


def load_average() -> str:
    """The 1- and 5-minute load averages and the core count, for judging the numbers' noise."""
    if not hasattr(os, "getloadavg"):
        return "unknown"
    one, five, _fifteen = os.getloadavg()
    return f"{one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} cores"


def write_report(
    output: Path,
    results: list[Measured],
    *,
    bandwidth_gbs: float,
    step_bytes: dict[str, Any],
    profile: Any,
    tiny: bool,
    repeats: int,
    new_tokens: int,
) -> str:
    """Write the Markdown report to `output` and return it."""
    by_name = {r.name: r for r in results}
    ours = by_name.get(OURS_INT8)
    lines = [
        "# Translation speed and memory",
        "",
        "Written by `benchmarks/translate_speed.py`"
        + (" in `--tiny` smoke mode (tiny test model; not representative)." if tiny else "."),
        "",
        f"- Machine: {machine()}.",
        f"- Date: {datetime.date.today().isoformat()}. Medians of {repeats} interleaved rounds; "
        f"load average when the report was written (the benchmark's own threads included): "
        f"{load_average()}. Ratios come from the "
        "same rounds, so they hold even where absolute numbers move with the machine's load.",
        "- Model: the M2M-100 418M architecture with random weights (real tokenizer), batch 1, "
        f"greedy, output forced to {new_tokens} tokens (language token included).",
        "- Per-token decode = (time for 33 tokens − time for 3 tokens) / 30.",
        "",
        "- Ours: the app's own conversion (`assistant models convert`/`get`) by recipe; "
        "optimum-intel: its own export with NNCF int8 weights.",
        "",
        "| System | Encoder ms (20 ids) | Encoder ms (128 ids) | Per-token ms | "
        "Total ms 20→20 | Total ms 20→33 | Total ms 128→33 | Tokens out | Peak RSS MB | "
        "Total vs ours |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        m = r.medians
        ratio = m["total"] / ours.medians["total"] if ours else None
        lines.append(
            f"| {r.name} | {_fmt(m['encode'])} | {_fmt(m['encode_long'])} | "
            f"{_fmt(m['per_token'], 2)} | {_fmt(m.get('total_20'), 0)} | {_fmt(m['total'], 0)} | "
            f"{_fmt(m['total_long'], 0)} | "
            f"{r.produced} | {r.rss_mb:.0f} | {_fmt(ratio, 2)}× |"
        )
    lines += ["", "## Memory-bandwidth floor", ""]
    lines.append(f"- Read bandwidth (2 threads, same run): {bandwidth_gbs:.1f} GB/s.")
    floor_ms = None
    for label, sb in step_bytes.items():
        floor = sb.total / 1e9 / bandwidth_gbs * 1000.0
        floor_ms = floor if label == "int8" else floor_ms
        lines.append(
            f"- {label}: a decode step reads {sb.total / 1e6:.0f} MB of weights "
            f"(LM head over the vocabulary: {sb.lm_head / 1e6:.0f} MB); "
            f"floor {floor:.2f} ms per token."
        )
    if ours and floor_ms:
        lines.append(
            f"- Ours (int8): {ours.medians['per_token']:.2f} ms per token = "
            f"{ours.medians['per_token'] / floor_ms:.2f}× the floor."
        )
    lines += ["", "## Targets", "", *_targets(by_name, floor_ms)]
    if profile is not None:
        lines += [
            "",
            "## One decode step (int8, OpenVINO performance counters)",
            "",
            "| Part | ms |",
            "|---|---:|",
            f"| Decoder layers (call minus LM head) | {profile.layers_ms:.2f} |",
            f"| LM head over the vocabulary (node counter) | {profile.lm_head_ms:.2f} |",
            f"| Inference call (wall) | {profile.infer_ms:.2f} |",
            f"| Python overhead (argmax, inputs, loop) | {profile.python_ms:.2f} |",
            f"| Whole step (wall) | {profile.step_ms:.2f} |",
            "",
            f"The LM head is {100 * profile.lm_head_ms / profile.step_ms:.0f}% of a step, the "
            f"decoder layers {100 * profile.layers_ms / profile.step_ms:.0f}%, Python "
            f"{100 * profile.python_ms / profile.step_ms:.1f}%. Layer time includes the "
            "cross-attention state read (`ReadValueWithSubgraph`), which OpenVINO runs on every "
            "step.",
        ]
    text = "\n".join(lines) + "\n"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text + _kept_sections(output))
    return text


def _kept_sections(output: Path) -> str:
    """Sections other benchmarks own (`<!-- name:begin -->` ... `<!-- name:end -->`), kept."""
    if not output.exists():
        return ""
    previous = output.read_text(encoding="utf-8")
    kept = re.findall(r"^<!-- ([a-z-]+):begin -->$", previous, re.M)
    blocks = [
        re.search(rf"<!-- {name}:begin -->.*?<!-- {name}:end -->\n", previous, re.S)
        for name in kept
    ]
    return "".join("\n" + block.group(0) for block in blocks if block)
