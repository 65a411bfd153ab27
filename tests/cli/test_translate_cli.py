"""`assistant translate` and `assistant detect`: the JSON contract, files, and bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.cli.main import main
from assistant.models.store import InstalledModel
from assistant.paths import AppPaths
from tests.builders.tiny_m2m100 import TinyM2M100

CONTRACT_KEYS = {
    "output", "source_lang", "target_lang", "tier", "tools", "timings_ms", "devices", "tokens",
}  # fmt: skip


def run_cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    """The real `assistant` command in a subprocess ($ASSISTANT_DATA_DIR is the test's)."""
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        input=stdin if stdin is not None else b"",
        capture_output=True,
        timeout=300,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
        check=False,
    )


@pytest.mark.slow
def test_translates_end_to_end_with_the_tiny_bundle(installed_tiny_m2m100: InstalledModel) -> None:
    done = run_cli("translate", "--json", "--to", "de", "Good morning, my dear friend.")
    assert done.returncode == 0, done.stderr.decode()
    answer = json.loads(done.stdout)
    assert set(answer) == CONTRACT_KEYS
    assert (answer["source_lang"], answer["target_lang"], answer["tier"]) == ("en", "de", "model")
    assert answer["devices"] == {"encoder": "CPU", "decoder": "CPU"}
    assert answer["tokens"]["input"] > 0 and answer["tokens"]["output"] > 0
    assert {"langid", "m2m100"} <= set(answer["tools"])
    assert {"encode", "decode", "total"} <= set(answer["timings_ms"])


