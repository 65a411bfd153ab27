"""Fixtures for the state tests: a vault over the temporary app directories."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from assistant.paths import AppPaths
from assistant.state.records import TranslationRecord
from assistant.state.settings import Settings
from assistant.state.vault import Vault


@pytest.fixture
def vault(app_paths: AppPaths) -> Iterator[Vault]:
    """A vault with default settings (history on, audit off), closed after the test."""
    opened = Vault(app_paths, Settings())
    yield opened
    opened.close()


def record(source: str, output: str = "", route: str = "model") -> TranslationRecord:
    """A German-to-English record; the output defaults to a marked copy of the source."""
    return TranslationRecord(source, output or f"EN<{source}>", "de", "en", route, ("langid",))
