"""A new territory from messy open data: init → import → check → build, as a new user would.

The corpus in tests/data/messy/ is written for these tests (no real record): CRLF, markdown and
HTML in descriptions, a control character, upper-case names, a 10,000-character description,
dates from 2019 and from the future, missing fields, a national short number, the same place
from two producers, records that cannot be used. The tests compare fields before and after:
nothing a resident could use is lost, nothing is invented, and the export gives back what came
in (data·inclusion → import → export).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from generator.hours_fr import to_osm
from generator.opendata.incoming import CONTROL
from generator.opendata.merge_tree import phone_key
from generator.opendata.schemas import SERVICE, STRUCTURE, record_errors
from generator.pipeline import load_guide
from tests.conftest import DATA, TODAY, run_cli

MESSY = DATA / "messy"
STRUCTURES = MESSY / "structures.json"
SERVICES = MESSY / "services.json"
PLACES_CSV = MESSY / "lieux-mediation-numerique.csv"
DAY = ("--today", TODAY.isoformat())
# What the import cannot keep, and says so (see the report's notes).
NOT_KEPT_VALUES = {
    ("dora", "dora--d-441", "courriel"),  # contact(at)al.example.org is not an address
    ("dora", "dora--d-442", "latitude"),  # 0, 0 is not a place
    ("dora", "dora--d-442", "longitude"),
}


def records(path: Path) -> list[dict[str, Any]]:
    return [r for r in json.loads(path.read_text("utf-8")) if isinstance(r, dict)]


def text_form(value: str) -> str:
    """A text as the guide keeps it: Unix line ends, no control characters, no outer spaces."""
    return CONTROL.sub("", value.replace("\r\n", "\n")).strip()


@pytest.fixture(scope="module")
def territory(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A guide made from nothing with the messy corpus, checked and built (fr, en, ar)."""
    folder = tmp_path_factory.mktemp("territoire")
    guide = folder / "actors.yaml"
    steps: dict[str, Any] = {"guide": guide, "folder": folder}
    steps["init"] = run_cli(
        "init", "--territory", "Ville-Exemple", "--languages", "fr,en,ar",
        "--site-url", "https://guide.example.org/", "--source", str(guide), *DAY,
    )  # fmt: skip
    steps["dry_run"] = run_cli(
        "import", "data-inclusion", str(STRUCTURES), str(SERVICES), "--source", str(guide),
        "--dry-run", *DAY,
    )  # fmt: skip
    steps["initial_text"] = guide.read_text("utf-8")
    steps["import"] = run_cli(
        "import", "data-inclusion", str(STRUCTURES), str(SERVICES), "--source", str(guide), *DAY
    )
    steps["after_import"] = guide.read_text("utf-8")
    steps["reimport"] = run_cli(
        "import", "data-inclusion", str(STRUCTURES), str(SERVICES), "--source", str(guide), *DAY
    )
    steps["after_reimport"] = guide.read_text("utf-8")
    steps["mediation"] = run_cli(
        "import", "mediation-numerique", str(PLACES_CSV), "--source", str(guide), *DAY
    )
    steps["check"] = run_cli("check", "--source", str(guide), *DAY)
    steps["build"] = run_cli(
        "build", "--source", str(guide), "--site-dir", str(folder / "site"), "--offline",
        "--no-audio", *DAY,
    )  # fmt: skip
    steps["site"] = folder / "site"
    return steps


# --- the commands, as a new user runs them ----------------------------------------------------


def test_every_step_runs_without_a_traceback(territory: dict[str, Any]) -> None:
    for step in ("init", "dry_run", "import", "reimport", "mediation", "check", "build"):
        result = territory[step]
        assert "Traceback" not in result.stdout + result.stderr, step
        assert result.returncode == 0, (step, result.stdout, result.stderr)


