"""Leaflets stay leaflets: at most one folded A4 sheet (4 pages) per need and language.

A need whose places do not fit is split by commune: communes in alphabetical order, packed
together while they fit; a commune that alone does not fit is split into parts ("Rennes (1/3)").
Places whose editors gave a sector (`secteur: Rennes Nord`) go by sector instead
(generator/areas.py, as the need pages' areas).
The split is first estimated from the length of the texts (`estimate_mm`), then verified
(split.py): a part estimated near the limit is laid out in the languages where it is, and a part
that runs over 4 pages in any language is split again (`split_parts`) until every part fits;
every published leaflet's pages are counted too (batch.py). Every language has the same parts,
so that a place is in the same leaflet in every language. Same guide, same parts: nothing here
depends on the order in which documents are laid out.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from math import ceil

from generator import urls
from generator.areas import area_of, commune_order, commune_slug, split_evenly
from generator.facts import Group
from generator.languages import Language
from generator.model import Actor, Theme

NO_COMMUNE = "sans commune"  # in French: the directory and the print page
MAX_PAGES = 4  # one A4 sheet folded: the most a leaflet may have
# Room on 4 pages of the leaflet (print/leaflet.css): 3 columns of 188 mm a page, the first
# column being the cover; a block is never cut, so a column ends with a gap.
COLUMN_MM = 188.0
CONTENT_COLUMNS = MAX_PAGES * 3 - 1
ROOM_MM = COLUMN_MM * CONTENT_COLUMNS * 0.9  # 10 % for the gaps at column ends
# How much longer a place's block is laid out than its French texts measure (estimate_mm):
# the codes, badges, hours tables, notes; a translation's longer words and larger script.
# Measured on the sample: about 1.4 in French, up to 2 in Dari, Pashto or Ukrainian; on the
# synthetic guide of 50 places in 12 languages, the Arabic script up to 2.2 (Dari and Pashto
# with French fallbacks), Cyrillic 1.8 (bench/results/print-throughput-2026-12-01.md). The
# estimate is trusted where it is well below the limit (split.py), so it must not aim short.
LAYOUT_FACTOR = {"fr": 1.3}
OTHER_FACTOR = 1.6
SCRIPT_FACTOR = {"Arab": 2.2, "Cyrl": 1.8}
# A need estimated up to 60 % over the room (of its most spacious language, whose factor aims
# long) is first laid out whole: one leaflet that fits is better than two half-empty ones, and
# laying it out (split.py) splits it if it does not fit. The sample's needs stay whole.
TRY_WHOLE = 1.6
# Places are packed into parts up to this share of the room, below the share from which
# split.py verifies an estimate by laying the leaflet out (VERIFY_FROM): a packed part is
# trusted without being laid out in every language.
PACK = 0.85
LINE_MM = 5.8  # a line at 12.5 pt
CHARS_PER_LINE = 34  # in an 83 mm column
NAME_CHARS_PER_LINE = 17  # beside the code, at 15 pt
BLOCK_MM = 14.0  # a place's rule, margins, "checked on" line
CODE_MM = 31.0  # the code and its caption beside the name
COMMUNE_HEADING_MM = 12.0


@dataclass(frozen=True, slots=True)
class Part:
    """One leaflet of a need: some of its places, in the same order in every language."""

    theme: Theme
    groups: tuple[Group, ...]
    # the communes (or sectors: `area_of`) it covers, in order ("" for places without one)
    communes: tuple[str, ...]
    index: int = 0  # within a commune split in several leaflets, 1…count; else 0
    count: int = 0
    whole: bool = True  # the need's only leaflet

    @property
    def key(self) -> tuple[str, ...]:
        """What the part is: its need, label and places (a leaflet's identity)."""
        ids = tuple(group.actor.id for group in self.groups)
        return (self.theme.id, self.slug, f"{self.index}/{self.count}", *ids)

    @property
    def slug(self) -> str:
        """Where its file goes: "" for a need's only leaflet, else its communes'."""
        if self.whole:
            return ""
        first, last = commune_slug(self.communes[0]), commune_slug(self.communes[-1])
        if len(self.communes) > 1:
            return f"{first}-a-{last}"
        return f"{first}-{self.index}" if self.count > 1 else first

    def path(self, lang: Language) -> str:
        return urls.leaflet(lang, self.theme.id, self.slug)

    def label(self, none: str) -> str:
        """The communes it covers ("Bruz, Chartres", "Rennes (1/3)"); `none` names the
        places without a commune."""
        names = [commune or none for commune in self.communes]
        if self.count > 1:
            return f"{names[0]} ({self.index}/{self.count})"
        return ", ".join(names)


def name_order(name: str) -> tuple[str, str]:
    """Names alphabetically as a French reader expects: accents and case aside."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return ("".join(c for c in decomposed if not unicodedata.combining(c)), name)


def lines(text: str | None, per_line: int = CHARS_PER_LINE) -> int:
    return ceil(len(text) / per_line) if text else 0


def estimate_mm(group: Group) -> float:
    """The height of a place's block on a leaflet, from the length of its French texts."""
    actor = group.actor
    own = actor.resume or actor.description
    summary = own.fr if own else None
    if summary is None and len(group.services) == 1 and group.entries[0].summary:
        summary = group.entries[0].summary.fr  # type: ignore[union-attr]
    head = lines(actor.nom, NAME_CHARS_PER_LINE) * 6.4 + lines((summary or "")[:300]) * LINE_MM
    height = BLOCK_MM + max(head, CODE_MM)
    for entry in group.services:
        service = entry.service
        assert service is not None
        resume = service.resume.fr if service.resume else None
        height += (lines(service.nom.fr) + lines(resume)) * LINE_MM + 2
        height += 9 if entry.facts.free is not None or entry.facts.walk_in else 0
        height += 5 * (2 if entry.facts.own_hours else 0) + (
            LINE_MM if entry.facts.own_phone else 0
        )
    address = " ".join(filter(None, (actor.adresse, actor.complement_adresse, actor.commune)))
    height += LINE_MM * (1 + lines(address)) if actor.adresse else 0
    height += LINE_MM if actor.telephone else 0
    hours = actor.horaires_accueil or ""
    height += LINE_MM * (1 + hours.count(";") + hours.count(",")) if hours else 0
    if actor.horaires_accueil_texte:
        height += LINE_MM * (1 + lines(actor.horaires_accueil_texte.fr))
    height += LINE_MM * lines(" · ".join(lang.autonym for lang in group.facts.languages))
    return height


def layout_factor(languages: Sequence[Language]) -> float:
    """The factor of the guide's most spacious language: every language has the same parts."""
    return max(
        LAYOUT_FACTOR.get(lang.tag, SCRIPT_FACTOR.get(lang.script, OTHER_FACTOR))
        for lang in languages
    )


def plan_parts(theme: Theme, groups: Sequence[Group], factor: float = OTHER_FACTOR) -> list[Part]:
    """The leaflets of a need as estimated: one if its places fit, else by commune. `factor`:
    how much longer than estimated a block is laid out (`layout_factor`)."""
    room = ROOM_MM / factor
    if sum(estimate_mm(group) for group in groups) <= room * TRY_WHOLE:
        return [Part(theme, tuple(groups), tuple(dict.fromkeys(map(area_of, actors(groups)))))]
    return label_parts(theme, by_commune(groups, room * PACK))


def by_commune(groups: Sequence[Group], room_mm: float) -> list[list[Group]]:
    """Runs of places, communes in alphabetical order: whole communes packed together while
    they fit, a commune that alone does not fit in parts of about equal length."""
    communes: dict[str, list[Group]] = {}
    for group in groups:
        communes.setdefault(area_of(group.actor), []).append(group)
    chunks: list[list[Group]] = []
    room = 0.0
    joinable = False  # whether the last run holds whole communes, so another may join it
    for commune in sorted(communes, key=commune_order):
        members = communes[commune]
        height = sum(estimate_mm(group) for group in members) + COMMUNE_HEADING_MM
        if height > room_mm:
            chunks += split_evenly(members, ceil(height / room_mm), estimate_mm)
            joinable = False
        elif joinable and room >= height:
            chunks[-1] += members
            room -= height
        else:
            chunks.append(list(members))
            room, joinable = room_mm - height, True
    return chunks


def actors(groups: Sequence[Group]) -> list[Actor]:
    return [group.actor for group in groups]


def label_parts(theme: Theme, chunks: list[list[Group]]) -> list[Part]:
    """Parts from runs of places: the communes each covers, "(i/n)" for parts of a commune."""
    communes = [tuple(dict.fromkeys(map(area_of, actors(chunk)))) for chunk in chunks]
    counts: dict[str, int] = {}
    for covered in communes:
        if len(covered) == 1:
            counts[covered[0]] = counts.get(covered[0], 0) + 1
    seen: dict[str, int] = {}
    parts = []
    for chunk, covered in zip(chunks, communes, strict=True):
        index = count = 0
        if len(covered) == 1 and counts[covered[0]] > 1:
            seen[covered[0]] = index = seen.get(covered[0], 0) + 1
            count = counts[covered[0]]
        parts.append(Part(theme, tuple(chunk), covered, index, count, whole=len(chunks) == 1))
    return parts


def split_parts(
    parts: list[Part], too_long: set[tuple[str, ...]], factor: float = OTHER_FACTOR
) -> list[Part]:
    """The parts of a need once those `too_long` (by key) when laid out are cut: a need's only
    leaflet by commune; a part between its communes when it has several, else in the middle."""
    if not any(part.key in too_long for part in parts):
        return parts
    chunks: list[list[Group]] = []
    for part in parts:
        if part.key not in too_long:
            chunks.append(list(part.groups))
        elif part.whole and len(runs := by_commune(part.groups, ROOM_MM * PACK / factor)) > 1:
            chunks += runs
        else:
            chunks += cut(list(part.groups))
    return label_parts(parts[0].theme, chunks)


def cut(chunk: list[Group]) -> list[list[Group]]:
    """A run of places in two: between communes when it has several, else in the middle."""
    communes = list(dict.fromkeys(map(area_of, actors(chunk))))
    if len(communes) > 1:
        first = set(communes[: len(communes) // 2])
        return [
            [g for g in chunk if area_of(g.actor) in first],
            [g for g in chunk if area_of(g.actor) not in first],
        ]
    return split_evenly(chunk, 2, estimate_mm)
