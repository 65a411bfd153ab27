"""Distinctive words settle close languages the identifiers confuse, and move no other."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.core import langid
from assistant.core.langid import LanguageIdentifier
from assistant.core.langid_markers import marker_groups, marker_votes, tokens


def test_forms_of_every_kind_are_matched() -> None:
    votes = marker_votes("Tko zna, tijekom tjedna; šta je to hiljadu puta", {"bs", "hr", "sr"})
    assert votes == {"hr": 3, "bs": 2}
    assert marker_votes("El pueblu ye grande y nun tien l'agua", {"ast", "es"}) == {"ast": 4}
    assert marker_votes("Dit is het mooiste wijk", {"af", "nl"}) == {"nl": 1}


def test_apostrophes_stay_with_their_word() -> None:
    assert tokens("L’academia y 'n boek") == ["l'academia", "y", "'n", "boek"]


def test_groups_need_two_of_the_languages_asked_about() -> None:
    assert marker_votes("Tko zna tijekom tjedna", {"hr", "fr"}) == {}


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Tko je rekao da će tisuću ljudi doći tijekom tjedna u kolovozu?", "hr"),
        ("Ko je rekao da će hiljadu ljudi doći tokom sedmice u augustu?", "bs"),
        ("Nun sé si'l pueblu ye grande, pero la xente ta contenta colos cambios.", "ast"),
        ("No sé si el pueblo es grande, pero la gente está contenta con los cambios.", "es"),
        ("Kerajaan berkata bahawa wang itu akan dibayar selepas hari Isnin.", "ms"),
        ("Pemerintah mengatakan bahwa uang itu akan dibayar setelah hari Senin.", "id"),
    ],
)
def test_close_languages_are_told_apart(
    identifier: LanguageIdentifier, text: str, lang: str
) -> None:
    assert identifier.detect(text).lang == lang


def test_a_language_outside_the_groups_is_never_moved(
    identifier: LanguageIdentifier, monkeypatch: pytest.MonkeyPatch
) -> None:
    members = set().union(*(group.languages for group in marker_groups()))
    assert "fr" not in members
    text = "Il a dit que la ville est belle, et les gens de Lyon ye nun da na ont ri."
    with_words = identifier.detect(text)
    monkeypatch.setattr(langid, "MARKER_WEIGHT", 0.0)
    assert with_words == identifier.detect(text)
    assert with_words.lang == "fr"


def test_asturian_flores_sentences_are_no_longer_taken_for_spanish(
    identifier: LanguageIdentifier, shared_data: Path
) -> None:
    lines = (shared_data / "flores200-dev" / "ast.txt").read_text(encoding="utf-8").splitlines()
    held_out = lines[1::2][:40]
    hits = sum(identifier.detect(line).lang == "ast" for line in held_out)
    assert hits >= 32