@pytest.mark.slow
def test_markdown_file_keeps_its_structure(
    installed_tiny_m2m100: InstalledModel, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "notes.md"
    source.write_text(
        "# Weekly notes\n\nThe team met on Monday.\n\n- Buy milk\n- Call the bank\n\n"
        "```python\nprint('keep me')\n```\n",
        encoding="utf-8",
    )
    out = tmp_path / "notes.de.md"
    assert main(["translate", "--file", str(source), "--out", str(out), "--to", "de"]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# ") and lines[1] == ""
    assert lines[4].startswith("- ") and lines[5].startswith("- ")
    assert lines[7:10] == ["```python", "print('keep me')", "```"]
    assert capsys.readouterr().err.startswith("[M2M-100 · encoder CPU")


def test_rule_tier_answers_without_any_model(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["translate", "--json", "--to", "fr", "https://example.com/report.pdf"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert set(answer) == CONTRACT_KEYS
    assert (answer["output"], answer["tier"], answer["tools"]) == (
        "https://example.com/report.pdf",
        "rule",
        ["untranslatable"],
    )


def test_out_into_a_missing_folder_is_one_line_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "missing" / "result.txt"
    assert main(["translate", "--to", "fr", "--out", str(out), "https://example.com"]) == 2
    err = capsys.readouterr().err
    assert f"assistant: Cannot write {out} (No such file or directory)." in err
    assert "Traceback" not in err and not out.exists()


def test_missing_model_is_one_line_on_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["translate", "--to", "de", "Where is the station?"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("assistant: This text needs the translation model")
    assert "\n" not in err


@pytest.mark.parametrize(
    ("args", "stdin", "reason"),
    [
        (["translate", "-"], b"\xff\xfe\x00\x01binary", "looks binary"),
        (["translate", "-"], b"caf\xe9 au lait", "not valid UTF-8"),
        (["translate", "-"], b"  \n\t ", "the input is empty"),
        (["translate", "--to", "xx", "hello"], b"", "'xx' is not a language"),
        (["translate", "--beam", "0", "--to", "de", "hello"], b"", "--beam must be"),
        (["translate", "--file", "/nonexistent/in.txt"], b"", "does not exist"),
        (["detect", "-"], b"", "nothing to identify"),
    ],
)
def test_bad_input_exits_non_zero_with_one_line(args: list[str], stdin: bytes, reason: str) -> None:
    done = run_cli(*args, stdin=stdin)
    err = done.stderr.decode().strip()
    assert done.returncode == 2
    assert reason in err and "Traceback" not in err and len(err.splitlines()) == 1


def test_beam_has_the_engines_bound_and_is_refused_before_any_model_loads(
    installed_tiny_m2m100: InstalledModel, capsys: pytest.CaptureFixture[str]
) -> None:
    from assistant.cli.translate import MAX_BEAM
    from assistant.core.translation import MAX_BEAMS  # the bound the engine enforces

    assert MAX_BEAM == MAX_BEAMS == 5
    assert main(["translate", "--beam", "6", "--to", "de", "Where is the station?"]) == 2
    err = capsys.readouterr().err.strip()
    assert err == "assistant: --beam must be between 1 and 5, not 6."  # the CLI's, not the engine's


def test_detect_lines_prints_one_object_per_line_in_order() -> None:
    lines = ["Guten Morgen, wie geht es dir?", "", "東京は日本の首都です", "Bonjour à tous"]
    done = run_cli("detect", "--json", "--lines", stdin="\n".join(lines).encode())
    assert done.returncode == 0, done.stderr.decode()
    answers = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert [a["lang"] for a in answers] == ["de", None, "ja", "fr"]
    assert all(0.0 <= a["confidence"] <= 1.0 for a in answers)


def test_a_megabyte_in_the_target_language_passes_through(tmp_path: Path) -> None:
    paragraph = "Dies ist ein ganz gewöhnlicher deutscher Satz über das Wetter in Berlin. " * 20
    text = "\n\n".join([paragraph] * 700)
    assert len(text.encode()) > 1_000_000
    source = tmp_path / "big.txt"
    source.write_text(text, encoding="utf-8")
    out = tmp_path / "out.txt"
    done = run_cli("translate", "--json", "--to", "de", "--file", str(source), "--out", str(out))
    assert done.returncode == 0, done.stderr.decode()
    assert out.read_bytes() == source.read_bytes()
    assert json.loads(done.stdout)["tools"] == ["langid", "same-language"]


def test_control_characters_rtl_and_emoji_get_an_answer(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for text in ("\x07\x1b[31m", "👋🏽🎉", "שלום עולם", "مرحبا بالعالم"):
        code = main(["translate", "--json", "--to", text_lang(text), text])
        assert code == 0
        assert json.loads(capsys.readouterr().out)["tier"] == "rule"


def text_lang(text: str) -> str:
    """The target that makes `text` a same-language or untranslatable request."""
    return {"שלום עולם": "he", "مرحبا بالعالم": "ar"}.get(text, "en")


@pytest.mark.slow
def test_precision_f32_output_equals_transformers_generate(
    installed_tiny_m2m100: InstalledModel, tiny_m2m100: TinyM2M100
) -> None:
    from transformers import M2M100ForConditionalGeneration, M2M100Tokenizer

    from assistant.engine.m2m100 import default_max_new_tokens

    text = "The museum opens at nine."
    done = run_cli("translate", "--json", "--precision", "f32", "--from", "en", "--to", "de", text)
    assert done.returncode == 0, done.stderr.decode()
    answer = json.loads(done.stdout)

    tokenizer = M2M100Tokenizer.from_pretrained(str(tiny_m2m100.hf_dir), src_lang="en")
    model = M2M100ForConditionalGeneration.from_pretrained(str(tiny_m2m100.hf_dir)).eval()
    inputs = tokenizer(text, return_tensors="pt")
    generated = model.generate(
        **inputs,
        forced_bos_token_id=tokenizer.get_lang_id("de"),
        num_beams=1,
        do_sample=False,
        max_new_tokens=default_max_new_tokens(inputs["input_ids"].shape[1]),
    )[0].tolist()
    expected = tokenizer.decode(generated[2:], skip_special_tokens=True)
    assert answer["output"] == expected
    assert answer["tokens"]["output"] == len(generated) - 1


def test_a_failing_keychain_still_prints_the_translation_with_one_note(
    capsys: pytest.CaptureFixture[str],
) -> None:
    import keyring

    from tests.raising_keyring import RaisingKeyring

    keyring.set_keyring(RaisingKeyring())
    assert main(["translate", "--to", "fr", "https://example.com/report.pdf"]) == 0
    captured = capsys.readouterr()
    assert captured.out == "https://example.com/report.pdf\n"
    notes = [line for line in captured.err.splitlines() if line.startswith("assistant:")]
    assert notes == [
        "assistant: History is off: the system keychain failed (RuntimeError). Translations are "
        "not kept until it works again; unlock the keychain (or restart its service) and try again."
    ]
    assert "Traceback" not in captured.err


def test_a_failing_keychain_backend_in_the_assistant_command_is_no_traceback() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "assistant", "translate", "--json", "--to", "de", "42"],
        capture_output=True,
        timeout=300,
        env={
            **os.environ,
            "PYTHONWARNINGS": "ignore",
            "PYTHON_KEYRING_BACKEND": "tests.raising_keyring.RaisingKeyring",
        },
        check=False,
    )
    err = done.stderr.decode()
    assert done.returncode == 0, err
    assert json.loads(done.stdout)["output"] == "42"
    assert "the system keychain failed (RuntimeError)" in err and "Traceback" not in err


@pytest.mark.slow
def test_a_failing_keychain_keeps_a_model_translation(
    installed_tiny_m2m100: InstalledModel, capsys: pytest.CaptureFixture[str]
) -> None:
    import keyring

    from tests.raising_keyring import RaisingKeyring

    keyring.set_keyring(RaisingKeyring())
    assert main(["translate", "--json", "--from", "en", "--to", "de", "Good morning."]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["tier"] == "model"
    assert "History is off: the system keychain failed (RuntimeError)." in captured.err


def test_a_repaired_settings_file_is_said_once_by_translate(
    app_paths: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    app_paths.settings_file.write_text('{"quality": "wide"}')
    assert main(["translate", "--to", "fr", "https://example.com"]) == 0
    assert "Some settings were invalid and were reset" in capsys.readouterr().err
    assert main(["translate", "--to", "fr", "https://example.com"]) == 0
    assert "were reset" not in capsys.readouterr().err, "the repaired file is quiet afterwards"
