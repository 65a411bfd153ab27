"""`assistant eval`: FLORES through the installed tiny bundle, scored with sacrebleu, and clear
refusals of bad languages, files and models."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.cli.main import main
from assistant.models.store import InstalledModel

SIGNATURE_START = "nrefs:1|case:mixed|eff:no|"


@pytest.fixture
def flores_pair(shared_data: Path, tmp_path: Path) -> Path:
    """A FLORES folder with the first 20 English and German dev sentences."""
    folder = tmp_path / "flores"
    folder.mkdir()
    for code in ("en", "de"):
        lines = (shared_data / "flores200-dev" / f"{code}.txt").read_text().splitlines()[:20]
        (folder / f"{code}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_eval_translates_flores_and_reports_bleu_and_chrf(
    installed_tiny_m2m100: InstalledModel, flores_pair: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["eval", "en", "de", "--flores", str(flores_pair), "--limit", "6", "--json"]
    assert main(argv) == 0
    captured = capsys.readouterr()
    report = json.loads(captured.out)
    assert set(report) == {
        "model", "source", "target", "sentences", "bleu", "chrf",
        "bleu_signature", "chrf_signature", "seconds",
    }  # fmt: skip
    assert (report["model"], report["source"], report["target"], report["sentences"]) == (
        installed_tiny_m2m100.model_id,
        "en",
        "de",
        6,
    )
    assert 0.0 <= report["bleu"] <= 100.0 and 0.0 <= report["chrf"] <= 100.0
    assert report["chrf"] > 0.0  # random weights still share some characters with German
    assert report["bleu_signature"].startswith(SIGNATURE_START)
    assert "tok:13a" in report["bleu_signature"] and "version:" in report["chrf_signature"]
    assert report["seconds"] > 0
    assert "translated 6/6" in captured.err

    assert main(["eval", "en", "de", "--flores", str(flores_pair), "--limit", "2"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"{installed_tiny_m2m100.model_id}: FLORES en→de, 2 sentences"
    assert lines[1].startswith("BLEU ") and lines[2].startswith("chrF ")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["en", "xx"], "xx"),
        (["en", "fr"], "No FLORES file for 'fr'"),
        (["en", "de", "--limit", "0"], "--limit must be at least 1"),
    ],
)
def test_eval_refuses_bad_input_with_one_clear_line(
    flores_pair: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert main(["eval", *args, "--flores", str(flores_pair)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("assistant: ") and message in err and "\n" not in err


def test_eval_refuses_files_that_do_not_line_up(
    flores_pair: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    german = flores_pair / "de.txt"
    german.write_text("\n".join(german.read_text().splitlines()[:-3]) + "\n", encoding="utf-8")
    assert main(["eval", "en", "de", "--flores", str(flores_pair)]) == 2
    err = capsys.readouterr().err
    assert "do not line up: en.txt has 20 lines, de.txt has 17" in err


def test_eval_without_a_model_or_folder_says_what_to_do(
    flores_pair: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["eval", "en", "de", "--flores", str(flores_pair)]) == 2
    assert "No translation model is installed" in capsys.readouterr().err
    assert main(["eval", "en", "de", "--flores", str(flores_pair), "--model", "nope"]) == 2
    assert "No model 'nope' is installed" in capsys.readouterr().err
    assert main(["eval", "en", "de", "--flores", str(tmp_path / "missing")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_the_flores_folder_defaults_to_the_shared_data_beside_the_checkout(
    shared_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from assistant.cli.evaluate import flores_folder

    monkeypatch.chdir(tmp_path)  # no ../shared here: the checkout's sibling is used
    folder = flores_folder(None)
    assert folder.resolve() == (shared_data / "flores200-dev").resolve()
    assert (folder / "en.txt").is_file()
