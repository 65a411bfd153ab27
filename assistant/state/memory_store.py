"""The translation memory (`assistant.core.memory.TranslationMemory`), encrypted at rest.

Keys are stored only as keyed hashes, outputs only encrypted. The memory is an optimisation:
a storage failure is logged and treated as a miss, never raised into a translation.
Thread-safe (the database serialises access).
"""

from __future__ import annotations

import json
import logging
import time

from assistant.core.errors import StateError
from assistant.core.memory import MemoryKey
from assistant.state.access import OpenStore, Purpose, StoreAccess
from assistant.state.cipher import DecryptionError

log = logging.getLogger(__name__)

MAX_MEMORY_ENTRIES = 20_000


def _key_bytes(key: MemoryKey) -> bytes:
    fields = [key.source, key.source_lang, key.target_lang, key.model_version]
    return json.dumps(fields, ensure_ascii=False).encode("utf-8", "surrogatepass")


class EncryptedMemory:
    """Exact-match translation memory; writes only while history is on."""

    def __init__(self, access: StoreAccess) -> None:
        self._access = access

    def lookup(self, key: MemoryKey) -> str | None:
        """The stored output for `key`, or None (also when the store cannot be read)."""
        try:
            store = self._access.for_reading()
            if store is None:
                return None
            key_hash = store.cipher.index(_key_bytes(key))
            rows = store.database.rows("SELECT payload FROM memory WHERE key_hash = ?", (key_hash,))
            if not rows:
                return None
            plain = store.cipher.decrypt(bytes(rows[0][0]), b"memory:" + key_hash)
            return plain.decode("utf-8", "surrogatepass")
        except DecryptionError:
            log.warning("a translation-memory entry could not be decrypted; treated as a miss")
            return None
        except StateError as error:
            log.info("translation memory unavailable: %s", type(error).__name__)
            return None

    def remember(self, key: MemoryKey, output: str) -> None:
        """Store `output` for `key`, replacing an older one; nothing when history is off."""
        try:
            with self._access.writing(Purpose.MEMORY) as store:
                if store is not None:
                    self._store(store, key, output)
        except StateError as error:
            log.info("translation memory not written: %s", type(error).__name__)

    def count(self) -> int:
        """How many outputs are remembered."""
        store = self._access.for_reading()
        return 0 if store is None else store.database.count("memory")

    def clear(self) -> int:
        """Forget everything and compact the file; how many entries were deleted."""
        store = self._access.for_reading()
        if store is None:
            return 0
        with store.database.transaction() as connection:
            deleted = int(connection.execute("DELETE FROM memory").rowcount)
        store.database.compact()
        return deleted

    @staticmethod
    def _store(store: OpenStore, key: MemoryKey, output: str) -> None:
        key_hash = store.cipher.index(_key_bytes(key))
        blob = store.cipher.encrypt(output.encode("utf-8", "surrogatepass"), b"memory:" + key_hash)
        with store.database.transaction() as connection:
            connection.execute("DELETE FROM memory WHERE key_hash = ?", (key_hash,))
            cursor = connection.execute(
                "INSERT INTO memory (key_hash, created_at, payload) VALUES (?, ?, ?)",
                (key_hash, time.time(), blob),
            )
            newest = int(cursor.lastrowid or 0)
            connection.execute("DELETE FROM memory WHERE id <= ?", (newest - MAX_MEMORY_ENTRIES,))
