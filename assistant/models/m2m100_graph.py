"""M2M-100 as OpenVINO graphs, built with the opset API from numpy weights (no torch).

The encoder maps `input_ids`, `attention_mask` [B, S] to `last_hidden_state` [B, S, d]. The
decoder is stateful, with the engine's contract: inputs `input_ids` [B, T],
`encoder_hidden_states`, `encoder_attention_mask` and `beam_idx` [B]; output `logits`
[B, T, vocab]. Self-attention K/V live in ReadValue/Assign state that `beam_idx` reorders;
cross-attention K/V are the state's initialiser, so they are computed once per sentence (after
each `reset_state()`) and read back on later steps.
"""

from __future__ import annotations

import numpy as np
import openvino as ov
from openvino import opset13 as ops

from assistant.models.graph_ops import (
    NEG_INF,
    Port,
    attention,
    const,
    embed,
    feed_forward,
    layer_norm,
    linear,
    merge_heads,
    name_output,
    padding_bias,
    parameter,
    positions_from_ids,
    split_heads,
)
from assistant.models.m2m100_spec import M2M100Spec, M2M100Weights, sinusoidal_table

DYNAMIC = -1


def build_encoder(spec: M2M100Spec, weights: M2M100Weights) -> ov.Model:
    """The encoder graph with dynamic batch and length (the engine reshapes it per bucket)."""
    ids = parameter("input_ids", [DYNAMIC, DYNAMIC], ov.Type.i64)
    mask = parameter("attention_mask", [DYNAMIC, DYNAMIC], ov.Type.i64)
    head_dim = spec.d_model // spec.encoder_heads
    hidden: ov.Node = embed(
        ids,
        const(weights.shared()),
        spec.embed_scale,
        positions_from_ids(ids, spec.pad_id),
        const(sinusoidal_table(spec)),
    )
    bias = padding_bias(mask)
    for layer in range(spec.encoder_layers):
        prefix = f"encoder.layers.{layer}"
        normed = layer_norm(hidden, weights, f"{prefix}.self_attn_layer_norm", spec.layer_norm_eps)
        heads = [
            split_heads(
                linear(normed, weights, f"{prefix}.self_attn.{part}_proj"),
                spec.encoder_heads,
                head_dim,
            )
            for part in ("q", "k", "v")
        ]
        context = attention(heads[0], heads[1], heads[2], bias, head_dim)
        projected = linear(
            merge_heads(context, spec.d_model), weights, f"{prefix}.self_attn.out_proj"
        )
        hidden = ops.add(hidden, projected)
        normed = layer_norm(hidden, weights, f"{prefix}.final_layer_norm", spec.layer_norm_eps)
        hidden = ops.add(hidden, feed_forward(normed, weights, prefix))
    out = layer_norm(hidden, weights, "encoder.layer_norm", spec.layer_norm_eps)
    result = ops.result(name_output(out, "last_hidden_state"))
    return ov.Model([result], [ids, mask], "m2m100_encoder")


