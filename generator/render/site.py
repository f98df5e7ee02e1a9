"""Stage 4, render the website: one MkDocs + Material site per language, from the model.

Each language is its own MkDocs site (own docs folder, `theme.language`, direction), so pages,
search and the language switcher never mix languages. The default language sits at the site
root, the others under `/<tag>/` (`/ar/`, `/fa-af/`). Page files hold only front matter; the
page bodies are Jinja templates in `overrides/` that read the model through `GuidePlugin`.
"""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException
from mkdocs.plugins import BasePlugin

from generator import urls
from generator.errors import BuildError
from generator.i18n import catalog
from generator.languages import Language
from generator.model import Actor, Guide, Theme
from generator.render import helpers
from generator.urls import prefix

ACTORS_DIR = urls.ACTORS
THEMES_DIR = urls.THEMES


@dataclass(frozen=True, slots=True)
class Page:
    """One page of one language: where its Markdown goes and what it shows."""

    kind: str  # home | theme | actor | about | accessibility
    ident: str  # theme or actor id, else the page kind
    src: str  # path in docs_dir, e.g. "acteurs/caf.md"
    url: str  # URL relative to the language root, e.g. "acteurs/caf/"


@dataclass(frozen=True, slots=True)
class Outputs:
    """What other renderers made, for the pages to link to (only what really exists)."""

    audio_pages: frozenset[tuple[str, str]] = frozenset()  # (actor id, language tag)
    leaflets: dict[tuple[str, str], str] = field(default_factory=dict)  # (theme, lang) -> path
    prints: tuple[dict[str, Any], ...] = ()  # the manifest's print entries


def spoken_languages(guide: Guide, actors: tuple[Actor, ...]) -> list[Language]:
    """The languages spoken at the desks of `actors`: the guide's languages first, then others."""
    found = {lang.tag: lang for actor in actors for lang in actor.langues_parlees}
    order = [lang.tag for lang in guide.languages]
    return sorted(
        found.values(), key=lambda s: (order.index(s.tag) if s.tag in order else 99, s.tag)
    )


@dataclass(slots=True)
class SiteResult:
    """What the site renderer wrote, for the manifest."""

    pages: dict[str, dict[str, str]] = field(default_factory=dict)  # actor id -> lang -> path
    page_count: int = 0


def plan_pages(guide: Guide) -> list[Page]:
    """The pages every language has, in a stable order."""
    pages = [Page("home", "home", "index.md", "")]
    pages += [
        Page("theme", t.id, f"{THEMES_DIR}/{t.id}.md", f"{THEMES_DIR}/{t.id}/")
        for t in guide.themes
    ]
    pages += [
        Page("actor", a.id, f"{ACTORS_DIR}/{a.id}.md", f"{ACTORS_DIR}/{a.id}/")
        for a in guide.actors
    ]
    pages += [
        Page("search", "search", f"{urls.SEARCH}.md", f"{urls.SEARCH}/"),
        Page("about", "about", "a-propos.md", "a-propos/"),
        Page("accessibility", "accessibility", "accessibilite.md", "accessibilite/"),
    ]
    return pages


def render_site(
    guide: Guide,
    out_dir: Path,
    work_dir: Path,
    today: date,
    project_dir: Path,
    outputs: Outputs | None = None,
) -> SiteResult:
    """Build every language into `out_dir` (default language at its root)."""
    pages = plan_pages(guide)
    result = SiteResult()
    built: list[tuple[Language, Path]] = []
    for lang in guide.languages:
        site = build_language(
            guide, lang, pages, work_dir / lang.slug, today, project_dir, outputs or Outputs()
        )
        built.append((lang, site))
    for lang, site in built:
        target = out_dir / prefix(guide, lang)
        if prefix(guide, lang):
            shutil.move(str(site), str(target))
        else:
            for child in site.iterdir():
                shutil.move(str(child), str(out_dir / child.name))
    for actor in guide.actors:
        result.pages[actor.id] = {
            lang.tag: urls.index_file(urls.actor_page(guide, lang, actor.id))
            for lang in guide.languages
        }
    result.page_count = len(pages) * len(guide.languages)
    return result