def test_the_import_reports_each_record_by_its_place_in_the_input(
    territory: dict[str, Any],
) -> None:
    out = territory["import"].stdout
    guide = territory["guide"]
    assert (
        f"{guide}: 9 added, 0 changed, 0 unchanged, 0 kept (newer in the guide), 5 skipped" in out
    )
    assert (
        "  added: structures.json #1 (cd35 734 « Agence Action Logement ») → agence-action-logement"
    ) in out
    assert (
        "  skipped: structures.json #5 (cd35 736 « Permanence sans lieu »): no address, "
        "telephone, e-mail or website: residents could neither find nor reach the place"
    ) in out
    assert (
        "  skipped: structures.json #7 (cd35 737 « Point d'accès au droit »): `date_maj` is" in out
    )
    assert "  skipped: services.json #6 (cd35 svc-11 « Service orphelin »): its structure" in out
    # Never a line of a file that does not exist yet.
    assert not re.search(r"actors\.yaml:\d+", out)


def test_a_dry_run_says_the_same_and_writes_nothing(territory: dict[str, Any]) -> None:
    dry = territory["dry_run"].stdout.splitlines()
    real = territory["import"].stdout.splitlines()
    assert dry[1].endswith(" (dry run: nothing written)")
    assert dry[1].removesuffix(" (dry run: nothing written)") == real[1]
    assert dry[2:-1] == real[2:-1]
    assert "would be written" in dry[-1] and "were written" in real[-1]
    assert territory["initial_text"].endswith("actors: []\n")  # the dry run wrote nothing


def test_a_reimport_updates_in_place_and_counts_the_unchanged(territory: dict[str, Any]) -> None:
    out = territory["reimport"].stdout
    assert ": 0 added, 0 changed, 9 unchanged, 0 kept (newer in the guide), 5 skipped" in out
    assert territory["after_reimport"] == territory["after_import"]


def test_the_same_place_from_two_producers_is_said(territory: dict[str, Any]) -> None:
    out = territory["import"].stdout + territory["mediation"].stdout
    assert (
        "  possible duplicate: structures.json #6 (dora d-441 « Action Logement - Ville-Exemple »)"
        " → `action-logement-ville-exemple` has the same SIRET 44123456700017 and telephone"
        " 02 61 91 10 01 and address 12 rue de la Gare as `agence-action-logement`"
    ) in out
    assert (
        "`espace-numerique-des-lilas` has the same telephone 02 61 91 10 04 as"
        " `maison-de-quartier-des-lilas`"
    ) in out


def test_exit_codes(tmp_path: Path, territory: dict[str, Any]) -> None:
    guide = tmp_path / "actors.yaml"
    shutil.copyfile(territory["guide"], guide)
    unusable = tmp_path / "structures.json"
    unusable.write_text(json.dumps([{"nom": "Sans date"}, "x"]), encoding="utf-8")
    none = run_cli("import", "data-inclusion", str(unusable), "--source", str(guide), *DAY)
    assert none.returncode == 1
    assert "No record could be imported" in none.stdout
    broken = tmp_path / "broken.json"
    broken.write_text('[{"nom": "x",}]', encoding="utf-8")
    unreadable = run_cli("import", "data-inclusion", str(broken), "--source", str(guide), *DAY)
    assert unreadable.returncode == 2
    assert f"error: {broken}:1:14: not valid JSON" in unreadable.stderr
    missing = run_cli("import", "mediation-numerique", str(tmp_path / "no.csv"), "--source",
                      str(guide), *DAY)  # fmt: skip
    assert missing.returncode == 2 and "file not found" in missing.stderr
    no_guide = run_cli(
        "import", "data-inclusion", str(STRUCTURES), "--source", str(tmp_path / "x.yaml"), *DAY
    )
    assert no_guide.returncode == 2 and "python -m generator init" in no_guide.stderr
    assert guide.read_bytes() == territory["guide"].read_bytes()


def test_check_has_no_error_and_says_which_places_are_on_no_need_page(
    territory: dict[str, Any],
) -> None:
    out = territory["check"].stdout
    assert "no error" in out
    assert (
        "warning: actors[agence-action-logement]: this place is on no need page nor leaflet"
    ) in out
    assert "warning: actors[epicerie-solidaire-la-passerelle]: there is no telephone" in out


# --- nothing lost, nothing invented -----------------------------------------------------------

