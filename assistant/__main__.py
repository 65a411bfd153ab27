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


def main() -> int:
    """The `assistant` console command."""
    multiprocessing.freeze_support()
    _make_windowed_build_safe()
    from assistant.crash import install_excepthook

    install_excepthook()
    from assistant.cli.main import main as cli_main

    return cli_main()


def main_gui() -> int:
    """The double-click entry point: always the window, no console on Windows."""
    multiprocessing.freeze_support()
    _make_windowed_build_safe()
    os.environ.setdefault("ASSISTANT_GUI_ENTRY", "1")
    from assistant.crash import install_excepthook

    install_excepthook()
    from assistant.cli.main import main as cli_main

    return cli_main([*sys.argv[1:], "gui"] if "gui" not in sys.argv[1:] else sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
