"""The same facts wherever people look: need cards, filters, leaflets and clips of one entry.

Uses the sample guide (built once for the session) and a small guide whose data says nothing of
fees or access for one place (built here without clips or PDFs).
"""

from __future__ import annotations

import copy
import html as html_module
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from generator.build import BuildOptions, build_guide_site
from generator.facts import Entry, facts_view
from generator.model import Guide
from generator.pipeline import load_guide
from tests.browser import Browser, chromium, serve
from tests.conftest import DATA, ROOT, TODAY

expect = pytest.importorskip("playwright.sync_api").expect
CARD = re.compile(r'<article class="qfq-card".*?</article>', re.S)
TAG = re.compile(r"<[^>]+>")


@pytest.fixture(scope="module")
def sample() -> Guide:
    return load_guide(ROOT / "actors.yaml", TODAY)[0]


def plain(html: str) -> str:
    return " ".join(html_module.unescape(TAG.sub(" ", html)).split())


def cards(page: str) -> list[str]:
    return CARD.findall(page)


def card_of(page: str, entry: Entry) -> str:
    anchor = f"acteurs/{entry.actor.id}/" + (f"#{entry.anchor}" if entry.anchor else '"')
    found = [card for card in cards(page) if anchor in card]
    assert len(found) == 1, (entry.actor.id, entry.anchor)
    return found[0]


def access_words(entry: Entry) -> str | None:
    if entry.facts.walk_in:
        return "Sans rendez-vous"
    return "Sur rendez-vous" if entry.facts.appointment else None


def leaflet_sections(site: Path, need: str, guide: Guide) -> dict[str, str]:
    """The text of each actor's block on the French leaflets of a need (one, or one per
    commune or part when its places do not fit in 4 pages), by actor id."""
    manifest = json.loads((site / "manifest.json").read_text(encoding="utf-8"))
    leaflets = [
        e
        for e in manifest["print"]
        if e["kind"] == "leaflet" and e["theme"] == need and e["language"] == "fr"
    ]
    pages = [page for e in leaflets for page in PdfReader(site / e["path"]).pages]
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in pages)
    text = re.sub(r"(?<=\w)- (?=\w)", "-", text)  # "Loire- Atlantique": a line ended there
    view = facts_view(guide)
    by_id = {g.actor.id: g for g in view.groups(next(t for t in guide.themes if t.id == need))}
    groups = [by_id[actor_id] for e in leaflets for actor_id in e["actors"]]
    starts: list[int] = []
    for group in groups:  # in order: a name may also appear in an earlier block's text
        starts.append(text.index(group.actor.nom, starts[-1] + 1 if starts else 0))
    ends = [*starts[1:], len(text)]
    return {g.actor.id: text[a:b] for g, a, b in zip(groups, starts, ends, strict=True)}


def transcript(site: Path, actor_id: str) -> str:
    """The text of a French clip, as its audio page shows it."""
    page = (site / f"a/{actor_id}/index.html").read_text(encoding="utf-8")
    shown = page.split('<div id="transcript"', 1)[1].split(">", 1)[1].split("</div>", 1)[0]
    return re.sub(r" (?=[.,])", "", plain(shown))


def test_france_services_on_rights_shows_its_appointment_service_everywhere(
    sample_site: Path, sample: Guide
) -> None:
    """The issue's example: the service's appointment, phone and hours, not the place's."""
    page = (sample_site / "besoins/acces-aux-droits/index.html").read_text(encoding="utf-8")
    [entry] = [
        e
        for e in facts_view(sample).entries(sample.themes[0])
        if e.actor.id == "france-services-tilleuls"
    ]
    card = plain(card_of(page, entry))
    assert "Rendez-vous avec un partenaire" in card
    assert "Sur rendez-vous" in card and "Sans rendez-vous" not in card
    assert "02 61 91 00 11" in card and "02 61 91 00 10" not in card
    assert "mardi 14:00 – 17:00 · jeudi 14:00 – 17:00" in card
    assert 'data-walkin="0"' in card_of(page, entry)
    leaflet = leaflet_sections(sample_site, "acces-aux-droits", sample)["france-services-tilleuls"]
    assert "Rendez-vous avec un partenaire" in leaflet
    assert "Sur rendez-vous" in leaflet and "Sans rendez-vous" not in leaflet
    assert "02 61 91 00 11" in leaflet and "02 61 91 00 10" not in leaflet
    assert "mardi" in leaflet and "14:00" in leaflet and "lundi" not in leaflet
    said = transcript(sample_site, "france-services-tilleuls")
    assert (
        "Service : Rendez-vous avec un partenaire. Appelez avant de venir, pour avoir un "
        "rendez-vous. C'est ouvert le mardi et jeudi, de 14 heures à 17 heures. Pour ce "
        "service, le numéro de téléphone est : 02 61 91 00 11."
    ) in said
    assert "Service : Aide aux démarches administratives. Vous pouvez venir sans rendez-vous." in (
        said
    )


