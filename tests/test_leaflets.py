"""Leaflets stay leaflets: at most 4 pages (one folded A4 sheet) per need and language; a need
with more places has a leaflet per commune or part of a commune, each place in exactly one; the
directory has an index by commune."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml
from pypdf import PdfReader

from bench.synthetic import _copy_actor
from generator import urls
from generator.areas import commune_slug
from generator.model import Guide
from generator.pipeline import load_guide
from generator.render.printing import render_print
from generator.render.printing.leaflets import MAX_PAGES
from generator.render.printing.plan import place_target
from tests.conftest import ROOT, TODAY

NEED = "acces-aux-droits"
# One large commune (split in parts), a middle one, and small ones packed together.
SMALL = ["Cesson-Sévigné", "Chartres-de-Bretagne", "Le Rheu", "Pacé", "Saint-Grégoire", "Vezin"]
COMMUNES = ["Rennes"] * 12 + ["Bruz"] * 6 + SMALL
ROUNDS = 6  # copies of the sample's places of the need: 66 places


def text_of(pdf: Path) -> str:
    return " ".join(" ".join(page.extract_text() or "" for page in PdfReader(pdf).pages).split())


def pages_of(pdf: Path) -> int:
    return len(PdfReader(pdf).pages)


def many_places(folder: Path) -> Path:
    """The sample reduced to one need and French and Arabic, its places copied `ROUNDS`
    times and spread over communes."""
    sample, _ = load_guide(ROOT / "actors.yaml", TODAY)
    theme = next(theme for theme in sample.themes if theme.id == NEED)
    ids = {actor.id for actor in sample.actors_of(theme)}
    data = yaml.safe_load((ROOT / "actors.yaml").read_text(encoding="utf-8"))
    data["guide"]["languages"] = ["fr", "ar"]
    data["themes"] = [t for t in data["themes"] if t["id"] == NEED]
    base = [actor for actor in data["actors"] if actor["id"] in ids]
    actors = []
    for k in range(len(base) * ROUNDS):
        actor = _copy_actor(base[k % len(base)], k // len(base))
        actor["date_verification"] = str(actor["date_verification"])
        actor["commune"] = COMMUNES[k % len(COMMUNES)]
        actors.append(actor)
    data["actors"] = actors
    path = folder / "many.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> tuple[Guide, Path, list[dict[str, Any]]]:
    folder = tmp_path_factory.mktemp("many-places")
    guide, _ = load_guide(many_places(folder), TODAY)
    out = folder / "site"
    entries = render_print(
        guide, out, project_dir=ROOT, today=TODAY, workers=2, kinds=frozenset({"leaflet"})
    )
    directory = render_print(
        guide, out, project_dir=ROOT, today=TODAY, workers=1, kinds=frozenset({"directory"})
    )
    return guide, out, entries + directory


@pytest.mark.slow
def test_every_leaflet_fits_on_one_folded_sheet(many: tuple[Guide, Path, list[dict]]) -> None:
    _, out, entries = many
    leaflets = [e for e in entries if e["kind"] == "leaflet"]
    assert len(leaflets) > 2 * 3, "66 places do not fit in one leaflet: split by commune"
    for entry in leaflets:
        assert pages_of(out / entry["path"]) == entry["pages"] <= MAX_PAGES, entry["path"]
    assert not (out / "print/fr/depliant-acces-aux-droits.pdf").exists()  # no stale leaflet
    on_disk = {p.relative_to(out).as_posix() for p in out.glob("print/*/depliant-*.pdf")}
    assert on_disk == {e["path"] for e in leaflets}


@pytest.mark.slow
def test_every_place_is_in_exactly_one_leaflet_of_each_language(
    many: tuple[Guide, Path, list[dict]],
) -> None:
    guide, out, entries = many
    places = [actor.id for actor in guide.actors]
    for lang in guide.languages:
        leaflets = [e for e in entries if e["kind"] == "leaflet" and e["language"] == lang.tag]
        listed = Counter(actor for e in leaflets for actor in e["actors"])
        assert listed == Counter(places), lang.tag
        # what the PDFs show: each place's code, in the leaflet that lists it, and only there
        for actor in guide.actors:
            code = urls.absolute(guide, place_target(guide, lang, actor.id, frozenset())[0])
            holding = [e["path"] for e in leaflets if code in e["qr"]]
            assert len(holding) == 1, (lang.tag, actor.id, holding)
        named = Counter()
        for entry in leaflets:
            text = text_of(out / entry["path"])
            named.update(a.id for a in guide.actors if a.nom in text and "(" in a.nom[-4:])
        assert all(count == 1 for count in named.values()), named


@pytest.mark.slow
def test_leaflets_split_by_commune_and_say_what_they_cover(
    many: tuple[Guide, Path, list[dict]],
) -> None:
    guide, out, entries = many
    commune = {actor.id: actor.commune for actor in guide.actors}
    french = [e for e in entries if e["kind"] == "leaflet" and e["language"] == "fr"]
    arabic = [e for e in entries if e["kind"] == "leaflet" and e["language"] == "ar"]
    assert [e["actors"] for e in french] == [e["actors"] for e in arabic], "same parts"
    covered: dict[str, list[str]] = {}
    for entry in french:
        assert {commune[a] for a in entry["actors"]} == set(entry["communes"])
        for name in entry["communes"]:
            covered.setdefault(name, []).append(entry["label"])
        slugs = "-".join(commune_slug(name) for name in entry["communes"][:1])
        assert re.fullmatch(
            rf"print/fr/depliant-{NEED}-{slugs}(-\d+|-a-[a-z-]+)?\.pdf", entry["path"]
        )
        first_page = PdfReader(out / entry["path"]).pages[0].extract_text()
        first_page = " ".join(first_page.split()).replace("- ", "-")  # lines cut at hyphens
        assert entry["label"] in first_page
        # True of a part of a commune and of a sector too (not "the other communes").
        assert "Les autres lieux de ce besoin sont dans ses autres dépliants" in first_page
        assert "https://guide.example.org/imprimer/" in first_page.replace("/ ", "/")
    # a commune of several leaflets is alone in each, numbered; the others are whole
    rennes = covered["Rennes"]
    assert len(rennes) >= 2
    assert rennes == [f"Rennes ({i}/{len(rennes)})" for i in range(1, len(rennes) + 1)]
    for name, labels in covered.items():
        assert len(labels) == 1 or all(label.startswith(f"{name} (") for label in labels)
    assert any(len(e["communes"]) > 1 for e in french), "small communes share a leaflet"
    communes = list(dict.fromkeys(name for e in french for name in e["communes"]))
    assert communes == sorted(communes, key=commune_slug)


@pytest.mark.slow
def test_the_directory_has_an_index_by_commune(many: tuple[Guide, Path, list[dict]]) -> None:
    guide, out, _ = many
    text = text_of(out / urls.directory_pdf())
    start = text.index("Les lieux par commune", text.index("Les lieux par commune") + 1)
    index = text[start:].replace("- ", "-")  # lines cut at hyphens
    for name in dict.fromkeys(actor.commune for actor in guide.actors):
        count = sum(1 for actor in guide.actors if actor.commune == name)
        assert f"{name} ({count})" in index
    # every place, with the page of its card
    for actor in guide.actors:
        assert re.search(re.escape(actor.nom) + r" p\. \d+", index), actor.nom


@pytest.mark.slow
def test_the_sample_leaflets_fit_on_one_folded_sheet(sample_site: Path) -> None:
    sample, _ = load_guide(ROOT / "actors.yaml", TODAY)
    manifest = json.loads((sample_site / "manifest.json").read_text(encoding="utf-8"))
    leaflets = [e for e in manifest["print"] if e["kind"] == "leaflet"]
    for entry in leaflets:
        assert pages_of(sample_site / entry["path"]) == entry["pages"] <= MAX_PAGES
    theme = next(theme for theme in sample.themes if theme.id == NEED)
    places = [actor.id for actor in sample.actors_of(theme)]
    for lang in sample.languages:
        of_need = [e for e in leaflets if e["theme"] == NEED and e["language"] == lang.tag]
        assert Counter(a for e in of_need for a in e["actors"]) == Counter(places)


def test_places_with_a_sector_go_by_sector_and_the_directory_by_commune(tmp_path: Path) -> None:
    """Editors may set `secteur` to split a large commune's leaflets their own way."""
    from generator.render.printing.plan import estimated_parts, plan_directory

    path = many_places(tmp_path)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    rennes = [actor for actor in data["actors"] if actor["commune"] == "Rennes"]
    for k, actor in enumerate(rennes):
        actor["secteur"] = "  Rennes   Nord " if k % 2 else "Rennes Sud"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    guide, _ = load_guide(path, TODAY)
    sectors = {actor.id: actor.secteur for actor in guide.actors if actor.secteur}
    assert set(sectors.values()) == {"Rennes Nord", "Rennes Sud"}  # spaces tidied
    parts = estimated_parts(guide)[NEED]
    assert len(parts) > 1
    for part in parts:
        for group in part.groups:
            expected = sectors.get(group.actor.id) or group.actor.commune
            assert expected in part.communes, (group.actor.id, part.communes)
    labels = " ".join(part.label("sans commune") for part in parts)
    assert "Rennes Nord" in labels and "Rennes Sud" in labels
    assert not any(part.communes == ("Rennes",) for part in parts)
    assert any(part.slug.startswith("rennes-nord") for part in parts)
    # The directory's index stays by commune: professionals look places up by commune.
    (directory,) = plan_directory(guide)  # 66 places: one volume
    index = dict(directory.context["communes"])
    assert len(index["Rennes"]) == len(rennes)
    assert "Rennes Nord" not in index


