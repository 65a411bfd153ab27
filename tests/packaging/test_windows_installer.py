"""The Windows build files, checked here on Linux: the NSIS installer script compiles with
makensis (warnings are errors), it installs per user and agrees with the app on the Run value
and the data folder, the version resource renders, and the workflow builds what it uploads."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import yaml

from assistant import APP_AUTHOR, __version__
from assistant.state.autostart import RUN_KEY, RUN_VALUE
from tests.packaging.tools import require_tool

REPO = Path(__file__).resolve().parents[2]
WINDOWS = REPO / "packaging" / "windows"
SCRIPT = WINDOWS / "installer.nsi"


def nsis_defines() -> dict[str, str]:
    return dict(re.findall(r'^!define (\w+) "([^"]*)"', SCRIPT.read_text(), re.MULTILINE))


def stand_in_build(root: Path) -> Path:
    """A folder shaped like dist/assistant on Windows."""
    for name in ("assistant.exe", "assistant-gui.exe", "_internal/openvino/libs/openvino.dll"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(b"MZ stand-in")
    return root


def test_the_installer_script_compiles(tmp_path: Path) -> None:
    makensis = require_tool("makensis", "nsis")
    dist = stand_in_build(tmp_path / "assistant")
    installer = tmp_path / f"OfflineTranslationAssistant-{__version__}-installer.exe"
    result = subprocess.run(
        [makensis, "-V4", "-WX", f"-DVERSION={__version__}", f"-DDIST={dist}",
         f"-DOUTFILE={installer}", str(SCRIPT)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    data = installer.read_bytes()
    assert data[:2] == b"MZ"
    assert __version__.encode("utf-16-le") in data  # the installer's file properties
    for name in ("assistant.exe", "assistant-gui.exe", "openvino.dll"):
        assert f'File: "{name}"' in result.stdout


def test_the_installer_refuses_to_compile_without_a_version(tmp_path: Path) -> None:
    makensis = require_tool("makensis", "nsis")
    result = subprocess.run(
        [makensis, f"-DDIST={stand_in_build(tmp_path)}", str(SCRIPT)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode != 0
    assert "Pass the app's version" in result.stdout + result.stderr


def test_the_installer_is_per_user_with_the_apps_run_value_and_data_folder() -> None:
    text = SCRIPT.read_text()
    assert "RequestExecutionLevel user" in text
    assert "HKLM" not in text
    assert "$SMPROGRAMS" in text
    defines = nsis_defines()
    assert defines["RUN_KEY"] == RUN_KEY
    assert defines["RUN_VALUE"].replace("${APP_NAME}", defines["APP_NAME"]) == RUN_VALUE
    # platformdirs on Windows: %LOCALAPPDATA%\<author>\<app> holds data, config, cache, logs.
    assert defines["DATA_DIR"] == f"$LOCALAPPDATA\\{APP_AUTHOR}"
    assert "--minimized" in text


def test_the_uninstaller_asks_whether_to_keep_models_and_history() -> None:
    uninstall = SCRIPT.read_text().split('Section "Uninstall"', 1)[1]
    question, deletion = uninstall.split("IDYES keep_data", 1)
    assert "MB_YESNO" in question and "/SD IDYES" in question
    assert "models" in question and "history" in question
    assert deletion.index("clear-state --yes") < deletion.index('RMDir /r "${DATA_DIR}"')
    assert deletion.index('RMDir /r "${DATA_DIR}"') < deletion.index("keep_data:")


def test_the_windows_version_resource_names_the_version() -> None:
    template = (WINDOWS / "version_info.txt.in").read_text(encoding="utf-8")
    text = template.replace("@VERSION@", __version__).replace("@VERSION_TUPLE@", "0, 1, 0, 0")
    recorded: dict[str, object] = {}

    def record(name: str) -> Callable[..., tuple[str, object, object]]:
        def build(*args: object, **kwargs: object) -> tuple[str, object, object]:
            recorded.setdefault(name, (args, kwargs))
            return (name, args, kwargs)

        return build

    names = ("VSVersionInfo", "FixedFileInfo", "StringFileInfo", "StringTable", "StringStruct",
             "VarFileInfo", "VarStruct")  # fmt: skip
    eval(compile(text, "version_info.txt", "eval"), {n: record(n) for n in names})
    assert f'StringStruct("ProductVersion", "{__version__}")' in text
    assert set(recorded) == set(names)


def test_the_workflow_builds_tests_and_uploads_the_installer() -> None:
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "windows.yml").read_text())
    steps = workflow["jobs"]["build"]["steps"]
    runs = "\n".join(step.get("run", "") for step in steps)
    assert workflow["jobs"]["build"]["runs-on"].startswith("windows")
    assert "scripts/bootstrap.sh test" in runs
    assert "packaging/pyinstaller/assistant.spec" in runs
    assert "tests/packaging/test_frozen_app.py" in runs
    assert "packaging/windows/installer.nsi" in runs and "-WX" in runs
    upload = next(step for step in steps if step.get("uses", "").startswith("actions/upload"))
    assert upload["with"]["path"].endswith("-setup.exe")
