"""A process that writes history in a loop and reports each committed entry, for the crash test.

Run as `python -m tests.state.crash_writer FIRST_SEQUENCE` with `$ASSISTANT_DATA_DIR` set and
the data key in `$CRASH_WRITER_KEY` (the in-memory keychain does not cross processes). Prints
"ready", then "<id> <sequence>" after every commit, flushed.
"""

from __future__ import annotations

import os
import random
import sys

import keyring

from assistant.paths import AppPaths
from assistant.state.keys import DataKeyStore
from assistant.state.records import TranslationRecord
from assistant.state.settings import MAX_HISTORY_ENTRIES, Settings
from assistant.state.vault import Vault
from tests.memory_keyring import MemoryKeyring

KEY_ENV = "CRASH_WRITER_KEY"


def entry_text(sequence: int) -> str:
    """The source text written for `sequence` (its length varies, up to several pages)."""
    size = random.Random(sequence).randrange(10, 9000)
    return f"entry {sequence} " + "ä" * size


def entry_record(sequence: int) -> TranslationRecord:
    """The record written for `sequence`."""
    text = entry_text(sequence)
    return TranslationRecord(text, text.upper(), "de", "en", "model")


def main() -> int:
    paths = AppPaths.resolve()
    secret = DataKeyStore(paths, allow_file_fallback=False).secret
    backend = MemoryKeyring()
    backend.set_password(secret.service, secret.username, os.environ[KEY_ENV])
    keyring.set_keyring(backend)
    vault = Vault(paths, Settings(history_max_entries=MAX_HISTORY_ENTRIES))
    sequence = int(sys.argv[1])
    print("ready", flush=True)
    while True:
        entry_id = vault.history.add(entry_record(sequence))
        print(f"{entry_id} {sequence}", flush=True)
        sequence += 1


if __name__ == "__main__":
    sys.exit(main())
