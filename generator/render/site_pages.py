"""The pages of each language's site: what they are, what they show, and their Markdown.

A page's Markdown holds only front matter (the template and what to show) and the editors'
text; it also carries the digest of the page's inputs, so its file changes exactly when the
page must be rendered again.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from generator import urls
from generator.areas import Area, need_areas
from generator.i18n import catalog
from generator.languages import Language
from generator.model import Actor, Guide, Theme

ACTORS_DIR = urls.ACTORS
THEMES_DIR = urls.THEMES


@dataclass(frozen=True, slots=True)
class Page:
    """One page of one language: where its Markdown goes and what it shows."""

    # home | theme | area | actor | search | places | print | about | accessibility | languages
    kind: str
    ident: str  # theme or actor id, "theme id/area slug" for an area, else the page kind
    src: str  # path in docs_dir, e.g. "acteurs/caf.md"
    url: str  # URL relative to the language root, e.g. "acteurs/caf/"


@dataclass(frozen=True, slots=True)
class Outputs:
    """What other renderers made, for the pages to link to (only what really exists)."""

    audio_pages: frozenset[tuple[str, str]] = frozenset()  # (actor id, language tag)
    clips: frozenset[tuple[str, str]] = frozenset()  # the audio pages that play a clip
    # (theme, lang, actor id) -> the leaflet that lists the actor (one per commune or part when
    # the need's places do not fit in one)
    leaflets: dict[tuple[str, str, str], str] = field(default_factory=dict)
    prints: tuple[dict[str, Any], ...] = ()  # the manifest's print entries


def plan_pages(guide: Guide) -> list[Page]:
    """The pages every language has, in a stable order."""
    pages = [Page("home", "home", "index.md", "")]
    pages += [
        Page("theme", t.id, f"{THEMES_DIR}/{t.id}.md", f"{THEMES_DIR}/{t.id}/")
        for t in guide.themes
    ]
    pages += [
        Page(
            "area",
            f"{t.id}/{area.slug}",
            f"{THEMES_DIR}/{t.id}/{area.slug}.md",
            f"{THEMES_DIR}/{t.id}/{area.slug}/",
        )
        for t in guide.themes
        for area in areas_of(guide, t.id)
    ]
    pages += [
        Page("actor", a.id, f"{ACTORS_DIR}/{a.id}.md", f"{ACTORS_DIR}/{a.id}/")
        for a in guide.actors
    ]
    pages += [
        Page("search", "search", f"{urls.SEARCH}.md", f"{urls.SEARCH}/"),
        Page("places", "places", f"{urls.PLACES}.md", f"{urls.PLACES}/"),
        Page("print", "print", f"{urls.PRINT_PAGE}.md", f"{urls.PRINT_PAGE}/"),
        Page("about", "about", "a-propos.md", "a-propos/"),
        Page("accessibility", "accessibility", "accessibilite.md", "accessibilite/"),
        Page("languages", "languages", f"{urls.LANGUAGES}.md", f"{urls.LANGUAGES}/"),
    ]
    return pages


@lru_cache(maxsize=8)
def _areas(guide: Guide) -> dict[str, tuple[Area, ...]]:
    return {theme.id: need_areas(guide.actors_of(theme)) for theme in guide.themes}


def areas_of(guide: Guide, theme_id: str) -> tuple[Area, ...]:
    """The areas a need page lists instead of its places (generator/areas.py), or ()."""
    return _areas(guide)[theme_id]


def area_page(guide: Guide, ident: str) -> tuple[Theme, Area]:
    """The need and the area of an area page, from its `ident`."""
    theme_id, slug = ident.split("/", 1)
    theme = next(t for t in guide.themes if t.id == theme_id)
    return theme, next(area for area in areas_of(guide, theme_id) if area.slug == slug)


def area_name(area: Area, lang: Language) -> str:
    """An area as a page names it: as its places write it; places without one, in words;
    with its part ("Rennes (2/7)") when it comes in several pages."""
    return area.label(catalog(lang.tag)("no_commune"))


def area_up(area: Area) -> str:
    """From an area's page to its need's page: `../`, or `../../` from a part under it."""
    return "../" * (1 + area.slug.count("/"))


# libyaml's emitter when PyYAML has it (20 times faster: this runs for every page of every
# language); the pure-Python one otherwise. MkDocs reads either the same way.
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Initial:
    """The places whose names start with one letter, for the A to Z page."""

    letter: str  # "A"…"Z", or "#" for names starting with a digit or a sign
    anchor: str  # "lettre-a", "lettre-autres"
    actors: tuple[Actor, ...]


def sort_key(name: str) -> tuple[str, str]:
    """Alphabetical order as a French reader expects: accents and case aside (É with E)."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return ("".join(c for c in plain if c.isalnum() or c.isspace()).strip(), name)


