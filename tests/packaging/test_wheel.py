"""The wheel, as `pip install` users get it: built with `python -m build` (sdist, then the wheel
from the sdist), installed non-editable into a fresh venv with its dependencies from the
package index, and run from outside the checkout.

Slow: the install takes about a minute with a warm pip cache.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from assistant import __version__
from assistant.cli.main import version_text
from tests.builders.tiny_bundle import TinyBundle

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
BIN = "Scripts" if sys.platform == "win32" else "bin"
EXE = ".exe" if sys.platform == "win32" else ""


@dataclass(frozen=True)
class InstalledWheel:
    """A fresh venv with only the wheel (and its dependencies) installed."""

    wheel: Path
    venv: Path

    def script(self, name: str) -> Path:
        """An entry point the wheel installed (`assistant`, `assistant-gui`, `python`)."""
        return self.venv / BIN / f"{name}{EXE}"

    def run(self, *args: str | Path, **env: str) -> subprocess.CompletedProcess[str]:
        """Run a command of the venv from outside the checkout."""
        clean = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
        return subprocess.run(
            [str(arg) for arg in args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=600,
            env={**clean, **env},
            cwd=self.venv,
            check=False,
        )


def checked(result: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result


@pytest.fixture(scope="module")
def installed_wheel(tmp_path_factory: pytest.TempPathFactory) -> InstalledWheel:
    work = tmp_path_factory.mktemp("wheel")
    build = [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(work / "dist")]
    checked(subprocess.run([*build, str(REPO)], capture_output=True, text=True, check=False))
    wheel = next((work / "dist").glob("*.whl"))
    venv = work / "venv"
    checked(
        subprocess.run([sys.executable, "-m", "venv", str(venv)], capture_output=True, text=True)
    )
    installed = InstalledWheel(wheel, venv)
    pip: list[str | Path] = [
        installed.script("python"),
        "-m",
        "pip",
        "install",
        "--disable-pip-version-check",
        "-q",
    ]
    checked(installed.run(*pip, "-c", REPO / "constraints.txt", wheel))
    return installed


def test_the_wheel_carries_the_resources_and_its_version(installed_wheel: InstalledWheel) -> None:
    assert installed_wheel.wheel.name.startswith(f"offline_translation_assistant-{__version__}-")
    names = set(zipfile.ZipFile(installed_wheel.wheel).namelist())
    for name in (
        "assistant/resources/catalogue.json",
        "assistant/resources/icons/app.svg",
        "assistant/resources/icons/hicolor/256x256/apps/offline-translation-assistant.png",
        "assistant/resources/keys/README.md",
        "assistant/resources/linux/offline-translation-assistant.desktop",
        "assistant/resources/linux/offline-translation-assistant.metainfo.xml",
        "assistant/py.typed",
    ):
        assert name in names, name


def test_the_installed_package_is_not_the_checkout(installed_wheel: InstalledWheel) -> None:
    code = "import assistant.resources as r; print(r.icons_dir() / 'app.svg')"
    result = checked(installed_wheel.run(installed_wheel.script("python"), "-c", code))
    icon = Path(result.stdout.strip())
    assert icon.is_relative_to(installed_wheel.venv)
    assert icon.is_file()


def test_the_installed_app_has_no_torch_or_optimum(installed_wheel: InstalledWheel) -> None:
    code = "import importlib.util as u; print([m for m in ('torch', 'optimum') if u.find_spec(m)])"
    result = checked(installed_wheel.run(installed_wheel.script("python"), "-c", code))
    assert result.stdout.strip() == "[]"


def test_version_and_a_rule_translation(installed_wheel: InstalledWheel, tmp_path: Path) -> None:
    assistant = installed_wheel.script("assistant")
    assert checked(installed_wheel.run(assistant, "--version")).stdout.strip() == version_text()
    result = checked(
        installed_wheel.run(
            assistant,
            "--data-dir",
            tmp_path,
            "translate",
            "--json",
            "--to",
            "fr",
            "https://example.org",
        )
    )
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    assert (answer["output"], answer["tier"]) == ("https://example.org", "rule")


def test_a_model_translation_with_an_imported_bundle(
    installed_wheel: InstalledWheel, tiny_m2m100_bundle: TinyBundle, tmp_path: Path
) -> None:
    assistant = installed_wheel.script("assistant")
    base: list[str | Path] = [assistant, "--data-dir", tmp_path]
    checked(installed_wheel.run(*base, "models", "trust", tiny_m2m100_bundle.public_key_file))
    checked(installed_wheel.run(*base, "models", "import", tiny_m2m100_bundle.bundle_dir))
    args = ["translate", "--json", "--from", "en", "--to", "de", "Good morning."]
    result = checked(installed_wheel.run(*base, *args))
    answer = json.loads(result.stdout.splitlines()[-1])
    assert answer["tier"] == "model"
    assert answer["output"]
    assert "PyTorch" not in result.stderr  # no advice about a library the app never uses


def test_the_window_opens(installed_wheel: InstalledWheel, tmp_path: Path) -> None:
    gui = installed_wheel.script("assistant-gui")
    result = installed_wheel.run(
        gui, "--data-dir", tmp_path, "--quit-after", "1", QT_QPA_PLATFORM="offscreen"
    )
    checked(result)
    log = (tmp_path / "logs" / "assistant.log").read_text(encoding="utf-8")
    assert "window visible" in log
