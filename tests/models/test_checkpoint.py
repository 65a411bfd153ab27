"""Hugging Face checkpoints read into numpy without torch, and hostile `.bin` files refused."""

from __future__ import annotations

import json
import os
import pickle
import struct
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch
from safetensors.torch import save_file

from assistant.models.checkpoint import load_checkpoint
from assistant.models.errors import CancelledError, CheckpointError
from assistant.models.torch_bin import read_torch_bin

CONFIG = {"architectures": ["M2M100ForConditionalGeneration"], "d_model": 16}


def _folder(root: Path, name: str = "model") -> Path:
    folder = root / name
    folder.mkdir()
    (folder / "config.json").write_text(json.dumps(CONFIG))
    return folder


def _expected(tensor: torch.Tensor) -> np.ndarray:
    if tensor.dtype == torch.bfloat16:
        return tensor.float().numpy()
    return tensor.contiguous().numpy()


def _assert_same(arrays: dict[str, np.ndarray], state: dict[str, torch.Tensor]) -> None:
    assert set(arrays) == set(state)
    for name, tensor in state.items():
        expected = _expected(tensor)
        assert arrays[name].dtype == expected.dtype, name
        assert arrays[name].shape == expected.shape, name
        assert np.array_equal(arrays[name], expected), name
        assert arrays[name].flags.c_contiguous, name


def _assert_refused(error: pytest.ExceptionInfo[CheckpointError], path: Path) -> None:
    message = error.value.user_message
    assert str(path) in message and "\n" not in message, message


def _state() -> dict[str, torch.Tensor]:
    generator = torch.Generator().manual_seed(0)
    base = torch.randn(4, 6, generator=generator)
    embedding = torch.randn(8, 3, generator=generator)
    return {
        "fp32": base,
        "fp16": torch.randn(3, 5, generator=generator).half(),
        "bf16": torch.randn(2, 7, generator=generator).to(torch.bfloat16),
        "fp64": torch.randn(3, generator=generator).double(),
        "int64": torch.arange(-5, 7),
        "int32": torch.arange(10, dtype=torch.int32).reshape(2, 5),
        "int16": torch.tensor([-300, 7], dtype=torch.int16),
        "int8": torch.tensor([-128, 127], dtype=torch.int8),
        "uint8": torch.tensor([0, 255], dtype=torch.uint8),
        "bool": torch.tensor([True, False, True]),
        "tied.shared": embedding,
        "tied.lm_head": embedding,
        "transposed": base.t(),
        "sliced": base[1:3, 2:5],
        "row_with_offset": base[2],
        "scalar": torch.tensor(2.5),
        "empty": torch.zeros(0, 4),
    }


@pytest.mark.parametrize("legacy", [False, True], ids=["zip", "legacy"])
def test_bin_tensors_equal_torch_in_both_layouts(tmp_path: Path, legacy: bool) -> None:
    state = _state()
    path = tmp_path / "pytorch_model.bin"
    torch.save(state, path, _use_new_zipfile_serialization=not legacy)
    arrays = read_torch_bin(path)
    _assert_same(arrays, state)
    assert np.shares_memory(arrays["tied.shared"], arrays["tied.lm_head"])
    assert not arrays["fp32"].flags.owndata, "a contiguous tensor is a view of the mapped file"


def _rewrite_zip(
    source: Path, target: Path, compression: int, change: Callable[[str, bytes], bytes]
) -> None:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", compression) as new:
        for info in old.infolist():
            new.writestr(info.filename, change(info.filename, old.read(info)))


