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

import yaml
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from generator import __version__ as generator_version
from generator import urls
from generator.errors import BuildError
from generator.i18n import catalog
from generator.languages import Language
from generator.model import Guide
from generator.render import helpers
from generator.render.assets import ASSETS, SharedAssets, shared_assets
from generator.render.site_mkdocs import theme_files_listed_once
from generator.render.site_pages import (
    ACTORS_DIR,
    THEMES_DIR,
    Outputs,
    Page,
    digest,
    editorial_files,
    page_digests,
    page_markdown,
    plan_pages,
)
from generator.render.site_plugin import GuidePlugin, theme_language
from generator.urls import prefix
from generator.write import mirror_tree


@dataclass(slots=True)
class SiteResult:
    """What the site renderer wrote, for the manifest."""

    pages: dict[str, dict[str, str]] = field(default_factory=dict)  # actor id -> lang -> path
    page_count: int = 0
    rendered: int = 0  # pages rendered by this build (the others were kept from the last one)
    # Each language's folder in the site ("" for the default, "ar/"…) -> its pages alone.
    language_sites: dict[str, Path] = field(default_factory=dict)


def render_site(
    guide: Guide,
    out_dir: Path,
    cache_dir: Path,
    today: date,
    project_dir: Path,
    outputs: Outputs | None = None,
    jobs: int | None = None,
    previous: Path | None = None,
    languages: frozenset[str] | None = None,
) -> SiteResult:
    """Build every language (in parallel) into `out_dir`, the default language at its root.

    Each language keeps its MkDocs folders in `cache_dir/<lang>/` between builds; a page whose
    inputs did not change is not rendered again (see `build_language`), and its file is linked
    from the `previous` site instead of copied. `languages` builds only those (a shard).
    """
    pages = plan_pages(guide)
    assets = shared_assets(project_dir)
    shell = shell_digest(guide, project_dir, assets)
    # What each page shows does not depend on the language: digest it once for all of them.
    outputs = outputs or Outputs()
    inputs = page_digests(guide, pages, today, outputs)
    shared = (guide, pages, today, project_dir, outputs, shell, inputs)
    tasks = [
        (
            lang,
            cache_dir / lang.slug,
            out_dir / prefix(guide, lang),
            previous / prefix(guide, lang) if previous else None,
        )
        for lang in guide.languages
        if languages is None or lang.tag in languages
    ]
    workers = max(1, min(len(tasks), jobs or os.cpu_count() or 1))
    # The workers are forked: they find the guide in memory. Sent with each task, it would
    # be pickled and unpickled once per language (1.2 s each at 2,000 places).
    _SHARED["build"] = shared
    try:
        if workers == 1:
            built = [_build_language_task(task) for task in tasks]
        else:
            context = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
                built = list(pool.map(_build_language_task, tasks))
    finally:
        _SHARED.clear()
    assets.write(out_dir)  # the one copy every language links
    result = SiteResult(rendered=sum(built))
    result.language_sites = {
        prefix(guide, lang): cache_dir / lang.slug / "site"
        for lang in guide.languages
        if languages is None or lang.tag in languages
    }
    for actor in guide.actors:
        result.pages[actor.id] = {
            lang.tag: urls.index_file(urls.actor_page(guide, lang, actor.id))
            for lang in guide.languages
        }
    result.page_count = len(pages) * len(guide.languages)
    return result


# What every language's build reads, set by `render_site` before its workers are forked.
_SHARED: dict[str, tuple[Any, ...]] = {}


def _build_language_task(task: tuple[Language, Path, Path, Path | None]) -> int:
    """Build one language, then put its pages in their place (in the worker: in parallel).
    Its site holds no assets: `render_site` writes the one copy all languages link."""
    lang, work, destination, previous = task
    guide, pages, today, project_dir, outputs, shell, inputs = _SHARED["build"]
    site, rendered = build_language(
        guide, lang, pages, work, today, project_dir, outputs, shell, inputs
    )
    mirror_tree(site, destination, previous)
    return rendered


