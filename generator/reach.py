"""Can residents find each place, and learn what it does? Warnings for `check`.

Run once the source has no error. A place on no need page is still on the A to Z page and in
the search, but a resident who looks by need, or reads a leaflet, never meets it: `check`
says so for each one, with the data·inclusion thematiques that would place it. A place with
neither a description nor a service shows a name and an address, and nothing of what it does.
A need with very many places in one commune lists them in parts of that commune's page, in
the guide's order (generator/areas.py): `check` asks for sectors there, a split residents
recognise.
"""

from __future__ import annotations

from typing import Any

from generator.areas import AREA_PAGES_FROM, area_of, commune_slug
from generator.errors import Problem, Severity
from generator.load import PathKey, Source
from generator.model import Actor, Guide
from generator.validate_schema import problem_at

# Places of a need in one commune or sector from which `check` asks for sectors: their page
# comes in parts (`AREA_PAGES_FROM` places at most each) in the guide's order, three or more
# parts that say nothing of where their places are.
CROWDED_AREA = 100


def reach_problems(source: Source) -> list[Problem]:
    """A warning for each actor on no need page, and each one that says nothing of itself."""
    data = source.data if isinstance(source.data, dict) else {}
    themes = [t for t in _list(data.get("themes")) if isinstance(t, dict)]
    actors = [(i, a) for i, a in enumerate(_list(data.get("actors"))) if isinstance(a, dict)]
    problems: list[Problem] = []
    if actors and not themes:
        problems.append(
            _warning(
                source,
                ("themes",),
                "the guide has no need: its places are listed only A to Z",
                "add needs under `themes:` (the sample's are in generator/starter/needs.yaml)",
            )
        )
        return problems
    covered = {t for theme in themes for t in _list(theme.get("thematiques"))}
    for i, actor in actors:
        services = [s for s in _list(actor.get("services")) if isinstance(s, dict)]
        topics = set(_list(actor.get("thematiques")))
        topics.update(t for s in services for t in _list(s.get("thematiques")))
        if not topics & covered:
            problems.append(_no_need(source, i, actor, bool(topics)))
        if not actor.get("description") and not services:
            problems.append(
                _warning(
                    source,
                    ("actors", i),
                    "nothing says what this place does: its page shows only how to reach it",
                    'add `description: {fr: "…"}` (what they do, in a sentence or two)',
                )
            )
    return problems


def crowded_areas(source: Source, guide: Guide) -> list[Problem]:
    """A warning for each need with more than `CROWDED_AREA` places in one commune or
    sector, at the need's line: their page comes in parts in the guide's order (at most
    `AREA_PAGES_FROM` places each), which say nothing of where the places are."""
    problems = []
    for index, theme in enumerate(guide.themes):
        areas: dict[str, list[Actor]] = {}
        for actor in guide.actors_of(theme):
            areas.setdefault(commune_slug(area_of(actor)), []).append(actor)
        for places in areas.values():
            if len(places) <= CROWDED_AREA:
                continue
            name = area_of(places[0])
            where = f"in {name}" if name else "without a commune"
            problems.append(
                _warning(
                    source,
                    ("themes", index),
                    f"this need has {len(places)} places {where}: their page comes in parts "
                    f"of at most {AREA_PAGES_FROM} in the guide's order, not by where they are",
                    "give these places a `secteur`, a part of the territory (e.g. `secteur: "
                    '"Nord"`): the need\'s pages and leaflets are then split by sector',
                )
            )
    return problems


def _no_need(source: Source, index: int, actor: dict[str, Any], has_topics: bool) -> Problem:
    if has_topics:
        fix = (
            "its thematiques are in no need: add one of them to a need's thematiques, or add "
            "`thematiques: […]` with a thematique of a need to the actor"
        )
    else:
        fix = (
            "add `thematiques: […]` to the actor with what it helps with (data·inclusion values, "
            "e.g. difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-"
            "administratives; see generator/reference/thematiques.json), or describe a service"
        )
    return _warning(
        source,
        ("actors", index),
        "this place is on no need page nor leaflet: residents find it only A to Z or by search",
        fix,
    )


def _warning(source: Source, path: PathKey, message: str, fix: str) -> Problem:
    return problem_at(source, path, message, fix, severity=Severity.WARNING)


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
