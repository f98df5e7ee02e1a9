"""`check`'s places pass: copy mistakes in where actors are and how they are reached.

Adding an actor by copying another's block is the documented way; the copy keeps the
latitude/longitude of the original, and the new place's map link then points at the old one.
Two actors at exactly the same coordinates but at different street addresses get a warning
naming both. Two actors in the same building (same street address, told apart or not by
`complement_adresse`) may share their coordinates: that is no mistake. The same goes for a
telephone number given by two actors, and for one street address with no complement telling the
two places apart: each is a warning naming the other actor's line.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from generator.errors import Problem, Severity
from generator.load import PathKey, Source
from generator.validate_schema import problem_at
from generator.validate_values import phone_key


def shared_coordinates(source: Source) -> list[Problem]:
    """A warning for each actor whose coordinates are an earlier actor's, at another address."""
    data = source.data if isinstance(source.data, dict) else {}
    actors = data.get("actors") if isinstance(data.get("actors"), list) else []
    # Each point's first actor at each street address (None: no address), in file order.
    first: dict[tuple[float, float], dict[tuple[str, str] | None, int]] = {}
    problems: list[Problem] = []
    for i, actor in enumerate(actors):
        if not isinstance(actor, dict):
            continue
        point = _coordinates(actor)
        if point is None:
            continue
        street = street_key(actor)
        earlier = first.setdefault(point, {})
        if street is not None:
            other = min(
                (j for key, j in earlier.items() if key not in (None, street)), default=None
            )
            if other is not None:
                problems.append(_problem(source, i, actor, other, actors[other]))
        earlier.setdefault(street, i)
    return problems


def _problem(
    source: Source, index: int, actor: dict[str, Any], other_index: int, other: dict[str, Any]
) -> Problem:
    here: PathKey = ("actors", index, "latitude")
    there: PathKey = ("actors", other_index, "latitude")
    position = source.position(here)
    elsewhere = source.position(there)
    return Problem(
        source.file,
        position.line,
        position.column,
        source.describe(here),
        f"latitude/longitude ({actor['latitude']}, {actor['longitude']}) are also those of "
        f"{source.describe(there[:2])} ({source.file}:{elsewhere.line}), at another address: "
        f"`{_address(actor)}` here, `{_address(other)}` there; one was probably copied from "
        "the other, and its map link points at the wrong place",
        "set this place's own latitude/longitude, or remove them (if the other place's are the "
        "wrong ones, correct them there)",
        Severity.WARNING,
    )


def _coordinates(actor: dict[str, Any]) -> tuple[float, float] | None:
    """The actor's point, when both values are numbers (else other checks say what is wrong)."""
    values = (actor.get("latitude"), actor.get("longitude"))
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
        return None
    return (float(values[0]), float(values[1]))  # type: ignore[arg-type]


def street_key(actor: dict[str, Any]) -> tuple[str, str] | None:
    """The street address and town in a comparable form (the complement left out), or None."""
    street = actor.get("adresse")
    if not isinstance(street, str) or not street.strip():
        return None
    place = actor.get("code_postal") or actor.get("commune") or ""
    return (plain(street), plain(place) if isinstance(place, str) else "")


def _address(actor: dict[str, Any]) -> str:
    town = " ".join(
        str(actor[name]) for name in ("code_postal", "commune") if isinstance(actor.get(name), str)
    )
    return ", ".join(part for part in (str(actor.get("adresse", "")).strip(), town) if part)


def plain(text: str) -> str:
    """No accents, case, punctuation or extra spaces: `3, Place des Tilleuls` = `3 place des…`."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w]+", " ", letters).split())


def shared_phones(source: Source) -> Iterator[Problem]:
    """Warn when two actors give the same telephone number (a copy-paste, usually)."""
    first: dict[str, tuple[PathKey, str]] = {}
    for i, actor in _actors(source):
        seen_here: set[str] = set()
        for path, value in _phones_of(("actors", i), actor):
            key = phone_key(value)
            if key is None or key in seen_here:
                continue
            seen_here.add(key)
            if key not in first:
                first[key] = (path, source.describe(path[:2]))
                continue
            other_path, other_id = first[key]
            yield problem_at(
                source,
                path,
                f"`{value}` is also the telephone of {other_id} "
                f"(line {source.position(other_path).line})",
                "check the number: each actor should give its own; if they really share it, say "
                "so in the description",
                severity=Severity.WARNING,
            )


def shared_addresses(source: Source) -> Iterator[Problem]:
    """Warn when two actors give the same address and no complement tells them apart."""
    first: dict[tuple[str, ...], PathKey] = {}
    for i, actor in _actors(source):
        key = _address_key(actor)
        if key is None:
            continue
        path: PathKey = ("actors", i, "adresse")
        if key not in first:
            first[key] = path
            continue
        yield problem_at(
            source,
            path,
            f"same address as {source.describe(first[key][:2])} "
            f"(line {source.position(first[key]).line})",
            "if both are in the same building, tell them apart with complement_adresse (floor, "
            "office); otherwise correct the address",
            severity=Severity.WARNING,
        )


def _actors(source: Source) -> Iterator[tuple[int, dict[str, Any]]]:
    data = source.data if isinstance(source.data, dict) else {}
    actors = data.get("actors") if isinstance(data.get("actors"), list) else []
    return ((i, actor) for i, actor in enumerate(actors) if isinstance(actor, dict))


def _phones_of(path: PathKey, actor: dict[str, Any]) -> Iterator[tuple[PathKey, str]]:
    """The telephone numbers of an actor and of its services, with their paths."""
    if isinstance(actor.get("telephone"), str):
        yield (*path, "telephone"), actor["telephone"]
    services = actor.get("services") if isinstance(actor.get("services"), list) else []
    for j, service in enumerate(services):
        if isinstance(service, dict) and isinstance(service.get("telephone"), str):
            yield (*path, "services", j, "telephone"), service["telephone"]


def _address_key(actor: dict[str, Any]) -> tuple[str, ...] | None:
    """The address in a comparable form: no accents, case, punctuation or extra spaces."""
    street = actor.get("adresse")
    if not isinstance(street, str) or not street.strip():
        return None
    place = actor.get("code_postal") or actor.get("commune") or ""
    parts = (street, actor.get("complement_adresse") or "", place)
    return tuple(plain(part) if isinstance(part, str) else "" for part in parts)