def shell_digest(guide: Guide, project_dir: Path, assets: SharedAssets) -> str:
    """What every page shows or is made with: when it changes, every page is rendered again."""
    parts = [
        assets.digest(),  # every page links the assets by names made of their bytes
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


def build_language(
    guide: Guide,
    lang: Language,
    pages: list[Page],
    work: Path,
    today: date,
    project_dir: Path,
    outputs: Outputs,
    shell: str,
    inputs: dict[str, str],
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
    known = previous.get("docs", {}) if dirty else {}
    made_from = previous.get("made_from", {}) if dirty else {}
    written = write_docs(guide, lang, pages, docs, project_dir, inputs, known, made_from)
    changed = written.changed
    if dirty:
        remove_stale_pages(docs, site, pages, list(known) or None)
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
        kept: frozenset[str] = frozenset()
        if dirty and previous.get("skeleton") == skeleton:
            config.theme.static_templates.clear()  # 404.html and sitemap.xml are current
            kept = unchanged_places(pages, written.written, site)
        plugin = GuidePlugin(
            guide,
            lang,
            pages,
            today,
            outputs,
            work.parent / "jinja",
            shared_assets(project_dir),
            cards=work / "cards.json",
            inputs=inputs,
            kept=kept,
        )
        config.plugins["qui-fait-quoi"] = plugin
        config.plugins.run_event("startup", command="build", dirty=dirty)
        with theme_files_listed_once():
            mkdocs_build(config, dirty=dirty)
    except MkDocsException as error:
        raise BuildError(f"the {lang.tag} site could not be built: {error}") from error
    config.plugins.run_event("shutdown")
    shutil.rmtree(site / ASSETS, ignore_errors=True)  # left by a build before assets were shared
    state.write_text(
        json.dumps(
            {
                "shell": shell,
                "skeleton": skeleton,
                "docs": written.digests,
                "made_from": written.made_from,
            }
        ),
        encoding="utf-8",
    )
    return site, (changed if dirty else len(pages))


@dataclass(slots=True)
class Docs:
    """What `write_docs` did: how many files it wrote, and the digest of every page's text."""

    digests: dict[str, str] = field(default_factory=dict)
    # A place's or a need's page (no editors' text): the digest of the inputs its text was
    # made from. Same inputs, same text: it is not made again (2,000 places × 12 languages).
    made_from: dict[str, str] = field(default_factory=dict)
    written: set[str] = field(default_factory=set)  # the source paths written by this build

    @property
    def changed(self) -> int:
        """How many files this build wrote."""
        return len(self.written)


def write_docs(
    guide: Guide,
    lang: Language,
    pages: list[Page],
    docs: Path,
    project_dir: Path,
    inputs: dict[str, str],
    known: dict[str, str] | None = None,
    made_from: dict[str, str] | None = None,
) -> Docs:
    """Write the Markdown files whose content changed.

    `inputs` holds the digest of each page's data (by source path); `known`, the digests of
    the texts the last finished build of this folder wrote (a file with the same text is not
    read again); `made_from`, the inputs those texts were made from (`Docs.made_from`).
    """
    known = known or {}
    made_from = made_from or {}
    editorial = editorial_files(project_dir)
    result = Docs()
    for page in pages:
        plain = page.kind in ("actor", "theme", "area") and not any(
            f"{tag}/{page.src}" in editorial for tag in (lang.tag, "fr")
        )
        if plain:
            result.made_from[page.src] = inputs[page.src]
            if made_from.get(page.src) == inputs[page.src] and page.src in known:
                result.digests[page.src] = known[page.src]
                continue
        path = docs / page.src
        text = page_markdown(guide, lang, page, project_dir, inputs[page.src], editorial)
        result.digests[page.src] = text_digest = digest(text)
        if known.get(page.src) == text_digest or (
            page.src not in known and path.is_file() and path.read_text(encoding="utf-8") == text
        ):
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        result.written.add(page.src)
    return result


def unchanged_places(pages: list[Page], written: set[str], site: Path) -> frozenset[str]:
    """The places' and areas' pages MkDocs need not see at all: their Markdown is the one their
    HTML was made from, and that HTML is there. A département's language has thousands; MkDocs
    would read, place and check each of them on every build (a second at 2,000 places). Only
    while the list of pages is the same: the sitemap, made then, lists them all."""
    return frozenset(
        page.src
        for page in pages
        if page.kind in ("actor", "area")
        and page.src not in written
        and (site / page.url / "index.html").is_file()
    )


def remove_stale_pages(
    docs: Path, site: Path, pages: list[Page], last: list[str] | None = None
) -> None:
    """Remove the Markdown and HTML of pages that no longer exist (a deleted actor).

    `last`: the pages the last build wrote (by source path); None: look in `docs`."""
    planned = {page.src for page in pages}
    if last is None:
        last = [path.relative_to(docs).as_posix() for path in docs.rglob("*.md")]
    for src in last:
        if src not in planned:
            (docs / src).unlink(missing_ok=True)
            shutil.rmtree(site / src.removesuffix(".md"), ignore_errors=True)


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
        {catalog(lang.tag)("all_places"): f"{urls.PLACES}.md"},
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
        "not_in_nav": f"/{ACTORS_DIR}/\n/{urls.LANGUAGES}.md\n",
    }
    if site_url:
        config["site_url"] = site_url
    return config
