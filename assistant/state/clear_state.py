"""Clear state: the one function behind `assistant clear-state` and the GUI button.

It wipes the other layers' in-memory state (through `ClearStateHooks`), the history,
translation memory and audit log (rows overwritten, file compacted, then deleted with its WAL
and journal), this data dir's history key (never another data dir's), the logs, and every
other file under the app's directories except installed models (with the public keys trusted
to sign them, and this install's signing key), the settings and partial Hub downloads (and,
unless asked, the compiled model cache). A step that fails (a keychain that refuses, a file in
use) is reported in `failures`; every other step still runs. Run it while no translation is in
progress; it blocks for a moment.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from assistant.core.errors import CancelledError, StateError
from assistant.core.progress import ProgressCallback, no_progress
from assistant.core.wording import count_of, size_text
from assistant.models.install_key import install_key_file
from assistant.models.trust import trusted_keys_dir
from assistant.paths import AppPaths
from assistant.state.clear_hooks import ClearStateHooks
from assistant.state.database import USER_TABLES, Database, connect
from assistant.state.files import remove_path
from assistant.state.keys import DataKeyStore, KeyUnavailableError
from assistant.state.vault import Vault, wiping

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ClearStateReport:
    """What clear-state removed and what it could not, for a confirmation dialog or the CLI."""

    entries_removed: dict[str, int]
    """Rows deleted per store: history, memory (translation memory), audit."""
    paths_removed: tuple[Path, ...]
    """Top-level files and folders deleted."""
    files_removed: int
    bytes_removed: int
    keys_removed: tuple[str, ...]
    memory_cleared: tuple[str, ...]
    """In-memory state wiped by the registered hooks."""
    compiled_cache_removed: bool
    kept: tuple[str, ...]
    failures: tuple[str, ...]

    @property
    def complete(self) -> bool:
        """True when everything that should go is gone."""
        return not self.failures

    def lines(self) -> list[str]:
        """A human-readable summary, one fact per line."""
        labels = {"history": "history", "memory": "translation-memory"}
        counts = ", ".join(
            count_of(count, f"{label} entry", f"{label} entries")
            for table, count in self.entries_removed.items()
            for label in (labels.get(table, f"{table} log"),)
        )
        lines = [f"Removed {counts}." if counts else "No stored history was found."]
        lines.append(
            f"Deleted {count_of(self.files_removed, 'file')} ({size_text(self.bytes_removed)})."
        )
        lines.extend(f"Deleted {what}." for what in self.keys_removed)
        lines.extend(f"Cleared from memory: {name}." for name in self.memory_cleared)
        if self.compiled_cache_removed:
            lines.append("Deleted the compiled-model cache (the next start compiles again).")
        lines.append("Kept: " + ", ".join(self.kept) + ".")
        lines.extend(f"Could not clear {failure}" for failure in self.failures)
        return lines


def clear_state(
    paths: AppPaths,
    *,
    vault: Vault | None = None,
    hooks: ClearStateHooks | None = None,
    include_compiled_cache: bool = False,
    on_progress: ProgressCallback = no_progress,
) -> ClearStateReport:
    """Wipe all user state; models stay installed. Cancelling is possible only before it starts."""
    if not on_progress("clearing in-memory state", 0.0):
        raise CancelledError("Clear state was cancelled; nothing was removed.")
    failures: list[str] = []
    outcome = (hooks or ClearStateHooks()).run_all()
    failures.extend(outcome.failed)
    on_progress("wiping history", 0.2)
    if vault is not None:
        vault.close()
    removed: list[Path] = []
    totals = [0, 0]
    with wiping(paths):
        entries = _wipe_database(paths.database)
        on_progress("deleting the key", 0.5)
        try:
            keys = DataKeyStore(paths, allow_file_fallback=False).delete()
        except KeyUnavailableError as error:
            keys = []
            failures.append(error.user_message)
        on_progress("deleting files", 0.6)
        _close_log_files(paths.logs)
        kept = _kept_paths(paths, include_compiled_cache)
        for root in paths.all_roots():
            _remove_under(root, kept, removed, totals, failures)
    on_progress("done", 1.0)
    log.info("clear-state removed %d files", len(removed))
    kept_names = ["installed models and the keys that vouch for them", "your settings"]
    if not include_compiled_cache:
        kept_names.append("the compiled-model cache")
    return ClearStateReport(
        entries_removed=entries,
        paths_removed=tuple(removed),
        files_removed=totals[0],
        bytes_removed=totals[1],
        keys_removed=tuple(keys),
        memory_cleared=outcome.cleared,
        compiled_cache_removed=include_compiled_cache and not paths.compiled_cache.exists(),
        kept=tuple(kept_names),
        failures=tuple(failures),
    )


def _wipe_database(path: Path) -> dict[str, int]:
    """Overwrite every row in place (for any process still holding the file), then compact."""
    if not path.exists():
        return {}
    try:
        database = Database(path, connect(path))
        try:
            present = {
                str(row[0])
                for row in database.rows("SELECT name FROM sqlite_master WHERE type = 'table'")
            }
            if not set(USER_TABLES) <= present:
                return {}
            return database.wipe()
        finally:
            database.close()
    except (sqlite3.Error, StateError) as error:
        log.warning("history database not wiped in place (%s); deleting it", type(error).__name__)
        return {}


def _close_log_files(logs: Path) -> None:
    """Close log files under `logs` so they can be deleted; handlers reopen them on next use."""
    loggers = [logging.getLogger(), *logging.Logger.manager.loggerDict.values()]
    for logger in loggers:
        for handler in getattr(logger, "handlers", []):
            if isinstance(handler, logging.FileHandler) and Path(
                handler.baseFilename
            ).is_relative_to(logs):
                handler.acquire()
                try:
                    if handler.stream is not None:
                        handler.stream.close()
                    handler.stream = None
                finally:
                    handler.release()


def _kept_paths(paths: AppPaths, include_compiled_cache: bool) -> frozenset[Path]:
    kept = {paths.models, paths.settings_file, trusted_keys_dir(paths)}
    if paths.downloads.is_dir():  # a `.part` left by a failed URL download is removed
        kept |= {p for p in paths.downloads.iterdir() if p.suffix != ".part"}
    kept.add(install_key_file(paths))  # the model signing key holds no user text
    if not include_compiled_cache:
        kept.add(paths.compiled_cache)
    return frozenset(kept)


def _remove_under(
    root: Path, kept: frozenset[Path], removed: list[Path], totals: list[int], failures: list[str]
) -> None:
    """Delete everything below `root` except the kept paths (and the folders leading to them).

    `totals` accumulates [files, bytes] removed."""
    if not root.is_dir():
        return
    for child in sorted(root.iterdir()):
        if child in kept:
            continue
        if child.is_dir() and not child.is_symlink() and any(k.is_relative_to(child) for k in kept):
            _remove_under(child, kept, removed, totals, failures)
            continue
        try:
            files, size = remove_path(child)
        except OSError as error:
            failures.append(f"{child} ({error.strerror}); close other programs using it and retry.")
            continue
        removed.append(child)
        totals[0] += files
        totals[1] += size
