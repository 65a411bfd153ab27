"""Splits a stateful M2M-100 decoder so its cross-attention K/V become plain inputs.

The exported decoder keeps cross-attention K/V (and any other per-sentence tensor) in state
initialised from `encoder_hidden_states`. Here that initialiser becomes a model of its own,
run once per batch, and the decoder takes its outputs as inputs. The engine then owns those
tensors: rows of finished sentences leave the batch by indexing them, and no step reads state
back. Works on the graphs of both converters (the native one and optimum-intel's).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import openvino as ov
from openvino import opset13 as ops

from assistant.engine.compiler import PartCompiler
from assistant.engine.devices import DECODER

CROSS_PREFIX = "cross."
"""Input (and projector output) names: `cross.<state variable id>`."""
CROSS_PART = f"{DECODER}:cross"
"""The projector's part name (compiled blob and compile record)."""


def is_self_attention_state(variable_id: str) -> bool:
    """Self-attention K/V: they grow each step, and the graph reorders them by `beam_idx`."""
    return variable_id.startswith("past_key_values.") and ".decoder." in variable_id


@dataclass(frozen=True)
class SplitDecoder:
    """The decoder with cross K/V as inputs, and the model that computes them."""

    step: ov.Model
    """Inputs: the decoder's own (those still used) plus `cross.*`; output: logits."""
    cross: ov.Model
    """Input: `encoder_hidden_states` [B, S, d]; outputs `cross.*`, each [B, ...]."""


def _per_sentence_reads(model: ov.Model) -> list[ov.Node]:
    return [
        op
        for op in model.get_ordered_ops()
        if op.get_type_name() == "ReadValue" and not is_self_attention_state(op.get_variable_id())
    ]


def _parameters_of(outputs: list[ov.Output]) -> list[ov.Node]:
    """The Parameters the given outputs depend on, in a stable order."""
    found: dict[str, ov.Node] = {}
    seen: set[str] = set()
    pending = [output.get_node() for output in outputs]
    while pending:
        node = pending.pop()
        if node.get_name() in seen:
            continue
        seen.add(node.get_name())
        if node.get_type_name() == "Parameter":
            found[node.get_friendly_name()] = node
        pending.extend(value.get_node() for value in node.input_values())
    return [found[name] for name in sorted(found)]


def split_cross_attention(model: ov.Model) -> SplitDecoder | None:
    """The split decoder, or None when the graph holds no per-sentence state."""
    step, source = model.clone(), model.clone()
    reads = _per_sentence_reads(step)
    if not reads:
        return None
    added: list[ov.Node] = []
    for read in reads:
        name = CROSS_PREFIX + read.get_variable_id()
        parameter = ops.parameter(
            read.get_output_partial_shape(0), read.get_output_element_type(0), name=name
        )
        parameter.output(0).get_tensor().set_names({name})
        for target in list(read.output(0).get_target_inputs()):
            consumer = target.get_node()
            if consumer.get_type_name() == "Assign":
                step.remove_sink(consumer)
            else:
                target.replace_source_output(parameter.output(0))
        step.remove_variable(step.get_variable_by_id(read.get_variable_id()))
        added.append(parameter)
    step.add_parameters(added)
    for parameter in list(step.get_parameters()):
        if not parameter.output(0).get_target_inputs():
            step.remove_parameter(parameter)
    source_reads = _per_sentence_reads(source)
    for read in source_reads:
        # On the first step a state's value is its initialiser: bypass the state.
        for target in list(read.output(0).get_target_inputs()):
            if target.get_node().get_type_name() != "Assign":
                target.replace_source_output(read.input_value(0))
    results = []
    for read in source_reads:
        init = read.input_value(0)
        if init.get_node().get_type_name() == "Parameter":
            # A state that copies an input: the result needs its own tensor to carry a name.
            init = ops.convert(init, init.get_element_type()).output(0)
        result = ops.result(init)
        name = CROSS_PREFIX + read.get_variable_id()
        result.output(0).get_tensor().set_names({name})
        results.append(result)
    inputs = _parameters_of([r.input_value(0) for r in results])
    cross = ov.Model(results, inputs, "m2m100_cross_kv")
    return SplitDecoder(step=step, cross=cross)


def compile_decoder(
    compiler: PartCompiler, model: ov.Model, devices: Sequence[str]
) -> tuple[ov.CompiledModel, ov.CompiledModel | None, str]:
    """Compile the decoder split for batching (step, cross projector, device); a graph with
    no per-sentence state is compiled as it is, with no projector."""
    split = split_cross_attention(model)
    if split is None:
        compiled, device = compiler.compile(DECODER, model, devices)
        return compiled, None, device
    compiled, device = compiler.compile(DECODER, split.step, devices)
    cross, _ = compiler.compile(CROSS_PART, split.cross, (device,), record=False)
    return compiled, cross, device
