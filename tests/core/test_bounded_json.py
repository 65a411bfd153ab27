"""Bounded JSON loading: size and nesting are refused as malformed, before the parser runs."""

from __future__ import annotations

import pytest

from assistant.core.bounded_json import JsonLimitError, loads_bounded, nests_deeper_than


def test_ordinary_json_loads() -> None:
    assert loads_bounded(b'{"a": [1, {"b": "x"}]}', 1000) == {"a": [1, {"b": "x"}]}


@pytest.mark.parametrize(
    "raw", [b"[" * 300_000, b"[" * 300_000 + b"]" * 300_000, b'{"a":' * 100_000 + b"1"]
)
def test_deep_nesting_is_a_limit_error_not_a_recursion_error(raw: bytes) -> None:
    with pytest.raises(JsonLimitError, match="nests deeper than 64 levels"):
        loads_bounded(raw, 10_000_000)


def test_brackets_inside_strings_do_not_count_as_nesting() -> None:
    raw = b'["' + b"[" * 1000 + b'\\"[[", "{{{"]'
    assert not nests_deeper_than(raw, 1)
    assert loads_bounded(raw, 10_000) == ["[" * 1000 + '"[[', "{{{"]


def test_a_file_larger_than_the_cap_is_refused() -> None:
    with pytest.raises(JsonLimitError, match="larger than 10 bytes"):
        loads_bounded(b"[1, 2, 3, 4, 5]", 10)


def test_malformed_json_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        loads_bounded(b"{not json", 100)
    with pytest.raises(ValueError):
        loads_bounded(b"\xff", 100)
