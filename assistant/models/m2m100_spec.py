"""The shape of an M2M-100 checkpoint, read from its `config.json`, and its weights by role.

Used by the native converter only; plain data, no OpenVINO.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from assistant.models.errors import ExportError

SUPPORTED_ARCHITECTURES = ("M2M100ForConditionalGeneration",)
POSITION_OFFSET = 2
"""M2M-100's sinusoidal table starts `padding_idx + 1` rows in; fairseq reserves two rows."""


def _int(config: Mapping[str, object], key: str, default: int | None = None) -> int:
    value = config.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ExportError(f"config.json: '{key}' must be a positive whole number, not {value!r}.")
    return value


@dataclass(frozen=True)
class M2M100Spec:
    """The hyper-parameters the graphs need."""

    d_model: int
    encoder_layers: int
    decoder_layers: int
    encoder_heads: int
    decoder_heads: int
    encoder_ffn: int
    decoder_ffn: int
    vocab_size: int
    max_positions: int
    pad_id: int
    scale_embedding: bool
    layer_norm_eps: float = 1e-5

    @property
    def embed_scale(self) -> float:
        """What token embeddings are multiplied by."""
        return float(np.sqrt(self.d_model)) if self.scale_embedding else 1.0

    @classmethod
    def from_config(cls, config: Mapping[str, object]) -> M2M100Spec:
        """Check that `config` describes an M2M-100 these graphs reproduce, and read it."""
        architectures = config.get("architectures") or []
        if not isinstance(architectures, list) or not any(
            arch in SUPPORTED_ARCHITECTURES for arch in architectures
        ):
            raise ExportError(
                f"config.json describes {architectures or 'an unknown architecture'}; only "
                f"{', '.join(SUPPORTED_ARCHITECTURES)} checkpoints can be converted."
            )
        activation = config.get("activation_function", "relu")
        if activation != "relu":
            raise ExportError(f"config.json: activation '{activation}' is not supported (relu).")
        spec = cls(
            d_model=_int(config, "d_model"),
            encoder_layers=_int(config, "encoder_layers"),
            decoder_layers=_int(config, "decoder_layers"),
            encoder_heads=_int(config, "encoder_attention_heads"),
            decoder_heads=_int(config, "decoder_attention_heads"),
            encoder_ffn=_int(config, "encoder_ffn_dim"),
            decoder_ffn=_int(config, "decoder_ffn_dim"),
            vocab_size=_int(config, "vocab_size"),
            max_positions=_int(config, "max_position_embeddings", 1024),
            pad_id=_int(config, "pad_token_id", 1),
            scale_embedding=bool(config.get("scale_embedding", True)),
        )
        for heads in (spec.encoder_heads, spec.decoder_heads):
            if spec.d_model % heads:
                raise ExportError(
                    f"config.json: d_model {spec.d_model} is not divisible by {heads}."
                )
        return spec


def sinusoidal_table(spec: M2M100Spec) -> np.ndarray:
    """The fixed position table, row `padding_idx` zero, computed in float32 as transformers
    does (it is not stored in checkpoints)."""
    rows = spec.max_positions + POSITION_OFFSET
    half = spec.d_model // 2
    step = np.float32(np.log(10000.0) / (half - 1))
    freqs = np.exp(np.arange(half, dtype=np.float32) * -step).astype(np.float32)
    angles = np.arange(rows, dtype=np.float32)[:, None] * freqs[None, :]
    table = np.concatenate([np.sin(angles), np.cos(angles)], axis=1).astype(np.float32)
    if spec.d_model % 2:
        table = np.concatenate([table, np.zeros((rows, 1), dtype=np.float32)], axis=1)
    table[spec.pad_id, :] = 0.0
    return table


class M2M100Weights:
    """Looks up a checkpoint's tensors by their transformers names, with or without the
    `model.` prefix, resolving the tied embedding and LM head."""

    _SHARED = (
        "model.shared.weight",
        "shared.weight",
        "model.encoder.embed_tokens.weight",
        "model.decoder.embed_tokens.weight",
        "lm_head.weight",
    )

    def __init__(self, tensors: Mapping[str, np.ndarray]) -> None:
        self._tensors = tensors

    def get(self, name: str) -> np.ndarray:
        """The float32 tensor `name` (for example `encoder.layers.0.fc1.weight`)."""
        for candidate in (f"model.{name}", name):
            if candidate in self._tensors:
                return np.asarray(self._tensors[candidate], dtype=np.float32)
        raise ExportError(
            f"The checkpoint has no tensor '{name}'; it is incomplete or not an M2M-100 model."
        )

    def shared(self) -> np.ndarray:
        """The token embedding shared by encoder, decoder and LM head."""
        for candidate in self._SHARED:
            if candidate in self._tensors:
                return np.asarray(self._tensors[candidate], dtype=np.float32)
        raise ExportError("The checkpoint has no shared token embedding ('model.shared.weight').")

    def lm_head_is_tied(self) -> bool:
        """False when the checkpoint stores an LM head that differs from the embedding."""
        if "lm_head.weight" not in self._tensors:
            return True
        shared = self.shared()
        head = np.asarray(self._tensors["lm_head.weight"], dtype=np.float32)
        return head.shape == shared.shape and bool(np.array_equal(head, shared))