def places_by_initial(guide: Guide) -> list[Initial]:
    """Every actor by name, grouped by initial letter (names not starting with a letter first)."""
    groups: dict[str, list[Actor]] = {}
    for actor in sorted(guide.actors, key=lambda a: sort_key(a.nom)):
        first = sort_key(actor.nom)[0][:1].upper()
        letter = first if "A" <= first <= "Z" else "#"
        groups.setdefault(letter, []).append(actor)
    return [
        Initial(
            letter,
            "lettre-autres" if letter == "#" else f"lettre-{letter.lower()}",
            tuple(actors),
        )
        for letter, actors in sorted(groups.items(), key=lambda item: (item[0] != "#", item[0]))
    ]


def page_digests(guide: Guide, pages: list[Page], today: date, outputs: Outputs) -> dict[str, str]:
    """The digest of each page's inputs (`page_inputs`), by source path. Each place's data is
    written out once: a need page at 2,000 places lists ~1,000 of them."""
    actors = {actor.id: digest(repr(actor)) for actor in guide.actors}
    return {page.src: digest(page_inputs(guide, page, today, outputs, actors)) for page in pages}


def page_inputs(
    guide: Guide,
    page: Page,
    today: date,
    outputs: Outputs,
    actors: dict[str, str] | None = None,
) -> str:
    """Everything a page's template reads besides the shell, as text to digest. `actors`:
    the digest of each place's data, where already made."""
    if page.kind == "actor":
        actor = guide.actor(page.ident)
        links = (
            sorted(key for key in outputs.audio_pages if key[0] == actor.id),
            sorted(key for key in outputs.clips if key[0] == actor.id),
            [
                (theme, lang.tag, outputs.leaflets.get((theme, lang.tag, actor.id)))
                for theme in actor.theme_ids
                for lang in guide.languages
            ],
        )
        return repr((actors[actor.id] if actors else actor, today, links))
    if page.kind == "theme":
        theme = next(t for t in guide.themes if t.id == page.ident)
        if areas := areas_of(guide, theme.id):  # the page lists areas, not places
            summary = [(a.name, a.slug, a.part, a.parts, len(a.actors)) for a in areas]
            return repr((theme, summary))
        listed = guide.actors_of(theme)
        return repr((theme, [actors[a.id] for a in listed] if actors else listed, today))
    if page.kind == "area":
        theme, area = area_page(guide, page.ident)
        listed = area.actors
        where = (area.name, area.part, area.parts)
        return repr((theme, where, [actors[a.id] for a in listed] if actors else listed, today))
    if page.kind in ("places", "home"):  # the A to Z list; the home page says when it is empty
        return repr([(a.id, a.nom, a.commune) for a in guide.actors])
    if page.kind == "print":
        return repr(outputs.prints)
    return ""


def page_markdown(
    guide: Guide,
    lang: Language,
    page: Page,
    project_dir: Path,
    inputs: str = "",
    editorial: frozenset[str] | None = None,
) -> str:
    """The Markdown file of a page: front matter, plus the editors' text for that page if any.

    `inputs` is the digest of the page's data (`page_inputs`): it changes the file, hence
    the page is rendered again, exactly when that data changes.
    """
    meta: dict[str, Any] = {
        "template": f"{page.kind}.html",
        "kind": page.kind,
        "ident": page.ident,
        "inputs": inputs,
    }
    if page.kind == "theme":
        meta["title"] = next(t for t in guide.themes if t.id == page.ident).title.get(lang.tag).text
    elif page.kind == "area":
        theme, area = area_page(guide, page.ident)
        meta["title"] = f"{theme.title.get(lang.tag).text} — {area_name(area, lang)}"
    elif page.kind == "actor":
        meta["title"] = guide.actor(page.ident).nom
    elif page.kind in ("about", "accessibility", "search"):
        meta["title"] = catalog(lang.tag)(page.kind)
    elif page.kind == "print":
        meta["title"] = catalog(lang.tag)("print_title")
    elif page.kind == "places":
        meta["title"] = catalog(lang.tag)("all_places")
    elif page.kind == "languages":
        meta["title"] = catalog(lang.tag)("languages")
    body, body_lang = editorial_text(project_dir, lang, page, editorial)
    meta["body_lang"] = body_lang
    front = yaml.dump(meta, Dumper=DUMPER, allow_unicode=True, sort_keys=True)
    return f"---\n{front}---\n\n{body}"


def editorial_files(project_dir: Path) -> frozenset[str]:
    """The editors' pages, as `<lang>/<page>.md` paths under `content/` (looked up once)."""
    content = project_dir / "content"
    return frozenset(path.relative_to(content).as_posix() for path in content.rglob("*.md"))


def editorial_text(
    project_dir: Path, lang: Language, page: Page, editorial: frozenset[str] | None = None
) -> tuple[str, str | None]:
    """Text written by editors in `content/<lang>/<page>.md`, French when not translated.

    `editorial`: the files `editorial_files` found (else each is looked for on disk)."""
    name = "index.md" if page.kind == "home" else page.src
    for tag in (lang.tag, "fr"):
        path = project_dir / "content" / tag / name
        exists = f"{tag}/{name}" in editorial if editorial is not None else path.is_file()
        if exists:
            return path.read_text(encoding="utf-8"), tag
    return "", None
