"""The vault: the history database, its data key, and the three stores built on them.

Opens lazily on first use, so nothing is created while history is off. Thread-safe: one lock
guards opening, closing and every write; the stores may be used from any thread (the GUI uses a
worker). Clear-state holds that lock while it wipes, and a request that began before a wipe may
not write after it (`request_scope`), so no text of a racing translation outlives the wipe.
"""

from __future__ import annotations

import logging
import secrets
import threading
import weakref
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

from assistant.core.errors import StateError
from assistant.core.result import Result
from assistant.paths import AppPaths
from assistant.state.access import OpenStore, Purpose
from assistant.state.audit import AuditLog
from assistant.state.cipher import TextCipher
from assistant.state.database import Database
from assistant.state.files import atomic_write_bytes
from assistant.state.history import HistoryStore
from assistant.state.keys import FALLBACK_LABEL, DataKeyStore, KeyLocation, KeyUnavailableError
from assistant.state.memory_store import EncryptedMemory
from assistant.state.records import TranslationRecord
from assistant.state.recovery import database_problem, recover
from assistant.state.settings import Settings

log = logging.getLogger(__name__)

KEY_CHECK = "key_check"

_LIVE_VAULTS: weakref.WeakSet[Vault] = weakref.WeakSet()
WIPE_MARK = "wipe-generation"
"""A file in the data dir that clear-state renews, so requests in every process can tell
whether a wipe happened since they began."""
_REQUEST_STARTED: ContextVar[tuple[Path, str] | None] = ContextVar("request_started", default=None)


def _generation(mark: Path) -> str:
    try:
        return mark.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return ""


@dataclass(frozen=True)
class VaultStatus:
    """What the GUI shows about history: whether it is kept, and if not, why."""

    history_on: bool
    reason: str | None = None
    """Why history is not being kept (settings, no keychain, lost key), for the user."""
    fallback_label: str | None = None
    """Set when the unprotected key file is in use; show it wherever history is shown."""


