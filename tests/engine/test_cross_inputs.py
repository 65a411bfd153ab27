"""The decoder split for batching: cross-attention K/V as inputs computed once per batch give
the same logits as the exported stateful decoder, for both converters' graphs."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import openvino as ov
import pytest

from assistant.engine.cross_inputs import CROSS_PREFIX, split_cross_attention
from tests.builders.tiny_m2m100 import TinyM2M100
from tests.engine.conftest import native_ir

EXACT = {"INFERENCE_PRECISION_HINT": "f32", "KV_CACHE_PRECISION": "f32"}


@pytest.fixture(scope="module", params=["optimum", "native"])
def ir_dir(
    request: pytest.FixtureRequest,
    tiny_m2m100: TinyM2M100,
    tmp_path_factory: pytest.TempPathFactory,
) -> Path:
    if request.param == "optimum":
        return tiny_m2m100.ov_dir
    return native_ir(tiny_m2m100, tmp_path_factory.mktemp("native") / "ir")


def test_split_decoder_has_no_cross_state_and_gives_the_same_logits(ir_dir: Path) -> None:
    core = ov.Core()
    model = core.read_model(ir_dir / "openvino_decoder_model.xml")
    split = split_cross_attention(model)
    assert split is not None
    variables = [v.get_info().variable_id for v in split.step.get_variables()]
    assert variables and all(".decoder." in v for v in variables)
    cross_inputs = {p.get_any_name() for p in split.step.inputs if CROSS_PREFIX in p.get_any_name()}
    assert cross_inputs == {o.get_any_name() for o in split.cross.outputs}
    original = core.compile_model(model, "CPU", EXACT).create_infer_request()
    step = core.compile_model(split.step, "CPU", EXACT).create_infer_request()
    cross = core.compile_model(split.cross, "CPU", EXACT)
    rng = np.random.default_rng(1)
    rows, length = 3, 12
    hidden = rng.standard_normal((rows, length, 64)).astype(np.float32)
    mask = np.ones((rows, length), dtype=np.int64)
    mask[1, 7:] = 0
    projected = {port.get_any_name(): value for port, value in cross(hidden).items()}
    step_names = {p.get_any_name() for p in split.step.inputs}
    tokens = np.full((rows, 1), 2, dtype=np.int64)
    order = np.arange(rows, dtype=np.int32)
    for number in range(5):
        shared = {"input_ids": tokens, "encoder_attention_mask": mask, "beam_idx": order}
        original.infer({**shared, "encoder_hidden_states": hidden})
        feeds = {**shared, **projected, "encoder_hidden_states": hidden}
        step.infer({k: v for k, v in feeds.items() if k in step_names})
        expected = original.get_output_tensor(0).data
        np.testing.assert_allclose(step.get_output_tensor(0).data, expected, atol=1e-5)
        tokens = (np.argmax(expected[:, -1], axis=-1)[:, None] % 5000 + 4 + number).astype(np.int64)
        order = (
            np.array([0, 0, 2], dtype=np.int32) if number == 2 else np.arange(rows, dtype=np.int32)
        )
