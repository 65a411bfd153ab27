"""The composition root: installed models, settings and the encrypted memory wired together."""

from __future__ import annotations

import pytest

from assistant.core.request import Request
from assistant.core.result import Tier
from assistant.models.store import InstalledModel
from assistant.paths import AppPaths
from assistant.services import build_services, model_version


def test_without_models_the_cascade_has_rules_and_memory_only(app_paths: AppPaths) -> None:
    services = build_services(app_paths)
    assert services.translator is None and services.cascade.triage is None
    assert services.cascade.memory is services.vault.memory
    assert services.cascade.run(Request("https://example.com")).tier is Tier.RULE
    services.vault.close()


@pytest.mark.slow
def test_installed_bundle_loads_on_first_use_and_repeats_come_from_memory(
    app_paths: AppPaths, installed_tiny_m2m100: InstalledModel
) -> None:
    services = build_services(app_paths)
    assert services.translator is not None
    assert services.cascade.model_version == model_version(installed_tiny_m2m100)
    assert services.translator._runner is None  # nothing loads before a request needs it
    first = services.cascade.run(Request("The library opens at nine.", target_lang="fr"))
    again = services.cascade.run(Request("The library opens at nine.", target_lang="fr"))
    assert (first.tier, again.tier) == (Tier.MODEL, Tier.MEMORY)
    assert again.output == first.output
    services.vault.close()
