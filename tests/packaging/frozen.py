"""The one-folder build under test: `$ASSISTANT_FROZEN_APP` if set (packaging/linux/build.sh
and the Windows workflow point it at their build), else built for the test run by build.sh."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.packaging.tools import in_ci

REPO = Path(__file__).resolve().parents[2]
FROZEN_APP_ENV = "ASSISTANT_FROZEN_APP"
EXE = ".exe" if sys.platform == "win32" else ""
WINDOW_VISIBLE = re.compile(r"window visible (\d+) ms after process start")


@dataclass(frozen=True)
class FrozenApp:
    """dist/assistant: the console and windowed executables and the bundled files."""

    root: Path
    build_seconds: float | None = None

    @property
    def console(self) -> Path:
        """`assistant`: the command line."""
        return self.root / f"assistant{EXE}"

    @property
    def gui(self) -> Path:
        """`assistant-gui`: the window (no console on Windows)."""
        return self.root / f"assistant-gui{EXE}"

    @property
    def internal(self) -> Path:
        """PyInstaller's contents folder: the libraries, packages and data."""
        return self.root / "_internal"


def build_frozen_app(work: Path) -> FrozenApp:
    """The build named by `$ASSISTANT_FROZEN_APP`, or a fresh one built by build.sh into
    `work` (Linux), so that test runs never share a build."""
    given = os.environ.get(FROZEN_APP_ENV)
    if given:
        return FrozenApp(Path(given).resolve())
    if importlib.util.find_spec("PyInstaller") is None:
        message = "PyInstaller is not installed: run scripts/bootstrap.sh test"
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)
    if sys.platform == "win32":
        pytest.skip(f"set {FROZEN_APP_ENV} to the Windows build (the workflow does)")
    started = time.monotonic()
    script = REPO / "packaging" / "linux" / "build.sh"
    result = subprocess.run(
        ["bash", str(script), "--no-smoke-test", "--out", str(work)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    return FrozenApp(work / "dist" / "assistant", time.monotonic() - started)


def run(
    command: list[str | Path], timeout: float = 300, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run one command of the app; QT_QPA_PLATFORM and the data dir come from the caller."""
    return subprocess.run(
        [str(part) for part in command],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
        env={**os.environ, **(env or {})},
        check=False,
        cwd=Path.home() if Path.home().is_dir() else None,
    )


def window_times_ms(log_file: Path) -> list[int]:
    """Every 'window visible N ms after process start' the app logged, oldest first."""
    if not log_file.exists():
        return []
    return [int(ms) for ms in WINDOW_VISIBLE.findall(log_file.read_text(encoding="utf-8"))]
