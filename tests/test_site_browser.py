"""End-to-end tests of the built sample site in headless Chromium."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser import Browser, axe_violations, chromium, serve

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = pytest.mark.browser
OTHER_PREFIXES = ("en/", "ar/", "fa-af/", "ps/", "ti/", "uk/", "ru/", "tr/", "pt/", "ro/", "es/")


@pytest.fixture(scope="module")
def site(sample_site: Path) -> Path:
    return sample_site


@pytest.fixture(scope="module")
def web(site: Path) -> Iterator[Browser]:
    with serve(site) as base, chromium(base) as browser:
        yield browser


def search(web: Browser, lang_prefix: str, query: str) -> list[str]:
    """The result links of a search, as paths relative to the site root."""
    page = web.page(f"{lang_prefix}recherche/?q={query}")
    page.wait_for_selector("#qfq-results p")
    links = page.eval_on_selector_all("#qfq-results a", "as => as.map(a => a.href)")
    page.context.close()
    return [link.removeprefix(web.base) for link in links]


def test_search_in_french_finds_the_actor_and_only_french_pages(web: Browser) -> None:
    found = search(web, "", "médiathèque")
    assert "acteurs/mediatheque-aime-cesaire/" in found
    assert not [path for path in found if path.startswith(OTHER_PREFIXES)]


@pytest.mark.parametrize(
    ("prefix", "query", "expected"),
    [
        ("ar/", "المكتبة", "ar/acteurs/mediatheque-aime-cesaire/"),
        ("uk/", "бібліотека", "uk/acteurs/mediatheque-aime-cesaire/"),
        ("ru/", "молодёжи", "ru/acteurs/mission-locale-tilleuls/"),
        ("fa-af/", "کمپیوتر", "fa-af/acteurs/mediatheque-aime-cesaire/"),
        ("ti/", "ኮምፒዩተር", "ti/acteurs/mediatheque-aime-cesaire/"),
    ],
)
def test_search_in_other_scripts_stays_in_its_language(
    web: Browser, prefix: str, query: str, expected: str
) -> None:
    found = search(web, prefix, query)
    assert expected in found, found
    assert all(path.startswith(prefix) for path in found), found


def test_language_switcher_keeps_the_same_actor(web: Browser) -> None:
    page = web.page("ar/acteurs/caf-loire-atlantique/")
    page.click(".md-header .md-select button")
    page.click('.md-select__link[hreflang="uk"]')
    page.wait_for_url("**/uk/acteurs/caf-loire-atlantique/")
    expect(page.locator("html")).to_have_attribute("lang", "uk")
    page.context.close()


CARD_DATA = re.compile(
    r'<article class="qfq-card" data-place="([^"]+)" data-free="([^"]*)" '
    r'data-walkin="([^"]*)" data-langs="([^"]*)"'
)


def card_data(site: Path, need: str) -> list[tuple[str, str, str, str]]:
    """(place, free, walk-in, languages) of every card of a need page, as the filters read."""
    html = (site / f"besoins/{need}/index.html").read_text(encoding="utf-8")
    found = CARD_DATA.findall(html)
    assert len(found) == html.count('<article class="qfq-card"')
    return found


def test_filters_narrow_the_list(web: Browser, site: Path) -> None:
    """A card is a service; the count is of places; a filter keeps what the data says."""
    cards = card_data(site, "numerique")
    places = {place for place, *_ in cards}
    free = [place for place, fees, *_ in cards if fees == "1"]
    assert 0 < len(free) < len(cards)
    page = web.page("besoins/numerique/")
    count = page.locator("#qfq-count")
    visible = page.locator(".qfq-card:visible")
    expect(count).to_have_text(f"{len(places)} lieux affichés sur {len(places)}")
    page.check('#qfq-filters input[name="free"]')
    expect(count).to_have_text(f"{len(set(free))} lieux affichés sur {len(places)}")
    expect(visible).to_have_count(len(free))
    expect(page.locator('.qfq-card:visible:not([data-free="1"])')).to_have_count(0)
    page.uncheck('#qfq-filters input[name="free"]')
    expect(visible).to_have_count(len(cards))
    page.select_option('#qfq-filters select[name="lang"]', "tr")
    turkish = [card for card in cards if "tr" in card[3].split()]
    assert 0 < len(turkish) < len(cards)
    expect(visible).to_have_count(len(turkish))
    expect(page.locator('.qfq-card:visible:not([data-langs~="tr"])')).to_have_count(0)
    page.context.close()


def test_walk_in_filter_keeps_only_services_one_can_walk_into(web: Browser, site: Path) -> None:
    """France Services' only service for rights is by appointment: the filter hides it."""
    cards = card_data(site, "acces-aux-droits")
    walk_in = [card for card in cards if card[2] == "1"]
    assert ("france-services-tilleuls", "1", "0", "fr ar en tr") in cards
    page = web.page("besoins/acces-aux-droits/")
    france = page.locator('.qfq-card[data-place="france-services-tilleuls"]')
    places = len({card[0] for card in cards})
    expect(france).to_be_visible()
    page.check('#qfq-filters input[name="walkin"]')
    expect(france).to_be_hidden()
    expect(page.locator(".qfq-card:visible")).to_have_count(len(walk_in))
    expect(page.locator('.qfq-card:visible:not([data-walkin="1"])')).to_have_count(0)
    shown = len({card[0] for card in walk_in})
    expect(page.locator("#qfq-count")).to_have_text(f"{shown} lieux affichés sur {places}")
    page.uncheck('#qfq-filters input[name="walkin"]')
    expect(france).to_be_visible()
    page.context.close()


