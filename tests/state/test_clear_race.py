"""Clear-state racing a running translation: the translation's writes (memory, history, audit)
land before the wipe or are refused, so no text of it is left afterwards."""

from __future__ import annotations

import threading

from assistant.core.request import Request
from assistant.core.translation import SentenceTranslation
from assistant.models.store import InstalledModel
from assistant.paths import AppPaths
from assistant.services import build_services
from assistant.state.clear_state import clear_state
from tests.state.residue import encodings_of, find_residue

CANARY = "Zaunkoenig-5d81e0-CANARY"
TEXT = f"Der {CANARY} singt im Garten. Er singt jeden Morgen."


def test_a_wipe_during_a_translation_leaves_none_of_its_text(
    app_paths: AppPaths, installed_tiny_m2m100: InstalledModel
) -> None:
    assert installed_tiny_m2m100.kind == "m2m100"
    services = build_services(app_paths, use_triage=False)
    translating, wiped = threading.Event(), threading.Event()

    def on_sentence(sentence: SentenceTranslation) -> None:
        translating.set()
        assert wiped.wait(60)

    def translate() -> None:
        with services.vault.request_scope():
            request = Request(TEXT, target_lang="fr", source_lang="de")
            result = services.cascade.run(request, on_sentence=on_sentence)
            services.vault.record_translation(TEXT, result)

    worker = threading.Thread(target=translate)
    worker.start()
    assert translating.wait(120)
    report = clear_state(app_paths, vault=services.vault)
    wiped.set()
    worker.join(120)
    assert not worker.is_alive() and report.complete
    assert services.vault.history.count() == 0
    assert find_residue(app_paths, encodings_of(CANARY)) == []
    services.vault.close()


def test_a_translation_after_the_wipe_is_kept(
    app_paths: AppPaths, installed_tiny_m2m100: InstalledModel
) -> None:
    assert installed_tiny_m2m100.kind == "m2m100"
    services = build_services(app_paths, use_triage=False)
    clear_state(app_paths, vault=services.vault)
    with services.vault.request_scope():
        result = services.cascade.run(Request(TEXT, target_lang="fr", source_lang="de"))
        services.vault.record_translation(TEXT, result)
    assert services.vault.history.count() == 1
    services.vault.close()
