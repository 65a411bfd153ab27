"""Quantization recipes of the native converter on the tiny model, and convert's refusals."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from assistant.core.errors import BadInputError
from assistant.models.convert import convert_m2m100
from assistant.models.errors import CancelledError
from assistant.models.recipes import DECODER_XML, ENCODER_XML, get_recipe
from tests.builders.tiny_m2m100 import TinyM2M100


def _weight_types(xml: Path) -> set[str]:
    """Element types of the Const nodes in an IR file."""
    text = xml.read_text()
    consts = re.findall(r'<layer[^>]*type="Const"[^>]*>\s*<data[^>]*element_type="(\w+)"', text)
    return set(consts)


@pytest.mark.parametrize(
    ("name", "encoder_has", "decoder_has"),
    [
        ("fp32", "f32", "f32"),
        ("fp16", "f16", "f16"),
        ("int8", "i8", "u8"),
        ("int4", "i8", "i4"),
        ("fast", "i8", "i4"),
    ],
)
def test_each_recipe_stores_weights_as_it_says(
    tiny_m2m100: TinyM2M100, tmp_path: Path, name: str, encoder_has: str, decoder_has: str
) -> None:
    """The NPU-bound encoder is symmetric INT8 (i8, no zero point) in both INT recipes."""
    out = tmp_path / "bundle"
    convert_m2m100(tiny_m2m100.hf_dir, out, Ed25519PrivateKey.generate(), name)
    encoder, decoder = _weight_types(out / ENCODER_XML), _weight_types(out / DECODER_XML)
    assert encoder_has in encoder and decoder_has in decoder
    if name != "fp32":
        assert "u8" not in encoder
    if name == "fp32":
        assert not {"f16", "u8", "i8", "i4", "u4"} & (encoder | decoder)
    if name == "int4":
        assert {"i8", "u8"} & decoder  # the tied embedding/LM head stays at 8 bit
    if name == "fast":
        assert not {"i8", "u8"} & decoder  # the LM head too is INT4


def test_an_unknown_recipe_lists_the_valid_ones() -> None:
    with pytest.raises(BadInputError, match="fp32, fp16, int8, int4"):
        get_recipe("int3")


def test_convert_refuses_a_folder_that_is_not_an_m2m100_model(tmp_path: Path) -> None:
    key = Ed25519PrivateKey.generate()
    with pytest.raises(BadInputError, match=r"no config\.json"):
        convert_m2m100(tmp_path, tmp_path / "out", key)
    (tmp_path / "config.json").write_text('{"architectures": ["LlamaForCausalLM"]}')
    with pytest.raises(BadInputError, match="M2M100ForConditionalGeneration"):
        convert_m2m100(tmp_path, tmp_path / "out", key)
    (tmp_path / "config.json").write_bytes(b"\xff\x00")
    with pytest.raises(BadInputError, match="not valid JSON"):
        convert_m2m100(tmp_path, tmp_path / "out", key)
    assert not (tmp_path / "out").exists()


def test_convert_refuses_to_overwrite_a_non_empty_output(
    tiny_m2m100: TinyM2M100, tmp_path: Path
) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "keep.txt").write_text("mine")
    with pytest.raises(BadInputError, match="not empty"):
        convert_m2m100(tiny_m2m100.hf_dir, tmp_path / "out", Ed25519PrivateKey.generate())
    assert (tmp_path / "out" / "keep.txt").read_text() == "mine"


def test_a_cancelled_convert_leaves_no_output_and_no_work_folder(
    tiny_m2m100: TinyM2M100, tmp_path: Path
) -> None:
    parent = tmp_path / "bundles"
    parent.mkdir()
    with pytest.raises(CancelledError):
        convert_m2m100(
            tiny_m2m100.hf_dir,
            parent / "out",
            Ed25519PrivateKey.generate(),
            on_progress=lambda _stage, _fraction: False,
        )
    assert list(parent.iterdir()) == []
