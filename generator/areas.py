"""Areas: where a place is, to split what would list too many places at once.

A place's area is the sector its editors gave it (`secteur: Rennes Nord`, for a territory
whose communes are too large or too many), else its commune. A need's leaflets are split by
area when its places do not fit in one (generator/render/printing/leaflets.py); a need page
that would list more than `AREA_PAGES_FROM` places lists its areas instead, each with its own
page of places (generator/render/site_pages.py), and an area with more places than that comes
in parts of about equal size ("Rennes (2/7)"), so that a page stays light on a cheap phone at
a département's scale (thousands of places, hundreds in one city). Areas are in alphabetical
order, accents and case aside, places without a commune last.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from math import ceil
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:  # the model names its places' areas through `named_areas`
    from generator.model import Actor

T = TypeVar("T")

# A need page lists its places up to this many; over it, it lists its areas, and an area page
# lists at most this many (an area with more comes in parts). The sample's largest need has 11
# places: its pages are unchanged.
AREA_PAGES_FROM = 40


def tidy(name: str | None) -> str:
    return " ".join((name or "").split())


def commune_of(actor: Actor) -> str:
    """Its commune as the guide spells it everywhere (`named_areas`); "" when it has none."""
    return actor.commune_name or tidy(actor.commune)


def area_of(actor: Actor) -> str:
    """Where a place goes among a need's leaflets and area pages: its sector, else its
    commune ("" when it has neither), as the guide spells it everywhere."""
    return actor.area or actor.secteur or commune_of(actor)


def spellings(names: Iterable[str]) -> dict[str, str]:
    """One spelling for each commune or sector, by slug, when sources write it several ways
    (`RENNES`, `Rennes`, `saint malo`, `Saint-Malo`): not all in capitals, with a capital
    first, the most used, the first met, in that order of preference."""
    found: dict[str, dict[str, int]] = {}
    for name in names:
        if name:
            counts = found.setdefault(commune_slug(name), {})
            counts[name] = counts.get(name, 0) + 1

    def rank(item: tuple[int, tuple[str, int]]) -> tuple[bool, bool, int, int]:
        first, (name, count) = item
        return (name.isupper(), not name[:1].isupper(), -count, first)

    return {slug: min(enumerate(counts.items()), key=rank)[1][0] for slug, counts in found.items()}


def named_areas(actors: Sequence[Actor]) -> tuple[Actor, ...]:
    """The places with their commune and area in one spelling each, for the whole guide: two
    spellings of a commune are one area on every page, leaflet and directory volume, under one
    name (and never two leaflets with one file name). Their addresses keep the data's."""
    raw_communes = [tidy(actor.commune) for actor in actors]
    raw_areas = [a.secteur or commune for a, commune in zip(actors, raw_communes, strict=True)]
    communes, areas = spellings(raw_communes), spellings(raw_areas)

    def spelt(names: dict[str, str], name: str) -> str:
        return names[commune_slug(name)] if name else ""

    return tuple(
        dataclasses.replace(actor, commune_name=spelt(communes, commune), area=spelt(areas, area))
        for actor, commune, area in zip(actors, raw_communes, raw_areas, strict=True)
    )


def commune_slug(commune: str) -> str:
    """`Saint-Jacques-de-la-Lande` → `saint-jacques-de-la-lande`; "" → `sans-commune`."""
    decomposed = unicodedata.normalize("NFKD", commune.casefold())
    plain = "".join(
        c if c.isascii() and c.isalnum() else "-"
        for c in decomposed
        if not unicodedata.combining(c)
    )
    return "-".join(filter(None, plain.split("-"))) or "sans-commune"


def commune_order(commune: str) -> tuple[bool, str, str]:
    """Communes alphabetically, accents aside; places without a commune last."""
    return (commune == "", commune_slug(commune), commune)


@dataclass(frozen=True, slots=True)
class Area:
    """The places of a need in one area, in guide order."""

    name: str  # as the first of its places writes it; "" for places without a commune
    slug: str  # its folder under the need's page: `saint-jacques-de-la-lande`, `rennes/2`
    actors: tuple[Actor, ...]
    part: int = 0  # within an area listed in several pages, 1…parts; else 0
    parts: int = 0

    def label(self, none: str) -> str:
        """ "Bruz", "Rennes (2/7)"; `none` names places without a commune."""
        name = self.name or none
        return f"{name} ({self.part}/{self.parts})" if self.parts > 1 else name