RESIDENT_FIELDS = {
    # data·inclusion field → the guide's, for what a resident reads, calls or walks to
    "nom": "nom",
    "description": "description",
    "adresse": "adresse",
    "complement_adresse": "complement_adresse",
    "code_postal": "code_postal",
    "commune": "commune",
    "telephone": "telephone",
    "courriel": "courriel",
    "site_web": "site_web",
    "latitude": "latitude",
    "longitude": "longitude",
}


def guide_value(actor: Any, name: str) -> Any:
    value = getattr(actor, name)
    if name == "description":
        return value.fr if value else None
    if name == "telephone":
        return value.e164 or value.display if value else None
    return value


def test_nothing_a_resident_could_use_is_lost_nor_invented(territory: dict[str, Any]) -> None:
    guide, _ = load_guide(territory["guide"], TODAY)
    by_key = {(a.source, a.source_id): a for a in guide.actors if a.source_id}
    imported = 0
    for record in records(STRUCTURES):
        actor = by_key.get((record.get("source"), record.get("id")))
        if actor is None:
            continue
        imported += 1
        for name, ours in RESIDENT_FIELDS.items():
            given, kept = record.get(name), guide_value(actor, ours)
            where = (record["source"], record["id"], name)
            if given in (None, ""):
                assert kept is None, f"invented: {where} = {kept!r}"
            elif where in NOT_KEPT_VALUES:
                assert kept is None
            else:
                assert kept is not None, f"lost: {where}"
        # Opening hours: the source text is always kept (or is itself the OpenStreetMap form);
        # the OpenStreetMap form is there exactly when the French reading is certain.
        hours = record.get("horaires_accueil")
        text = actor.horaires_accueil_texte.fr if actor.horaires_accueil_texte else None
        if hours and actor.horaires_accueil == hours:
            assert text is None
        elif hours:
            assert text == hours, f"lost: {where} hours"
            assert actor.horaires_accueil == to_osm(hours)
        else:
            assert actor.horaires_accueil is None and text is None
    assert imported == 9


def test_texts_are_kept_whole_and_cleaned_not_rewritten(territory: dict[str, Any]) -> None:
    guide, _ = load_guide(territory["guide"], TODAY)
    travail = guide.actor("france-travail-ville-exemple")
    assert travail.description is not None and len(travail.description.fr) == 10_000
    assert travail.telephone is not None and travail.telephone.display == "3949"
    assert travail.site_web == "https://www.francetravail.example.org"
    ccas = guide.actor("centre-communal-d-action-sociale")
    assert ccas.nom == "CENTRE COMMUNAL D'ACTION SOCIALE DE VILLE-EXEMPLE"  # as the source says
    assert ccas.description is not None and "\u0002" not in ccas.description.fr
    assert "<script>" in ccas.description.fr  # kept as text, escaped on every page
    logement = guide.actor("agence-action-logement")
    assert logement.description is not None
    assert logement.description.fr.startswith("**Visale** : la caution gratuite pour louer.\n\n")
    assert "\r" not in logement.description.fr
    assert logement.date_verification.isoformat() == "2019-05-14"
    lilas = guide.actor("maison-de-quartier-des-lilas")
    assert lilas.date_verification == TODAY  # 2030-01-01 in the source: not in the future
    epicerie = guide.actor("epicerie-solidaire-la-passerelle")
    assert epicerie.description is None and epicerie.telephone is None
    assert epicerie.own_thematiques == ("equipement-et-alimentation--alimentation",)
    assert epicerie.theme_ids == ("logement-alimentation",)
    families = guide.actor("association-d-aide-aux-familles")
    assert families.courriel == "familles@example.org"
    assert [a.id for a in guide.actors if a.nom == "CCAS"] == ["ccas", "ccas-2"]
    assert all(len(a.id) <= 40 for a in guide.actors)


