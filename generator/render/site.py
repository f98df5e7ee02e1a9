"""Stage 4, render the website: one MkDocs + Material site per language, from the model.

Each language is its own MkDocs site (own docs folder, `theme.language`, direction), so pages,
search and the language switcher never mix languages. The default language sits at the site
root, the others under `/<tag>/` (`/ar/`, `/fa-af/`). Page files hold only front matter; the
page bodies are Jinja templates in `overrides/` that read the model through `GuidePlugin`.
"""

from __future__ import annotations

import hashlib
import json
import logging
import multiprocessing
import os
import shutil
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import jinja2
import yaml
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException
from mkdocs.plugins import BasePlugin

from generator import __version__ as generator_version
from generator import urls
from generator.errors import BuildError
from generator.i18n import catalog
from generator.icons import icons_root
from generator.languages import Language
from generator.model import Actor, Guide, Theme
from generator.render import helpers
from generator.urls import prefix

PROJECT_OVERRIDES = Path(__file__).resolve().parents[2] / "overrides"
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
    rendered: int = 0  # pages rendered by this build (the others were kept from the last one)


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
        Page("print", "print", f"{urls.PRINT_PAGE}.md", f"{urls.PRINT_PAGE}/"),
        Page("about", "about", "a-propos.md", "a-propos/"),
        Page("accessibility", "accessibility", "accessibilite.md", "accessibilite/"),
    ]
    return pages


def render_site(
    guide: Guide,
    out_dir: Path,
    cache_dir: Path,
    today: date,
    project_dir: Path,
    outputs: Outputs | None = None,
    jobs: int | None = None,
) -> SiteResult:
    """Build every language (in parallel) into `out_dir`, the default language at its root.

    Each language keeps its MkDocs folders in `cache_dir/<lang>/` between builds; a page whose
    inputs did not change is not rendered again (see `build_language`).
    """
    pages = plan_pages(guide)
    shell = shell_digest(guide, project_dir)
    tasks = [
        (guide, lang, pages, cache_dir / lang.slug, today, project_dir, outputs or Outputs(), shell)
        for lang in guide.languages
    ]
    workers = max(1, min(len(tasks), jobs or os.cpu_count() or 1))
    if workers == 1:
        built = [_build_language_task(task) for task in tasks]
    else:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            built = list(pool.map(_build_language_task, tasks))
    result = SiteResult()
    for lang, (site, rendered) in zip(guide.languages, built, strict=True):
        shutil.copytree(site, out_dir / prefix(guide, lang), dirs_exist_ok=True)
        result.rendered += rendered
    for actor in guide.actors:
        result.pages[actor.id] = {
            lang.tag: urls.index_file(urls.actor_page(guide, lang, actor.id))
            for lang in guide.languages
        }
    result.page_count = len(pages) * len(guide.languages)
    return result


def _build_language_task(task: tuple[Any, ...]) -> tuple[Path, int]:
    return build_language(*task)


def shell_digest(guide: Guide, project_dir: Path) -> str:
    """What every page shows or is made with: when it changes, every page is rendered again."""
    parts = [
        repr([(lang.tag, lang.autonym) for lang in guide.languages]),
        repr([(theme.id, theme.title, theme.icon) for theme in guide.themes]),
        guide.territory,
        str(guide.site_url),
        str(guide.verification_max_age_months),
        tree_digest(project_dir / "overrides"),
        tree_digest(Path(helpers.__file__).parent),
        tree_digest(Path(helpers.__file__).parent.parent / "i18n"),
        (project_dir / "mkdocs.yml").read_text(encoding="utf-8"),
        generator_version,
    ]
    return digest("\n".join(parts))


