"""The audio page behind a poster's QR code: one per actor and language, light and standalone.

Not a MkDocs page: a single HTML file from `overrides/audio/page.html` with its few styles
inline, system fonts, a dozen lines of plain JavaScript (a big play button and a "slower"
button) on top of the native `<audio controls>`, which works without JavaScript. It weighs a
few kilobytes, so it opens at once on a cheap phone with a poor connection.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from generator import urls
from generator.audio.recordings import PageRecord, paragraphs
from generator.audio.script import (
    NAME,
    PHONE,
    REFERENCE,
    Script,
    actor_phone,
    load_templates,
    page_text,
)
from generator.audio.voices import RECORDED
from generator.i18n import catalog
from generator.languages import Language, language
from generator.model import Actor, Guide
from generator.render.assets import FAVICON, shared_assets
from generator.render.helpers import shorten

TEMPLATE = "page.html"
PAGE_KEYS = (
    "title",
    "listen",
    "pause",
    "slower",
    "transcript",
    "summary",
    "phone",
    "other_languages",
    "full_page",
    "no_clip",
    "no_clip_help",
    "synthetic",
    "recorded",
    "download",
    "stale",
    "written_for_page",
)


@cache
def template_environment(template_dir: Path) -> Environment:
    return Environment(
        loader=FileSystemLoader(str(template_dir)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def relative_url(target: str, page: str) -> str:
    """The link from the page at directory URL `page` to the site path `target`."""
    link = posixpath.relpath(target or ".", page.rstrip("/") or ".")
    if target == "" or target.endswith("/"):
        link = link.rstrip("/") + "/"
    return link


def interface_language(lang: Language) -> Language:
    """The language the page's own texts are in: the reader's, else French."""
    templates = load_templates(lang.tag)
    has_page = templates is not None and isinstance(templates.data.get("page"), dict)
    return lang if has_page else language(REFERENCE)


def page_texts(ui: Language, name: str) -> dict[str, str]:
    return {key: page_text(ui.tag, key, name=name)[0] for key in PAGE_KEYS}


def transcript_view(script: Script, ui: Language) -> list[list[dict[str, str]]]:
    """Sentences as pieces the template wraps: names in their language, numbers left-to-right."""
    sentences = []
    for sentence in script.sentences:
        pieces = []
        for part in sentence.parts:
            if part.kind == PHONE:
                pieces.append({"text": part.text, "lang": "", "dir": "ltr"})
            elif part.lang != ui.tag or part.kind == NAME:
                shown = language(part.lang)
                pieces.append({"text": part.text, "lang": shown.tag, "dir": shown.direction})
            else:
                pieces.append({"text": part.text, "lang": "", "dir": ""})
        sentences.append(pieces)
    return sentences


@dataclass(frozen=True, slots=True)
class AudioPageData:
    """Everything one audio page shows."""

    guide: Guide
    actor: Actor
    lang: Language
    transcript: Script | None
    entry: Mapping[str, Any]  # the manifest entry: clip path, engine…
    record: PageRecord | None = None  # a person's recording: its own transcript, if written
    outdated: bool = False  # the facts were checked too long ago: the page says so first


def page_context(data: AudioPageData, project_dir: Path) -> dict[str, Any]:
    guide, actor, lang = data.guide, data.actor, data.lang
    here = urls.audio_page(guide, lang, actor.id)
    ui = interface_language(lang)
    clip = data.entry.get("clip")
    phone = actor_phone(actor)
    source = language(REFERENCE)
    record = data.record or PageRecord()
    own = paragraphs(record.transcript) if record.transcript else []
    transcript = [] if own else transcript_view(data.transcript, ui) if data.transcript else []
    described = " ".join(own) if own else " ".join(p["text"] for s in transcript[:3] for p in s)
    return {
        "ui_lang": ui,
        "lang": lang,
        "ui": page_texts(ui, actor.nom),
        "name": actor.nom,
        "name_lang": source if source.tag != ui.tag else None,
        "clip": relative_url(clip, here) if clip else None,
        "recorded": data.entry.get("engine") == RECORDED,
        "stale": bool(data.entry.get("stale")) or record.facts_changed,
        "outdated": (
            catalog(ui.tag)("maybe_outdated", months=guide.verification_max_age_months)
            if data.outdated
            else None
        ),
        "own_transcript": own,
        "transcript": transcript,
        "transcript_lang": language(data.transcript.lang) if data.transcript else None,
        "phone": phone,
        "full_page": relative_url(urls.actor_page(guide, lang, actor.id), here),
        # The site's icon: the one copy every language shares, at the site root.
        "icon": relative_url(shared_assets(project_dir).names[FAVICON], here),
        "description": shorten(described or actor.nom),
        "languages": [
            {
                "lang": other,
                "href": relative_url(urls.audio_page(guide, other, actor.id), here),
                "current": other.tag == lang.tag,
            }
            for other in guide.languages
        ],
    }


def render_audio_page(data: AudioPageData, project_dir: Path) -> str:
    """The HTML of one audio page."""
    environment = template_environment(project_dir / "overrides" / "audio")
    return environment.get_template(TEMPLATE).render(page_context(data, project_dir))


def write_audio_page(data: AudioPageData, out_dir: Path, project_dir: Path) -> Path:
    path = out_dir / urls.index_file(urls.audio_page(data.guide, data.lang, data.actor.id))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_audio_page(data, project_dir), encoding="utf-8")
    return path
