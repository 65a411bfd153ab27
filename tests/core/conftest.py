"""Cascade fixtures: the real tiny M2M-100 engine, a real encrypted memory, one identifier."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest

from assistant.core.langid import LanguageIdentifier
from assistant.core.translation import TranslationOutput, TranslationRequest, Translator
from assistant.paths import AppPaths
from assistant.state.settings import Settings
from assistant.state.vault import Vault
from tests.builders.tiny_m2m100 import TinyM2M100


@dataclass
class RecordingTranslator:
    """The real engine, with a record of what the cascade asked it to translate."""

    runner: Translator
    calls: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def model_version(self) -> str:
        return self.runner.model_version

    def supported_languages(self) -> frozenset[str]:
        return self.runner.supported_languages()

    def translate(self, request: TranslationRequest) -> TranslationOutput:
        self.calls.append((request.text, request.source, request.target))
        return self.runner.translate(request)


@pytest.fixture(scope="session")
def tiny_runner(tiny_m2m100: TinyM2M100) -> Translator:
    """The engine's M2M-100 runner on the tiny model (CPU, exact precision)."""
    from assistant.engine.precision import Precision
    from assistant.engine.warmup import warm_up

    runner, _ = warm_up(
        tiny_m2m100.ov_dir, precision=Precision.F32, buckets=(16, 32, 64), model_version="tiny"
    )
    return runner


@pytest.fixture
def engine(tiny_runner: Translator) -> RecordingTranslator:
    """The tiny engine, recording each call."""
    return RecordingTranslator(tiny_runner)


@pytest.fixture(scope="session")
def identifier() -> LanguageIdentifier:
    """One warmed-up language identifier for the whole session."""
    shared = LanguageIdentifier()
    shared.warm_up()
    return shared


@pytest.fixture
def vault(app_paths: AppPaths) -> Iterator[Vault]:
    """The state layer's encrypted store (history on), closed after the test."""
    opened = Vault(app_paths, Settings())
    yield opened
    opened.close()
