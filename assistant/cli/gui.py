"""`assistant gui`: open the desktop window (also what `assistant` alone does)."""

from __future__ import annotations

import argparse
from typing import Any

from assistant.paths import AppPaths


def register(subparsers: Any) -> None:
    """Add the `gui` sub-command."""
    parser = subparsers.add_parser("gui", help="open the desktop window (the default)")
    parser.add_argument(
        "--quit-after",
        type=float,
        metavar="SECONDS",
        help="close the window after SECONDS (for screenshots and smoke tests)",
    )
    parser.add_argument(
        "--translate-clipboard",
        action="store_true",
        help="translate the clipboard in a small popup (bind a desktop shortcut to this)",
    )
    parser.add_argument(
        "--minimized",
        action="store_true",
        help="start in the tray without opening the window (start at login uses this); "
        "without a tray the window opens as usual",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, paths: AppPaths) -> int:
    """Start the Qt application; imported lazily so the CLI never loads Qt."""
    from assistant.gui.app import run_app

    return run_app(
        paths,
        quit_after=args.quit_after,
        translate_clipboard=args.translate_clipboard,
        minimized=args.minimized,
    )
