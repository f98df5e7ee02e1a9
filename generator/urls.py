"""Where every output lives in the site, in one place: pages, audio pages, clips, PDFs.

Paths are relative to the site root and never start with "/"; `absolute` joins them to the
guide's public address. The default language sits at the root, every other language under
its folder (`ar/`, `fa-af/`), with the same page paths in every language, so that switching
language keeps the reader on the same page.
"""

from __future__ import annotations

from generator.languages import Language
from generator.model import Guide

ACTORS = "acteurs"
THEMES = "besoins"
AUDIO_PAGES = "a"
SEARCH = "recherche"
PLACES = "lieux"  # every place, A to Z
PRINT_PAGE = "imprimer"
LANGUAGES = "langues"  # one button per language, for posters and leaflets to point to


def prefix(guide: Guide, lang: Language) -> str:
    """The folder of a language: "" for the default language, else "ar/"."""
    return "" if lang.tag == guide.default_language.tag else f"{lang.slug}/"


def home(guide: Guide, lang: Language) -> str:
    return prefix(guide, lang)


def theme_page(guide: Guide, lang: Language, theme_id: str) -> str:
    return f"{prefix(guide, lang)}{THEMES}/{theme_id}/"


def actor_page(guide: Guide, lang: Language, actor_id: str) -> str:
    return f"{prefix(guide, lang)}{ACTORS}/{actor_id}/"


def audio_page(guide: Guide, lang: Language, actor_id: str) -> str:
    """What a poster's QR code opens: short and stable (`ar/a/caf-tilleuls/`)."""
    return f"{prefix(guide, lang)}{AUDIO_PAGES}/{actor_id}/"


def print_page(guide: Guide, lang: Language) -> str:
    """The page listing every PDF (and every leaflet of a need split by commune)."""
    return f"{prefix(guide, lang)}{PRINT_PAGE}/"


def audio_clip(lang: Language, actor_id: str, digest: str) -> str:
    """A clip file; its name changes with its content, so phones never replay a stale one."""
    return f"audio/{lang.slug}/{actor_id}.{digest[:10]}.mp3"


def leaflet(lang: Language, theme_id: str, part: str = "") -> str:
    """A need's leaflet (`print/ar/depliant-sante.pdf`); when its places do not fit in one,
    each leaflet names its communes (`print/ar/depliant-sante-rennes-2.pdf`)."""
    return f"print/{lang.slug}/depliant-{theme_id}{'-' + part if part else ''}.pdf"


def directory_pdf(volume: str = "") -> str:
    """The directory, or one of its volumes (`volume`: the slug of its communes)."""
    return f"print/annuaire-professionnels{'-' + volume if volume else ''}.pdf"


def poster(kind: str, ident: str, size: str) -> str:
    """A poster for a place or a theme, e.g. `print/affiches/theme-sante-a3.pdf`."""
    return f"print/affiches/{kind}-{ident}-{size.lower()}.pdf"


def index_file(path: str) -> str:
    """The file behind a directory URL: `acteurs/x/` -> `acteurs/x/index.html`."""
    return f"{path}index.html" if path == "" or path.endswith("/") else path


def absolute(guide: Guide, path: str) -> str:
    """The public URL of a site path (relative to the site root when no address is set)."""
    return f"{guide.site_url or '/'}{path}"