class Vault:
    """Owns the database and the key; hands them to `history`, `memory` and `audit`."""

    def __init__(self, paths: AppPaths, settings: Settings) -> None:
        self._paths = paths
        self._settings = settings
        self._lock = threading.RLock()
        self._store: OpenStore | None = None
        self._key_location: KeyLocation | None = None
        self._problem: str | None = None
        self._notices: list[str] = []
        self._identity: tuple[int, int] | None = None
        self.history = HistoryStore(self)
        self.memory = EncryptedMemory(self)
        self.audit = AuditLog(self)
        _LIVE_VAULTS.add(self)

    @property
    def settings(self) -> Settings:
        """The settings in force."""
        return self._settings

    def apply_settings(self, settings: Settings) -> None:
        """Use new settings; a changed fallback choice re-reads the key on next use."""
        with self._lock:
            fallback_changed = settings.allow_unencrypted_fallback != (
                self._settings.allow_unencrypted_fallback
            )
            self._settings = settings
            if fallback_changed:
                self.close()

    @property
    def write_problem(self) -> str | None:
        """Why translations are not being kept although history is on (the key cannot be
        had: no keychain, or a failing one), once a write was refused; None otherwise."""
        with self._lock:
            return self._problem

    def status(self) -> VaultStatus:
        """Whether history is kept now, and why not (tries the keychain, creates nothing)."""
        if not self._settings.history_enabled:
            return VaultStatus(False, "History is off in the settings; nothing is stored.")
        with self._lock:
            if self._store is None and self._problem is None:
                try:
                    self.for_reading()
                except KeyUnavailableError as error:
                    self._problem = error.user_message
                except StateError as error:
                    return VaultStatus(False, error.user_message)
                if self._store is None and self._problem is None:
                    self._problem = self._key_store().unavailable_message()
            if self._problem is not None:
                return VaultStatus(False, self._problem)
            fallback = self._key_location is KeyLocation.FILE or (
                self._store is None and self._key_store().uses_file()
            )
            return VaultStatus(True, None, FALLBACK_LABEL if fallback else None)

    def record_translation(self, source_text: str, result: Result) -> int | None:
        """Keep one answered request in the history and the audit log, as the settings allow.

        Returns the history id, or None when history is off. Nothing is kept for an empty
        input or output. A storage failure is logged, never raised into the translation."""
        if not source_text.strip() or not result.output.strip():
            return None
        record = TranslationRecord.of_result(source_text, result)
        try:
            self.audit.add(record)
            return self.history.add(record)
        except StateError as error:
            log.warning("translation not kept in history: %s", type(error).__name__)
            return None

    def take_notices(self) -> list[str]:
        """Messages about repairs made while opening (a rebuilt database); each given once."""
        with self._lock:
            notices, self._notices = self._notices, []
            return notices

    @contextmanager
    def request_scope(self) -> Iterator[None]:
        """Mark the writes of one request: refused if a clear-state wiped since it began."""
        mark = self._paths.data / WIPE_MARK
        token = _REQUEST_STARTED.set((mark, _generation(mark)))
        try:
            yield
        finally:
            _REQUEST_STARTED.reset(token)

    @contextmanager
    def writing(self, purpose: Purpose) -> Iterator[OpenStore | None]:
        """The open store for one write, held under the vault lock (so a wipe cannot run
        halfway through it); None when the settings, the key or a later wipe say no."""
        with self._lock:
            started = _REQUEST_STARTED.get()
            if started is not None and started[1] != _generation(started[0]):
                log.info("a write of a request that began before clear-state was refused")
                yield None
                return
            yield self._writable(purpose)

    def _writable(self, purpose: Purpose) -> OpenStore | None:
        allowed = (
            self._settings.audit_log_enabled
            if purpose is Purpose.AUDIT
            else self._settings.history_enabled
        )
        if not allowed:
            return None
        with self._lock:
            self._forget_if_replaced()
            if self._problem is not None:
                return None
            try:
                return self._open(create=True)
            except KeyUnavailableError as error:
                self._problem = error.user_message
                self._identity = self._file_identity()
                log.warning("history not stored: %s", type(error).__name__)
                return None

    def for_reading(self) -> OpenStore | None:
        """The open store, or None when nothing was ever stored; raises StateError when the
        stored data's key cannot be had."""
        with self._lock:
            self._forget_if_replaced()
            if self._store is None and not self._paths.database.exists():
                return None
            return self._open(create=False)

    def close(self) -> None:
        """Close the database and forget the key; the next use opens (or recreates) them."""
        with self._lock:
            if self._store is not None:
                self._store.database.close()
            self._store = None
            self._key_location = None
            self._problem = None
            self._identity = None

    def _key_store(self) -> DataKeyStore:
        return DataKeyStore(self._paths, self._settings.allow_unencrypted_fallback)

    def _open(self, create: bool) -> OpenStore | None:
        if self._store is not None:
            return self._store
        path = self._paths.database
        if not path.exists():
            if not create:
                return None
            self._key_store().load(create=True)  # no key, no file: raises before creating one
        problem = database_problem(path)
        if problem is not None:
            self._notices.append(recover(path, problem).notice)
        database = Database.create_or_open(path)
        try:
            store = self._keyed(database, create)
        except BaseException:
            database.close()
            raise
        if store is None:
            database.close()
        self._store = store
        self._identity = self._file_identity()
        return store

    def _file_identity(self) -> tuple[int, int] | None:
        try:
            info = self._paths.database.stat()
        except FileNotFoundError:
            return None
        return info.st_dev, info.st_ino

    def _forget_if_replaced(self) -> None:
        """Reopen after another process (or clear-state) deleted or replaced the database."""
        if self._store is None and self._problem is None:
            return
        if self._file_identity() != self._identity:
            log.info("history database was replaced; reopening")
            self.close()

    def _keyed(self, database: Database, create: bool) -> OpenStore | None:
        rows = database.rows("SELECT value FROM meta WHERE name = ?", (KEY_CHECK,))
        check = bytes(rows[0][0]) if rows else None
        key = self._key_store().load(create=create and check is None)
        if key is None:
            if check is None:
                return None
            raise KeyUnavailableError(
                "History is off: the key your history was encrypted with is no longer in the "
                "system keychain, so the stored history cannot be read. It is kept unchanged in "
                "case the key comes back; run `assistant clear-state` to start a new history."
            )
        cipher = TextCipher(key.material)
        if check is None:
            with database.transaction() as connection:
                connection.execute(
                    "INSERT INTO meta (name, value) VALUES (?, ?)", (KEY_CHECK, cipher.key_check())
                )
        elif check != cipher.key_check():
            raise KeyUnavailableError(
                "History is off: the key in the system keychain does not match the stored "
                "history, so it cannot be read. It is kept unchanged; run `assistant "
                "clear-state` to start a new history."
            )
        self._key_location = key.location
        return OpenStore(database, cipher)


@contextmanager
def wiping(paths: AppPaths) -> Iterator[int]:
    """Hold every vault of `paths` closed and locked while the block wipes; a request that
    began before it may not write afterwards. Yields how many vaults were closed."""
    database, mark = paths.database, paths.data / WIPE_MARK
    generation = secrets.token_hex(8).encode("ascii")
    with ExitStack() as held:
        vaults = [vault for vault in list(_LIVE_VAULTS) if vault._paths.database == database]
        for vault in vaults:
            held.enter_context(vault._lock)
            vault.close()
        paths.data.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(mark, generation)
        try:
            yield len(vaults)
        finally:
            atomic_write_bytes(mark, generation)
