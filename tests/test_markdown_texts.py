"""Texts as written, end to end: the small guide with data·inclusion-like Markdown texts.

Pages show lists, emphasis and links and no Markdown symbol; PDFs print the same; the clip
script says plain sentences, never a symbol or an address; page descriptions are plain.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.audio.script import build_script
from generator.build import BuildOptions, build_guide_site
from generator.languages import language
from generator.pipeline import load_guide
from generator.render.site_pages import Page
from generator.render.site_plugin import page_description
from tests.conftest import DATA, TODAY
from tests.test_pdf_validators import pdfua_checks_headings  # noqa: F401 (a fixture)

DESCRIPTION = (
    "**ASL** : des cours de français.\n\n"
    "## Visale\n"
    "Une garantie pour louer.<br>Voir [Réfugiés.info](<https://refugies.info/fr>).\n\n"
    "Nous aidons pour :\n"
    "- la CAF\n"
    "- la CPAM\n\n"
    "\\- un tiret échappé\n"
    "\\- encore un\n\n"
    "1. Appelez\n"
    "2. Venez"
)
# What must never be seen or said: Markdown and HTML written as text.
MARKUP = ("**", "##", "<br", "\\-", "](", "](<")


def markdown_guide() -> dict[str, Any]:
    data = yaml.safe_load((DATA / "small.yaml").read_text(encoding="utf-8"))
    actor = data["actors"][0]
    actor["description"]["fr"] = DESCRIPTION
    actor["description"]["en"] = "A place that **helps** you:\n\n- forms\n- letters"
    service = actor["services"][0]
    service["description"] = {"fr": "Vos dossiers **CAF**.\n\n- en ligne\n- sur papier"}
    service["conditions_acces"] = {"fr": "Sans rendez-vous le *mardi*.\nApportez vos papiers."}
    service["frais_precisions"] = {"fr": "Gratuit.\n\n## Attention\nLes copies sont payantes"}
    service["publics_precisions"] = {"fr": "Les familles,\net les jeunes"}
    data["themes"][0]["description"] = {"fr": "Vos droits :\n\n- **CAF**\n- CPAM"}
    return data


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("markdown") / "actors.yaml"
    path.write_text(yaml.safe_dump(markdown_guide(), allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def site(source: Path, build_options: BuildOptions) -> Path:
    out = source.parent / "site"
    build_guide_site(source, out, TODAY, options=build_options)
    return out


def visible_text(html: str) -> str:
    """The text a reader sees in the page's main part (tags removed, entities decoded)."""
    import html as entities

    body = html[html.index("data-pagefind-body") :]
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return entities.unescape(re.sub(r"<[^>]+>", " ", body))


def test_the_clip_script_says_plain_sentences(source: Path) -> None:
    guide = load_guide(source, TODAY)[0]
    actor = guide.actor("france-services-test")
    script = build_script(guide, actor, language("fr"))
    assert script is not None
    said = [sentence.text for sentence in script.sentences]
    assert said[1:13] == [
        "ASL : des cours de français.",
        "Visale.",
        "Une garantie pour louer.",
        "Voir Réfugiés.info.",
        "Nous aidons pour :",
        "la CAF.",
        "la CPAM.",
        "un tiret échappé.",
        "encore un.",
        "Appelez.",
        "Venez.",
        "C'est pour tout le monde.",
    ]
    english = build_script(guide, actor, language("en"))
    assert english is not None
    for text in (script.said, english.said):
        assert not re.search(r"[*#<>\\]|https?:|www\.|refugies\.info/", text), text
    assert "forms." in english.said and "letters." in english.said


def test_page_descriptions_are_plain(source: Path) -> None:
    guide = load_guide(source, TODAY)[0]
    page = Page("actor", "france-services-test", "acteurs/x.md", "acteurs/x/")
    description = page_description(guide, language("fr"), page)
    assert description.startswith("ASL : des cours de français. Visale. Une garantie pour louer.")
    assert not any(mark in description for mark in MARKUP)


def test_pages_show_the_text_as_written(site: Path) -> None:
    page = (site / "acteurs" / "france-services-test" / "index.html").read_text("utf-8")
    assert '<div class="qfq-text qfq-lead"><p><strong>ASL</strong> : des cours' in page
    assert "<ul>\n<li>la CAF</li>\n<li>la CPAM</li>\n</ul>" in page
    assert '<a href="https://refugies.info/fr" rel="nofollow noopener">Réfugiés.info</a>' in page
    assert (
        "<p><strong data-pagefind-ignore>Conditions :</strong> <span>Sans rendez-vous le"
        " <em>mardi</em>." in page
    )
    assert "<p><strong>Attention</strong></p>" in page
    theme = (site / "besoins" / "acces-aux-droits" / "index.html").read_text("utf-8")
    assert "<li><strong>CAF</strong></li>" in theme
    for path in (
        "besoins/acces-aux-droits",
        "en/besoins/acces-aux-droits",
        "acteurs/france-services-test",
        "en/acteurs/france-services-test",
        "ar/acteurs/france-services-test",
    ):
        shown = visible_text((site / path / "index.html").read_text("utf-8"))
        assert not [mark for mark in MARKUP if mark in shown], (path, shown)
    meta = re.search(r'<meta name="description" content="([^"]*)"', page)
    assert meta and meta.group(1).startswith("ASL : des cours de français. Visale.")


def test_audio_page_transcript_is_plain(site: Path) -> None:
    page = (site / "a" / "france-services-test" / "index.html").read_text("utf-8")
    transcript = page[page.index('id="transcript"') : page.index('id="full"')]
    shown = visible_text('data-pagefind-body"' + transcript)
    assert "Nous aidons pour :" in shown and "la CAF." in shown
    assert not re.search(r"[*#\\]|https?:|refugies\.info/|\]\(", shown), shown


def test_pdfs_print_the_text_as_written(site: Path) -> None:
    from pypdf import PdfReader

    def text_of(path: Path) -> str:
        text = " ".join(page.extract_text() or "" for page in PdfReader(path).pages)
        return " ".join(text.split())

    # the need's leaflets: one, or one per commune or part when its places do not fit in one
    parts = sorted((site / "print" / "fr").glob("depliant-acces-aux-droits*.pdf"))
    leaflet = " ".join(text_of(path) for path in parts)
    directory = text_of(site / "print" / "annuaire-professionnels.pdf")
    for text in (leaflet, directory):
        assert "ASL : des cours de français." in text and "Voir Réfugiés.info." in text
        assert "la CAF" in text and "Une garantie pour louer." in text
        assert not [mark for mark in MARKUP if mark in text], text
    assert "Les familles, et les jeunes" in directory
    assert "Vos dossiers CAF. en ligne sur papier" in directory.replace("•", "")
    assert "Attention Les copies sont payantes" in directory


@pytest.mark.usefixtures("pdfua_checks_headings")
def test_pdfs_with_lists_and_links_stay_accessible(site: Path) -> None:
    from pdfua import validate

    for path in (site / "print").glob("*/depliant-*.pdf"):
        report = validate(str(path))
        assert not report.findings and not report.skipped, path
    report = validate(str(site / "print" / "annuaire-professionnels.pdf"))
    assert not report.findings and not report.skipped


def test_pages_with_lists_and_links_are_valid_html(site: Path) -> None:
    from tests.validators import vnu_errors

    assert vnu_errors(site) == []
