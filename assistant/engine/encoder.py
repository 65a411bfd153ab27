"""The M2M-100 encoder compiled at static length buckets (static shapes suit the NPU).

Owned by the engine worker thread; one infer request per bucket, reused for every sentence.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import openvino as ov

from assistant.engine.compiler import PartCompiler
from assistant.engine.devices import ENCODER

DEFAULT_BUCKETS: tuple[int, ...] = (32, 64, 128)


@dataclass(frozen=True)
class EncodedSource:
    """Encoder output for one sentence, padded (to its bucket, or its batch's length)."""

    hidden: np.ndarray
    """[1, padded length, d_model] float32."""
    mask: np.ndarray
    """[1, padded length] int64: 1 on real tokens, 0 on padding."""
    tokens: int


class BucketedEncoder:
    """Runs the encoder on the smallest static bucket that fits a sentence."""

    def __init__(
        self,
        model: ov.Model,
        compiler: PartCompiler,
        devices: Sequence[str],
        buckets: Sequence[int] = DEFAULT_BUCKETS,
        pad_id: int = 1,
    ) -> None:
        if not buckets or any(b < 4 for b in buckets):
            raise ValueError(f"encoder buckets must be at least 4 tokens: {buckets}")
        self.buckets: tuple[int, ...] = tuple(sorted(set(buckets)))
        self._pad_id = pad_id
        self._requests: dict[int, ov.InferRequest] = {}
        self.last_seconds = 0.0
        """Wall time of the last `encode` call."""
        remaining = list(devices)
        self.device = remaining[0]
        for bucket in self.buckets:
            if remaining[0] == "CPU" and self._requests:
                # The CPU takes any shape: one compiled model serves every bucket (still fed
                # padded to the bucket, so results are the same) and holds the weights once.
                self._requests[bucket] = next(iter(self._requests.values()))
                continue

            def shaped_for(device: str, length: int = bucket) -> ov.Model:
                shaped = model.clone()
                dims = [-1, -1] if device == "CPU" else [1, length]
                shaped.reshape({"input_ids": dims, "attention_mask": dims})
                return shaped

            compiled, device = compiler.compile(f"{ENCODER}:{bucket}", shaped_for, remaining)
            # Every bucket runs on one device: later buckets skip devices that already failed.
            remaining = remaining[remaining.index(device) :]
            self.device = device
            self._requests[bucket] = compiled.create_infer_request()

    @property
    def max_tokens(self) -> int:
        """The largest sentence (in ids, with language and EOS tokens) the encoder takes."""
        return self.buckets[-1]

    def bucket_for(self, length: int) -> int:
        """The smallest bucket holding `length` ids."""
        for bucket in self.buckets:
            if length <= bucket:
                return bucket
        raise ValueError(f"{length} ids exceed the largest bucket {self.max_tokens}")

    def encode(self, ids: Sequence[int]) -> EncodedSource:
        """Pad with the pad id (mask 0 there) and run the bucket's compiled encoder."""
        started = time.perf_counter()
        bucket = self.bucket_for(len(ids))
        input_ids = np.full((1, bucket), self._pad_id, dtype=np.int64)
        input_ids[0, : len(ids)] = ids
        mask = np.zeros((1, bucket), dtype=np.int64)
        mask[0, : len(ids)] = 1
        request = self._requests[bucket]
        request.infer({"input_ids": input_ids, "attention_mask": mask})
        hidden = request.get_output_tensor(0).data.copy()
        self.last_seconds = time.perf_counter() - started
        return EncodedSource(hidden=hidden, mask=mask, tokens=len(ids))

    def encode_batch(self, sources: Sequence[Sequence[int]]) -> list[EncodedSource]:
        """Encode several sentences: on the CPU in one call, padded to the longest one's
        length rounded up to a multiple of 8 (the CPU takes any shape, and padding is compute
        the encoder wastes); elsewhere (static shapes) one by one. `last_seconds` is the
        whole time."""
        started = time.perf_counter()
        if self.device != "CPU" or len(sources) == 1:
            results = [self.encode(ids) for ids in sources]
            self.last_seconds = time.perf_counter() - started
            return results
        bucket = self.bucket_for(max(len(ids) for ids in sources))
        length = min(bucket, -(-max(len(ids) for ids in sources) // 8) * 8)
        input_ids = np.full((len(sources), length), self._pad_id, dtype=np.int64)
        mask = np.zeros((len(sources), length), dtype=np.int64)
        for row, ids in enumerate(sources):
            input_ids[row, : len(ids)] = ids
            mask[row, : len(ids)] = 1
        request = self._requests[bucket]
        request.infer({"input_ids": input_ids, "attention_mask": mask})
        hidden = request.get_output_tensor(0).data
        results = [
            EncodedSource(
                hidden=hidden[row : row + 1].copy(),
                mask=mask[row : row + 1].copy(),
                tokens=len(ids),
            )
            for row, ids in enumerate(sources)
        ]
        self.last_seconds = time.perf_counter() - started
        return results

    def warm(self) -> None:
        """Run every bucket once, so the device finishes preparing its weights now."""
        for bucket in self.buckets:
            self.encode([self._pad_id] * bucket)

    def reset(self) -> None:
        """Forget the last sentence: fresh infer requests hold no user data."""
        fresh: dict[int, ov.InferRequest] = {}
        renewed: dict[int, ov.InferRequest] = {}
        for bucket, request in self._requests.items():
            key = id(request)
            if key not in renewed:
                renewed[key] = request.get_compiled_model().create_infer_request()
            fresh[bucket] = renewed[key]
        self._requests = fresh
