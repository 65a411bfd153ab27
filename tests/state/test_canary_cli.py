"""Canary through the `assistant` command itself: translate, check every file, clear-state."""

from __future__ import annotations

import pytest

from assistant.cli.main import main
from assistant.models.store import InstalledModel
from assistant.paths import AppPaths
from assistant.state.keys import DataKeyStore
from tests.memory_keyring import MemoryKeyring
from tests.state.residue import Residue, encodings_of, find_residue

CANARY = "Zaunkoenig-5be0d3f1-CANARY"


def outside_models(paths: AppPaths, needles: list[bytes]) -> list[Residue]:
    """Residue outside the installed models (whose vocabulary holds word pieces by design)."""
    return [
        hit for hit in find_residue(paths, needles) if not hit.path.is_relative_to(paths.models)
    ]


@pytest.mark.slow
def test_cli_translations_are_encrypted_at_rest_and_clear_state_removes_them(
    app_paths: AppPaths,
    installed_tiny_m2m100: InstalledModel,
    memory_keyring: MemoryKeyring,
    capsys: pytest.CaptureFixture[str],
) -> None:
    needles = encodings_of(CANARY)
    entry = DataKeyStore(app_paths, allow_file_fallback=False).secret.username
    text = f"The {CANARY} sings in the morning."
    assert main(["translate", "--precision", "f32", "--from", "en", "--to", "de", text]) == 0
    assert main(["translate", "--from", "en", "--to", "de", f"Visit https://{CANARY}.example"]) == 0
    assert main(["history", "list"]) == 0
    listed = capsys.readouterr().out
    assert CANARY in listed, "the CLI's translations are in the (decrypted) history"
    assert outside_models(app_paths, needles) == [], "canary readable on disk"
    assert any(user == entry for (_service, user) in memory_keyring.secrets)

    assert main(["clear-state", "--yes"]) == 0
    assert outside_models(app_paths, needles) == []
    assert all(user != entry for (_service, user) in memory_keyring.secrets)
    assert main(["history", "list"]) == 0
    assert CANARY not in capsys.readouterr().out
