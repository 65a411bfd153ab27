"""Counts, sizes and model parts as the user reads them, in the window and the CLI alike."""

from __future__ import annotations

import pytest

from assistant.core.wording import count_of, part_label, size_text


@pytest.mark.parametrize(
    ("number", "expected"),
    [(0, "0 files"), (1, "1 file"), (2, "2 files"), (12_000, "12,000 files")],
)
def test_counts_use_the_singular_only_for_one(number: int, expected: str) -> None:
    assert count_of(number, "file") == expected


def test_irregular_plurals_are_given() -> None:
    assert count_of(1, "entry", "entries") == "1 entry"
    assert count_of(3, "entry", "entries") == "3 entries"


@pytest.mark.parametrize(
    ("size", "expected"),
    [(2_516_582, "2.4 MiB"), (626_000_000, "597 MiB"), (1_932_735_283, "1.8 GiB")],
)
def test_sizes_are_in_binary_units(size: int, expected: str) -> None:
    assert size_text(size) == expected


def test_model_parts_are_named_in_plain_words() -> None:
    assert part_label("encoder:32") == "encoder (sentences up to 32 tokens)"
    assert part_label("decoder") == "decoder"
