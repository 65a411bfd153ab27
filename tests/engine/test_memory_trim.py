"""Releasing mapped weight pages after the first inference keeps results identical."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from assistant.core.translation import TranslationOptions
from assistant.engine.memory_trim import release_file_pages
from tests.builders.tiny_m2m100 import TinyM2M100
from tests.engine.conftest import ParityPair


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="madvise on Linux only")
def test_released_weight_pages_are_read_back_and_results_do_not_change(
    real_tok_pair: ParityPair, tiny_m2m100: TinyM2M100
) -> None:
    runner = real_tok_pair.runner
    ids = runner.tokenizer.encode("Memory is given back, answers stay the same.", "en")
    options = TranslationOptions(beam_size=2, max_new_tokens=10)
    before = runner.generate_ids(ids, "fr", options)
    # The weights are mapped from the unnamed files the verified bytes were kept in.
    mapped = {
        Path(line.split(maxsplit=5)[5])
        for line in Path("/proc/self/maps").read_text().splitlines()
        if f"{tiny_m2m100.ov_dir}/#" in line
    }
    assert mapped and release_file_pages(mapped) > 0
    assert runner.generate_ids(ids, "fr", options) == before
    assert runner.generate_ids(ids, "fr", options) == real_tok_pair.reference_ids(
        ids, "fr", num_beams=2, max_new_tokens=10
    )


def test_files_that_are_not_mapped_release_nothing(tmp_path: Path) -> None:
    assert release_file_pages([tmp_path / "absent.bin"]) == 0
    assert release_file_pages([]) == 0