def build_language(
    guide: Guide,
    lang: Language,
    pages: list[Page],
    work: Path,
    today: date,
    project_dir: Path,
    outputs: Outputs,
) -> Path:
    """Write the docs and config of one language, run MkDocs, return its output folder."""
    docs = work / "docs"
    site = work / "site"
    ui = catalog(lang.tag)
    for page in pages:
        path = docs / page.src
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page_markdown(guide, lang, page, project_dir), encoding="utf-8")
    config_path = work / "mkdocs.yml"
    config_path.write_text(
        yaml.safe_dump(
            language_config(guide, lang, docs, site, project_dir, ui("guide_title")),
            allow_unicode=True,
            sort_keys=False,
        ),
        encoding="utf-8",
    )
    config = load_config(config_file=str(config_path))
    config.plugins["qui-fait-quoi"] = GuidePlugin(guide, lang, pages, today, outputs)
    _quiet_mkdocs()
    try:
        config.plugins.run_event("startup", command="build", dirty=False)
        mkdocs_build(config)
    except MkDocsException as error:
        raise BuildError(f"the {lang.tag} site could not be built: {error}") from error
    finally:
        config.plugins.run_event("shutdown")
    prune_theme_assets(site)
    return site


# Theme files the guide never loads: lunr search (replaced by a per-language index) and
# source maps. Removing them keeps each language's copy of the assets small.
UNUSED_ASSETS = ("assets/javascripts/lunr", "assets/javascripts/workers")


def prune_theme_assets(site: Path) -> None:
    for folder in UNUSED_ASSETS:
        shutil.rmtree(site / folder, ignore_errors=True)
    for source_map in site.glob("assets/**/*.map"):
        source_map.unlink()


def _quiet_mkdocs() -> None:
    """MkDocs logs every page at INFO; the generator prints its own summary."""
    logging.getLogger("mkdocs").setLevel(logging.WARNING)


def language_config(
    guide: Guide, lang: Language, docs: Path, site: Path, project_dir: Path, title: str
) -> dict[str, Any]:
    """The MkDocs configuration of one language, inheriting the project's mkdocs.yml."""
    site_url = f"{guide.site_url}{prefix(guide, lang)}" if guide.site_url else None
    nav: list[Any] = [
        {catalog(lang.tag)("needs"): "index.md"},
        {catalog(lang.tag)("search"): f"{urls.SEARCH}.md"},
    ]
    nav += [
        {theme.title.get(lang.tag).text: f"{THEMES_DIR}/{theme.id}.md"} for theme in guide.themes
    ]
    nav += [
        {catalog(lang.tag)("about"): "a-propos.md"},
        {catalog(lang.tag)("accessibility"): "accessibilite.md"},
    ]
    config: dict[str, Any] = {
        "INHERIT": str(project_dir / "mkdocs.yml"),
        "site_name": f"{title} — {guide.territory}",
        "docs_dir": str(docs),
        "site_dir": str(site),
        "theme": {
            "name": "material",
            "custom_dir": str(project_dir / "overrides"),
            "language": lang.tag,
            "direction": lang.direction,
        },
        "nav": nav,
        # Material shows its language menu when this is true; the menu itself comes from
        # overrides/partials/alternate.html and links the same page in every language. Not a
        # list: Material would then fetch every language's sitemap.xml on each page view.
        "extra": {"alternate": True},
        "not_in_nav": f"/{ACTORS_DIR}/\n",
    }
    if site_url:
        config["site_url"] = site_url
    return config


def page_markdown(guide: Guide, lang: Language, page: Page, project_dir: Path) -> str:
    """The Markdown file of a page: front matter, plus the editors' text for that page if any."""
    meta: dict[str, Any] = {"template": f"{page.kind}.html", "kind": page.kind, "ident": page.ident}
    if page.kind == "theme":
        meta["title"] = next(t for t in guide.themes if t.id == page.ident).title.get(lang.tag).text
    elif page.kind == "actor":
        meta["title"] = guide.actor(page.ident).nom
    elif page.kind in ("about", "accessibility", "search"):
        meta["title"] = catalog(lang.tag)(page.kind)
    body, body_lang = editorial_text(project_dir, lang, page)
    meta["body_lang"] = body_lang
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=True)
    return f"---\n{front}---\n\n{body}"