def test_a_large_directory_comes_in_volumes_of_communes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """WeasyPrint holds a whole document in memory: past DIRECTORY_VOLUME places, the
    directory is made of volumes of whole communes (a large one in parts), each place in one."""
    from generator.render.printing import plan

    monkeypatch.setattr(plan, "DIRECTORY_VOLUME", 20)  # 66 places: Rennes alone has 33
    # every place as heavy as the bench's typical one: volumes of at most 20 places
    monkeypatch.setattr(plan, "directory_weight", lambda _: plan.PLACE_WEIGHT + plan.TYPICAL_TEXT)
    guide, _ = load_guide(many_places(tmp_path), TODAY)
    volumes = plan.plan_directory(guide)
    labels = [volume.manifest["label"] for volume in volumes]
    assert labels == [
        "Bruz – Cesson-Sévigné",
        "Chartres-de-Bretagne – Pacé",
        "Rennes (1/2)",
        "Rennes (2/2)",
        "Saint-Grégoire – Vezin",
    ], labels
    placed = Counter(actor.id for volume in volumes for actor in volume.context["actors"])
    assert placed == Counter(actor.id for actor in guide.actors)
    assert all(len(volume.context["actors"]) <= 20 for volume in volumes)
    assert len({volume.path for volume in volumes}) == len(volumes)
    entries = render_print(
        guide, tmp_path / "site", project_dir=ROOT, today=TODAY, kinds=frozenset({"directory"})
    )
    assert [e["volume"] for e in entries] == [[k, 5] for k in range(1, 6)]
    text = text_of(tmp_path / "site" / entries[2]["path"])
    assert "Volume 3 sur 5 : Rennes (1/2)" in text
    assert all(label in text for label in labels), "each volume lists the others"
    names = {actor.nom for actor in volumes[2].context["actors"]}
    assert all(name in text for name in names)


