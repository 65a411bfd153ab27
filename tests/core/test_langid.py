"""Language identification: script rules, the combined identifiers, the prior, no network."""

from __future__ import annotations

import socket
import sys
from pathlib import Path

import pytest

from assistant.core.langid import LanguageIdentifier
from assistant.core.scripts import rule_out_by_alphabet

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("text", "lang"),
    [("こんにちは、元気ですか", "ja"), ("你好，世界", "zh"), ("안녕하세요", "ko"),
     ("Καλημέρα", "el"), ("გამარჯობა", "ka"), ("ሰላም", "am"), ("สวัสดี", "th")],
)  # fmt: skip
def test_unique_scripts_decide_at_once(
    identifier: LanguageIdentifier, text: str, lang: str
) -> None:
    detection = identifier.detect(text)
    assert (detection.lang, detection.confidence, detection.method) == (lang, 1.0, "script")


def test_flores_sentences_in_many_languages_are_identified(
    identifier: LanguageIdentifier, shared_data: Path
) -> None:
    folder = shared_data / "flores200-dev"
    langs = ("en", "de", "fr", "es", "ru", "uk", "ar", "fa", "hi", "sw", "yo", "zu", "tn", "ceb")
    for lang in langs:
        sentences = (folder / f"{lang}.txt").read_text(encoding="utf-8").splitlines()[:20]
        hits = sum(identifier.detect(s).lang == lang for s in sentences)
        assert hits >= 18, lang


def test_recent_languages_tip_an_ambiguous_snippet(identifier: LanguageIdentifier) -> None:
    text = "Dobar dan, kako ste"
    assert identifier.detect(text, recent=("bs",)).lang == "bs"
    assert identifier.detect(text, recent=("hr",)).lang == "hr"


def test_text_without_letters_has_no_language(identifier: LanguageIdentifier) -> None:
    detection = identifier.detect("12:45 — 😀 !!")
    assert (detection.lang, detection.confidence) == (None, 0.0)


def test_cyrillic_letters_outside_an_alphabet_rule_languages_out() -> None:
    candidates = frozenset({"ru", "sr", "bg", "uk", "mk", "be", "kk"})
    assert rule_out_by_alphabet("Мы были здесь", candidates) == {"ru", "kk"}  # be has no "и"
    assert rule_out_by_alphabet("Ђаци", candidates) == {"sr", "kk"}


def test_confidences_are_a_distribution(identifier: LanguageIdentifier) -> None:
    detection = identifier.detect("Ce matin, nous avons pris le train pour Lyon.")
    total = detection.confidence + sum(c for _, c in detection.alternatives)
    assert detection.lang == "fr" and 0.5 < detection.confidence <= 1.0 and total <= 1.0 + 1e-9


def test_identification_never_opens_a_network_connection(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("language identification tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    fresh = LanguageIdentifier()
    assert fresh.detect("Das ist ein ganz normaler deutscher Satz.").lang == "de"


def test_accuracy_benchmark_runs_in_tiny_mode(tmp_path: Path) -> None:
    sys.path.insert(0, str(REPO))
    from benchmarks.langid_accuracy import main

    out = tmp_path / "language-id.md"
    assert main(["--limit", "2", "--out", str(out)]) == 0
    report = out.read_text(encoding="utf-8")
    assert "| full sentences |" in report
    assert report.count("\n| ") >= 98 + 6