def test_services_keep_their_own_values_and_only_them(territory: dict[str, Any]) -> None:
    guide, _ = load_guide(territory["guide"], TODAY)
    ccas = guide.actor("centre-communal-d-action-sociale")
    domiciliation, online = ccas.services
    assert domiciliation.horaires_accueil == "Mo-Fr 09:00-12:00"  # a certain reading
    assert domiciliation.horaires_accueil_texte is not None
    assert domiciliation.horaires_accueil_texte.fr == "du lundi au vendredi de 9h à 12h"
    assert domiciliation.date_verification is not None
    assert domiciliation.date_verification.isoformat() == "2024-02-15"
    assert domiciliation.zone_eligibilite == ("35",)  # the département, not narrowed
    assert domiciliation.telephone is not None  # its own, the same as its structure's
    assert online.horaires_accueil == "Tu 09:00-12:00"
    assert online.date_verification is None  # the structure's date: not repeated
    numeric = guide.actor("maison-de-quartier-des-lilas").services[0]
    assert numeric.thematiques == ("numerique--maitriser-les-fondamentaux-du-numerique",)
    assert numeric.horaires_accueil is None and numeric.horaires_accueil_texte is None


# --- the round trip ---------------------------------------------------------------------------

COMPARED = (
    "source", "id", "nom", "description", "date_maj", "adresse", "complement_adresse",
    "code_postal", "code_insee", "commune", "latitude", "longitude", "telephone", "courriel",
    "site_web", "horaires_accueil", "accessibilite_lieu", "siret", "reseaux_porteurs",
    "lien_source",
)  # fmt: skip
SERVICE_COMPARED = (
    "source", "structure_id", "id", "nom", "description", "date_maj", "type", "thematiques",
    "publics", "publics_precisions", "frais", "frais_precisions", "modes_accueil",
    "modes_mobilisation", "mobilisable_par", "mobilisation_precisions", "lien_mobilisation",
    "conditions_acces", "horaires_accueil", "telephone", "courriel", "lien_source",
    "zone_eligibilite", "adresse", "code_postal", "commune",
)  # fmt: skip
# Differences the import reports, value by value: (producer's id, field) → why.
EXPECTED_CHANGES = {
    ("cd35--735", "site_web"): "www. address given its https://",
    ("cd35--738", "date_maj"): "a date in the future taken as the import's day",
    ("dora--d-441", "telephone"): "two numbers in one field: the first is kept",
    ("dora--d-441", "courriel"): "not an e-mail address",
    ("dora--d-442", "latitude"): "0, 0 is not a place",
    ("dora--d-442", "longitude"): "0, 0 is not a place",
    ("dora--d-442", "date_maj"): "a date with its time: the day is kept",
    ("dora--d-442", "courriel"): "mailto: removed",
    ("cd35--svc-10", "thematiques"): "an unknown thematique left out",
    ("dora--svc-3", "adresse"): "a service's own address: the guide shows its structure's",
    ("dora--svc-3", "code_postal"): "(same)",
    ("dora--svc-3", "commune"): "(same)",
}


def same(field: str, given: Any, exported: Any) -> str:
    """`identical`, `normalised` (the same value written otherwise), or `different`."""
    if given == exported:
        return "identical"
    if isinstance(given, str) and isinstance(exported, str):
        if field == "telephone" and phone_key(given) and phone_key(given) == phone_key(exported):
            return "normalised"
        if text_form(given) == text_form(exported):
            return "normalised"
    return "different"


def round_trip(
    given: list[dict[str, Any]], exported: list[dict[str, Any]], fields: tuple[str, ...]
) -> dict[str, dict[str, list[str]]]:
    """For each field: which records came back identical, normalised or different."""
    back = {(r["source"], r["id"]): r for r in exported}
    table: dict[str, dict[str, list[str]]] = {f: {} for f in fields}
    for record in given:
        twin = back.get((record.get("source"), record.get("id")))
        if twin is None:
            continue
        for name in fields:
            if name in record or twin.get(name) is not None:
                verdict = same(name, record.get(name), twin.get(name))
                table[name].setdefault(verdict, []).append(record["id"])
    return table