def test_every_entry_says_the_same_on_its_card_its_leaflet_and_its_clip(
    sample_site: Path, sample: Guide
) -> None:
    view = facts_view(sample)
    for need in sample.themes:
        page = (sample_site / f"besoins/{need.id}/index.html").read_text(encoding="utf-8")
        assert len(cards(page)) == len(view.entries(need))
        sections = leaflet_sections(sample_site, need.id, sample)
        for entry in view.entries(need):
            card, leaflet = plain(card_of(page, entry)), sections[entry.actor.id]
            words = access_words(entry)
            for text in (card, leaflet):
                assert entry.facts.telephone.display in text, (need.id, entry.anchor)
                if words:
                    assert words in text, (need.id, entry.anchor)
            if words is None:
                assert "rendez-vous" not in re.sub(r"Rendez-vous \w+", "", card)
            free = {True: "Gratuit", False: "Payant", None: None}[entry.facts.free]
            if free:
                assert free in card and free in leaflet, (need.id, entry.anchor)
            said = transcript(sample_site, entry.actor.id)
            name = entry.service.nom.fr
            shared = view.actor(entry.actor)
            if f"Service : {name}." in said:  # said on its own: how to get in, its phone
                block = said.split(f"Service : {name}.", 1)[1].split("Service :", 1)[0]
                if entry.facts.walk_in and shared.walk_in is None:
                    assert "sans rendez-vous" in block, entry.anchor
                if entry.facts.appointment and shared.appointment is None:
                    assert "rendez-vous" in block and "sans" not in block, entry.anchor
                if entry.facts.own_phone:
                    assert entry.facts.telephone.display in block, entry.anchor
            if shared.walk_in:  # said once for the whole place
                assert "Vous pouvez venir sans rendez-vous." in said
            if shared.appointment:
                assert "rendez-vous" in said and "sans rendez-vous" not in said


def test_no_clip_is_longer_than_the_budget(sample_site: Path) -> None:
    import json

    manifest = json.loads((sample_site / "manifest.json").read_text(encoding="utf-8"))
    lengths = [
        clip["seconds"]
        for actor in manifest["actors"]
        for clip in actor["audio"].values()
        if clip.get("clip")
    ]
    assert lengths and max(lengths) <= 90.0, max(lengths)


def test_freshness_is_said_on_every_surface(sample_site: Path, sample: Guide) -> None:
    """The maison de santé was checked more than 12 months ago."""
    notice = "elles ne sont peut-être plus à jour"
    health = (sample_site / "besoins/sante/index.html").read_text(encoding="utf-8")
    stale = [c for c in cards(health) if 'data-place="maison-de-sante-tilleuls"' in c]
    assert stale and all(notice in plain(card) for card in stale)
    fresh = [c for c in cards(health) if 'data-place="pmi-tilleuls"' in c]
    assert fresh and not any(notice in plain(card) for card in fresh)
    audio = (sample_site / "a/maison-de-sante-tilleuls/index.html").read_text(encoding="utf-8")
    assert notice in plain(audio.split('id="outdated"', 1)[1])
    assert transcript(sample_site, "maison-de-sante-tilleuls").startswith(
        "Maison de santé pluriprofessionnelle des Tilleuls. Ces informations ont été vérifiées "
        "il y a plus de 12 mois : elles ne sont peut-être plus à jour."
    )
    arabic = (sample_site / "ar/a/maison-de-sante-tilleuls/index.html").read_text("utf-8")
    assert "ربما لم تعد صحيحة" in arabic
    fresh = (sample_site / "a/pmi-tilleuls/index.html").read_text(encoding="utf-8")
    assert 'id="outdated"' not in fresh
    leaflet = leaflet_sections(sample_site, "sante", sample)["maison-de-sante-tilleuls"]
    assert notice in leaflet
    directory = " ".join(
        " ".join((p.extract_text() or "").split())
        for p in PdfReader(sample_site / "print/annuaire-professionnels.pdf").pages
    )
    assert directory.count(notice) == 4  # the four places checked too long ago