def tree_digest(folder: Path) -> str:
    """A digest of every file's path and bytes under `folder`."""
    hasher = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            hasher.update(str(path.relative_to(folder)).encode())
            hasher.update(path.read_bytes())
    return hasher.hexdigest()


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def page_inputs(guide: Guide, page: Page, today: date, outputs: Outputs) -> str:
    """Everything a page's template reads besides the shell, as text to digest."""
    if page.kind == "actor":
        actor = guide.actor(page.ident)
        links = (
            sorted(key for key in outputs.audio_pages if key[0] == actor.id),
            sorted((k, v) for k, v in outputs.leaflets.items() if k[0] in actor.theme_ids),
        )
        return repr((actor, today, links))
    if page.kind == "theme":
        theme = next(t for t in guide.themes if t.id == page.ident)
        return repr((theme, guide.actors_of(theme), today))
    if page.kind == "about":
        return repr(guide.last_verified)
    if page.kind == "print":
        return repr(outputs.prints)
    return ""


def build_language(
    guide: Guide,
    lang: Language,
    pages: list[Page],
    work: Path,
    today: date,
    project_dir: Path,
    outputs: Outputs,
    shell: str,
) -> tuple[Path, int]:
    """Update the docs of one language, run MkDocs, return its output folder and pages rendered.

    A page's Markdown carries the digest of its inputs, so its file changes exactly when the
    page must change, and MkDocs' dirty build renders only those. When the shell changed, or
    the last build of this folder did not finish, everything is rendered again.
    """
    docs, site, state = work / "docs", work / "site", work / "state.json"
    previous = json.loads(state.read_text("utf-8")) if state.is_file() else {}
    state.unlink(missing_ok=True)  # a build that stops half-way leaves no state: next is full
    dirty = previous.get("shell") == shell and site.is_dir()
    # The 404 page and the sitemap show the navigation, the list of pages and the build date.
    skeleton = digest(repr((shell, [p.src for p in pages], os.environ.get("SOURCE_DATE_EPOCH"))))
    if not dirty:
        shutil.rmtree(work, ignore_errors=True)
    changed = write_docs(guide, lang, pages, docs, today, project_dir, outputs)
    if dirty:
        remove_stale_pages(docs, site, pages)
    config_path = work / "mkdocs.yml"
    ui = catalog(lang.tag)
    config_path.write_text(
        yaml.safe_dump(
            language_config(guide, lang, docs, site, project_dir, ui("guide_title")),
            allow_unicode=True,
            sort_keys=False,
        ),
        encoding="utf-8",
    )
    _quiet_mkdocs()
    try:
        config = load_config(config_file=str(config_path))
        if dirty and previous.get("skeleton") == skeleton:
            config.theme.static_templates.clear()  # 404.html and sitemap.xml are current
        plugin = GuidePlugin(guide, lang, pages, today, outputs, work.parent / "jinja")
        config.plugins["qui-fait-quoi"] = plugin
        config.plugins.run_event("startup", command="build", dirty=dirty)
        mkdocs_build(config, dirty=dirty)
    except MkDocsException as error:
        raise BuildError(f"the {lang.tag} site could not be built: {error}") from error
    config.plugins.run_event("shutdown")
    prune_theme_assets(site)
    state.write_text(json.dumps({"shell": shell, "skeleton": skeleton}), encoding="utf-8")
    return site, (changed if dirty else len(pages))


def write_docs(
    guide: Guide,
    lang: Language,
    pages: list[Page],
    docs: Path,
    today: date,
    project_dir: Path,
    outputs: Outputs,
) -> int:
    """Write the Markdown files whose content changed; returns how many were written."""
    written = 0
    for page in pages:
        path = docs / page.src
        text = page_markdown(
            guide, lang, page, project_dir, page_inputs(guide, page, today, outputs)
        )
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written += 1
    return written


def remove_stale_pages(docs: Path, site: Path, pages: list[Page]) -> None:
    """Remove the Markdown and HTML of pages that no longer exist (a deleted actor)."""
    planned = {page.src for page in pages}
    for path in docs.rglob("*.md"):
        src = path.relative_to(docs).as_posix()
        if src not in planned:
            path.unlink()
            shutil.rmtree(site / src.removesuffix(".md"), ignore_errors=True)


# Theme files the guide never loads: lunr search (replaced by a per-language index) and
# source maps. Removing them keeps each language's copy of the assets small.
UNUSED_ASSETS = ("assets/javascripts/lunr", "assets/javascripts/workers")


