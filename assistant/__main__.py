"""Start-up: make a windowed build safe, install the crash hook, then run the CLI or the GUI."""

from __future__ import annotations

import io
import multiprocessing
import os
import sys


def _make_windowed_build_safe() -> None:
    """A windowed (no console) build has no stdout/stderr; give print() somewhere to go."""
    if sys.stdout is None:
        sys.stdout = io.StringIO()
    if sys.stderr is None:
        sys.stderr = io.StringIO()


def _quiet_library_advice() -> None:
    """The app runs without torch on purpose (installed apps never have it): keep transformers
    from printing its "PyTorch was not found" advice on every start."""
    os.environ.setdefault("TRANSFORMERS_NO_ADVISORY_WARNINGS", "1")


def main() -> int:
    """The `assistant` console command."""
    multiprocessing.freeze_support()
    _make_windowed_build_safe()
    _quiet_library_advice()
    from assistant.crash import install_excepthook

    install_excepthook()
    from assistant.cli.main import main as cli_main

    return cli_main()


def main_gui() -> int:
    """The double-click entry point: always the window, no console on Windows."""
    multiprocessing.freeze_support()
    _make_windowed_build_safe()
    _quiet_library_advice()
    os.environ.setdefault("ASSISTANT_GUI_ENTRY", "1")
    from assistant.crash import install_excepthook

    install_excepthook()
    from assistant.cli.main import main as cli_main

    return cli_main(gui_argv(sys.argv[1:]))


GLOBAL_OPTIONS = ("-v", "--verbose", "--data-dir", "--version", "-h", "--help")


def gui_argv(args: list[str]) -> list[str]:
    """`assistant-gui [global options] [gui options]` as the `assistant` command's arguments:
    the global options, then `gui`, then the rest."""
    if "gui" in args:
        return args
    global_options: list[str] = []
    rest = list(args)
    while rest and (rest[0] in GLOBAL_OPTIONS or rest[0].startswith("--data-dir=")):
        option = rest.pop(0)
        global_options.append(option)
        if option == "--data-dir" and rest:
            global_options.append(rest.pop(0))
    return [*global_options, "gui", *rest]


if __name__ == "__main__":
    sys.exit(main())