def test_one_commune_spelt_several_ways_is_one_area_on_paper_and_on_the_web(
    tmp_path: Path,
) -> None:
    """Open data writes a commune in capitals in one record and not in the next: it stays one
    commune (one leaflet series, one index entry, one area page) under one name, and two
    leaflets never share a file name (one would overwrite the other: places lost)."""
    from generator.areas import need_areas
    from generator.render.printing.plan import estimated_parts, plan_directory

    path = many_places(tmp_path)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    variants = {"Rennes": "RENNES", "Bruz": " bruz ", "Saint-Grégoire": "SAINT GRÉGOIRE"}
    seen: Counter[str] = Counter()
    for actor in data["actors"]:
        seen[actor["commune"]] += 1
        if actor["commune"] in variants and seen[actor["commune"]] % 2:
            actor["commune"] = variants[actor["commune"]]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    guide, _ = load_guide(path, TODAY)
    raw = Counter(actor.commune for actor in guide.actors)
    assert raw["RENNES"] and raw["Rennes"] and raw["SAINT GRÉGOIRE"], "addresses as written"
    spelt = Counter(actor.commune_name for actor in guide.actors)
    assert spelt["Rennes"] == raw["Rennes"] + raw["RENNES"]
    assert spelt["Bruz"] == raw["Bruz"] + raw[" bruz "]
    assert spelt["Saint-Grégoire"] == raw["Saint-Grégoire"] + raw["SAINT GRÉGOIRE"]

    parts = estimated_parts(guide)[NEED]
    paths = [part.path(guide.default_language) for part in parts]
    assert len(set(paths)) == len(paths), paths
    placed = Counter(group.actor.id for part in parts for group in part.groups)
    assert placed == Counter(actor.id for actor in guide.actors)
    names = {name for part in parts for name in part.communes}
    assert names == set(COMMUNES), names
    labels = [part.label("sans commune") for part in parts]
    rennes = [label for label in labels if label.startswith("Rennes")]
    assert rennes == [f"Rennes ({i}/{len(rennes)})" for i in range(1, len(rennes) + 1)]

    (directory,) = plan_directory(guide)
    index = dict(directory.context["communes"])
    assert list(index) == sorted(set(COMMUNES), key=commune_slug)
    assert len(index["Rennes"]) == spelt["Rennes"]

    theme = next(theme for theme in guide.themes if theme.id == NEED)
    areas = need_areas(guide.actors_of(theme))
    assert [area.name for area in areas] == sorted(set(COMMUNES), key=commune_slug)


