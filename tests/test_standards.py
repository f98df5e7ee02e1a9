"""The sample site against standards nobody here wrote, and what Lighthouse asked for."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.validators import vnu_errors

pytestmark = pytest.mark.slow


def test_every_page_of_every_language_is_valid_html(sample_site: Path) -> None:
    pages = list(sample_site.rglob("*.html"))
    assert len(pages) > 800
    assert vnu_errors(sample_site) == []


def test_every_page_has_a_description_in_its_language(sample_site: Path) -> None:
    for page in sample_site.rglob("index.html"):
        html = page.read_text("utf-8")
        found = re.search(r'<meta name="description" content="([^"]+)">', html)
        assert found and 20 <= len(found.group(1)) <= 170, page
    arabic = (sample_site / "ar/acteurs/caf-loire-atlantique/index.html").read_text("utf-8")
    description = re.search(r'<meta name="description" content="([^"]+)">', arabic).group(1)
    assert re.search("[\u0600-\u06ff]", description), description  # Arabic text, not French


def test_audio_pages_name_the_site_icon(sample_site: Path) -> None:
    pages = list((sample_site / "a").rglob("index.html"))
    assert pages
    for page in pages:
        icon = re.search(r'<link rel="icon" href="([^"]+)">', page.read_text("utf-8"))
        assert icon, page
        assert (page.parent / icon.group(1)).resolve().is_file(), page
