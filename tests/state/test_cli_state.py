"""The `assistant history …` and `assistant clear-state` commands, run in-process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.cli.main import main
from assistant.paths import AppPaths
from assistant.state.settings import Settings
from assistant.state.vault import Vault
from tests.memory_keyring import MemoryKeyring
from tests.state.conftest import record
from tests.state.residue import encodings_of, find_residue


@pytest.fixture
def three_entries(app_paths: AppPaths) -> None:
    vault = Vault(app_paths, Settings())
    vault.history.add(record("Guten Morgen", "Good morning"))
    vault.history.add(record("Der Bahnhof ist dort drüben", "The station is over there"))
    vault.history.add(record("Danke schön", "Thank you"))
    vault.close()


@pytest.mark.usefixtures("three_entries")
def test_list_prints_newest_first(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["history", "list", "--limit", "2"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert "Danke schön" in lines[0] and "Thank you" in lines[0] and "de→en" in lines[0]
    assert "Bahnhof" in lines[1]


@pytest.mark.usefixtures("three_entries")
def test_search_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["history", "search", "STATION", "--json"]) == 0
    (entry,) = json.loads(capsys.readouterr().out)
    assert entry["source_text"] == "Der Bahnhof ist dort drüben"
    assert entry["route"] == "model"
    assert main(["history", "search", "nirgends"]) == 1


@pytest.mark.usefixtures("three_entries")
def test_export_json_to_a_new_file_and_refuse_to_overwrite(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "export.json"
    assert main(["history", "export", "--output", str(target)]) == 0
    exported = json.loads(target.read_text(encoding="utf-8"))
    assert [e["output_text"] for e in exported] == [
        "Thank you",
        "The station is over there",
        "Good morning",
    ]
    assert "not encrypted" in capsys.readouterr().err
    assert main(["history", "export", "--output", str(target)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert json.loads(target.read_text(encoding="utf-8")) == exported


@pytest.mark.usefixtures("three_entries")
def test_export_into_a_missing_folder_is_one_line_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "missing" / "dir" / "x.json"
    assert main(["history", "export", "-o", str(target)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"assistant: Cannot create {target} (No such file or directory).")
    assert "Check that the folder exists" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert not target.parent.exists()


@pytest.mark.usefixtures("three_entries")
def test_export_onto_a_folder_is_refused_with_a_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "folder.json").mkdir()
    assert main(["history", "export", "-o", str(tmp_path / "folder.json")]) == 2
    err = capsys.readouterr().err
    assert "already exists" in err or "Cannot create" in err
    assert "Traceback" not in err


@pytest.mark.usefixtures("three_entries")
def test_export_csv_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["history", "export", "--format", "csv"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "id,created_at,source_lang,target_lang,route,source_text,output_text"
    assert len(out) == 4 and out[1].endswith("model,Danke schön,Thank you")


@pytest.mark.usefixtures("three_entries")
def test_clear_needs_confirmation_then_deletes(
    app_paths: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["history", "clear"]) == 2
    assert "pass --yes" in capsys.readouterr().err
    assert Vault(app_paths, Settings()).history.count() == 3
    assert main(["history", "clear", "--yes"]) == 0
    assert "Deleted 3 history entries." in capsys.readouterr().out
    assert Vault(app_paths, Settings()).history.count() == 0


@pytest.mark.usefixtures("three_entries")
def test_clear_state_command_wipes_and_reports(
    app_paths: AppPaths, memory_keyring: MemoryKeyring, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["clear-state"]) == 2
    assert memory_keyring.secrets
    assert main(["clear-state", "--yes", "--include-compiled-cache"]) == 0
    out = capsys.readouterr().out
    assert "Removed 3 history entries" in out
    assert "Deleted the history key in the system keychain." in out
    assert memory_keyring.secrets == {}
    assert not app_paths.database.exists()
    assert find_residue(app_paths, encodings_of("Bahnhof")) == []


def test_history_without_a_keychain_says_why(
    app_paths: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    import keyring
    from keyring.backends import fail

    keyring.set_keyring(fail.Keyring())
    assert main(["history", "list"]) == 0
    assert "no system keychain" in capsys.readouterr().err


def test_audit_log_is_listed_and_exported_on_request(
    app_paths: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    vault = Vault(app_paths, Settings(audit_log_enabled=True, history_enabled=False))
    vault.audit.add(record("Prüfpfad", "audit trail", route="triage"))
    vault.close()
    assert main(["history", "list"]) == 0
    assert capsys.readouterr().out == ""
    assert main(["history", "list", "--audit"]) == 0
    assert "Prüfpfad" in capsys.readouterr().out
    assert main(["history", "export", "--audit"]) == 0
    (entry,) = json.loads(capsys.readouterr().out)
    assert entry["route"] == "triage" and entry["output_text"] == "audit trail"


@pytest.mark.usefixtures("three_entries")
def test_clear_state_with_a_failing_keychain_finishes_and_reports_it(
    app_paths: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    import keyring

    from tests.raising_keyring import RaisingKeyring

    keyring.set_keyring(RaisingKeyring())
    assert main(["history", "list"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("assistant: History is off: the system keychain failed (RuntimeError).")
    assert len(err.splitlines()) == 1

    assert main(["clear-state", "--yes"]) == 1
    out = capsys.readouterr().out
    assert "Removed 3 history entries" in out
    assert (
        "Could not clear the history key in the system keychain (RuntimeError): the system "
        "keychain failed (RuntimeError). Unlock the keychain and run clear-state again."
    ) in out
    assert not app_paths.database.exists()
    assert find_residue(app_paths, encodings_of("Bahnhof")) == []
