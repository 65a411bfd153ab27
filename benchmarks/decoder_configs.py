"""One decode step of our split decoder at several batch sizes, under different CPU execution
settings (precision, dynamic activation quantization, threads), on the same run.

    .venv/bin/python benchmarks/decoder_configs.py [--model DIR] [--rows 1,8,16,32]

Prints a Markdown table of median step times (ms) and per-row times.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

REPO_ROOT = Path(__file__).resolve().parents[1]
CONFIGS: dict[str, dict[str, str]] = {
    "f32 (default today)": {"INFERENCE_PRECISION_HINT": "f32"},
    "f32, 1 thread": {"INFERENCE_PRECISION_HINT": "f32", "INFERENCE_NUM_THREADS": "1"},
    "f32 + int8 activations": {
        "INFERENCE_PRECISION_HINT": "f32",
        "DYNAMIC_QUANTIZATION_GROUP_SIZE": "32",
    },
    "bf16": {"INFERENCE_PRECISION_HINT": "bf16"},
    "bf16 + int8 activations": {
        "INFERENCE_PRECISION_HINT": "bf16",
        "DYNAMIC_QUANTIZATION_GROUP_SIZE": "32",
    },
}


def step_ms(model_dir: Path, config: dict[str, str], rows: int, steps: int = 12) -> float:
    """Median wall time of one greedy step with `rows` rows and a 32-position source."""
    import openvino as ov

    from assistant.engine.cross_inputs import split_cross_attention

    core = ov.Core()
    split = split_cross_attention(core.read_model(model_dir / "openvino_decoder_model.xml"))
    assert split is not None
    base = {"PERFORMANCE_HINT": "LATENCY", "NUM_STREAMS": "1", **config}
    step = core.compile_model(split.step, "CPU", base).create_infer_request()
    cross = core.compile_model(split.cross, "CPU", base)
    width = cross.input(0).get_partial_shape()[2].get_length()
    hidden = np.random.default_rng(0).standard_normal((rows, 32, width), dtype=np.float32)
    names = {p.get_any_name() for p in step.model_inputs}
    inputs = {p.get_any_name(): v.copy() for p, v in cross(hidden).items()}
    inputs.update(
        encoder_hidden_states=hidden,
        encoder_attention_mask=np.ones((rows, 32), dtype=np.int64),
        input_ids=np.full((rows, 1), 2, dtype=np.int64),
        beam_idx=np.arange(rows, dtype=np.int32),
    )
    inputs = {k: v for k, v in inputs.items() if k in names}
    times = []
    for _ in range(steps):
        started = time.perf_counter()
        step.infer(inputs, share_inputs=True)
        next_ids = np.argmax(step.get_output_tensor(0).data[:, -1], axis=-1)
        times.append((time.perf_counter() - started) * 1000.0)
        inputs["input_ids"][:, 0] = next_ids
    return statistics.median(times[2:])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = REPO_ROOT / ".cache" / "bench418" / "bundle-int8"
    parser.add_argument("--model", type=Path, default=default)
    parser.add_argument("--rows", default="1,8,16,32")
    args = parser.parse_args(argv)
    rows = [int(r) for r in args.rows.split(",")]
    print("| Setting | " + " | ".join(f"batch {r} ms (per row)" for r in rows) + " |")
    print("|---|" + "---:|" * len(rows))
    for name, config in CONFIGS.items():
        cells = []
        for count in rows:
            ms = step_ms(args.model, config, count)
            cells.append(f"{ms:.1f} ({ms / count:.1f})")
        print(f"| {name} | " + " | ".join(cells) + " |", flush=True)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(REPO_ROOT))
    sys.exit(main())
