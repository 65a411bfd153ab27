"""The compile stage's wording follows the engine's device plan."""

from __future__ import annotations

from assistant.engine.report import PlannedDevices
from assistant.gui.warmup_stages import compile_text


def test_a_plan_with_an_npu_says_npu_and_cpu_and_warns_about_the_first_start() -> None:
    text = compile_text(PlannedDevices(encoder=("NPU", "CPU"), decoder=("CPU",)))
    assert text.title == "Compile for the NPU and CPU"
    assert text.hint.startswith("Compiling the encoder for the NPU and the decoder for the CPU.")
    assert "up to a minute" in text.hint


def test_a_cpu_only_plan_says_cpu_once_and_promises_no_npu_wait() -> None:
    text = compile_text(PlannedDevices(encoder=("CPU",), decoder=("CPU",)))
    assert text.title == "Compile for the CPU"
    assert "NPU" not in text.hint and "up to a minute" not in text.hint


def test_a_gpu_plan_names_the_gpu() -> None:
    text = compile_text(PlannedDevices(encoder=("GPU", "CPU"), decoder=("CPU",)))
    assert text.title == "Compile for the GPU and CPU"
