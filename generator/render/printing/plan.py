"""Which PDFs a guide has, where they go, and what each template is given.

Leaflets: per need and language, one, or one per commune or part of a commune when its places
do not fit in 4 pages (leaflets.py). The directory: one, in French, or volumes of communes for
a large territory (`DIRECTORY_VOLUME`). Posters: for every actor
(a place: one code per language to its audio page) and every theme (one code per language to
the theme page), in A4 and A3.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from math import ceil
from typing import Any

from generator import urls
from generator.areas import Run, commune_of, commune_order, pack_areas
from generator.facts import facts_view
from generator.languages import Language
from generator.model import Actor, Guide
from generator.render.printing.leaflets import (
    NO_COMMUNE,
    Part,
    layout_factor,
    name_order,
    plan_parts,
)
from generator.render.printing.qr import make_qr

Voiced = frozenset[tuple[str, str]]  # (actor id, language tag) of every clip that exists


@dataclass(frozen=True, slots=True)
class PaperSize:
    name: str  # "A4"
    width_mm: float
    height_mm: float

    @property
    def scale(self) -> float:
        """How much larger than A4 (A3 is A4 enlarged by √2)."""
        return self.width_mm / A4.width_mm


A4 = PaperSize("A4", 210, 297)
A3 = PaperSize("A3", 297, 420)
POSTER_SIZES = (A4, A3)

# Poster geometry at A4, in millimetres; the A3 poster is the same page enlarged by √2.
POSTER_MARGIN_MM = 12
POSTER_FOOTER_MM = 16  # the bottom page margin, where the guide's address is
POSTER_HEADER_MM = 58  # title, address, instruction
POSTER_LABEL_MM = 21  # a cell's language name above its code and short title below
POSTER_CELL_GAP_MM = 2  # the quiet zones already keep the codes apart
POSTER_MAX_CODE_MM = 100  # scanned from 1 m: no use being larger on an A4 sheet
POSTER_GEOMETRY = {
    "margin": POSTER_MARGIN_MM,
    "footer": POSTER_FOOTER_MM,
    "header": POSTER_HEADER_MM,
    "width": A4.width_mm - 2 * POSTER_MARGIN_MM,
}


@dataclass(frozen=True, slots=True)
class PosterGrid:
    """How the codes of a poster are laid out at A4."""

    columns: int
    cell_width_mm: float
    cell_height_mm: float
    code_mm: float  # the size of every code (its quiet zone excluded)


@dataclass(frozen=True, slots=True)
class Document:
    """One PDF to make."""

    kind: str  # leaflet | directory | poster
    template: str  # in print/
    path: str  # relative to the site root (generator.urls)
    lang: Language  # the document's language
    context: dict[str, Any] = field(default_factory=dict)
    manifest: dict[str, Any] = field(default_factory=dict)  # the entry, without path and qr


def poster_grid(count: int, quiet_ratio: float) -> PosterGrid:
    """The grid giving the largest codes for `count` languages on an A4 poster.

    `quiet_ratio` is the width of a code's image (quiet zone included) over the code's width.
    """
    width = A4.width_mm - 2 * POSTER_MARGIN_MM
    height = A4.height_mm - POSTER_MARGIN_MM - POSTER_FOOTER_MM - POSTER_HEADER_MM
    best = PosterGrid(1, width, height, 0.0)
    for columns in range(1, max(count, 1) + 1):
        rows = ceil(count / columns)
        cell_width = width / columns
        cell_height = height / rows
        image = min(cell_width - POSTER_CELL_GAP_MM, cell_height - POSTER_LABEL_MM)
        code = min(image / quiet_ratio, POSTER_MAX_CODE_MM)
        if code > best.code_mm:
            best = PosterGrid(columns, cell_width, cell_height, round(code, 1))
    return best


Parts = dict[str, list[Part]]  # the leaflets of each need (theme id)


def estimated_parts(guide: Guide) -> Parts:
    """The leaflets of every need, as estimated before laying them out (leaflets.py)."""
    view = facts_view(guide)
    factor = layout_factor(guide.languages)
    return {theme.id: plan_parts(theme, view.groups(theme), factor) for theme in guide.themes}


def leaflet_document(lang: Language, part: Part) -> Document:
    """One leaflet: the places of a part of a need with their services for that need and
    their facts (generator/facts.py)."""
    manifest: dict[str, Any] = {"kind": "leaflet", "language": lang.tag, "theme": part.theme.id}
    if not part.whole:
        manifest["communes"] = list(part.communes)
        manifest["label"] = part.label(NO_COMMUNE)
        if part.count > 1:
            manifest["part"] = [part.index, part.count]
    manifest["actors"] = [group.actor.id for group in part.groups]
    context = {"theme": part.theme, "groups": part.groups, "part": part}
    return Document("leaflet", "leaflet.html", part.path(lang), lang, context, manifest)


def plan_leaflets(guide: Guide, parts: Parts | None = None) -> list[Document]:
    """The leaflets of every need (one, or one per commune or part: `parts`) and language."""
    parts = parts or estimated_parts(guide)
    return [
        leaflet_document(lang, part)
        for lang in guide.languages
        for theme in guide.themes
        for part in parts[theme.id]
    ]


# How much a volume of the directory holds. WeasyPrint keeps a whole document in memory while
# it lays it out (890 MB for 500 of the bench's places, ~750 MB for 250 in 111 pages, measured
# here): a département's directory comes in volumes, by commune (or sector), each laid out by
# one process. What a volume costs grows with its places (a card's name, address and contacts,
# a row of the matrix and of the index) and with their texts (descriptions of every service):
# a place weighs PLACE_WEIGHT plus the characters of its French texts, and a volume holds
# DIRECTORY_VOLUME places of the bench's (about 750 characters each): fewer when the data's
# texts are longer (national open data has 10,000-character descriptions).
DIRECTORY_VOLUME = 250
PLACE_WEIGHT = 750
TYPICAL_TEXT = 750


def directory_weight(actor: Actor) -> int:
    """What a place's card weighs in a volume of the directory: see `DIRECTORY_VOLUME`."""
    texts = [actor.description, actor.horaires_accueil_texte]
    for service in actor.services:
        texts += [service.nom, service.description, service.publics_precisions]
        texts += [service.frais_precisions, service.mobilisation_precisions]
        texts += [service.conditions_acces]
    return PLACE_WEIGHT + sum(len(text.fr or "") for text in texts if text is not None)


