"""Open data: data·inclusion export valid against the official schemas, imports that keep edits."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import jsonschema
import pytest

from generator.build import BuildOptions, build_guide_site
from generator.cli import main
from generator.load import parse_text
from generator.model import build_guide
from generator.opendata.datainclusion import (
    OpenDataError,
    read_data_inclusion,
    write_data_inclusion,
)
from generator.opendata.mediation import SCHEMA_FILE, read_mediation
from generator.opendata.merge import merge_actors
from generator.opendata.schemas import FORMAT_CHECKER, SERVICE, STRUCTURE, load_official
from generator.pipeline import check_source, load_guide
from tests.conftest import DATA, TODAY

EXAMPLE = DATA / "mediation-numerique-exemple-valide.csv"


@pytest.fixture
def guide_file(tmp_path: Path) -> Path:
    path = tmp_path / "actors.yaml"
    shutil.copyfile(DATA / "small.yaml", path)
    return path


def export_small(out: Path, text: str | None = None) -> tuple[list[dict], list[dict]]:
    source = out.parent / "source.yaml"
    source.write_text(text or (DATA / "small.yaml").read_text("utf-8"), encoding="utf-8")
    guide, _ = load_guide(source, TODAY)
    write_data_inclusion(guide, out)
    return (
        json.loads((out / "structures.json").read_text("utf-8")),
        json.loads((out / "services.json").read_text("utf-8")),
    )


def errors_of(guide_file: Path) -> list[str]:
    _, problems = check_source(guide_file, TODAY)
    return [p.format() for p in problems if p.is_error]


def csv_with(rows: list[dict[str, str]]) -> str:
    header = EXAMPLE.read_text("utf-8").splitlines()[0]
    fields = [name.strip('"') for name in header.split(",")]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def example_row(**changes: str) -> dict[str, str]:
    row = next(csv.DictReader(io.StringIO(EXAMPLE.read_text("utf-8"))))
    return {**row, **changes}


# --- export -----------------------------------------------------------------------------------


def test_export_validates_against_the_official_schemas(tmp_path: Path) -> None:
    structures, services = export_small(tmp_path / "out")
    for records, name in ((structures, STRUCTURE), (services, SERVICE)):
        schema = load_official(name)
        # Independently of the project's validator: jsonschema's own formats (date, email) …
        plain = jsonschema.Draft202012Validator(
            schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
        )
        # … and the project's, which also checks `uri` (jsonschema needs an extra for it).
        strict = jsonschema.Draft202012Validator(schema, format_checker=FORMAT_CHECKER)
        for record in records:
            assert list(plain.iter_errors(record)) == []
            assert list(strict.iter_errors(record)) == []
            assert list(record) == list(schema["properties"])
    assert [s["id"] for s in structures] == [
        "qui-fait-quoi--france-services-test",
        "qui-fait-quoi--caf-test",
        "qui-fait-quoi--mediatheque-test",
    ]
    france_services = structures[0]
    assert france_services["telephone"] == "+33261910012"
    assert (
        france_services["lien_source"] == "https://guide.example.org/acteurs/france-services-test/"
    )
    assert structures[1]["telephone"] == "3230"  # a short number stays short
    caf_service = services[1]
    assert caf_service["structure_id"] == "qui-fait-quoi--caf-test"
    # data·inclusion requires a description: a service without one says what its actor does.
    assert caf_service["description"] == (
        "Rendez-vous avec un conseiller. Les allocations familiales et les aides au logement."
    )
    assert caf_service["telephone"] == "3230"  # the actor's: a service the guide wrote itself
    # Hours and zone are the service's own: none rather than its actor's.
    assert caf_service["horaires_accueil"] is None and caf_service["zone_eligibilite"] is None
    assert services[0]["horaires_accueil"] == "Tu 09:00-12:00"


def test_export_is_the_same_bytes_every_time(tmp_path: Path) -> None:
    export_small(tmp_path / "a")
    export_small(tmp_path / "b")
    for name in ("structures.json", "services.json"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_the_uri_format_is_really_checked() -> None:
    schema = load_official(STRUCTURE)
    record = {"source": "x", "id": "x--y", "nom": "Lieu", "date_maj": "2026-01-02"}
    validator = jsonschema.Draft202012Validator(schema, format_checker=FORMAT_CHECKER)
    assert list(validator.iter_errors(record)) == []
    assert list(validator.iter_errors({**record, "site_web": "www.example.org"}))
    assert list(validator.iter_errors({**record, "courriel": "contact@"}))
    assert list(validator.iter_errors({**record, "date_maj": "2026-02-30"}))
    assert list(validator.iter_errors({**record, "site_web": "https://[::1"}))  # no crash


def test_an_actor_with_too_short_a_name_is_skipped_not_invalid(tmp_path: Path) -> None:
    text = (DATA / "small.yaml").read_text("utf-8").replace('nom: "CAF"', 'nom: "CA"')
    structures, services = export_small(tmp_path / "out", text)
    assert "qui-fait-quoi--caf-test" not in [s["id"] for s in structures]
    assert "qui-fait-quoi--rendez-vous-caf" not in [s["id"] for s in services]


def test_the_export_refuses_what_data_inclusion_models_refuse(tmp_path: Path) -> None:
    """`check` stops such a guide first; the export still never writes such a record."""
    text = (DATA / "small.yaml").read_text("utf-8")
    text = text.replace("publics: [tous-publics]", "publics: [tous-publics, jeunes]")
    text = text.replace('site_web: "https://www.caf.fr"', 'site_web: "https://www.caf.fr:0x50"')
    source, _ = parse_text(text, "small.yaml")
    with pytest.raises(OpenDataError) as refused:
        write_data_inclusion(build_guide(source.data), tmp_path / "out")
    assert str(refused.value) == (
        "the export would not be valid data·inclusion, nothing was written:\n"
        "  qui-fait-quoi--caf-test: site_web: `0x50` is not a port number (0 to 65535)\n"
        "  qui-fait-quoi--aide-demarches: publics: `tous-publics` is listed with jeunes"
    )
    assert not (tmp_path / "out").exists()


# --- import: médiation numérique --------------------------------------------------------------


def test_importing_the_mediation_example_creates_a_valid_actor_that_builds(
    guide_file: Path, tmp_path: Path
) -> None:
    before = guide_file.read_text(encoding="utf-8")
    read = read_mediation(EXAMPLE)
    assert read.skipped == []
    report = merge_actors(guide_file, read.actors, TODAY)
    origin = "mediation-numerique-exemple-valide.csv line 2 (structure-1 « Anonymal »)"
    assert report.added == [f"{origin} → anonymal"]
    after = guide_file.read_text(encoding="utf-8")
    assert after.startswith(before)  # comments and editors' text untouched: only appended
    assert after[len(before) :].startswith(
        f'  # imported from {origin}\n  - id: anonymal\n    nom: "Anonymal"\n'
    )
    assert errors_of(guide_file) == []

    guide, _ = load_guide(guide_file, TODAY)
    actor = guide.actor("anonymal")
    assert actor.telephone is not None and actor.telephone.display == "01 80 05 98 80"
    assert actor.courriel == "contact@laquincaillerie.tl"
    assert actor.site_web == "https://www.laquincaillerie.tl/"
    assert actor.siret == "43493312300029"
    assert actor.reseaux_porteurs == ("aidants-connect", "conseillers-numeriques", "croix-rouge")
    assert [s.nom.fr for s in actor.services] == [
        "Maîtrise des outils numériques du quotidien",
        "Insertion professionnelle via le numérique",
        "Loisirs et créations numériques",
    ]
    service = actor.services[0]
    assert service.publics == ("jeunes", "femmes")
    assert service.modes_mobilisation == ("se-presenter", "telephoner")
    assert service.frais == "gratuit"
    assert service.frais_precisions is not None
    assert service.frais_precisions.fr == "Gratuit sous condition, payant"
    assert actor.theme_ids == ("numerique",)
    assert (actor.source, actor.source_id) == ("mediation-numerique", "structure-1")
    assert actor.horaires_accueil == "Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00"
    assert actor.horaires_accueil_texte is None  # the OpenStreetMap form is the text itself

    site = build_guide_site(guide_file, tmp_path / "site", TODAY, options=BuildOptions(audio=False))
    assert site.actors == 4
    assert (tmp_path / "site" / "acteurs" / "anonymal" / "index.html").is_file()


def test_a_second_import_never_overwrites_a_newer_verification(guide_file: Path) -> None:
    merge_actors(guide_file, read_mediation(EXAMPLE).actors, TODAY)
    # An editor checks the place, adds a comment and a newer date.
    edited = guide_file.read_text(encoding="utf-8").replace(
        "    date_verification: 2024-04-02\n",
        "    date_verification: 2026-11-01  # called them\n",
    )
    guide_file.write_text(edited, encoding="utf-8")
    newer_file = guide_file.parent / "newer.csv"
    newer_file.write_text(
        csv_with([example_row(date_maj="2026-05-01", telephone="+33180059881")]), "utf-8"
    )
    report = merge_actors(guide_file, read_mediation(newer_file).actors, TODAY)
    assert report.kept == [
        "newer.csv line 2 (structure-1 « Anonymal »): `anonymal` kept as it is — verified in the"
        " guide on 2026-11-01, the import is dated 2026-05-01 (it differs in telephone)"
    ]
    assert guide_file.read_text(encoding="utf-8") == edited


def test_a_newer_import_changes_only_what_differs(guide_file: Path) -> None:
    merge_actors(guide_file, read_mediation(EXAMPLE).actors, TODAY)
    before = guide_file.read_text(encoding="utf-8")
    newer_file = guide_file.parent / "newer.csv"
    newer_file.write_text(
        csv_with([example_row(date_maj="2026-05-01", telephone="+33180059881")]), "utf-8"
    )
    report = merge_actors(guide_file, read_mediation(newer_file).actors, TODAY)
    assert report.changed == ["newer.csv line 2 (structure-1 « Anonymal ») → anonymal: telephone"]
    after = guide_file.read_text(encoding="utf-8")
    assert after == before.replace('"01 80 05 98 80"', '"01 80 05 98 81"').replace(
        "date_verification: 2024-04-02", "date_verification: 2026-05-01"
    )


def test_rows_are_kept_when_a_resident_can_use_them(guide_file: Path) -> None:
    path = guide_file.parent / "lieux.csv"
    path.write_text(
        csv_with(
            [
                example_row(id="a", nom="", code_postal=""),
                example_row(id="b", nom="Cyber-base", telephone="0180059880", date_maj="x"),
                example_row(id="c", nom="Sans contact", telephone="", courriels="", site_web=""),
                example_row(
                    id="d", nom="Nulle part", telephone="", courriels="", site_web="", adresse=""
                ),
                example_row(id="e", nom="Cyber-base", telephone="0180059880"),
            ]
        ),
        encoding="utf-8",
    )
    read = read_mediation(path)
    assert read.records == 5
    assert read.skipped == [
        "lieux.csv line 2 (a): `nom` is required but empty",
        "lieux.csv line 3 (b « Cyber-base »): `date_maj` is not a date (YYYY-MM-DD): `x`",
        "lieux.csv line 5 (d « Nulle part »): no address, telephone, e-mail or website:"
        " residents could neither find nor reach the place",
    ]
    assert [a.ident for a in read.actors] == ["sans-contact", "cyber-base"]
    # A place with an address and no way to call is still a place to walk in.
    assert "telephone" not in read.actors[0].fields and read.actors[0].fields["adresse"]
    # A good French number is kept although the table wants the +33 form.
    assert read.actors[1].fields["telephone"] == "01 80 05 98 80"


# --- import: data·inclusion -------------------------------------------------------------------


def test_data_inclusion_import_adds_new_actors_and_keeps_newer_ones(tmp_path: Path) -> None:
    export_small(tmp_path / "out")
    target = tmp_path / "actors.yaml"
    shutil.copyfile(DATA / "translations.yaml", target)  # shares two actors with small.yaml
    files = [tmp_path / "out" / "structures.json", tmp_path / "out" / "services.json"]
    read = read_data_inclusion(files)
    assert read.skipped == []
    report = merge_actors(target, read.actors, TODAY)
    assert report.added == [
        "structures.json #3 (qui-fait-quoi mediatheque-test « Médiathèque du Test »)"
        " → mediatheque-du-test"
    ]
    assert [line.split(": `")[1].split("`")[0] for line in report.kept] == [
        "france-services-test",
        "caf-test",
    ]
    assert report.kept[1].startswith(
        "structures.json #2 (qui-fait-quoi caf-test « CAF »): `caf-test` kept as it is — verified"
        " in the guide on 2026-06-01, the import is dated 2025-06-01 (it differs in "
    )
    assert errors_of(target) == []
    guide, _ = load_guide(target, TODAY)
    media = guide.actor("mediatheque-du-test")
    assert media.courriel == "mediatheque@example.org"
    assert (media.source, media.source_id) == ("qui-fait-quoi", "qui-fait-quoi--mediatheque-test")
    assert [s.id for s in media.services] == ["ateliers-numeriques"]
    assert media.services[0].modes_mobilisation == ("se-presenter",)


def test_records_that_cannot_be_used_are_skipped_with_the_reason(tmp_path: Path) -> None:
    path = tmp_path / "structures.json"
    record = {"source": "x", "id": "x--lieu", "nom": "Lieu", "date_maj": "2026-01-02"}
    placed = {**record, "adresse": "1 rue Haute"}
    path.write_text(
        json.dumps([{**record, "nom": " "}, record, placed, placed, 7]), encoding="utf-8"
    )
    read = read_data_inclusion([path])
    assert read.records == 5
    assert read.skipped == [
        "structures.json #1 (x lieu): no name (`nom`): the guide cannot show a place without one",
        "structures.json #2 (x lieu « Lieu »): no address, telephone, e-mail or website:"
        " residents could neither find nor reach the place",
        "structures.json #4 (x lieu « Lieu »): the same record as structures.json #3 (x lieu"
        " « Lieu »)",
        "structures.json #5: not a record (an object)",
    ]
    assert [a.fields["adresse"] for a in read.actors] == ["1 rue Haute"]


def test_dry_run_writes_nothing(guide_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = guide_file.read_text(encoding="utf-8")
    code = main(
        ["import", "mediation-numerique", str(EXAMPLE), "--dry-run", "--source", str(guide_file),
         "--today", "2026-11-22"]
    )  # fmt: skip
    assert code == 0
    out = capsys.readouterr().out
    assert (
        f"{guide_file}: 1 added, 0 changed, 0 unchanged, 0 kept (newer in the guide), 0"
        " skipped, 0 possible duplicate(s) (dry run: nothing written)\n  added: "
    ) in out
    assert guide_file.read_text(encoding="utf-8") == before


def test_reference_copies_are_the_official_files() -> None:
    """The table schema and its example are copied unchanged (Licence Ouverte)."""
    shared = DATA.parent.parent.parent / "shared" / "reference" / "mediation-numerique"
    if not shared.is_dir():
        pytest.skip("the official copies are not beside the repository")
    assert SCHEMA_FILE.read_bytes() == (shared / "schema.json").read_bytes()
    assert EXAMPLE.read_bytes() == (shared / "exemple-valide.csv").read_bytes()


def test_a_value_the_guide_refuses_is_set_aside_not_the_whole_file(guide_file: Path) -> None:
    """The last safety net: the merged file is checked as `check` would, and each error sets
    aside only the value, the service or the record it is about."""
    from datetime import date

    from generator.opendata.incoming import Incoming

    before = guide_file.read_text(encoding="utf-8")
    good = Incoming(
        "a.json #1 (x 1 « Lieu »)",
        "lieu",
        date(2026, 1, 2),
        {"nom": "Lieu", "adresse": "1 rue Haute", "telephone": "12", "site_web": "pas une url"},
        services=[
            {"id": "aide", "nom": {"fr": "Aide"}, "thematiques": ["inconnue"]},
            {"id": "", "nom": {"fr": "Sans id"}},
        ],
    )
    bad = Incoming("a.json #2", "vide", date(2026, 1, 2), {"nom": "", "adresse": "2 rue Basse"})
    report = merge_actors(guide_file, [good, bad], TODAY)
    assert report.added == ["a.json #1 (x 1 « Lieu ») → lieu"]
    assert [line.split(": ")[0] for line in report.skipped] == ["a.json #2"]
    assert "this text is empty" in report.skipped[0]
    notes = "\n".join(report.notes)
    assert "telephone left out: `12` is not a valid telephone number" in notes
    assert "site_web left out" in notes
    assert "service « Aide »: thematiques left out" in notes
    assert "service « Sans id » left out" in notes
    assert errors_of(guide_file) == []
    after = guide_file.read_text(encoding="utf-8")
    assert after.startswith(before) and "1 rue Haute" in after and "2 rue Basse" not in after


def test_new_hours_from_the_source_replace_both_forms_old_ones_keep_an_editors(
    tmp_path: Path,
) -> None:
    guide_file = tmp_path / "actors.yaml"
    shutil.copyfile(DATA / "small.yaml", guide_file)
    record = {
        "source": "cd35", "id": "cd35--1", "nom": "Point info", "date_maj": "2026-01-05",
        "adresse": "1 rue Haute", "horaires_accueil": "lundi au vendredi 9h-17h",
    }  # fmt: skip
    source = tmp_path / "structures.json"
    source.write_text(json.dumps([record]), encoding="utf-8")
    merge_actors(guide_file, read_data_inclusion([source]).actors, TODAY)
    # The French text is read with certainty: both forms are written, the text as the source.
    imported = guide_file.read_text(encoding="utf-8")
    assert '    horaires_accueil: "Mo-Fr 09:00-17:00"\n' in imported
    assert '    horaires_accueil_texte: {fr: "lundi au vendredi 9h-17h"}\n' in imported
    # An editor refines the OpenStreetMap form on the same day (closed on public holidays).
    text = imported.replace(
        '    horaires_accueil: "Mo-Fr 09:00-17:00"\n',
        '    horaires_accueil: "Mo-Fr 09:00-17:00; PH off"\n',
    )
    guide_file.write_text(text, encoding="utf-8")
    again = merge_actors(guide_file, read_data_inclusion([source]).actors, TODAY)
    assert len(again.kept) == 1 and "differs in horaires_accueil" in again.kept[0]
    assert guide_file.read_text(encoding="utf-8") == text  # the editor's form stays
    # The source changes its hours: the editor's form of the old hours goes with them.
    newer = {**record, "date_maj": "2026-03-01", "horaires_accueil": "mardi 14h-18h sur RDV"}
    source.write_text(json.dumps([newer]), encoding="utf-8")
    report = merge_actors(guide_file, read_data_inclusion([source]).actors, TODAY)
    assert report.changed == [
        "structures.json #1 (cd35 1 « Point info ») → point-info: horaires_accueil_texte,"
        " horaires_accueil"
    ]
    guide, _ = load_guide(guide_file, TODAY)
    actor = guide.actor("point-info")
    assert actor.horaires_accueil is None  # "sur RDV": no certain reading, the text alone
    assert actor.horaires_accueil_texte is not None
    assert actor.horaires_accueil_texte.fr == "mardi 14h-18h sur RDV"
