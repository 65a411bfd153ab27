"""The `assistant` command: global options, then one sub-command per verb group."""

from __future__ import annotations

import argparse
import importlib
import importlib.metadata
import sys
from collections.abc import Sequence

from assistant import __version__
from assistant.cli.terminal import refuse_undecodable, show
from assistant.core.errors import AssistantError
from assistant.logging_setup import configure_logging
from assistant.paths import AppPaths

COMMAND_MODULES: tuple[str, ...] = (
    "assistant.cli.gui",
    "assistant.cli.doctor",
    "assistant.cli.evaluate",
    "assistant.cli.models",
    "assistant.cli.state",
    "assistant.cli.translate",
)
"""Modules that each expose `register(subparsers)`; a sub-parser sets `run(args, paths) -> int`."""

EXIT_BAD_INPUT = 2


def version_text() -> str:
    """`assistant 0.1.0 (OpenVINO 2026.4.1)`: the app's version and the OpenVINO it runs on."""
    try:
        openvino = importlib.metadata.version("openvino")
    except importlib.metadata.PackageNotFoundError:
        openvino = "not installed"
    return f"assistant {__version__} (OpenVINO {openvino})"


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser, with every registered sub-command."""
    parser = argparse.ArgumentParser(
        prog="assistant",
        description="Private, offline translation on your own machine. "
        "With no sub-command, opens the desktop window.",
    )
    parser.add_argument("--version", action="version", version=version_text())
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="keep every file the app writes (data, cache, logs, config) under DIR",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug details to stderr")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Parse arguments, set up paths and logging, and run one sub-command (default: the GUI)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    paths = AppPaths.resolve(args.data_dir).ensure()
    configure_logging(paths, verbose=args.verbose)
    if args.command is None:
        args = parser.parse_args([*(argv or sys.argv[1:]), "gui"])
    try:
        refuse_undecodable(args)
        result: int = args.run(args, paths)
    except AssistantError as error:
        print(f"assistant: {show(error.user_message, sys.stderr)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("assistant: cancelled", file=sys.stderr)
        return 130
    return result
