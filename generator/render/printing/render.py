"""Render the planned PDFs: Jinja2 templates in `print/` → HTML → WeasyPrint → tagged PDF.

Nothing is fetched from outside: the fonts are served from memory and images are inline
(`data:` URLs), so a template cannot reach the network and every machine makes the same bytes.
Every PDF says when it was printed: the build's date (`today`), which is also the creation date
written inside it. Nothing else in a document depends on the build: a PDF whose HTML did not
change is copied from the cache, so changing one place re-lays only the documents showing it.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import weasyprint
from babel.lists import format_list
from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateError
from markupsafe import Markup, escape
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from generator import urls
from generator.areas import area_of
from generator.dates import epoch_of
from generator.errors import BuildError
from generator.languages import Language, language
from generator.model import Guide
from generator.render import helpers
from generator.render.printing import tagging
from generator.render.printing.fonts import FONTS_DIR, family_stack, font_face_css, print_faces
from generator.render.printing.plan import Document, Voiced
from generator.render.printing.qr import make_qr
from generator.render.printing.texts import PrintTexts, isolate, print_texts
from generator.schema.make import read_reference

TEMPLATES_DIR = Path("print")
PDF_VARIANT = "pdf/ua-1"  # tagged PDF, for screen readers


class MemoryFetcher(URLFetcher):
    """Serves the fonts from memory and `data:` URLs; refuses anything else."""

    def __init__(self, resources: dict[str, bytes]) -> None:
        super().__init__(fail_on_errors=True)
        self.resources = resources

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        if url in self.resources:
            return URLFetcherResponse(url, self.resources[url], {"Content-Type": "font/ttf"})
        if url.startswith("data:"):
            return super().fetch(url, headers)
        raise ValueError(f"print templates load nothing from outside (asked for {url})")


def document_timestamp(today: date) -> str:
    """The creation date written in the PDFs: midnight UTC of the build's date."""
    return datetime.fromtimestamp(epoch_of(today), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@cache
def reference_labels(listing: str) -> dict[str, str]:
    """The French labels of a data·inclusion list (publics, modes-accueil…), by value."""
    return {entry["value"]: entry["label"] for entry in read_reference(f"{listing}.json")}


def reference_label(listing: str, value: str) -> str:
    return reference_labels(listing).get(value, value)


def make_environment(templates: Path) -> Environment:
    if not templates.is_dir():
        raise BuildError(f"the print templates are missing: {templates} is not a folder")
    env = Environment(
        loader=FileSystemLoader(str(templates)),
        autoescape=lambda name: bool(name and name.endswith(".html")),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["area_of"] = area_of  # a leaflet's headings: its communes or sectors
    return env


def language_helpers(guide: Guide, lang: Language, today: date) -> dict[str, Any]:
    """The site's template helpers (texts, dates, hours, icons), bound to one language."""
    holder = SimpleNamespace(globals={})
    helpers.install(holder, guide, lang, today)
    return holder.globals


class Printer:
    """Renders documents with one font setup and one template environment."""

    def __init__(
        self,
        guide: Guide,
        project_dir: Path,
        today: date,
        cache_dir: Path | None = None,
        voiced: Voiced = frozenset(),
    ) -> None:
        self.guide = guide
        self.voiced = voiced
        self.project_dir = project_dir
        self.today = today
        self.cache_dir = cache_dir
        self.env = make_environment(project_dir / TEMPLATES_DIR)
        faces = print_faces(project_dir / FONTS_DIR)
        self.fetcher = MemoryFetcher({face.url: face.data for face in faces})
        # Everything a PDF is made of besides its HTML: fonts, engine, PDF settings, tagging.
        fonts = hashlib.sha256(b"".join(face.data for face in faces)).hexdigest()
        tagger = hashlib.sha256(Path(tagging.__file__).read_bytes()).hexdigest()
        self.recipe = (
            f"{fonts}|{weasyprint.__version__}|{PDF_VARIANT}|{tagger}|{font_face_css(faces)}"
        )
        self.font_config = FontConfiguration()
        self.fonts_css = CSS(
            string=font_face_css(faces), font_config=self.font_config, url_fetcher=self.fetcher
        )
        self.timestamp = document_timestamp(today)

    def context(self, document: Document, qr_urls: list[str]) -> dict[str, Any]:
        """What every template sees, bound to the document's language."""
        lang = document.lang
        texts = print_texts(self.project_dir, lang.tag)
        size = document.context.get("size")
        scale = size.scale if size is not None else 1.0
        return {
            **language_helpers(self.guide, lang, self.today),
            "guide": self.guide,
            "language": lang,
            "rtl": lang.is_rtl,
            "ui": texts,
            "t": texts.markup,
            "texts_of": lambda other: print_texts(self.project_dir, other.tag),
            "language_of": language,
            "isolate": isolate,
            "list_text": lambda items: format_list(
                list(items), style="standard-narrow", locale=helpers.babel_locale(lang.tag)
            ),
            "today": self.today,
            "created": self.timestamp,
            "fonts": family_stack(lang.script),
            "can_link": self.guide.site_url is not None,
            "home_url": self.absolute(urls.home(self.guide, lang)),
            "absolute": self.absolute,
            "qr": self.qr_maker(texts, qr_urls),
            "icon": tagging.icon,  # decorative unless given an alt: see tagging.py
            "label": reference_label,
            "mm": lambda value: f"{value * scale:.2f}mm",  # posters: A3 is A4 enlarged
            "pt": lambda value: f"{value * scale:.2f}pt",
            "urls": urls,
            "has_clip": lambda actor: (actor.id, lang.tag) in self.voiced,
            **document.context,
        }

    def absolute(self, path: str) -> str:
        return urls.absolute(self.guide, path)

    def qr_maker(self, texts: PrintTexts, qr_urls: list[str]) -> Callable[..., Markup]:
        """A template helper drawing the code of a site path, and noting its URL."""

        def qr(path: str, code_mm: float, css_class: str = "qr") -> Markup:
            if self.guide.site_url is None:  # a relative URL in a code leads nowhere
                return Markup("")
            url = self.absolute(path)
            code = make_qr(url)
            qr_urls.append(url)
            size = f"{code.image_mm(code_mm):.2f}mm"
            alt = escape(texts("qr_alt", url=url))
            return Markup(
                f'<img class="{css_class}" src="{code.data_uri}" alt="{alt}"'
                f' style="width: {size}; height: {size}">'
            )

        return qr

    def html_of(self, document: Document) -> tuple[str, list[str]]:
        """The document's HTML and the URLs of its QR codes, in order of appearance."""
        qr_urls: list[str] = []
        try:
            template = self.env.get_template(document.template)
            html = template.render(self.context(document, qr_urls))
        except TemplateError as error:
            raise BuildError(f"print/{document.template}: {error}") from error
        return html, qr_urls

    def write(self, document: Document, out_dir: Path) -> dict[str, Any]:
        """Render one PDF under `out_dir` (or reuse the cached one made from the same HTML)."""
        html, qr_urls = self.html_of(document)
        target = out_dir / document.path
        target.parent.mkdir(parents=True, exist_ok=True)
        entry = {**document.manifest, "path": document.path, "qr": list(dict.fromkeys(qr_urls))}
        key = hashlib.sha256(f"{self.recipe}|{self.timestamp}|{html}".encode()).hexdigest()
        cached = self.cache_dir / f"{key[:32]}.pdf" if self.cache_dir else None
        counted = cached.with_suffix(".pages") if cached is not None else None
        if cached is not None and cached.is_file() and counted and counted.is_file():
            shutil.copyfile(cached, target)
            pages = int(counted.read_text(encoding="utf-8"))
            return {**entry, **self.size_of(target, pages), "rendered": False}
        pages = self.render_pdf(html, target, document)
        if cached is not None and counted is not None:
            cached.parent.mkdir(parents=True, exist_ok=True)
            tmp = cached.with_suffix(f".{os.getpid()}.tmp")
            shutil.copyfile(target, tmp)
            os.replace(tmp, cached)
            counted.write_text(str(pages), encoding="utf-8")
        return {**entry, **self.size_of(target, pages), "rendered": True}

    @staticmethod
    def size_of(target: Path, pages: int) -> dict[str, int]:
        """What the print page shows before a download: size (bytes) and number of pages."""
        return {"bytes": target.stat().st_size, "pages": pages}

    def render_pdf(self, html: str, target: Path, document: Document) -> int:
        """Lay out and write one PDF; returns its number of pages."""
        options: dict[str, Any] = {
            "stylesheets": [self.fonts_css],
            "pdf_variant": PDF_VARIANT,
            "pdf_identifier": True,  # the MD5 of the content: stable
        }
        try:
            laid_out = HTML(string=html, url_fetcher=self.fetcher).render(
                font_config=self.font_config, **options
            )
            laid_out.write_pdf(target, finisher=tagging.add_table_scopes, **options)
        except FatalURLFetchingError as error:
            raise BuildError(f"{document.path}: {error.__cause__ or error}") from error
        return len(laid_out.pages)
