"""`scripts/check-qt-libs.sh` (run by `scripts/launch.sh`): finds the libraries Qt's xcb plugin
lacks with `ldd`, and names the exact `apt-get install` line for them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SCRIPT = REPO / "scripts" / "check-qt-libs.sh"

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="Qt's xcb plugin is Linux-only")


def _check(path_prefix: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/bin:/bin"}
    if path_prefix is not None:
        env["PATH"] = f"{path_prefix}:{env['PATH']}"
    return subprocess.run(
        ["bash", str(SCRIPT), sys.executable],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


def _ldd_without(tmp_path: Path, *sonames: str) -> Path:
    """A `ldd` that reports `sonames` as not found (the machine has them all)."""
    rules = " ".join(f"-e 's#{name} => .*#{name} => not found#'" for name in sonames)
    fake = tmp_path / "bin"
    fake.mkdir()
    ldd = fake / "ldd"
    ldd.write_text(f'#!/bin/sh\n/usr/bin/ldd "$@" | sed {rules}\n', encoding="utf-8")
    ldd.chmod(0o755)
    return fake


def test_this_machine_has_every_library_the_plugin_needs() -> None:
    done = _check()
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""


def test_missing_libraries_are_named_with_the_exact_apt_get_line(tmp_path: Path) -> None:
    done = _check(_ldd_without(tmp_path, "libxcb-icccm.so.4", "libxcb-keysyms.so.1"))
    assert done.returncode == 1
    lines = done.stderr.splitlines()
    assert lines[0] == (
        "Qt's X11 plugin cannot start: these system libraries are missing: "
        "libxcb-icccm.so.4 libxcb-keysyms.so.1."
    )
    assert lines[-1] == "  sudo apt-get install libxcb-icccm4 libxcb-keysyms1"


def test_the_readme_lists_the_xcb_packages() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for package in (
        "libxcb-icccm4",
        "libxcb-keysyms1",
        "libxcb-image0",
        "libxcb-render-util0",
        "libxcb-xkb1",
        "libxkbcommon-x11-0",
        "libxcb-cursor0",
    ):
        assert package in readme
