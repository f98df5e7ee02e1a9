"""Search finds the places' own text: interface labels are not indexed, nor glued to values."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser import Browser, chromium, serve

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = pytest.mark.browser
# Arabic interface labels (generator/i18n/ar.yaml) no place's text uses: contact, listen, for
# whom, checked on.
LABELS = ("التواصل", "استمع", "لمن :", "تم التحقق")


@pytest.fixture(scope="module")
def web(sample_site: Path) -> Iterator[Browser]:
    with serve(sample_site) as base, chromium(base) as browser:
        yield browser


def results(web: Browser, query: str) -> tuple[list[str], list[str], list[int]]:
    """The links and excerpts a search shows once it has answered, and the words marked in
    each excerpt."""
    page = web.page(f"ar/recherche/?q={query}")
    expect(page.locator("#qfq-results > p").first).to_be_visible()
    links = page.locator("#qfq-results li > a").all_inner_texts()
    excerpts = page.locator("#qfq-results li > p").all_inner_texts()
    marks = [item.locator("mark").count() for item in page.locator("#qfq-results li").all()]
    page.context.close()
    return links, excerpts, marks


def test_a_label_word_does_not_match_every_page(web: Browser) -> None:
    # "the phone": a label on every place's page (20 results, as many as are shown, when it
    # was indexed); now only pages whose own text says it (a need's title, descriptions).
    links, _, _ = results(web, "الهاتف")
    assert len(links) < 10, links


def test_excerpts_show_the_places_own_text(web: Browser) -> None:
    links, excerpts, marks = results(web, "المكتبة")  # "the library"
    assert "Médiathèque Aimé-Césaire" in links
    assert all(marks), excerpts  # each excerpt shows the words found
    for excerpt in excerpts:
        assert not [label for label in LABELS if label in excerpt], excerpt
        assert not re.search(r"[\u0600-\u06ff]\d", excerpt), excerpt  # no "الهاتف3230"
