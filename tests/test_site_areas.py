"""A need with too many places for one page lists its communes (or sectors), each with its own
page of places: pages stay light at a département's scale, and no place is lost or doubled."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
import yaml

from generator.areas import AREA_PAGES_FROM, commune_slug, need_areas
from generator.build import BuildOptions, build_guide_site
from generator.pipeline import load_guide
from tests.conftest import ROOT, TODAY
from tests.test_leaflets import COMMUNES, NEED, many_places
from tests.validators import vnu_errors

HOSTILE = '<script>alert("x")</script> & Co'
CARD_ACTOR = re.compile(r'<article class="qfq-card"[^>]*>.*?href="[./]*acteurs/([\w-]+)/', re.S)


def card_actors(html: str) -> set[str]:
    """The places a page shows a card of (a place has a card per service of the need)."""
    return {m.group(1) for m in CARD_ACTOR.finditer(html)}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict]:
    folder = tmp_path_factory.mktemp("areas")
    source = many_places(folder)
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    data["actors"][-1]["commune"] = HOSTILE  # a commune only this place is in
    data["actors"][-2].pop("commune")  # a place without a commune
    data["actors"][-2].pop("secteur", None)
    data["actors"][-3]["secteur"] = "Rennes Nord"  # a sector given by its editors
    source.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    site = folder / "site"
    build_guide_site(source, site, TODAY, options=BuildOptions(audio=False, prints=False))
    return source, site, data


def test_a_small_need_lists_its_places() -> None:
    guide, _ = load_guide(ROOT / "actors.yaml", TODAY)
    for theme in guide.themes:
        assert len(guide.actors_of(theme)) <= AREA_PAGES_FROM
        assert need_areas(guide.actors_of(theme)) == ()


def test_areas_are_in_order_and_hold_every_place_once(tmp_path: Path) -> None:
    guide, _ = load_guide(many_places(tmp_path), TODAY)
    theme = next(t for t in guide.themes if t.id == NEED)
    actors = guide.actors_of(theme)
    assert len(actors) > AREA_PAGES_FROM
    areas = need_areas(actors)
    assert [area.name for area in areas] == sorted(set(COMMUNES), key=commune_slug)
    assert Counter(a.id for area in areas for a in area.actors) == Counter(a.id for a in actors)
    for area in areas:  # in guide order within an area
        assert list(area.actors) == [a for a in actors if a in area.actors]


@pytest.mark.slow
def test_the_need_page_lists_its_areas_with_their_counts(built: tuple[Path, Path, dict]) -> None:
    _, site, data = built
    html = (site / "besoins" / NEED / "index.html").read_text(encoding="utf-8")
    assert 'class="qfq-card"' not in html, "the need page lists areas, not places"
    item = r'<li><a href="([\w-]+)/">([^<]*)</a> <span class="qfq-small">\((\d+)\)'
    listed = re.findall(item, html)
    assert sum(int(count) for _, _, count in listed) == len(data["actors"])
    assert f"Lieux pour ce besoin : {len(data['actors'])}." in html
    names = [name for _, name, _ in listed]
    assert "Rennes Nord" in names and "Sans commune indiquée" in names
    assert names[-1] == "Sans commune indiquée", "places without a commune come last"
    for slug, _, count in listed:
        page = (site / "besoins" / NEED / slug / "index.html").read_text(encoding="utf-8")
        assert len(card_actors(page)) == int(count)
        assert '<a href="../">Toutes les communes pour ce besoin</a>' in page


@pytest.mark.slow
def test_every_place_is_on_exactly_one_area_page(built: tuple[Path, Path, dict]) -> None:
    _, site, data = built
    for prefix in ("", "ar/"):
        found: Counter[str] = Counter()
        for page in (site / prefix / "besoins" / NEED).glob("*/index.html"):
            found.update(card_actors(page.read_text(encoding="utf-8")))
        assert found == Counter(actor["id"] for actor in data["actors"])


@pytest.mark.slow
def test_an_area_page_is_in_its_language(built: tuple[Path, Path, dict]) -> None:
    _, site, _ = built
    need = (site / "ar" / "besoins" / NEED / "index.html").read_text(encoding="utf-8")
    assert 'lang="ar"' in need and 'dir="rtl"' in need
    assert "اختر بلديتك أو منطقتك" in need and "بدون بلدية محددة" in need
    bruz = (site / "ar" / "besoins" / NEED / "bruz" / "index.html").read_text(encoding="utf-8")
    # A commune's name is French, isolated from the right-to-left text around it.
    assert '<a href="bruz/"><span lang="fr" dir="ltr">Bruz</span></a>' in need
    assert re.search(r'<h1>.*— <span lang="fr" dir="ltr">Bruz</span></h1>', bruz, re.S)
    assert "كل البلديات لهذه الحاجة" in bruz


@pytest.mark.slow
def test_a_hostile_commune_is_text_everywhere(built: tuple[Path, Path, dict]) -> None:
    _, site, _ = built
    pages = list((site / "besoins" / NEED).rglob("index.html"))
    pages += list((site / "ar" / "besoins" / NEED).rglob("index.html"))
    for page in pages:
        assert '<script>alert("x")' not in page.read_text(encoding="utf-8"), page
    slug = commune_slug(HOSTILE)
    hostile = (site / "besoins" / NEED / slug / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(" in hostile  # shown as the text it is, header and title too
    assert hostile.count("&lt;script&gt;") >= 3


@pytest.mark.slow
def test_area_pages_are_valid_html(built: tuple[Path, Path, dict], tmp_path: Path) -> None:
    _, site, _ = built
    for prefix in ("", "ar/"):
        for page in ("", "bruz/", "rennes-nord/"):
            target = tmp_path / prefix.strip("/") / (page.strip("/") or "need") / "index.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(site / prefix / "besoins" / NEED / page / "index.html", target)
    assert vnu_errors(tmp_path) == []


@pytest.mark.slow
def test_an_edit_renders_its_area_page_again_and_not_the_others(
    built: tuple[Path, Path, dict],
) -> None:
    source, site, data = built
    edited = next(a for a in data["actors"] if a.get("commune") == "Bruz")
    edited["nom"] = "Un nom changé"
    source.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    before = {
        path: path.stat().st_mtime_ns for path in (site / "besoins" / NEED).glob("*/index.html")
    }
    report = build_guide_site(source, site, TODAY, options=BuildOptions(audio=False, prints=False))
    after = (site / "besoins" / NEED / "bruz" / "index.html").read_text(encoding="utf-8")
    assert "Un nom changé" in after
    # Per language: the place's page, its area page, the A to Z list and the home page.
    assert report.rendered == 2 * 4
    unchanged = [p for p in before if p.parent.name != "bruz"]
    for path in unchanged:  # the other areas' pages were kept as they were
        assert path.stat().st_mtime_ns == before[path], path


def test_check_asks_for_sectors_where_one_commune_has_too_many_places(tmp_path: Path) -> None:
    from bench.synthetic import write_guide
    from generator.model import build_guide
    from generator.pipeline import check_source
    from generator.reach import CROWDED_AREA, crowded_areas

    source, _ = check_source(write_guide(tmp_path / "actors.yaml", 300, ["fr"]), TODAY)
    guide = build_guide(source.data)
    warnings = crowded_areas(source, guide)
    crowded = [t for t in guide.themes if len(guide.actors_of(t)) > CROWDED_AREA]
    assert crowded, "300 places in one commune: some need has more than 100"
    assert len(warnings) == len(crowded)
    for warning, theme in zip(warnings, crowded, strict=True):
        assert warning.path == f"themes[{theme.id}]"
        places = len(guide.actors_of(theme))
        assert f"has {places} places in Ville-Exemple: their page comes in parts" in warning.message
        assert "secteur" in warning.fix
    many, _ = check_source(many_places(tmp_path), TODAY)  # 66 places in 8 communes
    assert crowded_areas(many, build_guide(many.data)) == []


def one_city(folder: Path) -> Path:
    """`many_places` with its 66 places in one commune and no sectors (a city's data)."""
    source = many_places(folder)
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    for actor in data["actors"]:
        actor["commune"] = "Rennes"
        actor.pop("secteur", None)
    data["actors"][5]["commune"] = "RENNES"  # the same commune, as open data writes it
    source.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return source


def test_a_city_comes_in_parts_of_at_most_a_page(tmp_path: Path) -> None:
    guide, _ = load_guide(one_city(tmp_path), TODAY)
    theme = next(t for t in guide.themes if t.id == NEED)
    actors = guide.actors_of(theme)
    assert len(actors) == 66
    areas = need_areas(actors)
    assert [(a.name, a.slug, a.part, a.parts) for a in areas] == [
        ("Rennes", "rennes", 1, 2),
        ("Rennes", "rennes/2", 2, 2),
    ]
    assert [len(a.actors) for a in areas] == [33, 33]  # about equal, each at most a page
    assert [a.label("-") for a in areas] == ["Rennes (1/2)", "Rennes (2/2)"]
    # Every place once, in guide order across the parts.
    assert [a for area in areas for a in area.actors] == list(actors)
    # One place over a page: two parts; a page's worth: the places themselves, no areas.
    assert [len(a.actors) for a in need_areas(actors[:41])] == [21, 20]
    assert need_areas(actors[:40]) == ()
    # Areas that fit on a page are not in parts, and keep their own addresses.
    (tmp_path / "spread").mkdir()
    spread, _ = load_guide(many_places(tmp_path / "spread"), TODAY)
    areas = need_areas(spread.actors_of(theme))
    assert areas and all(a.parts == a.part == 0 and "/" not in a.slug for a in areas)


def test_parts_grow_with_the_city() -> None:
    from generator.areas import within

    for count in (41, 80, 81, 119, 1070):
        parts = within(list(range(count)), AREA_PAGES_FROM, lambda _: 1.0)
        assert all(len(part) <= AREA_PAGES_FROM for part in parts)
        assert max(map(len, parts)) - min(map(len, parts)) <= 1
        assert len(parts) == -(-count // AREA_PAGES_FROM)


@pytest.mark.slow
def test_a_city_s_parts_are_pages_that_link_back(tmp_path: Path) -> None:
    source = one_city(tmp_path)
    site = tmp_path / "site"
    build_guide_site(source, site, TODAY, options=BuildOptions(audio=False, prints=False))
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    for prefix in ("", "ar/"):
        need = site / prefix / "besoins" / NEED
        html = (need / "index.html").read_text(encoding="utf-8")
        assert 'class="qfq-card"' not in html, "66 places: the need page lists the parts"
        links = re.findall(r'<li><a href="([\w/-]+)/">', html)
        assert links == ["rennes", "rennes/2"]
        found: Counter[str] = Counter()
        for link in links:
            page = (need / link / "index.html").read_text(encoding="utf-8")
            found.update(card_actors(page))
            assert len(card_actors(page)) == 33
            up = "../" * (1 + link.count("/"))
            assert re.search(rf'<a href="{re.escape(up)}">[^<]+</a>', page), link
            assert (need / link / up / "index.html").resolve() == (need / "index.html").resolve()
        assert found == Counter(actor["id"] for actor in data["actors"])
    french = (site / "besoins" / NEED / "rennes" / "2" / "index.html").read_text("utf-8")
    assert re.search(r"<h1>.*— Rennes \(2/2\)</h1>", french, re.S)
    assert "<title>" in french and "Rennes (2/2)" in french.split("</title>")[0]
    arabic = (site / "ar" / "besoins" / NEED / "index.html").read_text("utf-8")
    assert '<a href="rennes/2/"><span lang="fr" dir="ltr">Rennes (2/2)</span></a>' in arabic
    check = tmp_path / "vnu" / "part" / "index.html"
    check.parent.mkdir(parents=True)
    shutil.copy(site / "ar" / "besoins" / NEED / "rennes" / "2" / "index.html", check)
    assert vnu_errors(tmp_path / "vnu") == []