def need_areas(actors: Sequence[Actor]) -> tuple[Area, ...]:
    """The areas of a need's places when its page would list too many, else ().

    An area with more than `AREA_PAGES_FROM` places (a city without sectors) comes in parts
    of about equal size, in guide order: the first at the area's own address (`rennes/`, the
    same as before it grew), the others under it (`rennes/2/`: no commune's slug has a
    slash, so no part takes another area's address). Two spellings of one commune
    (`Saint-Malo`, `saint malo`) have one slug: they are one area, named as the first place
    writes it."""
    if len(actors) <= AREA_PAGES_FROM:
        return ()
    names: dict[str, str] = {}
    members: dict[str, list[Actor]] = {}
    for actor in actors:
        area = area_of(actor)
        slug = commune_slug(area)
        names.setdefault(slug, area)
        members.setdefault(slug, []).append(actor)
    areas: list[Area] = []
    for slug in sorted(members, key=lambda slug: commune_order(names[slug])):
        parts = within(members[slug], AREA_PAGES_FROM, one)
        count = len(parts) if len(parts) > 1 else 0
        for k, part in enumerate(parts, start=1):
            where = f"{slug}/{k}" if k > 1 else slug
            areas.append(Area(names[slug], where, tuple(part), k if count else 0, count))
    return tuple(areas)


@dataclass(frozen=True, slots=True)
class Run:
    """Some places in a row of areas: whole areas, or one part of an area too large alone."""

    actors: tuple[Actor, ...]
    areas: tuple[str, ...]  # the areas it covers, in order
    index: int = 0  # within an area split in several runs, 1…count; else 0
    count: int = 0

    def label(self, none: str) -> str:
        """ "Bruz – Pacé", "Rennes (1/3)", "Vezin"; `none` names places without a commune."""
        names = [area or none for area in self.areas]
        if self.count > 1:
            return f"{names[0]} ({self.index}/{self.count})"
        return names[0] if len(names) == 1 else f"{names[0]} – {names[-1]}"

    @property
    def slug(self) -> str:
        first, last = commune_slug(self.areas[0]), commune_slug(self.areas[-1])
        if self.count > 1:
            return f"{first}-{self.index}"
        return first if len(self.areas) == 1 else f"{first}-a-{last}"


def split_evenly(items: Sequence[T], count: int, weigh: Callable[[T], float]) -> list[list[T]]:
    """`items` in `count` runs of about the same weight, in order."""
    count = max(1, min(count, len(items)))
    total = sum(weigh(item) for item in items)
    runs: list[list[T]] = [[]]
    done = 0.0
    for item in items:
        weight = weigh(item)
        if runs[-1] and len(runs) < count and done + weight / 2 > total * len(runs) / count:
            runs.append([])
        runs[-1].append(item)
        done += weight
    return runs


def one(_actor: Actor) -> float:
    return 1.0


def pack_areas(
    actors: Sequence[Actor], capacity: float, weigh: Callable[[Actor], float] = one
) -> list[Run]:
    """The places in runs weighing at most `capacity` (`weigh`: one a place unless told),
    areas in order: whole areas together while they fit, an area heavier than `capacity`
    alone in parts of about equal weight, each within it (unless one place alone is heavier);
    places in their given order within an area."""
    members: dict[str, list[Actor]] = {}
    for actor in actors:
        members.setdefault(area_of(actor), []).append(actor)
    runs: list[Run] = []
    room = 0.0  # what the last run can still take when it holds whole areas; else 0
    for area in sorted(members, key=commune_order):
        places = members[area]
        weight = sum(weigh(actor) for actor in places)
        if weight > capacity:
            parts = within(places, capacity, weigh)
            runs += [Run(tuple(part), (area,), k, len(parts)) for k, part in enumerate(parts, 1)]
            room = 0.0
        elif runs and weight <= room:
            last = runs[-1]
            runs[-1] = Run((*last.actors, *places), (*last.areas, area))
            room -= weight
        else:
            runs.append(Run(tuple(places), (area,)))
            room = capacity - weight
    return runs


def within(items: Sequence[T], capacity: float, weigh: Callable[[T], float]) -> list[list[T]]:
    """`items` in the fewest runs of about equal weight found with each run within
    `capacity` (an item heavier than it alone stays alone)."""
    count = ceil(sum(weigh(item) for item in items) / capacity)
    while True:
        runs = split_evenly(items, count, weigh)
        fits = all(len(run) == 1 or sum(map(weigh, run)) <= capacity for run in runs)
        if fits or count >= len(items):
            return runs
        count += 1
