"""Canary test through the real cascade and engine: the tiny signed M2M-100 bundle, installed,
warmed up with its compiled cache under the app's cache directory, answering requests that
contain a canary. The cascade uses the vault's memory; each result goes to history and audit."""

from __future__ import annotations

import openvino as ov

from assistant.core.cascade import Cascade
from assistant.core.langid import LanguageIdentifier
from assistant.core.request import Request
from assistant.core.result import Tier
from assistant.core.translation import TranslationOptions
from assistant.engine.precision import Precision
from assistant.engine.warmup import warm_up
from assistant.logging_setup import configure_logging
from assistant.models.compiled_cache import CompiledCache
from assistant.models.install_key import KEYRING_SERVICE as SIGNING_SERVICE
from assistant.models.store import InstalledModel, ModelStore
from assistant.paths import AppPaths
from assistant.state.clear_hooks import ClearStateHooks
from assistant.state.clear_state import clear_state
from assistant.state.settings import Settings
from assistant.state.vault import Vault
from tests.memory_keyring import MemoryKeyring
from tests.state.residue import Residue, encodings_of, find_residue

CANARY = "Kanarienvogel-7c2a91e4-CANARY"
TEXTS = (f"Der {CANARY} singt am Morgen.", f"Wo ist der {CANARY}? Ich sehe ihn nicht.")


def _outside_models(found: list[Residue], app_paths: AppPaths) -> list[Residue]:
    """Model files hold the vocabulary, so pieces of any output appear there by design."""
    return [hit for hit in found if not hit.path.is_relative_to(app_paths.models)]


def test_real_translations_leave_no_text_on_disk_and_clear_state_removes_them(
    app_paths: AppPaths,
    installed_tiny_m2m100: InstalledModel,
    memory_keyring: MemoryKeyring,
) -> None:
    configure_logging(app_paths)
    model = installed_tiny_m2m100
    # Sealed blobs are kept for the CPU here, so they are among the files searched for text.
    cache_dirs = CompiledCache(app_paths).dir_for_bundle(
        ov.Core(), model.manifest.manifest_hash, blob_devices=("CPU",)
    )

    runner, _ = warm_up(
        model.path,
        golden=model.manifest.golden,
        cache_dir_for=cache_dirs,
        device_preference="CPU",
        precision=Precision.F32,
        model_version=f"{model.model_id}@{model.manifest.manifest_hash[:12]}",
    )
    vault = Vault(app_paths, Settings(audit_log_enabled=True))
    hooks = ClearStateHooks()
    hooks.register("decoder state and caches", runner.reset)
    cascade = Cascade(LanguageIdentifier(), translator=runner, memory=vault.memory)
    options = TranslationOptions(max_new_tokens=12)
    outputs: list[str] = []
    for text in TEXTS:
        request = Request(text, target_lang="en", source_lang="de", options=options)
        result = cascade.run(request)
        assert result.tier is Tier.MODEL
        assert vault.record_translation(text, result) is not None
        assert cascade.run(request).tier is Tier.MEMORY
        outputs.append(result.output)
    needles = encodings_of(CANARY) + [o.encode() for o in outputs if len(o.strip()) >= 12]

    assert list(app_paths.compiled_cache.rglob("*.blob"))
    assert app_paths.database.with_name("assistant.sqlite3-wal").stat().st_size > 0
    assert _outside_models(find_residue(app_paths, needles), app_paths) == []
    assert len(vault.history.search(CANARY)) == len(TEXTS)

    report = clear_state(app_paths, vault=vault, hooks=hooks, include_compiled_cache=True)

    assert report.complete, report.failures
    assert report.memory_cleared == ("decoder state and caches",)
    assert report.entries_removed == {"history": 2, "memory": 2, "audit": 2}
    assert _outside_models(find_residue(app_paths, needles), app_paths) == []
    assert find_residue(app_paths, encodings_of(CANARY)) == []
    # Only the model signing key (it sealed the blobs; it holds no user text) is left.
    assert {service for service, _user in memory_keyring.secrets} <= {SIGNING_SERVICE}
    assert not app_paths.compiled_cache.exists()
    assert ModelStore(app_paths).translator() is not None
    again = cascade.run(Request(TEXTS[0], target_lang="en", source_lang="de", options=options))
    assert again.tier is Tier.MODEL and again.output == outputs[0]
    vault.close()