def prune_theme_assets(site: Path) -> None:
    for folder in UNUSED_ASSETS:
        shutil.rmtree(site / folder, ignore_errors=True)
    for source_map in site.glob("assets/**/*.map"):
        source_map.unlink()


def theme_language(lang: Language) -> str:
    """The language of Material's own interface texts: the page's language when Material or
    overrides/partials/languages/ has it, else French (the guide's own texts fall back too)."""
    name = f"partials/languages/{lang.tag}.html"
    candidates = [PROJECT_OVERRIDES / name, icons_root().parent / name]
    return lang.tag if any(path.is_file() for path in candidates) else "fr"


def _quiet_mkdocs() -> None:
    """MkDocs logs every page at INFO; the generator prints its own summary.

    Its warning about dirty builds does not apply: a page is kept only when its inputs and
    the navigation are unchanged (see `build_language`).
    """
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    logging.getLogger("mkdocs.commands.build").addFilter(
        lambda record: "'dirty' build" not in record.getMessage()
    )


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
        {catalog(lang.tag)("print_title"): f"{urls.PRINT_PAGE}.md"},
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
            "language": theme_language(lang),
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


def page_markdown(
    guide: Guide, lang: Language, page: Page, project_dir: Path, inputs: str = ""
) -> str:
    """The Markdown file of a page: front matter, plus the editors' text for that page if any."""
    meta: dict[str, Any] = {
        "template": f"{page.kind}.html",
        "kind": page.kind,
        "ident": page.ident,
        "inputs": digest(inputs),  # changes exactly when the page's data changes
    }
    if page.kind == "theme":
        meta["title"] = next(t for t in guide.themes if t.id == page.ident).title.get(lang.tag).text
    elif page.kind == "actor":
        meta["title"] = guide.actor(page.ident).nom
    elif page.kind in ("about", "accessibility", "search"):
        meta["title"] = catalog(lang.tag)(page.kind)
    elif page.kind == "print":
        meta["title"] = catalog(lang.tag)("print_title")
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
        self,
        guide: Guide,
        lang: Language,
        pages: list[Page],
        today: date,
        outputs: Outputs,
        jinja_cache: Path | None = None,
    ) -> None:
        super().__init__()
        self.jinja_cache = jinja_cache
        self.outputs = outputs
        self.guide = guide
        self.lang = lang
        self.today = today
        self.pages = {page.src: page for page in pages}
        self.ui = catalog(lang.tag)

    def on_env(self, env: Any, config: Any, files: Any) -> Any:
        helpers.install(env, self.guide, self.lang, self.today)
        if self.jinja_cache is not None:  # compiled templates, reused by the next builds
            self.jinja_cache.mkdir(parents=True, exist_ok=True)
            env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(self.jinja_cache))
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
        if planned and planned.kind == "print":
            context["documents"] = self.print_links(page.url)
        return context

    def print_links(self, url: str) -> dict[str, list[dict[str, str]]]:
        """The PDFs for this language's print page: its leaflets, the directory, posters."""
        root = self.root_of(url).removeprefix("./")
        themes = {theme.id: theme for theme in self.guide.themes}
        groups: dict[str, list[dict[str, str]]] = {"leaflets": [], "directory": [], "posters": []}
        for entry in self.outputs.prints:
            href = root + entry["path"]
            if entry["kind"] == "leaflet" and entry["language"] == self.lang.tag:
                title = themes[entry["theme"]].title.get(self.lang.tag).text
                groups["leaflets"].append({"href": href, "title": title})
            elif entry["kind"] == "directory":
                groups["directory"].append({"href": href, "title": self.ui("directory")})
            elif entry["kind"] == "poster":
                if "actor" in entry:
                    name = self.guide.actor(entry["actor"]).nom
                else:
                    name = themes[entry["theme"]].title.get(self.lang.tag).text
                groups["posters"].append({"href": href, "title": f"{name} ({entry['size']})"})
        return groups

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
        """The page's real language and direction on <html> (Material puts `dir` on <body>
        only, and knows the language only when it has an interface translation for it)."""
        tag = f'<html lang="{theme_language(self.lang)}" class="no-js">'
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
