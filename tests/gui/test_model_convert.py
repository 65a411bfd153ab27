"""Convert… runs the real converter in a child process and passes its progress on: the bar
moves with the child's stages, and a failure's message holds no progress lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.core.progress import parse_progress_line, progress_line
from assistant.gui.model_convert import STARTING, run_conversion
from assistant.models.errors import ExportError
from assistant.models.manifest import MANIFEST_NAME
from assistant.paths import AppPaths
from tests.builders.tiny_m2m100 import TinyM2M100


@pytest.fixture(autouse=True)
def _no_keychain(monkeypatch: pytest.MonkeyPatch) -> None:
    # The child must not reach a real keychain: its key goes to this data dir's labelled file.
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")


def test_the_childs_progress_reaches_the_callback_stage_by_stage(
    app_paths: AppPaths, tiny_m2m100: TinyM2M100, tmp_path: Path
) -> None:
    reports: list[tuple[str, float]] = []

    def on_progress(stage: str, fraction: float) -> bool:
        reports.append((stage, fraction))
        return True

    out = tmp_path / "bundle"
    run_conversion(app_paths, tiny_m2m100.hf_dir, out, on_progress)
    assert (out / MANIFEST_NAME).is_file()
    from_child = [report for report in reports if report[0] != STARTING]
    assert from_child, f"no progress came from the converter: {reports[:5]}"
    assert all(stage.startswith("convert: ") for stage, _ in from_child)
    assert reports[-1] == ("convert: done", 1.0)
    assert max(fraction for _, fraction in from_child) > 0.0


def test_a_failed_conversion_says_why_without_progress_lines(
    app_paths: AppPaths, tmp_path: Path
) -> None:
    source = tmp_path / "not-a-model"
    source.mkdir()
    with pytest.raises(ExportError) as raised:
        run_conversion(app_paths, source, tmp_path / "out", lambda _stage, _fraction: True)
    message = raised.value.user_message
    assert message and "progress\t" not in message and "Traceback" not in message


def test_progress_lines_round_trip_and_other_lines_are_not_reports() -> None:
    assert parse_progress_line(progress_line("convert: compress\tencoder", 0.25)) == (
        "convert: compress encoder",
        0.25,
    )
    assert parse_progress_line(progress_line("export", 7.0)) == ("export", 1.0)
    for other in ("assistant: No config.json in the folder.", "progress\tx\tmany", "progress"):
        assert parse_progress_line(other) is None
