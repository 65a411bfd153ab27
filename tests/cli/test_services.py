"""The composition root: installed models, settings and the encrypted memory wired together."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.core.errors import EngineError
from assistant.core.request import Request
from assistant.core.result import Tier
from assistant.models.importer import import_bundle
from assistant.models.install_key import load_install_key
from assistant.models.store import InstalledModel, ModelStore
from assistant.models.triage import make_triage_bundle
from assistant.paths import AppPaths
from assistant.services import TRIAGE_HOOK, LazyTranslator, build_services, model_version
from assistant.state.clear_hooks import ClearStateHooks
from assistant.state.clear_state import clear_state


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
    assert isinstance(services.translator, LazyTranslator)
    assert services.cascade.model_version == model_version(installed_tiny_m2m100)
    assert services.translator._runner is None  # nothing loads before a request needs it
    first = services.cascade.run(Request("The library opens at nine.", target_lang="fr"))
    again = services.cascade.run(Request("The library opens at nine.", target_lang="fr"))
    assert (first.tier, again.tier) == (Tier.MODEL, Tier.MEMORY)
    assert again.output == first.output
    services.vault.close()


def _install_triage(app_paths: AppPaths, source: Path, bundle: Path) -> InstalledModel:
    key = load_install_key(app_paths)
    assert key is not None
    make_triage_bundle(source, bundle, key)
    return import_bundle(bundle, ModelStore(app_paths))


FREE_FORM = "Could you put good night in Italian for my friend?"


@pytest.mark.slow
def test_clear_state_finishes_the_triage_chat_and_drops_the_real_llm(
    app_paths: AppPaths,
    tmp_path: Path,
    smollm2_gguf: Path,
    installed_tiny_m2m100: InstalledModel,
) -> None:
    """Triage answers a free-form request (the tiny model translates what it picked); then
    clear-state ends the chat and drops the pipeline."""
    assert installed_tiny_m2m100.kind == "m2m100"
    _install_triage(app_paths, smollm2_gguf, tmp_path / "bundle")
    hooks = ClearStateHooks()
    services = build_services(app_paths, hooks=hooks)
    triage = services.triage
    assert triage is not None and services.cascade.triage is triage
    assert hooks.names() == (TRIAGE_HOOK,)
    assert not triage.loaded
    result = services.cascade.run(Request(FREE_FORM, target_lang="en"))
    assert "triage" in result.trace.tools and triage.loaded
    llm = triage._llm
    report = clear_state(app_paths, vault=services.vault, hooks=hooks)
    assert report.memory_cleared == (TRIAGE_HOOK,) and report.complete
    assert not triage.loaded and llm.closed
    with pytest.raises(EngineError, match="unloaded"):
        llm.triage(FREE_FORM)
    services.vault.close()


def test_without_hooks_or_triage_model_no_hook_is_registered(app_paths: AppPaths) -> None:
    hooks = ClearStateHooks()
    services = build_services(app_paths, hooks=hooks)
    assert services.triage is None and hooks.names() == ()
    services.vault.close()


def test_a_triage_model_that_cannot_load_is_remembered_and_requests_still_answer(
    app_paths: AppPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import openvino_genai

    source = tmp_path / "broken-llm"
    (source / "tokenizer").mkdir(parents=True)
    (source / "openvino_model.xml").write_text("<net/>")
    (source / "openvino_model.bin").write_bytes(b"\0" * 32)
    (source / "tokenizer" / "openvino_tokenizer.xml").write_text("<net/>")
    _install_triage(app_paths, source, tmp_path / "bundle")
    loads: list[str] = []
    real_pipeline = openvino_genai.LLMPipeline

    def counting_pipeline(path: str, device: str) -> object:
        loads.append(device)
        return real_pipeline(path, device)

    monkeypatch.setattr(openvino_genai, "LLMPipeline", counting_pipeline)
    services = build_services(app_paths)
    unread = "Please translate the meeting notes for my team"  # names no language
    for _ in range(2):
        result = services.cascade.run(Request(unread, target_lang="en"))
        assert result.output == unread and result.tier is Tier.RULE
        assert "same-language" in result.trace.tools
        notes = [n for n in result.trace.notes if n.startswith("triage model unavailable: ")]
        assert len(notes) == 1 and "could not be loaded" in notes[0]
    assert loads == ["CPU"]  # the failed load is not retried on every request
    services.vault.close()


def test_the_users_glossary_keeps_a_do_not_translate_term(
    app_paths: AppPaths, installed_tiny_m2m100: InstalledModel
) -> None:
    glossary = {
        "do_not_translate": ["Kanarienvogel"],
        "terms": [{"source_lang": "en", "target_lang": "fr", "source": "x", "target": "y"}],
    }
    (app_paths.config / "glossary.json").write_text(json.dumps(glossary))
    services = build_services(app_paths)
    assert services.cascade.glossary.do_not_translate == ("Kanarienvogel",)
    result = services.cascade.run(Request("The Kanarienvogel sings every morning.", "de", "en"))
    assert result.tier is Tier.MODEL and "glossary" in result.trace.tools
    assert "Kanarienvogel" in result.output
    services.vault.close()


def test_a_malformed_glossary_is_reported_and_left_out(app_paths: AppPaths) -> None:
    (app_paths.config / "glossary.json").write_text('{"do_not_translate": "OpenVINO"}')
    services = build_services(app_paths)
    assert not services.cascade.glossary
    note = services.cascade.run(Request("https://example.com")).trace.notes[0]
    assert "glossary.json was not used" in note and "must be a list" in note
    services.vault.close()
