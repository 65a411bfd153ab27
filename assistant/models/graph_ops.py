"""Small OpenVINO opset builders shared by the M2M-100 encoder and decoder graphs.

Each mirrors one transformers module (Linear, LayerNorm, attention) so the graphs stay readable
and NNCF sees the `MatMul(transpose_b)` weight pattern it compresses.
"""

from __future__ import annotations

from typing import TypeAlias

import numpy as np
import openvino as ov
from openvino import opset13 as ops

from assistant.models.m2m100_spec import M2M100Weights

Port: TypeAlias = ov.Node | ov.Output
"""Anything an op takes as an input."""
NEG_INF = np.float32(-np.inf)
SHARE_FROM_ELEMENTS = 4096
"""Constants this large reference the numpy buffer instead of copying it."""


def const(values: object, dtype: type = np.float32) -> ov.Node:
    """A constant node holding `values` as `dtype`."""
    array: np.ndarray = np.asarray(values, dtype=dtype)
    if array.size >= SHARE_FROM_ELEMENTS and array.flags.c_contiguous and array.flags.writeable:
        # Weights stay in the checkpoint's (copy-on-write) mapping until NNCF or save reads them.
        return ov.op.Constant(array, shared_memory=True)
    return ops.constant(array if array.flags.c_contiguous else array.copy())


def name_output(node: Port, name: str) -> ov.Output:
    """Give a node's first output the tensor name the engine looks up."""
    output = node if isinstance(node, ov.Output) else node.output(0)
    output.get_tensor().set_names({name})
    return output


def parameter(name: str, shape: list[int], dtype: ov.Type) -> ov.Node:
    """A model input with its tensor name set."""
    node = ops.parameter(ov.PartialShape(shape), dtype, name=name)
    name_output(node, name)
    return node


def linear(x: Port, weights: M2M100Weights, prefix: str) -> ov.Node:
    """`x @ W.T + b` for the transformers Linear at `prefix`."""
    y = ops.matmul(x, const(weights.get(f"{prefix}.weight")), False, True)
    return ops.add(y, const(weights.get(f"{prefix}.bias")))


def layer_norm(x: Port, weights: M2M100Weights, prefix: str, eps: float) -> ov.Node:
    """LayerNorm over the last axis with the affine weights at `prefix`."""
    normed = ops.mvn(x, const([-1], np.int64), True, eps, "inside_sqrt")
    scaled = ops.multiply(normed, const(weights.get(f"{prefix}.weight")))
    return ops.add(scaled, const(weights.get(f"{prefix}.bias")))


def split_heads(x: Port, heads: int, head_dim: int) -> ov.Node:
    """[B, T, H*D] -> [B, H, T, D]."""
    shaped = ops.reshape(x, const([0, 0, heads, head_dim], np.int64), True)
    return ops.transpose(shaped, const([0, 2, 1, 3], np.int64))


def merge_heads(x: Port, width: int) -> ov.Node:
    """[B, H, T, D] -> [B, T, H*D]."""
    moved = ops.transpose(x, const([0, 2, 1, 3], np.int64))
    return ops.reshape(moved, const([0, 0, width], np.int64), True)


def padding_bias(mask: Port) -> ov.Node:
    """An int mask [B, S] (1 = token) as an additive attention bias [B, 1, 1, S]."""
    keep = ops.not_equal(mask, const(0, np.int64))
    bias = ops.select(keep, const(0.0), const(NEG_INF))
    return ops.unsqueeze(bias, const([1, 2], np.int64))


def attention(
    query: Port,
    key: Port,
    value: Port,
    bias: Port,
    head_dim: int,
) -> ov.Node:
    """Scaled dot-product attention on [B, H, T, D] heads with an additive bias."""
    scale = const(np.float32(head_dim**-0.5))
    return ops.scaled_dot_product_attention(query, key, value, bias, scale)


def feed_forward(x: Port, weights: M2M100Weights, prefix: str) -> ov.Node:
    """fc2(relu(fc1(x)))."""
    return linear(ops.relu(linear(x, weights, f"{prefix}.fc1")), weights, f"{prefix}.fc2")


def positions_from_ids(ids: Port, pad_id: int, past: Port | None = None) -> ov.Node:
    """transformers' `create_position_ids_from_input_ids`: padding tokens get `pad_id` (a zero
    row), the others `pad_id + past + their rank among non-padding tokens`."""
    is_token = ops.convert(ops.not_equal(ids, const(pad_id, np.int64)), ov.Type.i64)
    rank = ops.cumsum(is_token, const(1, np.int64))
    if past is not None:
        rank = ops.add(rank, past)
    return ops.add(ops.multiply(rank, is_token), const(pad_id, np.int64))


def embed(
    ids: Port,
    table: ov.Node,
    scale: float,
    positions: Port,
    position_table: ov.Node,
) -> ov.Node:
    """Scaled token embedding plus the sinusoidal position embedding."""
    tokens = ops.gather(table, ids, const(0, np.int64))
    if scale != 1.0:
        tokens = ops.multiply(tokens, const(np.float32(scale)))
    return ops.add(tokens, ops.gather(position_table, positions, const(0, np.int64)))