def test_zip_written_by_other_tools_big_endian_and_deflated_is_read(tmp_path: Path) -> None:
    state = {"weight": torch.randn(3, 4), "ids": torch.arange(6).reshape(2, 3)}
    source = tmp_path / "source.bin"
    torch.save(state, source)
    dtypes = {"0": np.float32, "1": np.int64}  # torch numbers storages in pickling order
    with zipfile.ZipFile(source) as archive:
        assert {n.rsplit("/", 1)[1] for n in archive.namelist() if "/data/" in n} == set(dtypes)

    def to_big_endian(name: str, data: bytes) -> bytes:
        if name.endswith("/byteorder"):
            return b"big"
        key = name.rsplit("/", 1)[1]
        if "/data/" in name and key in dtypes:
            return np.frombuffer(data, dtypes[key]).byteswap().tobytes()
        return data

    for compression in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        target = tmp_path / f"rewritten-{compression}.bin"
        _rewrite_zip(source, target, compression, to_big_endian)
        _assert_same(read_torch_bin(target), state)


def test_safetensors_single_file_is_read_and_preferred_over_bin(tmp_path: Path) -> None:
    state = {
        name: tensor.contiguous()
        for name, tensor in _state().items()
        if name not in ("tied.lm_head", "transposed", "sliced", "row_with_offset")
    }
    folder = _folder(tmp_path)
    save_file(state, folder / "model.safetensors")
    torch.save({"other": torch.ones(2)}, folder / "pytorch_model.bin")
    checkpoint = load_checkpoint(folder)
    _assert_same(dict(checkpoint.tensors), state)
    assert checkpoint.config == CONFIG
    assert checkpoint.weight_files == (folder / "model.safetensors",)


def _write_index(folder: Path, name: str, weight_map: dict[str, str]) -> None:
    (folder / name).write_text(json.dumps({"metadata": {}, "weight_map": weight_map}))


def test_sharded_safetensors_and_sharded_bin_are_joined(tmp_path: Path) -> None:
    first = {"a": torch.randn(2, 3), "b": torch.randn(4).to(torch.bfloat16)}
    second = {"c": torch.arange(5)}
    weight_map = {"a": "part-1.safetensors", "b": "part-1.safetensors", "c": "part-2.safetensors"}
    folder = _folder(tmp_path, "safetensors")
    save_file(first, folder / "part-1.safetensors")
    save_file(second, folder / "part-2.safetensors")
    _write_index(folder, "model.safetensors.index.json", weight_map)
    fractions: list[float] = []
    checkpoint = load_checkpoint(folder, lambda _stage, f: fractions.append(f) or True)
    _assert_same(dict(checkpoint.tensors), first | second)
    assert fractions == [0.0, 0.5, 1.0]

    folder = _folder(tmp_path, "bin")
    torch.save(first, folder / "part-1.bin")
    torch.save(second, folder / "part-2.bin", _use_new_zipfile_serialization=False)
    bin_map = {name: shard.replace(".safetensors", ".bin") for name, shard in weight_map.items()}
    _write_index(folder, "pytorch_model.bin.index.json", bin_map)
    checkpoint = load_checkpoint(folder)
    _assert_same(dict(checkpoint.tensors), first | second)
    assert checkpoint.weight_files == (folder / "part-1.bin", folder / "part-2.bin")


@pytest.mark.parametrize(
    ("weight_map", "blamed"),
    [
        ({"a": "part-1.safetensors", "missing": "part-1.safetensors"}, "part-1.safetensors"),
        ({"a": "absent.safetensors"}, "model.safetensors.index.json"),
        ({"a": "../part-1.safetensors"}, "model.safetensors.index.json"),
        ({"a": 3}, "model.safetensors.index.json"),
    ],
    ids=["tensor-not-in-shard", "shard-missing", "shard-outside-folder", "not-a-name"],
)
def test_a_shard_index_that_does_not_match_its_shards_is_refused(
    tmp_path: Path, weight_map: dict[str, object], blamed: str
) -> None:
    folder = _folder(tmp_path)
    save_file({"a": torch.ones(2)}, folder / "part-1.safetensors")
    (folder / "model.safetensors.index.json").write_text(json.dumps({"weight_map": weight_map}))
    with pytest.raises(CheckpointError) as error:
        load_checkpoint(folder)
    _assert_refused(error, folder / blamed)