def test_data_inclusion_comes_back_as_it_came_in(territory: dict[str, Any]) -> None:
    out = territory["site"] / "donnees"
    structures = json.loads((out / "structures.json").read_text("utf-8"))
    services = json.loads((out / "services.json").read_text("utf-8"))
    table = round_trip(records(STRUCTURES), structures, COMPARED)
    table.update(
        {
            f"service.{k}": v
            for k, v in round_trip(records(SERVICES), services, SERVICE_COMPARED).items()
        }
    )
    differences = {
        (ident, name.removeprefix("service."))
        for name, verdicts in table.items()
        for ident in verdicts.get("different", [])
    }
    assert differences == set(EXPECTED_CHANGES)
    # The producer, its ids and links come back for every imported record.
    for name in ("source", "id", "lien_source", "service.source", "service.id"):
        assert "different" not in table[name] and table[name]["identical"], name
    assert len(table["service.structure_id"]["identical"]) == 5
    with_hours = [r["id"] for r in records(STRUCTURES) if r.get("horaires_accueil")]
    assert table["horaires_accueil"] == {"identical": [i for i in with_hours if i != "cd35--737"]}
    # A service without hours of its own exports none, not its structure's.
    by_id = {s["id"]: s for s in services}
    assert by_id["cd35--svc-9"]["horaires_accueil"] is None
    assert by_id["dora--svc-1"]["zone_eligibilite"] == ["35"]
    assert by_id["dora--svc-1"]["date_maj"] == "2024-02-15"
    assert by_id["dora--svc-2"]["date_maj"] == "2024-03-01"


def test_the_export_is_valid_for_data_inclusion(territory: dict[str, Any]) -> None:
    out = territory["site"] / "donnees"
    structures = json.loads((out / "structures.json").read_text("utf-8"))
    services = json.loads((out / "services.json").read_text("utf-8"))
    assert len(structures) == 12 and len(services) == 8  # 5 from data·inclusion, 3 of places
    for record in structures:
        assert record_errors(record, STRUCTURE) == []
    for record in services:
        assert record_errors(record, SERVICE) == []
    models = pytest.importorskip("data_inclusion.schema.v1")
    for record in structures:
        models.Structure.model_validate(record)
    for record in services:
        models.Service.model_validate(record)


def test_mediation_numerique_shares_its_fields_with_the_export(territory: dict[str, Any]) -> None:
    import csv

    rows = list(csv.DictReader(PLACES_CSV.open(encoding="utf-8", newline="")))
    structures = json.loads((territory["site"] / "donnees" / "structures.json").read_text("utf-8"))
    back = {r["id"]: r for r in structures if r["source"] == "mediation-numerique"}
    assert sorted(back) == ["lieu-1", "lieu-2", "lieu-4"]  # lieu-3 has no name
    for row in rows:
        twin = back.get(row["id"])
        if twin is None:
            continue
        pairs = {
            "nom": "nom", "adresse": "adresse", "complement_adresse": "complement_adresse",
            "code_postal": "code_postal", "commune": "commune", "date_maj": "date_maj",
            "horaires": "horaires_accueil", "telephone": "telephone", "courriels": "courriel",
        }  # fmt: skip
        for column, name in pairs.items():
            given = row[column] or None
            assert same(name, given, twin[name]) != "different", (row["id"], name)
        assert twin["siret"] == (row["pivot"] if set(row["pivot"]) != {"0"} else None)


# --- where residents see it -------------------------------------------------------------------


def page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text("utf-8")


def test_pages_show_hours_as_written_and_every_place_a_to_z(territory: dict[str, Any]) -> None:
    site = territory["site"]
    text = "du lundi au vendredi de 9h à 13h et de 14h à 18h (17h le vendredi)"
    assert text in page(site, "acteurs/agence-action-logement")
    english = page(site, "en/acteurs/agence-action-logement")
    assert f'lang="fr" dir="ltr">{text}</p>' in english  # marked French in an English page
    guide, _ = load_guide(territory["guide"], TODAY)
    for prefix in ("", "en/", "ar/"):
        listing = page(site, f"{prefix}lieux")
        assert (
            "<script"
            not in listing.split('<article class="md-content__inner')[1].split("</article>")[0]
        )
        for actor in guide.actors:
            assert f"acteurs/{actor.id}/" in listing
    ccas = page(site, "acteurs/centre-communal-d-action-sociale")
    assert "&lt;script&gt;alert(" in ccas and "<script>alert(" not in ccas
    assert "Lundi, mercredi et jeudi : 9h-12h" in ccas
    # A place whose services are unknown is not said to need an appointment.
    assert (
        "Sur rendez-vous"
        not in page(site, "acteurs/agence-action-logement").split("qfq-lead")[1].split("Contact")[0]
    )


