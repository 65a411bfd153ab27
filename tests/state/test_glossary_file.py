"""The user's glossary file: its documented format, and clear refusals of a malformed one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.core.errors import StateError
from assistant.core.glossary import Glossary, GlossaryEntry
from assistant.core.masking import Replacement
from assistant.state.glossary_file import GlossaryFile


def test_no_file_is_an_empty_glossary(tmp_path: Path) -> None:
    assert GlossaryFile.in_config(tmp_path).load() == Glossary()


def test_terms_and_do_not_translate_words_are_read(tmp_path: Path) -> None:
    (tmp_path / "glossary.json").write_text(
        json.dumps(
            {
                "do_not_translate": [" OpenVINO "],
                "terms": [
                    {"source_lang": "English", "target_lang": "de-DE", "source": "laptop",
                     "target": "Notebook"},
                ],
            }
        ),
        encoding="utf-8",
    )  # fmt: skip
    glossary = GlossaryFile.in_config(tmp_path).load()
    assert glossary == Glossary((GlossaryEntry("en", "de", "laptop", "Notebook"),), ("OpenVINO",))
    assert glossary.replacements("en", "de") == (
        Replacement("laptop", "Notebook"),
        Replacement("OpenVINO", "OpenVINO"),
    )


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"{not json", "not valid JSON"),
        (b"\xff\xfe", "not valid JSON"),
        (b"[" * 300_000, "nests deeper than"),
        (b'{"terms": ' * 50_000, "nests deeper than"),
        (b" " * 2_000_000 + b"{}", "larger than 1 MB"),
        (b'["OpenVINO"]', "the top level must be"),
        (b'{"words": []}', "the top level must be"),
        (b'{"do_not_translate": [""]}', "non-empty strings"),
        (b'{"terms": {}}', '"terms" must be a list'),
        (b'{"terms": [{"source": "a"}]}', "term 1 must have exactly"),
        (
            b'{"terms": [{"source_lang": "tlh", "target_lang": "de", "source": "a", '
            b'"target": "b"}]}',
            "term 1 names an unknown language",
        ),
    ],
)
def test_a_malformed_file_is_refused_with_what_to_fix(
    tmp_path: Path, content: bytes, problem: str
) -> None:
    (tmp_path / "glossary.json").write_bytes(content)
    with pytest.raises(StateError) as raised:
        GlossaryFile.in_config(tmp_path).load()
    message = raised.value.user_message
    assert problem in message and "glossary.json was not used" in message
    assert "translations work without it" in message
