"""The facts view: one place computes what every page, leaflet and clip says of an entry."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.facts import agreed, facts_view
from generator.model import Guide
from generator.pipeline import load_guide
from tests.conftest import DATA, ROOT, TODAY


@pytest.fixture(scope="module")
def sample() -> Guide:
    return load_guide(ROOT / "actors.yaml", TODAY)[0]


@pytest.fixture(scope="module")
def small() -> Guide:
    return load_guide(DATA / "small.yaml", TODAY)[0]


def edited_guide(tmp_path: Path, edit: Any) -> Guide:
    """small.yaml after `edit(data)`."""
    data = yaml.safe_load((DATA / "small.yaml").read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / "actors.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return load_guide(path, TODAY)[0]


def theme(guide: Guide, theme_id: str):
    return next(t for t in guide.themes if t.id == theme_id)


def test_a_need_lists_the_matching_service_with_its_own_facts(sample: Guide) -> None:
    """France Services on "Accès aux droits": only its appointment service matches; its
    phone and hours replace the place's."""
    view = facts_view(sample)
    entries = [e for e in view.entries(theme(sample, "acces-aux-droits"))]
    france = [e for e in entries if e.actor.id == "france-services-tilleuls"]
    assert [e.service.id for e in france] == ["fs-tilleuls-rdv-partenaire"]
    facts = france[0].facts
    assert facts.telephone.display == "02 61 91 00 11" and facts.own_phone
    assert facts.hours == "Tu,Th 14:00-17:00" and facts.own_hours
    assert (facts.walk_in, facts.appointment, facts.call_first, facts.free) == (
        False,
        True,
        True,
        True,
    )
    assert facts.filter_values == {"free": "1", "walkin": "0", "langs": "fr ar en tr"}
    # On "Aide aux démarches" both its services match, each with its own access.
    paperwork = [
        e
        for e in view.entries(theme(sample, "demarches-administratives"))
        if e.actor.id == "france-services-tilleuls"
    ]
    assert [(e.service.id, e.facts.walk_in) for e in paperwork] == [
        ("fs-tilleuls-aide-demarches", True),
        ("fs-tilleuls-rdv-partenaire", False),
    ]
    # A service without hours of its own takes the place's.
    assert paperwork[0].facts.hours == sample.actor("france-services-tilleuls").horaires_accueil
    assert not paperwork[0].facts.own_hours and not paperwork[0].facts.own_phone


def test_every_entry_of_every_need_is_a_matching_service(sample: Guide) -> None:
    view = facts_view(sample)
    for need in sample.themes:
        groups = view.groups(need)
        assert [g.actor.id for g in groups] == [a.id for a in sample.actors_of(need)]
        for group in groups:
            for entry in group.entries:
                assert entry.service is not None  # every sample actor describes its services
                assert set(entry.service.thematiques) & set(need.thematiques)


def test_the_place_as_a_whole_says_only_what_all_its_services_say(sample: Guide) -> None:
    view = facts_view(sample)
    france = view.actor(sample.actor("france-services-tilleuls"))
    assert france.free is True  # both services are free
    assert france.walk_in is None and france.appointment is None  # one walk-in, one not
    assert france.telephone.display == "02 61 91 00 10"
    assert agreed([True, True]) is True
    assert agreed([True, None]) is None
    assert agreed([True, False]) is None
    assert agreed([]) is None


def test_unknown_is_not_no(tmp_path: Path) -> None:
    """A place whose services say nothing of fees or access gets neither "yes" nor "no"."""

    def edit(data: dict) -> None:
        caf = data["actors"][1]
        service = caf["services"][0]
        del service["frais"], service["modes_mobilisation"]
        data["actors"][2].pop("services")
        data["actors"][2]["thematiques"] = ["numerique--maitriser-les-fondamentaux-du-numerique"]

    guide = edited_guide(tmp_path, edit)
    view = facts_view(guide)
    caf = view.actor_entries(guide.actor("caf-test"))[0]
    assert (caf.facts.free, caf.facts.walk_in, caf.facts.appointment) == (None, None, None)
    assert caf.facts.filter_values == {"free": "", "walkin": "", "langs": ""}
    # An actor placed under a need by its own thematiques, without services: the actor itself.
    [entry] = view.entries(theme(guide, "numerique"))
    assert entry.service is None and entry.actor.id == "mediatheque-test"
    assert entry.facts.hours == "Tu-Sa 10:00-18:00"
    assert (entry.facts.free, entry.facts.walk_in) == (None, None)


def test_a_service_given_at_a_distance_only_is_no_door_to_walk_through(tmp_path: Path) -> None:
    def edit(data: dict) -> None:
        service = data["actors"][1]["services"][0]
        service["modes_accueil"] = ["a-distance"]
        service["langues_parlees"] = ["fr", "uk"]
        service["telephone"] = "01 99 00 20 01"

    guide = edited_guide(tmp_path, edit)
    [entry] = facts_view(guide).actor_entries(guide.actor("caf-test"))
    assert (entry.facts.walk_in, entry.facts.appointment, entry.facts.remote) == (False, None, True)
    # The service's own languages and phone replace the actor's.
    assert [spoken.tag for spoken in entry.facts.languages] == ["fr", "uk"]
    assert entry.facts.speaks("uk") is True and entry.facts.speaks("ar") is False
    assert entry.facts.telephone.display == "01 99 00 20 01"


def test_the_summary_comes_first(tmp_path: Path, small: Guide) -> None:
    [entry] = facts_view(small).actor_entries(small.actor("caf-test"))
    assert entry.summary is small.actor("caf-test").description  # the service has none

    def edit(data: dict) -> None:
        service = data["actors"][0]["services"][0]
        service["resume"] = {"fr": "Aide pour vos dossiers."}

    guide = edited_guide(tmp_path, edit)
    [entry] = facts_view(guide).actor_entries(guide.actor("france-services-test"))
    assert entry.summary.fr == "Aide pour vos dossiers."