def test_a_leaflet_prints_the_hours_of_a_place_placed_by_its_own_thematiques(
    territory: dict[str, Any],
) -> None:
    pdf = territory["site"] / "print" / "fr" / "depliant-logement-alimentation.pdf"
    text = " ".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert "Épicerie solidaire La Passerelle" in " ".join(text.split())
    assert "mardi et jeudi 14h30-17h30" in " ".join(text.split())


def test_clips_and_audio_pages_say_the_hours_as_written(territory: dict[str, Any]) -> None:
    from generator.audio.script import build_script
    from generator.render.audio_page import AudioPageData, render_audio_page
    from tests.conftest import ROOT

    guide, _ = load_guide(territory["guide"], TODAY)
    actor = guide.actor("epicerie-solidaire-la-passerelle")
    arabic = next(lang for lang in guide.languages if lang.tag == "ar")
    script = build_script(guide, actor, arabic)
    assert script is not None
    assert "أوقات العمل: mardi et jeudi 14h30-17h30 (hors vacances scolaires)." in script.text
    html = render_audio_page(AudioPageData(guide, actor, arabic, script, {}), ROOT)
    hours = "mardi et jeudi 14h30-17h30 (hors vacances scolaires)"
    assert f'<bdi lang="fr" dir="ltr">{hours}</bdi>' in html


def test_need_cards_say_what_the_imported_services_say_and_nothing_else(
    territory: dict[str, Any],
) -> None:
    """Each card of each need: its badges and filters from its own service's data only."""
    import re

    from generator.facts import facts_view

    guide, _ = load_guide(territory["guide"], TODAY)
    view = facts_view(guide)
    unknown = 0
    for need in guide.themes:
        html = page(territory["site"], f"besoins/{need.id}")
        cards = re.findall(r'<article class="qfq-card".*?</article>', html, re.S)
        assert len(cards) == len(view.entries(need)), need.id
        for card, entry in zip(cards, view.entries(need), strict=True):
            facts = entry.facts
            assert f'data-place="{entry.actor.id}"' in card
            found = re.search(r'<ul class="qfq-badges"[^>]*>(.*?)</ul>', card, re.S)
            badges = found.group(1) if found else ""  # the text may say "sur rendez-vous" too
            assert ("Sur rendez-vous" in badges) == bool(facts.appointment), entry.anchor
            assert ("Sans rendez-vous" in badges) == bool(facts.walk_in), entry.anchor
            assert ("Gratuit" in badges) == (facts.free is True), entry.anchor
            assert f'data-free="{facts.filter_values["free"]}"' in card
            unknown += facts.walk_in is None and facts.appointment is None
    assert unknown, "the corpus has services that say nothing of access"


def test_every_clip_of_the_corpus_fits_the_budget(territory: dict[str, Any]) -> None:
    from generator.audio.budget import TARGET_SECONDS, estimate
    from generator.audio.script import build_script

    guide, _ = load_guide(territory["guide"], TODAY)
    cut = 0
    for actor in guide.actors:
        for lang in guide.languages:
            script = build_script(guide, actor, lang, TODAY)
            assert script is not None
            assert estimate(script.sentences, lang.tag) <= TARGET_SECONDS, (actor.id, lang.tag)
            cut += script.cut
            if script.cut and lang.tag == "fr":
                assert "Vous trouverez plus d'informations sur la page de ce lieu." in script.text
            assert "**" not in script.said and "](" not in script.said
    assert cut, "the corpus has long descriptions: some clips leave part of them to the page"
