"""Page size does not grow with the number of actors (the navigation lists needs, not actors)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bench.synthetic import write_guide
from generator.build import BuildOptions, build_guide_site
from tests.conftest import TODAY

LANGUAGES = ["fr", "en", "ar"]
LEAFLET = re.compile(r"[\w-]+\.pdf")
FLAT_PAGES = [
    "index.html",
    "ar/index.html",
    "acteurs/caf-loire-atlantique/index.html",
    "ar/acteurs/caf-loire-atlantique/index.html",
    "a-propos/index.html",
    "recherche/index.html",
]


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    built = {}
    for count in (20, 200):
        folder = tmp_path_factory.mktemp(f"guide{count}")
        source = write_guide(folder / "actors.yaml", count, LANGUAGES)
        build_guide_site(source, folder / "site", TODAY, options=BuildOptions(audio=False))
        built[count] = folder / "site"
    return built


@pytest.mark.slow
@pytest.mark.parametrize("page", FLAT_PAGES)
def test_page_size_is_independent_of_the_number_of_actors(
    sites: dict[int, Path], page: str
) -> None:
    # A place links the leaflet that lists it: with more places, a need's leaflets are split
    # by commune and that file's name is longer. Everything else is the same size.
    def size(site: Path) -> int:
        text = (site / page).read_text(encoding="utf-8")
        return len(LEAFLET.sub("LEAFLET.pdf", text).encode())

    assert size(sites[20]) == size(sites[200])


@pytest.mark.slow
def test_need_pages_grow_only_with_their_own_actors(sites: dict[int, Path]) -> None:
    """A need page lists its actors: it grows with them, about linearly, and nothing more."""
    small = (sites[20] / "besoins/sante/index.html").read_text(encoding="utf-8")
    large = (sites[200] / "besoins/sante/index.html").read_text(encoding="utf-8")
    cards_small, cards_large = small.count('class="qfq-card"'), large.count('class="qfq-card"')
    assert cards_large > cards_small
    per_card = (len(large) - len(small)) / (cards_large - cards_small)
    assert per_card < 2_000  # bytes per extra card: no hidden quadratic navigation
