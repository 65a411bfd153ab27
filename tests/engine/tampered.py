"""What an attacker on the same machine would plant: other weights, and blobs built from them.

The changed weights touch only the encoder's embedding rows of tokens that the bundle's golden
vectors never use, so preflight cannot notice them; the translation of a sentence built from
those tokens does change.
"""

from __future__ import annotations

import struct
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from pathlib import Path

import openvino as ov

from assistant.engine.precision import Precision, compile_config
from assistant.engine.tokenizer import M2MTokenizer
from assistant.models.manifest import Manifest

ENCODER_XML = "openvino_encoder_model.xml"
ENCODER_BIN = "openvino_encoder_model.bin"
DECODER_XML = "openvino_decoder_model.xml"
PROBE = "Quietly, seven purple elephants danced near the old lighthouse."
"""The sentence whose translation the tampered weights change."""


def probe_rows(bundle: Path, manifest: Manifest) -> list[int]:
    """Token ids of PROBE that no golden vector's source uses."""
    tokenizer = M2MTokenizer(bundle)
    golden = {i for v in manifest.golden for i in tokenizer.encode(v.source, v.source_lang)}
    special = {tokenizer.eos_id, tokenizer.pad_id, tokenizer.lang_id("en")}
    rows = [i for i in tokenizer.encode(PROBE, "en") if i not in golden | special]
    assert len(rows) >= 3, rows
    return rows


def _embedding(xml: bytes) -> tuple[int, int, int]:
    """Offset, rows and width of the encoder's f32 token embedding in the weights file."""
    for data in ET.fromstring(xml).iter("data"):
        dims = data.get("shape", "").replace(" ", "").split(",")
        shape = [int(d) for d in dims if d.isdigit()]
        if data.get("element_type") == "f32" and len(shape) == len(dims) == 2 and shape[0] > 1e5:
            return int(data.get("offset", "0")), shape[0], shape[1]
    raise AssertionError("no f32 token embedding in the encoder IR")


def other_encoder_weights(bundle: Path, rows: Iterable[int]) -> bytes:
    """The encoder weights with the embedding `rows` replaced; same length as the original."""
    xml, weights = (
        (bundle / ENCODER_XML).read_bytes(),
        bytearray((bundle / ENCODER_BIN).read_bytes()),
    )
    offset, vocab, width = _embedding(xml)
    for number, row in enumerate(rows):
        assert 0 <= row < vocab
        start = offset + row * width * 4
        values = [(-1.0) ** (k + number) * 3.0 for k in range(width)]
        weights[start : start + width * 4] = struct.pack(f"<{width}f", *values)
    return bytes(weights)


def other_encoder_model(core: ov.Core, bundle: Path, rows: Iterable[int]) -> ov.Model:
    """The encoder IR of `bundle` with other embedding rows."""
    weights = other_encoder_weights(bundle, rows)
    tensor = ov.Tensor(ov.Type.u8, ov.Shape([len(weights)]))
    memoryview(tensor.data).cast("B")[:] = weights
    return core.read_model(model=(bundle / ENCODER_XML).read_bytes(), weights=tensor)


def cpu_encoder(model: ov.Model) -> ov.Model:
    """The encoder as the engine compiles it for the CPU (any length)."""
    shaped = model.clone()
    shaped.reshape({"input_ids": [1, -1], "attention_mask": [1, -1]})
    return shaped


def exported_blob(core: ov.Core, model: ov.Model, part: str, precision: Precision) -> bytes:
    """`model` compiled for the CPU as the engine would compile `part`, exported."""
    config = compile_config("CPU", precision, part=part)
    compiled = core.compile_model(model, "CPU", config)
    return bytes(compiled.export_model().getvalue())


def openvino_cache_blob(
    core: ov.Core, model: ov.Model, part: str, precision: Precision, scratch: Path
) -> bytes:
    """The file OpenVINO's own `CACHE_DIR` holds for `model` compiled like `part`."""
    config = {**compile_config("CPU", precision, part=part), "CACHE_DIR": str(scratch)}
    core.compile_model(model, "CPU", config)
    (blob,) = scratch.glob("*.blob")
    return blob.read_bytes()