def plan_directory(guide: Guide) -> list[Document]:
    """The professionals' directory, in French: one document, or volumes of communes in
    alphabetical order (each with its own matrix, index by commune and cards) when the guide
    weighs more than `DIRECTORY_VOLUME` of the bench's places."""
    capacity = DIRECTORY_VOLUME * (PLACE_WEIGHT + TYPICAL_TEXT)
    runs = pack_areas(guide.actors, capacity, directory_weight)
    if len(runs) == 1:
        return [directory_document(guide, guide.actors)]
    labels = [run.label(NO_COMMUNE) for run in runs]
    return [
        directory_document(guide, run.actors, (index, labels), run)
        for index, run in enumerate(runs, start=1)
    ]


def directory_document(
    guide: Guide,
    actors: tuple[Actor, ...],
    volume: tuple[int, list[str]] | None = None,
    run: Run | None = None,
) -> Document:
    """A directory of `actors`; `volume`: its number and the labels of every volume."""
    communes: dict[str, list[Actor]] = {}
    for actor in sorted(actors, key=lambda actor: name_order(actor.nom)):
        communes.setdefault(commune_of(actor), []).append(actor)
    index = [(name or NO_COMMUNE, communes[name]) for name in sorted(communes, key=commune_order)]
    manifest: dict[str, Any] = {"kind": "directory", "language": guide.default_language.tag}
    context: dict[str, Any] = {"themes": guide.themes, "actors": actors, "communes": index}
    path = urls.directory_pdf()
    if volume is not None and run is not None:
        number, labels = volume
        manifest |= {"label": labels[number - 1], "volume": [number, len(labels)]}
        manifest["actors"] = [actor.id for actor in actors]
        context["volume"] = {"number": number, "labels": labels}
        path = urls.directory_pdf(run.slug)
    return Document("directory", "directory.html", path, guide.default_language, context, manifest)


def grid_for(guide: Guide, paths: list[str]) -> PosterGrid:
    """The grid of a poster whose codes lead to `paths`."""
    ratio = max(make_qr(urls.absolute(guide, path)).image_mm(1.0) for path in paths)
    return poster_grid(len(paths), ratio)


def poster_documents(
    guide: Guide,
    kind: str,
    ident: str,
    subject: dict[str, Any],
    targets: list[tuple[Language, str, bool]],
) -> list[Document]:
    """The posters of one place or theme, one per size; `targets` has, for each language, the
    page its code opens and whether that page plays a clip ("listen") or not ("read")."""
    grid = grid_for(guide, [path for _lang, path, _listen in targets])
    key = "actor" if kind == "lieu" else "theme"
    return [
        Document(
            "poster",
            "poster.html",
            urls.poster(kind, ident, size.name),
            guide.default_language,
            {**subject, "targets": targets, "size": size, "grid": grid, "page": POSTER_GEOMETRY},
            {
                "kind": "poster",
                "language": [lang.tag for lang in guide.languages],
                key: ident,
                "size": size.name,
            },
        )
        for size in POSTER_SIZES
    ]


def place_target(guide: Guide, lang: Language, actor_id: str, voiced: Voiced) -> tuple[str, bool]:
    """Where a place's code leads in a language: its audio page where a clip exists there
    (the label says "listen"), else its page, which gives the phone and the text ("read")."""
    if (actor_id, lang.tag) in voiced:
        return urls.audio_page(guide, lang, actor_id), True
    return urls.actor_page(guide, lang, actor_id), False


def plan_posters(guide: Guide, voiced: Voiced = frozenset()) -> list[Document]:
    """Place posters (one per actor), then theme posters, each in every poster size."""
    documents = []
    for actor in guide.actors:
        targets = [(lang, *place_target(guide, lang, actor.id, voiced)) for lang in guide.languages]
        subject = {"actor": actor, "theme": None}
        documents += poster_documents(guide, "lieu", actor.id, subject, targets)
    for theme in guide.themes:
        pages = [(lang, urls.theme_page(guide, lang, theme.id), False) for lang in guide.languages]
        subject = {"actor": None, "theme": theme}
        documents += poster_documents(guide, "theme", theme.id, subject, pages)
    return documents


def plan_documents(
    guide: Guide, voiced: Voiced = frozenset(), parts: Parts | None = None, posters: bool = True
) -> list[Document]:
    """Every PDF of the guide, in a stable order. `voiced`: the (actor id, language tag) that
    have a clip; elsewhere a place's code leads to its page and says "read", not "listen".
    `parts`: the leaflets of each need (default: as estimated, before any layout). Without
    `posters`, the posters are left out."""
    return [
        *plan_leaflets(guide, parts),
        *plan_directory(guide),
        *(plan_posters(guide, voiced) if posters else []),
    ]
