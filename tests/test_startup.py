"""Start-up: version, help, the --data-dir override, and crash reports."""

from __future__ import annotations

import importlib.metadata
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant import __version__
from assistant.__main__ import gui_argv
from assistant.cli.main import build_parser, main
from assistant.crash import format_report, install_excepthook
from assistant.paths import DATA_DIR_ENV, AppPaths


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
        check=False,
    )


def test_version_prints_the_package_version_and_openvinos() -> None:
    result = run_cli("--version")
    assert result.returncode == 0
    openvino = importlib.metadata.version("openvino")
    assert result.stdout.strip() == f"assistant {__version__} (OpenVINO {openvino})"


def test_help_lists_the_global_options_and_gui(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    text = capsys.readouterr().out
    assert "--data-dir" in text
    assert "gui" in text


def test_data_dir_moves_every_directory_under_it(tmp_path: Path) -> None:
    paths = AppPaths.resolve(tmp_path / "elsewhere")
    for root in paths.all_roots():
        assert root.is_relative_to(tmp_path / "elsewhere")
    assert paths.models.is_relative_to(paths.data)
    assert paths.compiled_cache.is_relative_to(paths.cache)
    assert paths.log_file.is_relative_to(paths.logs)


def test_data_dir_flag_wins_over_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "from-env"))
    assert AppPaths.resolve(tmp_path / "from-flag").data == (tmp_path / "from-flag" / "data")
    assert AppPaths.resolve(None).data == (tmp_path / "from-env" / "data")


def test_cli_writes_only_under_the_data_dir(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    target = tmp_path / "dd"
    env = {"HOME": str(home), "XDG_DATA_HOME": "", "XDG_CACHE_HOME": "", DATA_DIR_ENV: ""}
    result = run_cli("--data-dir", str(target), "--help", env=env)
    assert result.returncode == 0
    result = run_cli("--data-dir", str(target), "doctor", "--json", env=env)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in target.iterdir()) == ["cache", "config", "data", "logs"]
    assert (target / "logs" / "assistant.log").exists()
    written = {p.relative_to(home).parts[0] for p in home.rglob("*")}
    # OpenVINO's own import writes its telemetry client-id under ~/intel (it sends nothing
    # unless the user opted in); the app itself writes nothing to the home directory.
    assert written <= {"intel"}, f"written outside --data-dir: {written}"


def test_crash_report_names_versions_and_the_traceback() -> None:
    try:
        raise ValueError("boom")
    except ValueError as error:
        report = format_report(type(error), error, error.__traceback__)
    assert f"Offline Translation Assistant {__version__} crashed." in report
    assert "ValueError: boom" in report
    assert "test_crash_report_names_versions_and_the_traceback" in report


def test_excepthook_sends_uncaught_exceptions_to_the_sink(monkeypatch: pytest.MonkeyPatch) -> None:
    reports: list[str] = []
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    install_excepthook(reports.append)
    try:
        raise RuntimeError("unexpected")
    except RuntimeError as error:
        sys.excepthook(type(error), error, error.__traceback__)
    assert len(reports) == 1
    assert "RuntimeError: unexpected" in reports[0]


def test_uncaught_exception_in_cli_process_prints_a_report_not_silence(tmp_path: Path) -> None:
    code = (
        "import sys; sys.argv=['assistant'];"
        "from assistant.crash import install_excepthook; install_excepthook();"
        "raise RuntimeError('crash-canary')"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode != 0
    assert "crashed." in result.stderr
    assert "RuntimeError: crash-canary" in result.stderr


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ([], ["gui"]),
        (["--translate-clipboard"], ["gui", "--translate-clipboard"]),
        (["--data-dir", "D", "--quit-after", "3"], ["--data-dir", "D", "gui", "--quit-after", "3"]),
        (["--data-dir=D", "-v", "--minimized"], ["--data-dir=D", "-v", "gui", "--minimized"]),
        (
            ["--data-dir", "D", "gui", "--quit-after", "1"],
            ["--data-dir", "D", "gui", "--quit-after", "1"],
        ),
    ],
)
def test_gui_entry_point_puts_gui_after_the_global_options(
    given: list[str], expected: list[str]
) -> None:
    assert gui_argv(given) == expected


def test_gui_entry_point_options_parse(tmp_path: Path) -> None:
    args = build_parser().parse_args(
        gui_argv(["--data-dir", str(tmp_path), "--translate-clipboard"])
    )
    assert args.command == "gui"
    assert args.translate_clipboard is True
    assert args.data_dir == str(tmp_path)