def editorial_text(project_dir: Path, lang: Language, page: Page) -> tuple[str, str | None]:
    """Text written by editors in `content/<lang>/<page>.md`, French when not translated."""
    name = "index.md" if page.kind == "home" else page.src
    for tag in (lang.tag, "fr"):
        path = project_dir / "content" / tag / name
        if path.is_file():
            return path.read_text(encoding="utf-8"), tag
    return "", None


class GuidePlugin(BasePlugin):
    """Gives the templates the model of the page being rendered (an in-process MkDocs plugin)."""

    def __init__(
        self, guide: Guide, lang: Language, pages: list[Page], today: date, outputs: Outputs
    ) -> None:
        super().__init__()
        self.outputs = outputs
        self.guide = guide
        self.lang = lang
        self.today = today
        self.pages = {page.src: page for page in pages}
        self.ui = catalog(lang.tag)

    def on_env(self, env: Any, config: Any, files: Any) -> Any:
        helpers.install(env, self.guide, self.lang, self.today)
        return env

    def on_page_context(self, context: dict[str, Any], page: Any, config: Any, nav: Any) -> Any:
        planned = self.pages.get(page.file.src_uri)
        context["guide"] = self.guide
        context["language"] = self.lang
        context["ui"] = self.ui
        context["today"] = self.today
        context["alternates"] = self.alternates(page.url)
        context["page_config"] = helpers.page_config(self.lang, self.ui, self.root_of(page.url))
        context["kind"] = planned.kind if planned else "page"
        if planned and planned.kind == "actor":
            actor: Actor = self.guide.actor(planned.ident)
            context["actor"] = actor
            context["actor_themes"] = self.guide.themes_of(actor)
            context.update(self.actor_links(actor, page.url))
        if planned and planned.kind == "theme":
            theme: Theme = next(t for t in self.guide.themes if t.id == planned.ident)
            context["theme"] = theme
            context["theme_actors"] = self.guide.actors_of(theme)
            context["spoken_languages"] = spoken_languages(self.guide, context["theme_actors"])
        return context

    def actor_links(self, actor: Actor, url: str) -> dict[str, Any]:
        """Links to the actor's audio page, leaflets and share targets, where those exist."""
        root = self.root_of(url).removeprefix("./")
        links: dict[str, Any] = {"audio_page": None, "leaflets": [], "share_url": None}
        if self.guide.site_url:
            links["share_url"] = urls.absolute(
                self.guide, urls.actor_page(self.guide, self.lang, actor.id)
            )
        if (actor.id, self.lang.tag) in self.outputs.audio_pages:
            links["audio_page"] = root + urls.audio_page(self.guide, self.lang, actor.id)
        for theme in self.guide.themes_of(actor):
            path = self.outputs.leaflets.get((theme.id, self.lang.tag))
            if path:
                title = f"{self.ui('printable')} — {theme.title.get(self.lang.tag).text}"
                links["leaflets"].append({"href": root + path, "title": title})
        return links

    def on_post_page(self, output: str, page: Any, config: Any) -> str:
        """Put the direction on <html> too (Material sets it on <body> only)."""
        tag = f'<html lang="{self.lang.tag}" class="no-js">'
        return output.replace(
            tag, f'<html lang="{self.lang.tag}" dir="{self.lang.direction}" class="no-js">', 1
        )

    def root_of(self, url: str) -> str:
        """The relative way from a page of this language to the site root ("../../")."""
        depth = url.count("/") + (0 if prefix(self.guide, self.lang) == "" else 1)
        return "../" * depth or "./"

    def alternates(self, url: str) -> list[dict[str, Any]]:
        """The same page in every language, as links relative to the current page."""
        up = self.root_of(url).removeprefix("./")
        return [
            {
                "lang": other,
                "href": f"{up}{prefix(self.guide, other)}{url}" or "./",
                "current": other.tag == self.lang.tag,
            }
            for other in self.guide.languages
        ]