def test_without_javascript_the_list_is_complete(web: Browser, site: Path) -> None:
    page = web.page("besoins/numerique/", javascript=False)
    assert page.locator("#qfq-filters").is_hidden()
    html = (site / "besoins/numerique/index.html").read_text(encoding="utf-8")
    assert page.locator(".qfq-card:visible").count() == html.count('<article class="qfq-card"')
    page.context.close()


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        ("2026-11-24T10:30:00+01:00", "Ouvert maintenant · jusqu'à 12:00"),  # a Tuesday
        ("2026-11-24T12:30:00+01:00", "Fermé maintenant · ouvre à 13:30"),
        ("2026-11-22T10:00:00+01:00", "Fermé maintenant · ouvre lundi à 09:00"),  # Sunday
        ("2026-12-25T10:00:00+01:00", "Fermé maintenant · ouvre samedi à 09:00"),  # Christmas
        ("2026-11-24T09:30:00Z", "Ouvert maintenant · jusqu'à 12:00"),  # the phone's zone is UTC
    ],
)
def test_open_now_for_a_fixed_clock(web: Browser, moment: str, expected: str) -> None:
    """France Services: Mo-Fr 09:00-12:00,13:30-17:00; Sa 09:00-12:00; PH off."""
    page = web.page(None)  # type: ignore[arg-type]
    page.clock.set_fixed_time(moment)
    page.goto(web.base + "acteurs/france-services-tilleuls/")
    expect(page.locator("section[aria-labelledby=hours] .qfq-now")).to_have_text(expected)
    page.context.close()


def test_rtl_pages_have_dir_rtl(web: Browser) -> None:
    for prefix in ("ar/", "fa-af/", "ps/"):
        page = web.page(f"{prefix}acteurs/france-services-tilleuls/")
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
        expect(page.locator("body")).to_have_attribute("dir", "rtl")
        width = page.evaluate("[innerWidth, document.documentElement.scrollWidth]")
        assert width[1] <= width[0], "the page scrolls sideways"
        page.context.close()


def test_no_request_leaves_the_local_server(web: Browser) -> None:
    for path in (
        "",
        "ar/",
        "ti/acteurs/caf-loire-atlantique/",
        "besoins/sante/",
        "recherche/?q=caf",
    ):
        page = web.page(path)
        page.wait_for_load_state("networkidle")
        page.context.close()
    assert web.requests, "no request was recorded"
    assert web.foreign_requests() == []


@pytest.mark.parametrize("prefix", ["", "ar/"])
@pytest.mark.parametrize(
    "path",
    ["", "besoins/acces-aux-droits/", "acteurs/france-services-tilleuls/", "recherche/?q=caf"],
)
def test_axe_reports_no_serious_violation(web: Browser, prefix: str, path: str) -> None:
    page = web.page(prefix + path)
    page.wait_for_load_state("networkidle")
    assert axe_violations(page) == []
    page.context.close()
