"""One copy of the static assets for every language: no file twice, every link resolves, names
made of the bytes, and a reader switching language downloads no style sheet or script again."""

from __future__ import annotations

import functools
import hashlib
import http.server
import json
import re
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from generator.render.assets import FAVICON, published_name, shared_assets
from tests.browser import chromium
from tests.conftest import ROOT

ASSET_SUFFIXES = (".css", ".js", ".woff2", ".png", ".svg", ".ico")
CSS_URL = re.compile(r"""url\(["']?([^"')]+)["']?\)""")


def static_files(site: Path) -> list[Path]:
    """Every file but pages and the search index (both differ by language on purpose)."""
    return [
        path
        for path in sorted(site.rglob("*"))
        if path.is_file()
        and path.relative_to(site).parts[0] != "pagefind"
        and not path.name.endswith((".html", ".html.gz", ".html.br"))
    ]


def test_no_static_file_is_there_twice(sample_site: Path) -> None:
    seen: dict[str, Path] = {}
    twice = []
    for path in static_files(sample_site):
        key = hashlib.sha256(path.read_bytes()).hexdigest()
        if key in seen:
            twice.append((seen[key].relative_to(sample_site), path.relative_to(sample_site)))
        seen.setdefault(key, path)
    assert not twice, twice[:5]
    homes = json.loads((sample_site / "manifest.json").read_text(encoding="utf-8"))["home"]
    folders = [sample_site / home.removesuffix("index.html") for home in homes.values()]
    assert len(folders) == 12 and (sample_site / "assets").is_dir()
    assert not [f for f in folders if f != sample_site and (f / "assets").exists()]


