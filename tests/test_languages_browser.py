"""Languages first: a resident finds their language in one tap, without reading French."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.pipeline import load_guide
from tests.browser import Browser, chromium, serve
from tests.conftest import ROOT, TODAY

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = pytest.mark.browser
LANGUAGES = load_guide(ROOT / "actors.yaml", TODAY)[0].languages
MIN_TARGET = 44  # px, WCAG 2.5.5


@pytest.fixture(scope="module")
def web(sample_site: Path) -> Iterator[Browser]:
    with serve(sample_site) as base, chromium(base) as browser:
        yield browser


def check_button_leads_home(web: Browser, start: str, tag: str, slug: str, home: str) -> None:
    page = web.page(start)
    button = page.locator(f'.qfq-langs a[hreflang="{tag}"]')
    expect(button).to_be_visible()
    expect(button).to_have_attribute("lang", tag)
    box = button.bounding_box()
    assert box is not None and box["height"] >= MIN_TARGET and box["width"] >= MIN_TARGET, box
    button.click()
    page.wait_for_url(web.base + home)
    expect(page.locator("html")).to_have_attribute("lang", tag)
    page.context.close()


@pytest.mark.parametrize("lang", LANGUAGES, ids=lambda lang: lang.tag)
def test_each_language_is_one_tap_from_the_french_home(web: Browser, lang: object) -> None:
    home = "" if lang.tag == LANGUAGES[0].tag else f"{lang.slug}/"  # type: ignore[attr-defined]
    check_button_leads_home(web, "", lang.tag, lang.slug, home)  # type: ignore[attr-defined]


def test_the_languages_page_has_every_language_in_its_own_direction(web: Browser) -> None:
    page = web.page("langues/")
    buttons = page.locator(".qfq-langs a")
    expect(buttons).to_have_count(len(LANGUAGES))
    for lang in LANGUAGES:
        button = page.locator(f'.qfq-langs a[hreflang="{lang.tag}"]')
        expect(button).to_have_text(lang.autonym)
        expect(button).to_have_attribute("dir", lang.direction)
    check_button_leads_home(web, "langues/", "ti", "ti", "ti/")


def test_the_header_menu_shows_every_language_without_scrolling(web: Browser) -> None:
    page = web.page("ar/acteurs/caf-loire-atlantique/")
    links = page.locator(".md-header .md-select__link")
    expect(links.first).to_be_hidden()
    page.click(".md-header .md-select button")
    expect(links).to_have_count(len(LANGUAGES))
    for index in range(len(LANGUAGES)):
        expect(links.nth(index)).to_be_in_viewport(ratio=1)
        box = links.nth(index).bounding_box()
        assert box is not None and box["height"] >= MIN_TARGET, box
    scrolls = page.eval_on_selector(
        ".md-header .md-select__list", "list => list.scrollHeight > list.clientHeight"
    )
    assert not scrolls
    links.last.click()
    page.wait_for_url(f"**/{LANGUAGES[-1].slug}/acteurs/caf-loire-atlantique/")
    page.context.close()
