"""The MkDocs plugin that gives the guide's templates (overrides/) the model of each page."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import jinja2
from jinja2.runtime import Context
from markupsafe import Markup
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files

from generator import urls
from generator.facts import facts_view
from generator.i18n import catalog
from generator.languages import Language
from generator.model import Actor, Guide, Theme
from generator.render import helpers, richtext
from generator.render.assets import ASSETS, SharedAssets, shared_assets, theme_dir
from generator.render.cards import CardMemory
from generator.render.site_pages import (
    ACTORS_DIR,
    Outputs,
    Page,
    area_name,
    area_page,
    area_up,
    areas_of,
    places_by_initial,
)
from generator.urls import prefix

PROJECT_OVERRIDES = Path(__file__).resolve().parents[2] / "overrides"


def theme_language(lang: Language) -> str:
    """The language of Material's own interface texts: the page's language when Material or
    overrides/partials/languages/ has it, else French (the guide's own texts fall back too)."""
    name = f"partials/languages/{lang.tag}.html"
    candidates = [PROJECT_OVERRIDES / name, theme_dir() / name]
    return lang.tag if any(path.is_file() for path in candidates) else "fr"


def theme_stylesheets() -> list[str]:
    """Material's compiled style sheets (their names carry a hash of the theme version)."""
    folder = theme_dir() / ASSETS / "stylesheets"
    return [
        f"{ASSETS}/stylesheets/{path.name}"
        for name in ("main", "palette")
        for path in sorted(folder.glob(f"{name}.*.min.css"))
    ]


def page_description(guide: Guide, lang: Language, page: Page) -> str:
    """The page's `<meta name="description">`, from the data, in the page's language.

    A text the editors translated is used, as plain sentences (its Markdown left out); where
    there is none in this language the description is made of names and titles (never a
    French sentence on an Arabic page).
    """
    ui = catalog(lang.tag)
    site = f"{ui('guide_title')} — {guide.territory}"
    if page.kind == "actor":
        actor = guide.actor(page.ident)
        if actor.description and actor.description.has(lang.tag):
            return helpers.shorten(richtext.to_plain(actor.description.get(lang.tag).text))
        needs = ", ".join(t.title.get(lang.tag).text for t in guide.themes_of(actor))
        place = " — ".join(part for part in (actor.nom, needs, actor.commune or "") if part)
        return helpers.shorten(place)
    if page.kind == "theme":
        theme = next(t for t in guide.themes if t.id == page.ident)
        if theme.description and theme.description.has(lang.tag):
            return helpers.shorten(richtext.to_plain(theme.description.get(lang.tag).text))
        if areas := areas_of(guide, theme.id):
            names = ", ".join(dict.fromkeys(area.name or ui("no_commune") for area in areas))
        else:
            names = ", ".join(actor.nom for actor in guide.actors_of(theme))
        return helpers.shorten(f"{theme.title.get(lang.tag).text} — {guide.territory}: {names}")
    if page.kind == "area":
        theme, area = area_page(guide, page.ident)
        names = ", ".join(actor.nom for actor in area.actors)
        title = f"{theme.title.get(lang.tag).text} — {area_name(area, lang)}"
        return helpers.shorten(f"{title}: {names}")
    if page.kind == "home":
        return helpers.shorten(f"{site}. {ui('home_intro')}")
    if page.kind == "places":
        names = ", ".join(actor.nom for actor in guide.actors)
        return helpers.shorten(f"{ui('all_places')} — {site}: {names}")
    title = {"print": "print_title"}.get(page.kind, page.kind)
    return helpers.shorten(f"{ui(title)} — {site}")


class GuidePlugin(BasePlugin):
    """Gives the templates the model of the page being rendered (an in-process MkDocs plugin)."""

    def __init__(
        self,
        guide: Guide,
        lang: Language,
        pages: list[Page],
        today: date,
        outputs: Outputs,
        jinja_cache: Path | None = None,
        assets: SharedAssets | None = None,
        cards: Path | None = None,
        inputs: dict[str, str] | None = None,
        kept: frozenset[str] = frozenset(),
    ) -> None:
        super().__init__()
        self.kept = kept  # pages whose HTML stays as it is: left out of MkDocs' files
        self.jinja_cache = jinja_cache
        # A place card is kept while its place's page inputs (by source path) are the same.
        self.cards = CardMemory(
            cards,
            today,
            None if inputs is None else lambda actor_id: inputs[f"{ACTORS_DIR}/{actor_id}.md"],
        )
        self.outputs = outputs
        self.guide = guide
        self.lang = lang
        self.today = today
        self.pages = {page.src: page for page in pages}
        self.ui = catalog(lang.tag)
        self.assets = assets or shared_assets(PROJECT_OVERRIDES.parent)

    def on_files(self, files: Any, config: Any) -> Any:
        """Leave the theme's and overrides' assets out of this language's site: every language
        links the one shared copy at the site root (generator/render/assets.py). Leave out the
        pages kept as they are too (`site.unchanged_places`)."""
        return Files(
            [
                file
                for file in files
                if file.src_uri not in self.kept
                and not (file.src_uri.startswith(f"{ASSETS}/") and not file.is_documentation_page())
            ]
        )

    def on_env(self, env: Any, config: Any, files: Any) -> Any:
        helpers.install(env, self.guide, self.lang, self.today)
        env.globals["theme_stylesheets"] = theme_stylesheets()
        env.globals["asset"] = self.asset_url
        env.globals["remember_card"] = self.cards.card
        if self.jinja_cache is not None:  # compiled templates, reused by the next builds
            self.jinja_cache.mkdir(parents=True, exist_ok=True)
            # Compiled code depends on the autoescape setting, which Jinja's cache key ignores:
            # the file name pattern says which setting it was compiled with.
            env.bytecode_cache = jinja2.FileSystemBytecodeCache(
                str(self.jinja_cache), pattern="autoescaped-%s.cache"
            )
        return env

    def on_page_content(self, html: str, page: Any, config: Any, files: Any) -> Markup:
        """An editorial page's Markdown, rendered by MkDocs: the one HTML templates print."""
        return Markup(html)

    def on_page_context(self, context: dict[str, Any], page: Any, config: Any, nav: Any) -> Any:
        planned = self.pages.get(page.file.src_uri)
        self.cards.start_page(page.url)
        context["page_title"] = page.title
        context["page_description"] = (
            page_description(self.guide, self.lang, planned) if planned else ""
        )
        context["guide"] = self.guide
        context["language"] = self.lang
        context["ui"] = self.ui
        context["today"] = self.today
        context["alternates"] = self.alternates(page.url)
        context["language_homes"] = self.alternates("", self.root_of(page.url))
        context["page_config"] = helpers.page_config(
            self.lang, self.ui, self.root_of(page.url), "../" * page.url.count("/") or "./"
        )
        context["kind"] = planned.kind if planned else "page"
        if planned and planned.kind == "actor":
            actor: Actor = self.guide.actor(planned.ident)
            context["actor"] = actor
            context["actor_themes"] = self.guide.themes_of(actor)
            context["actor_facts"] = facts_view(self.guide).actor(actor)
            context["actor_entries"] = facts_view(self.guide).actor_entries(actor)
            context.update(self.actor_links(actor, page.url))
        if planned and planned.kind == "theme":
            theme: Theme = next(t for t in self.guide.themes if t.id == planned.ident)
            context["theme"] = theme
            view = facts_view(self.guide)
            context["areas"] = [
                {
                    "name": area_name(area, self.lang),
                    "named": bool(area.name),  # as editors wrote it (French), else in words
                    "slug": area.slug,
                    "count": len(area.actors),
                }
                for area in areas_of(self.guide, theme.id)
            ]
            context["place_count"] = len(self.guide.actors_of(theme))
            context["entries"] = () if context["areas"] else view.entries(theme)
            context["spoken_languages"] = view.spoken_languages(context["entries"])
        if planned and planned.kind == "area":
            theme, area = area_page(self.guide, planned.ident)
            view = facts_view(self.guide)
            ids = {actor.id for actor in area.actors}
            context["theme"] = theme
            context["area_name"] = area_name(area, self.lang)
            context["area_named"] = bool(area.name)
            context["area_up"] = area_up(area)
            context["entries"] = tuple(e for e in view.entries(theme) if e.actor.id in ids)
            context["spoken_languages"] = view.spoken_languages(context["entries"])
        if planned and planned.kind == "print":
            context["documents"] = self.print_links(page.url)
        if planned and planned.kind == "places":
            context["initials"] = places_by_initial(self.guide)
        return context

    def on_post_build(self, config: Any) -> None:
        self.cards.save({f"{page.src.removesuffix('.md')}/" for page in self.pages.values()})

    def print_links(self, url: str) -> dict[str, Any]:
        """The PDFs for the print page: a table of leaflets (needs × every language), the
        directory, and posters by place and by need with their A4 and A3 side by side."""
        root = self.root_of(url).removeprefix("./")
        languages = {lang.tag: lang for lang in self.guide.languages}

        def link(entry: dict[str, Any]) -> dict[str, Any]:
            kilobytes = max(1, round(entry.get("bytes", 0) / 1024))
            return {
                "href": root + entry["path"],
                "kb": kilobytes,
                "pages": entry.get("pages"),
                "label": entry.get("label"),  # a volume of the directory: its communes
            }

        # A need whose places do not fit in one leaflet has one per commune or part: a row each.
        leaflets: dict[tuple[str, str], dict[str, dict[str, Any]]] = {}
        for e in self.outputs.prints:
            if e["kind"] == "leaflet":
                leaflets.setdefault((e["theme"], e.get("label", "")), {})[e["language"]] = link(e)
        used = [tag for tag in languages if any(tag in cells for cells in leaflets.values())]
        titles = {theme.id: theme.title.get(self.lang.tag).text for theme in self.guide.themes}
        table = {
            "languages": [languages[tag] for tag in used],
            "rows": [
                {
                    "title": titles[theme],
                    "part": label,
                    "cells": [(languages[tag], cells.get(tag)) for tag in used],
                }
                for theme in titles
                for (of, label), cells in leaflets.items()
                if of == theme
            ],
        }
        posters: dict[str, dict[str, dict[str, Any]]] = {"actor": {}, "theme": {}}
        for entry in self.outputs.prints:
            if entry["kind"] == "poster":
                kind = "actor" if "actor" in entry else "theme"
                posters[kind].setdefault(entry[kind], {})[entry["size"]] = link(entry)
        return {
            "leaflets": table,
            "directory": [link(e) for e in self.outputs.prints if e["kind"] == "directory"],
            "poster_places": [
                {"title": self.guide.actor(ident).nom, "sizes": sizes}
                for ident, sizes in posters["actor"].items()
            ],
            "poster_needs": [
                {"title": titles[ident], "sizes": sizes}
                for ident, sizes in posters["theme"].items()
            ],
        }

    def actor_links(self, actor: Actor, url: str) -> dict[str, Any]:
        """Links to the actor's audio page, leaflets and share targets, where those exist."""
        root = self.root_of(url).removeprefix("./")
        links: dict[str, Any] = {"audio_page": None, "leaflets": [], "share_url": None}
        if self.guide.site_url:
            links["share_url"] = urls.absolute(
                self.guide, urls.actor_page(self.guide, self.lang, actor.id)
            )
        if (actor.id, self.lang.tag) in self.outputs.clips:  # "listen" only where one can
            links["audio_page"] = root + urls.audio_page(self.guide, self.lang, actor.id)
        for theme in self.guide.themes_of(actor):
            path = self.outputs.leaflets.get((theme.id, self.lang.tag, actor.id))
            if path:
                title = f"{self.ui('printable')} — {theme.title.get(self.lang.tag).text}"
                links["leaflets"].append({"href": root + path, "title": title})
        return links

    @jinja2.pass_context
    def asset_url(self, context: Context, logical: str) -> str:
        """`asset('assets/stylesheets/guide.css')`: the link to the shared copy of an asset.

        From a page, relative to it. From the 404 page, which MkDocs renders with links from
        the host's root (`base_url` is this language's folder there, `/repo/ar/`): from the
        site's root folder (`/repo/`), made full addresses by build.absolute_404_links.
        """
        page = context.get("page")
        if page is not None and getattr(page, "url", None) is not None:
            return self.assets.url(logical, self.root_of(page.url))
        base = str(context.get("base_url") or "/")
        folder = prefix(self.guide, self.lang)
        root = base.removesuffix(folder) if folder and base.endswith(folder) else base
        return self.assets.url(logical, root if root.endswith("/") else root + "/")

    def root_of(self, url: str) -> str:
        """The relative way from a page of this language to the site root ("../../")."""
        depth = url.count("/") + (0 if prefix(self.guide, self.lang) == "" else 1)
        return "../" * depth or "./"

    def alternates(self, url: str, root: str | None = None) -> list[dict[str, Any]]:
        """The same page in every language, as links relative to the current page (or to
        `root`, the way from the current page to the site root)."""
        up = (root or self.root_of(url)).removeprefix("./")
        return [
            {
                "lang": other,
                "href": f"{up}{prefix(self.guide, other)}{url}" or "./",
                "current": other.tag == self.lang.tag,
            }
            for other in self.guide.languages
        ]