class _Links(HTMLParser):
    """The style sheets, scripts and icons a page loads."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "link" and values.get("rel") in {"stylesheet", "icon"}:
            self.links.append(values["href"] or "")
        if tag == "script" and values.get("src"):
            self.links.append(values["src"] or "")


def loaded_files(site: Path, page: str) -> list[Path]:
    """The files a page loads (style sheets, scripts, icon) and the fonts its style sheets
    link, found on disk the way a browser resolves the relative links from the page."""
    base = f"http://site/{page}"
    parser = _Links()
    parser.feed((site / page / "index.html").read_text(encoding="utf-8"))
    urls = [urljoin(base, link) for link in parser.links]
    for url in list(urls):
        if url.endswith(".css"):
            css = (site / urlsplit(url).path.lstrip("/")).read_text(encoding="utf-8")
            urls += [urljoin(url, link) for link in CSS_URL.findall(css) if ":" not in link]
    return [site / unquote(urlsplit(url).path).lstrip("/") for url in urls]


@pytest.mark.parametrize(
    "page",
    [
        "acteurs/caf-loire-atlantique/",
        "",
        "ar/acteurs/caf-loire-atlantique/",
        "ar/",
        "ti/acteurs/caf-loire-atlantique/",
        "fa-af/besoins/numerique/",
        "a/caf-loire-atlantique/",
        "ar/a/caf-loire-atlantique/",
    ],
)
def test_every_asset_a_page_links_exists_once_at_the_root(sample_site: Path, page: str) -> None:
    files = loaded_files(sample_site, page)
    assert files and all(path.is_file() for path in files), [
        str(p) for p in files if not p.is_file()
    ]
    outside = [p for p in files if p.relative_to(sample_site).parts[0] != "assets"]
    assert not outside, outside
    if not page.startswith(("a/", "ar/a/")):  # audio pages: system fonts, inline styles
        names = {path.name.split(".")[0] for path in files}
        assert {"main", "palette", "fonts", "guide", "noto-naskh-arabic-400"} <= names
        assert "noto-sans-ethiopic-400" in names


def test_every_language_links_the_same_files(sample_site: Path) -> None:
    def shared(page: str) -> set[Path]:
        return set(loaded_files(sample_site, page))

    french = shared("acteurs/caf-loire-atlantique/")
    for tag in ("ar", "ti", "fa-af", "ps", "uk"):
        assert shared(f"{tag}/acteurs/caf-loire-atlantique/") == french, tag
    rtl = (sample_site / "ar/index.html").read_text(encoding="utf-8")
    assert '<html lang="ar" dir="rtl"' in rtl


def test_asset_names_are_made_of_their_bytes(tmp_path: Path) -> None:
    """Same bytes, same name; a changed font changes its name and the name of the style sheet
    that links it, so browsers fetch both again and keep every other file."""
    project = tmp_path / "project"
    shutil.copytree(ROOT / "overrides" / "assets", project / "overrides" / "assets")
    before = shared_assets(project)
    assert shared_assets(project).contents == before.contents
    assert before.names == shared_assets(ROOT).names
    font = "assets/fonts/noto-sans-latin-400.woff2"
    assert re.fullmatch(r"assets/fonts/noto-sans-latin-400\.[0-9a-f]{8}\.woff2", before.names[font])
    assert before.names[FAVICON].startswith("assets/images/favicon.")
    path = project / "overrides" / font
    path.write_bytes(path.read_bytes() + b"\0")
    after = shared_assets(project)
    changed = {name for name in before.names if before.names[name] != after.names[name]}
    assert changed == {font, "assets/stylesheets/fonts.css"}
    css = after.contents[after.names["assets/stylesheets/fonts.css"]].decode()
    assert after.names[font].removeprefix("assets/fonts/") in css
    assert published_name("assets/stylesheets/main.57a0d79d.min.css", b"x").endswith(
        "main.57a0d79d.min.css"
    )
    assert published_name("assets/fonts/OFL.txt", b"x") == "assets/fonts/OFL.txt"


class _CountingHandler(http.server.SimpleHTTPRequestHandler):
    """Records every path asked of the server; the content-addressed `assets/` are served as
    a host should serve them: cached for a year, never revalidated."""

    served: list[str]

    def end_headers(self) -> None:
        if self.path.startswith("/assets/"):
            self.send_header("Cache-Control", "public, max-age=31536000, immutable")
        super().end_headers()

    def do_GET(self) -> None:
        self.served.append(urlsplit(self.path).path)
        super().do_GET()

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def counting_server(folder: Path) -> Iterator[tuple[str, list[str]]]:
    served: list[str] = []
    handler_class = type("Handler", (_CountingHandler,), {"served": served})
    handler = functools.partial(handler_class, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", served
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.browser
def test_switching_language_downloads_no_style_sheet_or_script_again(sample_site: Path) -> None:
    expect = pytest.importorskip("playwright.sync_api").expect
    with counting_server(sample_site) as (base, served), chromium(base) as web:
        page = web.page(None)
        page.goto(base + "acteurs/caf-loire-atlantique/")
        expect(page.locator("html")).to_have_attribute("lang", "fr")
        page.wait_for_load_state("networkidle")
        first = [path for path in served if path.endswith(ASSET_SUFFIXES)]
        assert any(path.endswith(".css") for path in first)
        assert any(path.endswith(".js") for path in first)
        page.click(".md-header .md-select button")
        page.click('.md-select__link[hreflang="ar"]')
        page.wait_for_url("**/ar/acteurs/caf-loire-atlantique/")
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
        expect(page.locator("h1").first).to_be_visible()
        page.wait_for_load_state("networkidle")
        page.wait_for_function("document.fonts.status === 'loaded'")
        page.context.close()
    arrived = served.index("/ar/acteurs/caf-loire-atlantique/")
    before = [path for path in served[:arrived] if path.endswith(ASSET_SUFFIXES)]
    switch = [path for path in served[arrived + 1 :] if path.endswith(ASSET_SUFFIXES)]
    assert not [path for path in switch if path in before], switch
    assert all(path.endswith(".woff2") for path in switch), switch  # a script's font, if any
    arabic = [path for path in served if "noto-naskh-arabic" in path]
    assert len(arabic) == 1, arabic  # needed by the Arabic page, downloaded once
