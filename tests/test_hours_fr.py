"""French free-text hours to OSM: every corpus case, the shares, and properties of the outputs."""

from __future__ import annotations

import unicodedata
from typing import Any

import opening_hours
import pytest
import yaml

from generator.hours import typical_week
from generator.hours_fr import to_osm
from tests.conftest import DATA

CORPUS: list[dict[str, Any]] = yaml.safe_load((DATA / "hours_fr.yaml").read_text("utf-8"))


def _id(case: dict[str, Any]) -> str:
    return case["text"][:60]


def test_the_corpus_is_large_and_well_formed() -> None:
    assert len(CORPUS) >= 100
    texts = [case["text"] for case in CORPUS]
    assert len(set(texts)) == len(texts), "a text is in the corpus twice"
    for case in CORPUS:
        assert set(case) <= {"text", "osm", "why"}, case
        if case["osm"] is None:
            assert case.get("why"), f"say why {case['text']!r} is kept as text"
        else:
            opening_hours.OpeningHours(case["osm"])  # the expected value itself is valid OSM


@pytest.mark.parametrize("case", CORPUS, ids=_id)
def test_each_case(case: dict[str, Any]) -> None:
    assert to_osm(case["text"]) == case["osm"]


def test_shares(capsys: pytest.CaptureFixture[str]) -> None:
    exact = kept = wrong = missed = 0
    for case in CORPUS:
        result = to_osm(case["text"])
        if result is None:
            kept += 1
            missed += case["osm"] is not None
        elif result == case["osm"]:
            exact += 1
        else:
            wrong += 1
    total = len(CORPUS)
    with capsys.disabled():
        print(
            f"\nhours_fr corpus, {total} texts: converted exactly {exact} ({exact / total:.0%}),"
            f" kept as text {kept} ({kept / total:.0%}, of which {missed} could have been"
            f" converted), converted wrongly {wrong} ({wrong / total:.0%})"
        )
    assert exact + kept + wrong == total
    assert wrong == 0


@pytest.mark.parametrize("case", CORPUS, ids=_id)
def test_every_output_is_valid_osm(case: dict[str, Any]) -> None:
    result = to_osm(case["text"])
    if result is not None:
        opening_hours.OpeningHours(result)  # raises if invalid
        assert not typical_week(result).is_empty


def _without_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@pytest.mark.parametrize("case", CORPUS, ids=_id)
def test_case_and_accents_do_not_change_the_reading(case: dict[str, Any]) -> None:
    result = to_osm(case["text"])
    assert to_osm(case["text"].upper()) == result
    assert to_osm(case["text"].lower()) == result
    assert to_osm(_without_accents(case["text"])) == result


@pytest.mark.parametrize(
    "extra", [" sur rendez-vous", " (sauf vacances scolaires)", " le 1er du mois", " environ"]
)
@pytest.mark.parametrize("case", [c for c in CORPUS if c["osm"]], ids=_id)
def test_a_remark_it_cannot_account_for_gives_none(case: dict[str, Any], extra: str) -> None:
    assert to_osm(case["text"] + extra) is None


@pytest.mark.parametrize(
    ("text", "osm"),
    [
        ("mardi 14h-18h", "Tu 14:00-18:00"),
        ("Lundi : 9h-12h\nMardi : 14h-17h", "Mo 09:00-12:00; Tu 14:00-17:00"),
        ("du lundi au vendredi 9h-17h, fermé le mercredi", "Mo,Tu,Th,Fr 09:00-17:00"),
        ("du lundi au mercredi 9h-17h", "Mo-We 09:00-17:00"),
        ("lundi et mardi 9h-17h", "Mo,Tu 09:00-17:00"),
        ("du samedi au lundi 10h-12h", "Mo,Sa,Su 10:00-12:00"),
    ],
)
def test_writing(text: str, osm: str) -> None:
    """Days are grouped by equal hours, in week order; runs of three days or more as ranges."""
    assert to_osm(text) == osm
