"""The published JSON Schema: current, valid, and faithful to data·inclusion v1."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from generator.schema.make import ENUMS, REFERENCE, SCHEMA_PATH, render_schema
from tests.conftest import ROOT

SHARED = ROOT.parent / "shared" / "reference" / "data-inclusion-v1"


def test_committed_schema_is_current() -> None:
    assert SCHEMA_PATH.read_text(encoding="utf-8") == render_schema(), (
        "run `make schema` and commit generator/schema/actors.schema.json"
    )


def test_schema_is_valid_json_schema() -> None:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("file", sorted(ENUMS.values()))
def test_enums_are_the_data_inclusion_lists(file: str) -> None:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    name = next(n for n, f in ENUMS.items() if f == file)
    vendored = [e["value"] for e in json.loads((REFERENCE / file).read_text("utf-8"))]
    assert schema["$defs"][name]["enum"] == vendored
    if SHARED.is_dir():  # the official copy beside the repo, when there is one
        official = json.loads((SHARED / "extra" / file).read_text("utf-8"))
        assert vendored == [e["value"] for e in official]


def test_sample_declares_the_schema_for_editors() -> None:
    first = (ROOT / "actors.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=generator/schema/actors.schema.json"


def test_field_names_are_data_inclusion_names() -> None:
    """Every data field of actors and services exists in data·inclusion v1 (structure/service)."""
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    official = Path(__file__).parent / "data"
    structure = set(json.loads((REFERENCE / "structure.json").read_text("utf-8"))["properties"])
    service = set(json.loads((REFERENCE / "service.json").read_text("utf-8"))["properties"])
    # The guide's own fields: its verification dates, spoken languages (a service's too), its
    # own hours text, short summaries, an actor's own thematiques, the producer's id, which
    # data·inclusion calls `id`, and the sector editors set to split leaflets.
    own = {"date_verification", "horaires_accueil_texte", "source_id", "resume", "secteur"}
    ours_actor = set(schema["$defs"]["Actor"]["properties"]) - {
        "services",
        "langues_parlees",
        "thematiques",
        *own,
    }
    ours_service = set(schema["$defs"]["Service"]["properties"]) - {"langues_parlees", *own}
    assert ours_actor <= structure, ours_actor - structure
    assert ours_service <= service, ours_service - service
    assert official.is_dir()