def test_long_lists_of_services_stay_navigable(tmp_path: Path) -> None:
    """A place with many services lists them at the top; each folds, without JavaScript."""
    data = yaml.safe_load((DATA / "small.yaml").read_text(encoding="utf-8"))
    first = data["actors"][0]["services"][0]
    first["description"] = {"fr": " ".join(f"Phrase numéro {n}." for n in range(60))}
    data["actors"][0]["services"] = [  # copies: YAML aliases are refused
        {**copy.deepcopy(first), "id": f"aide-{n}", "nom": {"fr": f"Aide numéro {n}"}}
        for n in range(8)
    ]
    source = tmp_path / "actors.yaml"
    source.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    site = tmp_path / "site"
    build_guide_site(source, site, TODAY, options=BuildOptions(audio=False, prints=False))
    page = (site / "acteurs/france-services-test/index.html").read_text(encoding="utf-8")
    toc = page.split('<ul class="qfq-toc">', 1)[1].split("</ul>", 1)[0]
    assert toc.count("<li>") == 8 and 'href="#service-aide-7"' in toc
    assert page.count('<details class="qfq-service" id="service-aide-') == 8
    need = (site / "besoins/acces-aux-droits/index.html").read_text(encoding="utf-8")
    card = plain(next(c for c in cards(need) if "#service-aide-0" in c))
    assert "Phrase numéro 0." in card and "Phrase numéro 59." not in card
    assert "Voir la fiche" in card  # the rest is on the place's page


# --- what the data does not say -----------------------------------------------------------------


def unknowns_source(folder: Path) -> Path:
    """small.yaml where the CAF's service says nothing of fees or access."""
    data = yaml.safe_load((DATA / "small.yaml").read_text(encoding="utf-8"))
    service = data["actors"][1]["services"][0]
    del service["frais"], service["modes_mobilisation"]
    path = folder / "actors.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def unknowns(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("unknowns")
    site = folder / "site"
    options = BuildOptions(audio=False, prints=False)
    build_guide_site(unknowns_source(folder), site, TODAY, options=options)
    return site


def test_unknown_fees_and_access_get_no_badge(unknowns: Path) -> None:
    page = (unknowns / "besoins/acces-aux-droits/index.html").read_text(encoding="utf-8")
    [caf] = [card for card in cards(page) if "acteurs/caf-test/" in card]
    assert 'data-free="" data-walkin=""' in caf
    assert "qfq-badge" not in caf  # neither "free" nor "paid", "with" nor "without"
    [france] = [card for card in cards(page) if "acteurs/france-services-test/" in card]
    assert 'data-free="1" data-walkin="1"' in france and "Sans rendez-vous" in france
    actor = (unknowns / "acteurs/caf-test/index.html").read_text(encoding="utf-8")
    assert "Sur rendez-vous" not in actor and "Gratuit" not in actor


@pytest.fixture(scope="module")
def web(unknowns: Path) -> Iterator[Browser]:
    with serve(unknowns) as base, chromium(base) as browser:
        yield browser


@pytest.mark.browser
def test_filters_keep_only_what_the_data_says(web: Browser) -> None:
    page = web.page("besoins/acces-aux-droits/")
    count = page.locator("#qfq-count")
    caf = page.locator('.qfq-card[data-place="caf-test"]')
    france = page.locator('.qfq-card[data-place="france-services-test"]')
    expect(count).to_have_text("2 lieux affichés sur 2")
    page.check('#qfq-filters input[name="walkin"]')
    expect(caf).to_be_hidden()  # its data does not say one can walk in
    expect(france).to_be_visible()
    expect(count).to_have_text("1 lieux affichés sur 2")
    page.uncheck('#qfq-filters input[name="walkin"]')
    expect(caf).to_be_visible()  # "any": an unknown is not hidden
    expect(count).to_have_text("2 lieux affichés sur 2")
    page.check('#qfq-filters input[name="free"]')
    expect(caf).to_be_hidden()
    expect(france).to_be_visible()
    page.uncheck('#qfq-filters input[name="free"]')
    expect(caf).to_be_visible()
    page.context.close()
