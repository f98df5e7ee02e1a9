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
    assert caf_service["telephone"] == "3230"  # the actor's, as the service has none


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
    assert report.added == ["anonymal (mediation-numerique-exemple-valide.csv, line 2)"]
    after = guide_file.read_text(encoding="utf-8")
    assert after.startswith(before)  # comments and editors' text untouched: only appended
    assert after[len(before) :].startswith(
        "  # imported on 2026-11-22 from mediation-numerique-exemple-valide.csv, line 2\n"
        "  - id: anonymal\n"
        '    nom: "Anonymal"\n'
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
    assert report.skipped == [
        "newer.csv, line 2: `anonymal` kept as it is — verified in the guide on 2026-11-01,"
        " the import is dated 2026-05-01"
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
    assert report.changed == ["anonymal (newer.csv, line 2): telephone, date_verification"]
    after = guide_file.read_text(encoding="utf-8")
    assert after == before.replace('"01 80 05 98 80"', '"01 80 05 98 81"').replace(
        "date_verification: 2024-04-02", "date_verification: 2026-05-01"
    )


def test_rows_that_break_the_table_schema_are_skipped_or_trimmed(guide_file: Path) -> None:
    path = guide_file.parent / "lieux.csv"
    path.write_text(
        csv_with(
            [
                example_row(id="a", code_postal=""),
                example_row(id="b", nom="Cyber-base", telephone="0180059880"),
                example_row(id="c", nom="Sans contact", telephone="", courriels="", site_web=""),
            ]
        ),
        encoding="utf-8",
    )
    read = read_mediation(path)
    assert read.skipped == [
        "lieux.csv, line 2: `code_postal` is required but empty",
        "lieux.csv, line 4: no telephone, e-mail or website: the guide needs a way to contact"
        " the place",
    ]
    assert [a.ident for a in read.actors] == ["cyber-base"]
    assert read.actors[0].notes == [
        "telephone: `0180059880` does not follow the schema's pattern, left out"
    ]
    assert "telephone" not in read.actors[0].fields


# --- import: data·inclusion -------------------------------------------------------------------


def test_data_inclusion_import_adds_new_actors_and_keeps_newer_ones(tmp_path: Path) -> None:
    export_small(tmp_path / "out")
    target = tmp_path / "actors.yaml"
    shutil.copyfile(DATA / "translations.yaml", target)  # shares two actors with small.yaml
    files = [tmp_path / "out" / "structures.json", tmp_path / "out" / "services.json"]
    read = read_data_inclusion(files)
    assert read.skipped == []
    report = merge_actors(target, read.actors, TODAY)
    assert report.added == ["mediatheque-test (structures.json, record 3)"]
    assert report.skipped == [
        "structures.json, record 1: `france-services-test` kept as it is — verified in the guide"
        " on 2026-10-15, the import is dated 2026-10-15",
        "structures.json, record 2: `caf-test` kept as it is — verified in the guide on"
        " 2026-06-01, the import is dated 2025-06-01",
    ]
    assert errors_of(target) == []
    guide, _ = load_guide(target, TODAY)
    media = guide.actor("mediatheque-test")
    assert media.courriel == "mediatheque@example.org"
    assert [s.id for s in media.services] == ["ateliers-numeriques"]
    assert media.services[0].modes_mobilisation == ("se-presenter",)


def test_invalid_data_inclusion_records_are_skipped_with_the_reason(tmp_path: Path) -> None:
    path = tmp_path / "structures.json"
    record = {"source": "x", "id": "x--lieu", "nom": "Lieu", "date_maj": "2026-01-02"}
    path.write_text(json.dumps([{**record, "nom": "L"}, record]), encoding="utf-8")
    read = read_data_inclusion([path])
    assert read.skipped == [
        "structures.json, record 1: not valid data·inclusion (nom: 'L' is too short)",
        "structures.json, record 2: `Lieu` has no description to show",
    ]


def test_dry_run_writes_nothing(guide_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = guide_file.read_text(encoding="utf-8")
    code = main(
        ["import", "mediation-numerique", str(EXAMPLE), "--dry-run", "--source", str(guide_file),
         "--today", "2026-11-22"]
    )  # fmt: skip
    assert code == 0
    out = capsys.readouterr().out
    assert out.startswith(
        f"{guide_file}: 1 actor(s) added, 0 changed, 0 unchanged, 0 skipped (dry run: nothing"
        " written)\n  added: anonymal"
    )
    assert guide_file.read_text(encoding="utf-8") == before


def test_reference_copies_are_the_official_files() -> None:
    """The table schema and its example are copied unchanged (Licence Ouverte)."""
    shared = DATA.parent.parent.parent / "shared" / "reference" / "mediation-numerique"
    if not shared.is_dir():
        pytest.skip("the official copies are not beside the repository")
    assert SCHEMA_FILE.read_bytes() == (shared / "schema.json").read_bytes()
    assert EXAMPLE.read_bytes() == (shared / "exemple-valide.csv").read_bytes()
