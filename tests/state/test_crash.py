"""Crash safety: a writer killed with SIGKILL at random moments loses at most the entry it was
writing, and the database always opens intact with every entry committed before the kill."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.paths import AppPaths
from assistant.state.settings import MAX_HISTORY_ENTRIES, Settings
from assistant.state.vault import Vault
from tests.memory_keyring import MemoryKeyring
from tests.state.crash_writer import KEY_ENV, entry_record, entry_text

KILLS = 20
REPO = Path(__file__).resolve().parents[2]


def _run_and_kill(key: str, first_sequence: int, delay: float) -> dict[int, int]:
    """Start a writer, SIGKILL it after `delay` seconds of writing; the ids it reported."""
    env = {**os.environ, KEY_ENV: key, "PYTHONPATH": str(REPO)}
    writer = subprocess.Popen(
        [sys.executable, "-m", "tests.state.crash_writer", str(first_sequence)],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert writer.stdout is not None
    assert writer.stdout.readline().strip() == "ready"
    first_commit = writer.stdout.readline()  # kill only once the writer is really writing
    time.sleep(delay)
    writer.send_signal(signal.SIGKILL)
    output = first_commit + writer.stdout.read()
    writer.wait(timeout=10)
    assert writer.returncode == -signal.SIGKILL
    committed: dict[int, int] = {}
    for line in output.splitlines(keepends=True):
        if line.endswith("\n"):
            entry_id, sequence = line.split()
            committed[int(entry_id)] = int(sequence)
    return committed


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")
def test_sigkill_while_writing_loses_at_most_the_entry_being_written(
    app_paths: AppPaths, memory_keyring: MemoryKeyring
) -> None:
    settings = Settings(history_max_entries=MAX_HISTORY_ENTRIES)
    setup = Vault(app_paths, settings)
    setup.history.add(entry_record(0))
    setup.close()
    (key,) = memory_keyring.secrets.values()
    rng = random.Random(os.environ.get("CRASH_TEST_SEED", "6"))
    committed: dict[int, int] = {}
    next_sequence = 1
    for kill in range(KILLS):
        reported = _run_and_kill(key, next_sequence, rng.uniform(0.02, 0.4))
        assert reported, f"kill {kill}: the writer reported no commit"
        committed.update(reported)
        next_sequence = max(reported.values()) + 10

        connection = sqlite3.connect(app_paths.database)
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        connection.close()
        vault = Vault(app_paths, settings)
        stored = {entry.id: entry.record for entry in vault.history.iter_all()}
        assert vault.take_notices() == [], f"kill {kill}: the database needed repair"
        vault.close()
        missing = [entry_id for entry_id in committed if entry_id not in stored]
        assert missing == [], f"kill {kill}: committed entries lost: {missing}"
        for entry_id, sequence in committed.items():
            assert stored[entry_id].source_text == entry_text(sequence)
        unreported = len(stored) - 1 - len(committed)
        assert 0 <= unreported <= kill + 1, f"kill {kill}: {unreported} unreported entries"