def test_cancelling_stops_before_reading_weights(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    save_file({"a": torch.ones(2)}, folder / "model.safetensors")
    with pytest.raises(CancelledError):
        load_checkpoint(folder, lambda _stage, _fraction: False)


def _protocol2_call(module: str, name: str, argument: str) -> bytes:
    encoded = argument.encode()
    return (
        b"\x80\x02c"
        + f"{module}\n{name}\n".encode()
        + b"X"
        + struct.pack("<I", len(encoded))
        + encoded
        + b"\x85R."
    )


class _Payload:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return os.system, (f"touch {self.marker}",)


def _zip_with_pickle(path: Path, pickled: bytes) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("archive/data.pkl", pickled)
        archive.writestr("archive/version", "3\n")


def _legacy_with_pickle(path: Path, pickled: bytes) -> None:
    header = [0x1950A86A20F9469CFC6C, 1001, {"little_endian": True}]
    path.write_bytes(b"".join(pickle.dumps(part, protocol=2) for part in header) + pickled)


@pytest.mark.parametrize(
    ("module", "name", "refused"),
    [
        ("os", "system", "os.system"),
        ("posix", "system", "posix.system"),
        ("builtins", "eval", "builtins.eval"),
        ("builtins", "exec", "builtins.exec"),
    ],
)
@pytest.mark.parametrize(
    "container",
    [_zip_with_pickle, _legacy_with_pickle, Path.write_bytes],
    ids=["zip", "legacy", "bare"],
)
def test_a_bin_whose_pickle_names_a_dangerous_global_is_refused_unrun(
    tmp_path: Path, module: str, name: str, refused: str, container: Callable[[Path, bytes], object]
) -> None:
    marker = tmp_path / "marker"
    command = f"touch {marker}" if name == "system" else f"open({str(marker)!r}, 'w').close()"
    path = tmp_path / "pytorch_model.bin"
    container(path, _protocol2_call(module, name, command))
    with pytest.raises(CheckpointError) as error:
        read_torch_bin(path)
    _assert_refused(error, path)
    assert refused in error.value.user_message
    assert not marker.exists()


@pytest.mark.parametrize("legacy", [False, True], ids=["zip", "legacy"])
@pytest.mark.parametrize("protocol", [2, 4])
def test_a_torch_saved_reduce_object_is_refused_unrun(
    tmp_path: Path, legacy: bool, protocol: int
) -> None:
    marker = tmp_path / "marker"
    path = tmp_path / "model" / "pytorch_model.bin"
    path.parent.mkdir()
    (path.parent / "config.json").write_text("{}")
    state = {"weight": torch.ones(2), "hook": _Payload(marker)}
    torch.save(state, path, pickle_protocol=protocol, _use_new_zipfile_serialization=not legacy)
    with pytest.raises(CheckpointError) as error:
        load_checkpoint(path.parent)
    _assert_refused(error, path)
    assert f"{os.system.__module__}.system" in error.value.user_message
    assert not marker.exists()


@pytest.mark.parametrize(
    "pickled",
    [
        b"\x80\x02ctorch\nFloatStorage\n)R.",
        b"\x80\x02ctorch._utils\n_rebuild_tensor_v2\n}b.",
        b"\x80\x02ctorch._utils\n_rebuild_tensor_v2\n(K\x01K\x02tR.",
        b"\x80\x02ccollections\nOrderedDict.__init__\n.",
        b"\x80\x02(X\x07\x00\x00\x00storageK\x01tQ.",
        b"\x80\x02]q\x00.",
        b"\x80\x02(S'touch marker'\nios\nsystem\n.",
        b"\x80\x02\x82\x01.",
        b"\x80\x02(X\x07\x00\x00\x00storagectorch\nFloatStorage\nX\x01\x00\x00\x000X\x03"
        b"\x00\x00\x00cpuK\x01(K\x01K\x02K\x03ttQ.",
    ],
    ids=[
        "call-storage",
        "build-stand-in",
        "bad-rebuild",
        "dotted-name",
        "bad-pid",
        "not-a-dict",
        "inst-opcode",
        "ext-opcode",
        "storage-view",
    ],
)
def test_pickles_that_misuse_the_allowed_names_are_refused(tmp_path: Path, pickled: bytes) -> None:
    path = tmp_path / "pytorch_model.bin"
    _zip_with_pickle(path, pickled)
    with pytest.raises(CheckpointError) as error:
        read_torch_bin(path)
    _assert_refused(error, path)
    good = tmp_path / "good.bin"
    torch.save({"weight": torch.arange(3)}, good)
    assert np.array_equal(read_torch_bin(good)["weight"], [0, 1, 2])


@pytest.mark.parametrize("legacy", [False, True], ids=["zip", "legacy"])
def test_truncated_bin_files_are_refused(tmp_path: Path, legacy: bool) -> None:
    whole = tmp_path / "whole.bin"
    torch.save(_state(), whole, _use_new_zipfile_serialization=not legacy)
    data = whole.read_bytes()
    for cut in (1, 10, len(data) // 3, len(data) // 2, len(data) - 9, len(data) - 1):
        path = tmp_path / f"cut-{cut}.bin"
        path.write_bytes(data[:cut])
        with pytest.raises(CheckpointError) as error:
            read_torch_bin(path)
        _assert_refused(error, path)


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda data: None, "storage 1 is missing"),
        (lambda data: data[:8], "shorter than its tensor"),
    ],
    ids=["removed", "shortened"],
)
def test_zip_missing_or_short_storage_is_refused(
    tmp_path: Path, change: Callable[[bytes], bytes | None], problem: str
) -> None:
    source = tmp_path / "source.bin"
    torch.save({"a": torch.ones(2), "b": torch.zeros(3)}, source)
    path = tmp_path / "pytorch_model.bin"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(path, "w") as new:
        for info in old.infolist():
            data: bytes | None = old.read(info)
            if info.filename.endswith("/data/1"):
                data = change(old.read(info))
            if data is not None:
                new.writestr(info.filename, data)
    with pytest.raises(CheckpointError, match=problem) as error:
        read_torch_bin(path)
    _assert_refused(error, path)


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"garbage, not a checkpoint",
        b"\x80\x02garbage",
        b"PK\x03\x04garbage",
        bytes(range(256)),
    ],
    ids=["empty", "text", "bad-pickle", "bad-zip", "binary"],
)
@pytest.mark.parametrize("name", ["pytorch_model.bin", "model.safetensors"])
def test_garbage_weights_files_are_refused(tmp_path: Path, content: bytes, name: str) -> None:
    folder = _folder(tmp_path)
    (folder / name).write_bytes(content)
    with pytest.raises(CheckpointError) as error:
        load_checkpoint(folder)
    _assert_refused(error, folder / name)


