"""Golden preflight: run a bundle's golden vectors and compare ids exactly.

Runs on the engine worker thread right after compiling, before the engine says "ready".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from assistant.core.translation import TranslationOptions
from assistant.engine.m2m100 import DECODER_START_ID, M2M100Runner
from assistant.models.golden import GoldenVector


@dataclass(frozen=True)
class PreflightResult:
    """Whether every golden vector matched, and the first mismatch if not."""

    passed: bool
    checked: int
    detail: str = ""


def _strip_start(ids: Sequence[int]) -> tuple[int, ...]:
    return tuple(ids[1:]) if ids and ids[0] == DECODER_START_ID else tuple(ids)


def run_preflight(runner: M2M100Runner, golden: Sequence[GoldenVector]) -> PreflightResult:
    """Greedy-translate each vector and compare with its expected ids (with or without the
    leading decoder-start id). The decoder state is reset afterwards."""
    try:
        for number, vector in enumerate(golden):
            ids = runner.tokenizer.encode(vector.source, vector.source_lang)
            options = TranslationOptions(beam_size=1, max_new_tokens=vector.max_new_tokens)
            got = runner.generate_ids(ids, vector.target_lang, options)
            if _strip_start(got) != _strip_start(vector.token_ids):
                return PreflightResult(
                    False,
                    number + 1,
                    f"golden vector {number + 1} ({vector.source_lang}->{vector.target_lang}) "
                    f"gave {len(got)} ids that differ from the expected {len(vector.token_ids)}",
                )
        return PreflightResult(True, len(golden))
    finally:
        runner.reset()