class _DecoderBuilder:
    """Holds the decoder's inputs and state reads, and collects its Assign sinks."""

    def __init__(self, spec: M2M100Spec, weights: M2M100Weights) -> None:
        self.spec = spec
        self.weights = weights
        self.head_dim = spec.d_model // spec.decoder_heads
        self.ids = parameter("input_ids", [DYNAMIC, DYNAMIC], ov.Type.i64)
        self.encoder_hidden = parameter(
            "encoder_hidden_states", [DYNAMIC, DYNAMIC, spec.d_model], ov.Type.f32
        )
        self.encoder_mask = parameter("encoder_attention_mask", [DYNAMIC, DYNAMIC], ov.Type.i64)
        self.beam_idx = parameter("beam_idx", [DYNAMIC], ov.Type.i32)
        self.sinks: list[ov.Node] = []
        batch = ops.gather(ops.shape_of(self.ids), const([0], np.int64), const(0, np.int64))
        empty_shape = ops.concat(
            [batch, const([spec.decoder_heads, 0, self.head_dim], np.int64)], 0
        )
        state_shape = ov.PartialShape([DYNAMIC, spec.decoder_heads, DYNAMIC, self.head_dim])
        self.past: dict[str, ov.Node] = {}
        for layer in range(spec.decoder_layers):
            for role in ("key", "value"):
                variable = f"past_key_values.{layer}.decoder.{role}"
                empty = ops.broadcast(const(0.0), empty_shape)
                read = ops.read_value(empty, variable, ov.Type.f32, state_shape)
                self.past[variable] = ops.gather(read, self.beam_idx, const(0, np.int64))
        first = self.past["past_key_values.0.decoder.key"]
        self.past_length = ops.gather(ops.shape_of(first), const([2], np.int64), const(0, np.int64))

    def _heads(self, x: Port, prefix: str) -> ov.Node:
        linear_out = linear(x, self.weights, prefix)
        return split_heads(linear_out, self.spec.decoder_heads, self.head_dim)

    def causal_bias(self) -> ov.Node:
        """Additive bias [T, past + T]: query i (at `past + i`) sees keys up to `past + i`."""
        steps = ops.gather(ops.shape_of(self.ids), const([1], np.int64), const(0, np.int64))
        total = ops.squeeze(ops.add(self.past_length, steps), const([0], np.int64))
        start = ops.squeeze(self.past_length, const([0], np.int64))
        one = const(1, np.int64)
        rows = ops.range(start, total, one, ov.Type.i64)
        cols = ops.range(const(0, np.int64), total, one, ov.Type.i64)
        visible = ops.less_equal(
            ops.unsqueeze(cols, const([0], np.int64)), ops.unsqueeze(rows, const([1], np.int64))
        )
        return ops.select(visible, const(0.0), const(NEG_INF))

    def self_attention(self, normed: ov.Node, layer: int, bias: ov.Node) -> ov.Node:
        """Causal self-attention whose K/V state grows by the new tokens each step."""
        prefix = f"decoder.layers.{layer}.self_attn"
        query = self._heads(normed, f"{prefix}.q_proj")
        grown = []
        for part, role in (("k", "key"), ("v", "value")):
            variable = f"past_key_values.{layer}.decoder.{role}"
            full = ops.concat(
                [self.past[variable], self._heads(normed, f"{prefix}.{part}_proj")], 2
            )
            self.sinks.append(ops.assign(full, variable))
            grown.append(full)
        context = attention(query, grown[0], grown[1], bias, self.head_dim)
        return linear(merge_heads(context, self.spec.d_model), self.weights, f"{prefix}.out_proj")

    def cross_attention(self, normed: ov.Node, layer: int, bias: ov.Node) -> ov.Node:
        """Attention over the encoder output; its K/V are the state's initialiser, computed on
        the first step after a reset and read back afterwards."""
        prefix = f"decoder.layers.{layer}.encoder_attn"
        query = self._heads(normed, f"{prefix}.q_proj")
        kept = []
        for part, role in (("k", "key"), ("v", "value")):
            variable = f"past_key_values.{layer}.encoder.{role}"
            read = ops.read_value(
                self._heads(self.encoder_hidden, f"{prefix}.{part}_proj"), variable
            )
            self.sinks.append(ops.assign(read, variable))
            kept.append(read)
        context = attention(query, kept[0], kept[1], bias, self.head_dim)
        return linear(merge_heads(context, self.spec.d_model), self.weights, f"{prefix}.out_proj")

    def build(self) -> ov.Model:
        spec, weights, eps = self.spec, self.weights, self.spec.layer_norm_eps
        shared = const(weights.shared())
        positions = positions_from_ids(self.ids, spec.pad_id, self.past_length)
        hidden: ov.Node = embed(
            self.ids, shared, spec.embed_scale, positions, const(sinusoidal_table(spec))
        )
        causal, cross = self.causal_bias(), padding_bias(self.encoder_mask)
        for layer in range(spec.decoder_layers):
            prefix = f"decoder.layers.{layer}"
            normed = layer_norm(hidden, weights, f"{prefix}.self_attn_layer_norm", eps)
            hidden = ops.add(hidden, self.self_attention(normed, layer, causal))
            normed = layer_norm(hidden, weights, f"{prefix}.encoder_attn_layer_norm", eps)
            hidden = ops.add(hidden, self.cross_attention(normed, layer, cross))
            normed = layer_norm(hidden, weights, f"{prefix}.final_layer_norm", eps)
            hidden = ops.add(hidden, feed_forward(normed, weights, prefix))
        out = layer_norm(hidden, weights, "decoder.layer_norm", eps)
        head = shared if weights.lm_head_is_tied() else const(weights.get("lm_head.weight"))
        logits = ops.matmul(out, head, False, True)
        result = ops.result(name_output(logits, "logits"))
        params = [self.ids, self.encoder_hidden, self.encoder_mask, self.beam_idx]
        return ov.Model([result], self.sinks, params, "m2m100_decoder")


def build_decoder(spec: M2M100Spec, weights: M2M100Weights) -> ov.Model:
    """The stateful decoder graph (the embedding and LM head share one constant)."""
    return _DecoderBuilder(spec, weights).build()