def _safetensors_bytes(header: bytes, data: bytes = b"") -> bytes:
    return struct.pack("<Q", len(header)) + header + data


@pytest.mark.parametrize(
    "content",
    [
        struct.pack("<Q", 10**12) + b"{}",
        _safetensors_bytes(b"not json"),
        _safetensors_bytes(b"[]"),
        _safetensors_bytes(b'{"a":{"dtype":"F32","shape":[100],"data_offsets":[0,400]}}'),
        _safetensors_bytes(b'{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}', b"1234"),
        _safetensors_bytes(b'{"a":' * 1500 + b"}" * 1500),
    ],
    ids=["huge-length", "not-json", "not-object", "data-past-end", "bad-shape", "deeply-nested"],
)
def test_safetensors_header_garbage_is_refused(tmp_path: Path, content: bytes) -> None:
    folder = _folder(tmp_path)
    (folder / "model.safetensors").write_bytes(content)
    with pytest.raises(CheckpointError) as error:
        load_checkpoint(folder)
    _assert_refused(error, folder / "model.safetensors")


def test_truncated_safetensors_files_are_refused(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    path = folder / "model.safetensors"
    save_file({"a": torch.randn(4, 4), "b": torch.randn(3).to(torch.bfloat16)}, path)
    data = path.read_bytes()
    for cut in (4, 20, len(data) // 2, len(data) - 1):
        path.write_bytes(data[:cut])
        with pytest.raises(CheckpointError) as error:
            load_checkpoint(folder)
        _assert_refused(error, path)


@pytest.mark.parametrize(
    "config",
    [None, "{not json", "[1, 2]", "[" * 100_000 + "]" * 100_000, "\udcff"],
    ids=["missing", "not-json", "not-object", "deeply-nested", "not-utf8"],
)
def test_a_bad_config_is_refused(tmp_path: Path, config: str | None) -> None:
    folder = tmp_path / "model"
    folder.mkdir()
    save_file({"a": torch.ones(2)}, folder / "model.safetensors")
    if config is not None:
        (folder / "config.json").write_bytes(config.encode("utf-8", "surrogateescape"))
    with pytest.raises(CheckpointError) as error:
        load_checkpoint(folder)
    _assert_refused(error, folder / "config.json")


def test_a_deeply_nested_shard_index_is_refused(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    (folder / "model.safetensors.index.json").write_text("{" + '"a":{' * 100_000 + "}" * 100_001)
    with pytest.raises(CheckpointError) as error:
        load_checkpoint(folder)
    _assert_refused(error, folder / "model.safetensors.index.json")


def test_a_folder_without_weights_is_refused(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    (folder / "tokenizer_config.json").write_text("{}")
    with pytest.raises(CheckpointError, match="no weights file") as error:
        load_checkpoint(folder)
    _assert_refused(error, folder)


TIED_KEYS = {
    "model.encoder.embed_tokens.weight",
    "model.decoder.embed_tokens.weight",
    "lm_head.weight",
}


@pytest.mark.parametrize("safe", [True, False], ids=["safetensors", "bin"])
def test_a_real_tiny_m2m100_checkpoint_equals_its_state_dict(tmp_path: Path, safe: bool) -> None:
    from transformers import M2M100Config, M2M100ForConditionalGeneration

    torch.manual_seed(0)
    settings: dict[str, Any] = dict(
        vocab_size=128,
        d_model=16,
        encoder_layers=1,
        decoder_layers=1,
        encoder_attention_heads=2,
        decoder_attention_heads=2,
        encoder_ffn_dim=32,
        decoder_ffn_dim=32,
        max_position_embeddings=64,
    )
    config = M2M100Config(**settings)
    model = M2M100ForConditionalGeneration(config).eval()
    folder = tmp_path / "hf"
    model.save_pretrained(folder, safe_serialization=safe)
    state = model.state_dict()
    if not safe and not (folder / "pytorch_model.bin").exists():
        # transformers 5 always writes safetensors; save the .bin as transformers 4 did.
        (folder / "model.safetensors").unlink()
        torch.save(state, folder / "pytorch_model.bin")
    checkpoint = load_checkpoint(folder)
    assert checkpoint.config["model_type"] == "m2m_100"
    assert set(checkpoint.tensors) <= set(state)
    assert set(state) - set(checkpoint.tensors) <= TIED_KEYS
    for name, array in checkpoint.tensors.items():
        assert np.array_equal(array, state[name].numpy()), name
    if not safe:
        assert set(checkpoint.tensors) == set(state)


def test_the_reader_does_not_import_torch() -> None:
    code = (
        "import sys, assistant.models.checkpoint\n"
        "assert 'torch' not in sys.modules, 'torch was imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
