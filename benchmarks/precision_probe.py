"""What the first-warm-up precision measurement costs and decides, on the 418M model.

    .venv/bin/python benchmarks/precision_probe.py [--model DIR] [--tiny]

Compiles the decoder at f32 and at bf16 the way the engine's measurement does, times the
probe itself (the engine's `precision_probe.step_ms`) and prints each regime's step times, the
choice and its reason, with the machine and load average.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=REPO_ROOT / ".cache/bench418/bundle-int8")
    parser.add_argument("--tiny", action="store_true", help="use the tiny test model (smoke)")
    args = parser.parse_args(argv)
    import openvino as ov

    from assistant.engine.compiler import PartCompiler
    from assistant.engine.cross_inputs import compile_decoder
    from assistant.engine.decoder import StatefulDecoder
    from assistant.engine.decoder_precision import decide
    from assistant.engine.precision import BF16, F32, RegimeTiming
    from assistant.engine.precision_probe import step_ms
    from assistant.engine.report import EngineReport
    from benchmarks.bench_report import load_average, machine

    model_dir = args.model
    if args.tiny:
        from tests.builders.tiny_m2m100 import build_tiny_m2m100

        model_dir = build_tiny_m2m100().ov_dir
    core = ov.Core()
    capabilities = core.get_property("CPU", "OPTIMIZATION_CAPABILITIES")
    model = core.read_model(model_dir / "openvino_decoder_model.xml")
    measured: dict[str, dict[int, float]] = {}
    print(f"machine: {machine()}; CPU capabilities: {', '.join(capabilities)}")
    print(f"model: {model_dir}")
    print("| precision | compile (s) | probe (s) | step at 1 row (ms) | step at 16 rows (ms) |")
    print("|---|---|---|---|---|")
    for precision in (F32, BF16):
        compiler = PartCompiler(core, EngineReport(), decoder_precision=precision)
        started = time.perf_counter()
        compiled, cross, device = compile_decoder(compiler, model, ("CPU",))
        decoder = StatefulDecoder(compiled, device, cross)
        decoder.warm()
        compile_s = time.perf_counter() - started
        started = time.perf_counter()
        measured[precision] = step_ms(decoder)
        probe_s = time.perf_counter() - started
        steps = measured[precision]
        cells = " | ".join(f"{steps[rows]:.1f}" for rows in sorted(steps))
        print(f"| {precision} | {compile_s:.2f} | {probe_s:.2f} | {cells} |", flush=True)
        del decoder, compiled, cross
    timings = [RegimeTiming(r, measured[F32][r], measured[BF16][r]) for r in measured[F32]]
    print(f"choice: {decide(timings).reason}")
    print(f"load average: {load_average()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
