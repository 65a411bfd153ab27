"""`assistant history list|search|export|clear` and `assistant clear-state`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO, cast

from assistant.cli.terminal import for_terminal, json_text, show
from assistant.core.errors import BadInputError
from assistant.core.wording import count_of
from assistant.paths import AppPaths
from assistant.state.clear_state import clear_state
from assistant.state.export import EXPORT_FORMATS, entry_fields, export_history
from assistant.state.records import StoredRecord
from assistant.state.settings_store import SettingsStore
from assistant.state.vault import Vault

PREVIEW_CHARS = 48


def register(subparsers: Any) -> None:
    """Add the `history` and `clear-state` sub-commands."""
    history = subparsers.add_parser("history", help="list, search, export or clear the history")
    verbs = history.add_subparsers(dest="history_command", metavar="ACTION", required=True)
    listing = verbs.add_parser("list", help="show the latest entries, newest first")
    listing.add_argument("--limit", type=_positive, default=20, help="how many (default 20)")
    listing.add_argument("--json", action="store_true", help="print JSON instead of a table")
    listing.add_argument("--audit", action="store_true", help="the audit log instead")
    listing.set_defaults(run=run_list)
    search = verbs.add_parser("search", help="entries whose text contains QUERY (any case)")
    search.add_argument("query")
    search.add_argument("--limit", type=_positive, default=20, help="how many (default 20)")
    search.add_argument("--json", action="store_true", help="print JSON instead of a table")
    search.set_defaults(run=run_search)
    export = verbs.add_parser("export", help="write every entry, decrypted, as JSON or CSV")
    export.add_argument("--format", choices=EXPORT_FORMATS, default="json")
    export.add_argument("-o", "--output", metavar="FILE", help="a new file (default: stdout)")
    export.add_argument("--audit", action="store_true", help="the audit log instead")
    export.set_defaults(run=run_export)
    clear = verbs.add_parser("clear", help="delete every history entry")
    clear.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    clear.set_defaults(run=run_clear)

    wipe = subparsers.add_parser(
        "clear-state",
        help="wipe history, translation memory, audit log, logs and the key (models stay)",
    )
    wipe.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    wipe.add_argument(
        "--include-compiled-cache",
        action="store_true",
        help="also delete the compiled-model cache (the next start compiles again)",
    )
    wipe.set_defaults(run=run_clear_state)


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def _open_vault(paths: AppPaths) -> Vault:
    loaded = SettingsStore(paths.settings_file).load()
    if loaded.notice:
        print(f"assistant: {loaded.notice}", file=sys.stderr)
    return Vault(paths, loaded.settings)


def _report_status(vault: Vault) -> None:
    for notice in vault.take_notices():
        print(f"assistant: {notice}", file=sys.stderr)
    status = vault.status()
    if status.reason:
        print(f"assistant: {status.reason}", file=sys.stderr)
    if status.fallback_label:
        print(f"assistant: {status.fallback_label}", file=sys.stderr)


def _print_entries(entries: list[StoredRecord], as_json: bool) -> None:
    if as_json:
        print(json_text([entry_fields(e) for e in entries], indent=2))
        return
    for entry in entries:
        record = entry.record
        when = entry.created_at.astimezone().strftime("%Y-%m-%d %H:%M")
        line = (
            f"#{entry.id:<5} {when}  {record.source_lang}→{record.target_lang}  "
            f"{_preview(record.source_text)}  →  {_preview(record.output_text)}"
        )
        print(show(line, sys.stdout))


def _preview(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= PREVIEW_CHARS else flat[: PREVIEW_CHARS - 1] + "…"


def _confirm(question: str, yes: bool) -> bool:
    if yes:
        return True
    if not sys.stdin or not sys.stdin.isatty():
        raise BadInputError(f"{question} Nothing was changed; pass --yes to confirm.")
    return input(f"{question} Type 'yes' to continue: ").strip().lower() == "yes"


def run_list(args: argparse.Namespace, paths: AppPaths) -> int:
    """Print the latest entries."""
    vault = _open_vault(paths)
    try:
        table = vault.audit if args.audit else vault.history
        entries = table.recent(limit=args.limit)
        _report_status(vault)
        _print_entries(entries, args.json)
    finally:
        vault.close()
    return 0


def run_search(args: argparse.Namespace, paths: AppPaths) -> int:
    """Print the entries that contain the query."""
    vault = _open_vault(paths)
    try:
        entries = vault.history.search(args.query, limit=args.limit)
        _report_status(vault)
        _print_entries(entries, args.json)
    finally:
        vault.close()
    return 0 if entries or args.json else 1


def run_export(args: argparse.Namespace, paths: AppPaths) -> int:
    """Write every entry to stdout or a new file."""
    vault = _open_vault(paths)
    table = vault.audit if args.audit else vault.history
    try:
        if args.output is None:
            count = export_history(table.iter_all(), _terminal_safe(sys.stdout), args.format)
        else:
            target = Path(args.output).expanduser()
            count = _export_to_file(table.iter_all(), target, args.format)
        _report_status(vault)
    finally:
        vault.close()
    exported = count_of(count, "entry", "entries")
    print(f"assistant: exported {exported} (not encrypted).", file=sys.stderr)
    return 0


class _EscapedForTerminal:
    """A text stream that shows control characters as escapes (a CSV export printed to a
    terminal must not drive it); only `write` is used by the exporters."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(for_terminal(text))


def _terminal_safe(stream: TextIO) -> TextIO:
    """`stream`, wrapped so that control characters are escaped when it is a terminal. JSON
    needs no wrapper (it escapes them itself), but the wrapper leaves JSON unchanged."""
    isatty = getattr(stream, "isatty", None)
    if isatty is not None and isatty():
        return cast(TextIO, _EscapedForTerminal(stream))
    return stream


def _export_to_file(records: Iterable[StoredRecord], target: Path, export_format: str) -> int:
    """Write the export to a new file; a file left half-written by a failure is removed."""
    try:
        stream = target.open("x", encoding="utf-8", newline="")
    except FileExistsError as error:
        raise BadInputError(
            f"{target} already exists; choose a new file name (nothing was overwritten)."
        ) from error
    except OSError as error:
        raise BadInputError(
            f"Cannot create {target} ({error.strerror}). Check that the folder exists and "
            "that you may write there, or leave out -o to print to the terminal."
        ) from error
    try:
        with stream:
            return export_history(records, stream, export_format)
    except OSError as error:
        target.unlink(missing_ok=True)
        raise BadInputError(
            f"Writing {target} failed ({error.strerror}); the partial file was removed. "
            "Free some disk space or choose another folder, then export again."
        ) from error


def run_clear(args: argparse.Namespace, paths: AppPaths) -> int:
    """Delete every history entry (the translation memory stays)."""
    if not _confirm("This deletes your whole translation history.", args.yes):
        print("assistant: nothing was deleted.", file=sys.stderr)
        return 1
    vault = _open_vault(paths)
    try:
        deleted = vault.history.clear()
    finally:
        vault.close()
    print(f"Deleted {deleted} history entries.")
    return 0


def run_clear_state(args: argparse.Namespace, paths: AppPaths) -> int:
    """Wipe all user state and print what was removed."""
    question = (
        "This permanently deletes your history, translation memory, audit log, logs and the "
        "history key. Installed models and your settings stay."
    )
    if not _confirm(question, args.yes):
        print("assistant: nothing was deleted.", file=sys.stderr)
        return 1
    report = clear_state(paths, include_compiled_cache=args.include_compiled_cache)
    for line in report.lines():
        print(line)
    return 0 if report.complete else 1