def test_the_spelling_a_guide_uses_for_a_commune() -> None:
    """Not all in capitals, a capital first, the most used, the first met."""
    from generator.areas import spellings

    assert spellings(["RENNES", "RENNES", "Rennes"]) == {"rennes": "Rennes"}
    assert spellings(["saint malo", "saint malo", "Saint-Malo"]) == {"saint-malo": "Saint-Malo"}
    assert spellings(["Saint Malo", "Saint-Malo", "Saint-Malo"]) == {"saint-malo": "Saint-Malo"}
    assert spellings(["Le Rheu", "Le rheu"]) == {"le-rheu": "Le Rheu"}
    assert spellings(["PACÉ", "PACE"]) == {"pace": "PACÉ"}
    assert spellings(["", "Vezin"]) == {"vezin": "Vezin"}


def test_places_with_long_texts_make_volumes_of_fewer_places(tmp_path: Path) -> None:
    """A volume's memory grows with its texts too: places with 10,000-character descriptions
    (national open data has them) weigh more, and a volume holds fewer of them."""
    from generator.render.printing import plan

    path = many_places(tmp_path)
    guide, _ = load_guide(path, TODAY)
    assert len(plan.plan_directory(guide)) == 1  # 66 places of ordinary length
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    long = " ".join(["Accompagnement aux démarches administratives en ligne."] * 181)
    assert 9_900 < len(long) <= 10_000
    for actor in data["actors"]:
        if actor["commune"] == "Rennes":
            actor["description"] = {"fr": long}
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    guide, _ = load_guide(path, TODAY)
    volumes = plan.plan_directory(guide)
    capacity = plan.DIRECTORY_VOLUME * (plan.PLACE_WEIGHT + plan.TYPICAL_TEXT)
    for volume in volumes:
        assert sum(map(plan.directory_weight, volume.context["actors"])) <= capacity
    labels = [volume.manifest["label"] for volume in volumes]
    assert labels == ["Bruz – Pacé", "Rennes (1/2)", "Rennes (2/2)", "Saint-Grégoire – Vezin"]
    placed = Counter(actor.id for volume in volumes for actor in volume.context["actors"])
    assert placed == Counter(actor.id for actor in guide.actors)


def test_an_area_heavier_than_a_volume_comes_in_parts_of_about_equal_weight() -> None:
    from datetime import date

    from generator.areas import pack_areas
    from generator.model import Actor

    def place(k: int, commune: str) -> Actor:
        return Actor(f"p{k}", f"Lieu {k}", None, date(2026, 1, 1), commune=commune)

    places = [place(k, "Rennes") for k in range(10)] + [place(10, "Bruz"), place(11, "Acigné")]
    weights = {f"p{k}": 10 if k < 5 else 1 for k in range(12)}  # heavy places first

    runs = pack_areas(places, 20, lambda actor: weights[actor.id])
    assert [(run.label("-"), [a.id for a in run.actors]) for run in runs] == [
        ("Acigné – Bruz", ["p11", "p10"]),
        ("Rennes (1/3)", ["p0", "p1"]),
        ("Rennes (2/3)", ["p2", "p3"]),
        ("Rennes (3/3)", ["p4", "p5", "p6", "p7", "p8", "p9"]),
    ]
    assert all(sum(weights[a.id] for a in run.actors) <= 20 for run in runs)
    counted = pack_areas(places, 5)  # one a place
    assert [len(run.actors) for run in counted] == [2, 5, 5]
    heavy = pack_areas(places[:1], 5, lambda _: 50)  # alone heavier than a volume: alone
    assert [len(run.actors) for run in heavy] == [1]
