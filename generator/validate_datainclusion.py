"""`check`'s data·inclusion pass: what data·inclusion's own models would refuse, on its line.

The JSON Schema of actors.yaml already carries data·inclusion's lists, patterns and types; the
rules its models add (generator/opendata/rules.py) are reported here, before the export meets
them. Errors: `tous-publics` with other publics, a `date_verification` before 2000 (the
export's `date_maj`). Warnings: a name data·inclusion cannot take as it is (shorter than 3
characters: left out of the open data; longer than 150: cut; ending with a full stop).
Web addresses are checked by validate.check_url with rules.web_address_problem. As in
validate's second pass, only values of the right shape are looked at: a mistake is reported once.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import Any

from generator.errors import Problem, Severity
from generator.load import PathKey, Source
from generator.opendata.rules import (
    DATE_MIN,
    NAME_MAX,
    NAME_MIN,
    TOUS_PUBLICS,
    ends_with_full_stop,
    other_publics,
)


def datainclusion_problems(source: Source) -> list[Problem]:
    """Every data·inclusion rule the source breaks, as located problems."""
    data = source.data if isinstance(source.data, dict) else {}
    problems: list[Problem] = []
    for i, actor in _dicts(data.get("actors")):
        path: PathKey = ("actors", i)
        problems += _name_problems(source, (*path, "nom"), actor.get("nom"), "this actor")
        problems += _date_problems(source, (*path, "date_verification"), actor)
        for j, service in _dicts(actor.get("services")):
            service_path = (*path, "services", j)
            nom = service.get("nom")
            french = nom.get("fr") if isinstance(nom, dict) else None
            problems += _name_problems(source, (*service_path, "nom", "fr"), french, "this service")
            problems += _publics_problems(source, (*service_path, "publics"), service)
    return problems


def _problem(
    source: Source, path: PathKey, message: str, fix: str, severity: Severity = Severity.ERROR
) -> Problem:
    position = source.position(path)
    return Problem(
        source.file, position.line, position.column, source.describe(path), message, fix, severity
    )


def _publics_problems(source: Source, path: PathKey, service: dict[str, Any]) -> Iterator[Problem]:
    publics = service.get("publics")
    if not isinstance(publics, list) or not all(isinstance(p, str) for p in publics):
        return  # the schema said what is wrong
    others = other_publics(publics)
    if others:
        listed = ", ".join(f"`{p}`" for p in others)
        yield _problem(
            source,
            path,
            f"`{TOUS_PUBLICS}` is listed with {listed}: data·inclusion refuses the service",
            f"`{TOUS_PUBLICS}` means everyone: remove it, or remove the other publics",
        )


def _date_problems(source: Source, path: PathKey, actor: dict[str, Any]) -> Iterator[Problem]:
    value = actor.get("date_verification")
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return  # the schema said it
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return  # validate says it is not a real date
    if day < DATE_MIN:
        yield _problem(
            source,
            path,
            f"`{value}` is before {DATE_MIN.isoformat()}, which data·inclusion refuses",
            "check the facts with the actor, then write the day you did (YYYY-MM-DD)",
        )


def _name_problems(source: Source, path: PathKey, value: Any, what: str) -> Iterator[Problem]:
    if not isinstance(value, str) or not value.strip():
        return  # the schema said it
    name = " ".join(value.split())  # as the export writes it
    if len(name) < NAME_MIN:
        left_out = "this actor and its services are" if what == "this actor" else f"{what} is"
        yield _problem(
            source,
            path,
            f"`{name}` is shorter than {NAME_MIN} characters: data·inclusion refuses it, so "
            f"{left_out} left out of the open data",
            f"write the name in full, with at least {NAME_MIN} characters",
            Severity.WARNING,
        )
    elif len(name) > NAME_MAX:
        yield _problem(
            source,
            path,
            f"the name has {len(name)} characters: the open data cuts it to {NAME_MAX}",
            f"shorten the name to at most {NAME_MAX} characters; say the rest in the description",
            Severity.WARNING,
        )
    if ends_with_full_stop(name):
        yield _problem(
            source,
            path,
            "the name ends with a full stop, which data·inclusion asks to avoid",
            "remove the full stop at the end of the name",
            Severity.WARNING,
        )


def _dicts(value: Any) -> list[tuple[int, dict[str, Any]]]:
    items = value if isinstance(value, list) else []
    return [(i, item) for i, item in enumerate(items) if isinstance(item, dict)]
