"""User text at the command line's edges: arguments that are not UTF-8 get one clear line, and
control sequences in text are harmless on a terminal but kept exactly in files and JSON."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.cli.main import main
from assistant.paths import AppPaths
from assistant.state.settings import Settings
from assistant.state.vault import Vault
from tests.cli.test_translate_cli import run_cli
from tests.state.conftest import record

ESCAPES = "\x1b[2J\x1b]0;owned\x07\x9b31m"
"""Clear the screen, set the window title, and a C1 (8-bit) CSI."""
TEXT = f"Good morning {ESCAPES}my dear friend\r over there"


def _argv_bytes(*args: bytes) -> subprocess.CompletedProcess[bytes]:
    """Run `assistant` with raw (possibly non-UTF-8) argument bytes, as a shell passes them."""
    return subprocess.run(
        [os.fsencode(sys.executable), b"-m", b"assistant", *args],
        input=b"",
        capture_output=True,
        timeout=300,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
        check=False,
    )


@pytest.mark.parametrize(
    "args",
    [
        [b"detect", b"Hola \xff"],
        [b"detect", b"--json", b"\xc3\x28 invalid"],
        [b"translate", b"--to", b"de", b"Hola \xff"],
        [b"translate", b"--to", b"de\xff", b"hello"],
        [b"translate", b"--from", b"\xfe", b"--to", b"de", b"hello"],
        [b"history", b"search", b"caf\xe9"],
    ],
    ids=["detect", "detect-json", "translate", "target", "source", "history-search"],
)
def test_an_argument_that_is_not_utf8_is_one_clear_line(args: list[bytes]) -> None:
    done = _argv_bytes(*args)
    err = done.stderr.decode("utf-8", "replace").strip()
    assert done.returncode == 2, err
    assert "Traceback" not in err and len(err.splitlines()) == 1
    assert "is not valid UTF-8 text (byte 0x" in err
    assert err.startswith("assistant: The argument '")


def _run_on_a_terminal(*args: str) -> tuple[bytes, bytes]:
    """Run `assistant` with its standard output on a pseudo-terminal; (terminal, stderr)."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "assistant", *args],
        stdin=subprocess.DEVNULL,
        stdout=follower,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    os.close(follower)
    shown = bytearray()
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the process closed its end
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    assert process.stderr is not None
    err = process.stderr.read()
    assert process.wait(timeout=300) == 0, err.decode()
    return bytes(shown), err


def _has_controls(data: bytes) -> bool:
    text = data.decode("utf-8").replace("\r\n", "\n")
    return any((ord(c) < 0x20 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F for c in text)


def test_translate_shows_escape_sequences_on_a_terminal_instead_of_obeying_them() -> None:
    shown, _ = _run_on_a_terminal("translate", "--to", "en", TEXT)
    assert not _has_controls(shown)
    assert b"\\x1b[2J" in shown and b"\\x9b31m" in shown and b"\\x07" in shown
    assert b"Good morning" in shown and b"my dear friend" in shown


def test_translate_keeps_the_text_exactly_in_out_files_and_json(tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    done = run_cli("translate", "--json", "--to", "en", "--out", str(out), TEXT)
    assert done.returncode == 0, done.stderr.decode()
    assert out.read_bytes() == TEXT.encode("utf-8")
    assert json.loads(done.stdout)["output"] == TEXT
    assert not _has_controls(done.stdout)
    piped = run_cli("translate", "--to", "en", TEXT)
    assert piped.stdout.decode("utf-8") == TEXT + "\n"


@pytest.fixture
def hostile_history(app_paths: AppPaths) -> None:
    vault = Vault(app_paths, Settings())
    vault.history.add(record(f"Guten Morgen {ESCAPES}", f"Good morning {ESCAPES}"))
    vault.close()


@pytest.mark.usefixtures("hostile_history")
def test_history_list_shows_escapes_on_a_terminal(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert main(["history", "list"]) == 0
    shown = capsys.readouterr().out
    assert not _has_controls(shown.encode())
    assert "Guten Morgen \\x1b[2J" in shown


@pytest.mark.usefixtures("hostile_history")
def test_history_list_json_keeps_the_text_exactly(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["history", "list", "--json"]) == 0
    printed = capsys.readouterr().out
    (entry,) = json.loads(printed)
    assert entry["source_text"] == f"Guten Morgen {ESCAPES}"
    assert entry["output_text"] == f"Good morning {ESCAPES}"
    assert not _has_controls(printed.encode())


@pytest.mark.usefixtures("hostile_history")
def test_history_export_json_keeps_the_text_and_drives_no_terminal(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert main(["history", "export"]) == 0
    printed = capsys.readouterr().out
    assert not _has_controls(printed.encode())
    (entry,) = json.loads(printed)
    assert entry["source_text"] == f"Guten Morgen {ESCAPES}"


@pytest.mark.usefixtures("hostile_history")
def test_history_export_csv_shows_escapes_on_a_terminal(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert main(["history", "export", "--format", "csv"]) == 0
    shown = capsys.readouterr().out
    assert not _has_controls(shown.encode())
    assert "Guten Morgen \\x1b[2J" in shown


@pytest.mark.usefixtures("hostile_history")
def test_history_export_csv_to_a_file_keeps_the_text_exactly(tmp_path: Path) -> None:
    target = tmp_path / "history.csv"
    assert main(["history", "export", "--format", "csv", "-o", str(target)]) == 0
    assert f"Good morning {ESCAPES}" in target.read_text(encoding="utf-8")
