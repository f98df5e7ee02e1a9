"""The export against data·inclusion's own models (the `data-inclusion-schema` package, a dev
dependency), and the project's copy of their rules (generator/opendata/rules.py) against them."""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pydantic
import pytest
from data_inclusion.schema import v1

from generator.opendata.datainclusion import write_data_inclusion
from generator.opendata.rules import (
    date_problem,
    ends_with_full_stop,
    other_publics,
    record_problems,
    web_address_problem,
)
from generator.pipeline import load_guide
from generator.schema.make import ENUMS, REFERENCE, read_reference
from tests.conftest import DATA, ROOT, TODAY

MODELS: dict[str, type[pydantic.BaseModel]] = {
    "structures.json": v1.Structure,
    "services.json": v1.Service,
}
SOURCES = [ROOT / "actors.yaml", DATA / "small.yaml"]
# data·inclusion's own warnings (a name ending with a full stop) count as errors here.
STRICT = {"ignore_warnings": False}


def official_errors(record: dict[str, Any], model: type[pydantic.BaseModel]) -> list[str]:
    try:
        model.model_validate(record, context=STRICT)
    except pydantic.ValidationError as error:
        return [f"{record.get('id')}: {e['loc']}: {e['msg']}" for e in error.errors()]
    return []


def invalid_records(folder: Path) -> tuple[int, list[str]]:
    """How many records the folder's two files hold, and what the official models say."""
    count, errors = 0, []
    for name, model in MODELS.items():
        records = json.loads((folder / name).read_text(encoding="utf-8"))
        count += len(records)
        for record in records:
            errors += official_errors(record, model)
    return count, errors


@pytest.mark.parametrize("source", SOURCES, ids=lambda path: path.name)
def test_every_exported_record_is_valid_for_the_official_models(
    source: Path, tmp_path: Path
) -> None:
    guide, _ = load_guide(source, TODAY)
    report = write_data_inclusion(guide, tmp_path)
    count, errors = invalid_records(tmp_path)
    assert errors == []
    assert count == report.structures + report.services > 0
    assert report.skipped == []


@pytest.mark.slow
def test_the_published_open_data_is_valid_for_the_official_models(sample_site: Path) -> None:
    count, errors = invalid_records(sample_site / "donnees")
    assert errors == []
    assert count == 28 + 52


def test_the_reference_schemas_are_those_of_the_models() -> None:
    """generator/reference/ holds exactly the models' JSON Schemas: whatever else the models
    refuse is in their Python validators and types, which rules.py encodes."""
    for name, model in (("structure.json", v1.Structure), ("service.json", v1.Service)):
        copied = json.loads((REFERENCE / name).read_text(encoding="utf-8"))
        assert copied == model.model_json_schema()


def test_the_reference_lists_are_the_models_lists() -> None:
    enums = {
        "Thematique": v1.Thematique,
        "Public": v1.Public,
        "Frais": v1.Frais,
        "ModeAccueil": v1.ModeAccueil,
        "ModeMobilisation": v1.ModeMobilisation,
        "TypeService": v1.TypeService,
        "ReseauPorteur": v1.ReseauPorteur,
        "PersonneMobilisatrice": v1.PersonneMobilisatrice,
    }
    assert set(enums) == set(ENUMS)
    for name, enum in enums.items():
        assert [e["value"] for e in read_reference(ENUMS[name])] == sorted(e.value for e in enum)


# --- rules.py against the models ------------------------------------------------------------

SERVICE = {
    "source": "qui-fait-quoi",
    "structure_id": "qui-fait-quoi--lieu",
    "id": "qui-fait-quoi--service",
    "nom": "Un service",
    "description": "Ce que fait le service.",
    "date_maj": "2026-01-02",
}


def official_accepts(record: dict[str, Any], model: type[pydantic.BaseModel] = v1.Service) -> bool:
    return official_errors(record, model) == []


def test_tous_publics_alone_as_the_models_say() -> None:
    values = [public.value for public in v1.Public]
    for first in values:
        for second in values:
            publics = [first, second]
            record = {**SERVICE, "publics": publics}
            assert official_accepts(record) == (other_publics(publics) == []), publics
            assert official_accepts(record) == (record_problems(record, date.today()) == [])


def test_dates_as_the_models_say() -> None:
    today = date.today()
    for day in (date(1999, 12, 31), date(2000, 1, 1), today, today + timedelta(days=1)):
        record = {**SERVICE, "date_maj": day.isoformat()}
        assert official_accepts(record) == (date_problem(day, today) is None), day
        assert official_accepts(record) == (record_problems(record, today) == []), day


def test_names_ending_with_a_full_stop_as_the_models_warn() -> None:
    for name in ("Aide aux démarches", "Aide aux démarches.", "Papiers, courriers, etc."):
        record = {**SERVICE, "nom": name}
        assert official_accepts(record) == (not ends_with_full_stop(name)), name


# Addresses the models refuse although the JSON Schema's `uri` format takes them.
REFUSED = [
    "https://example.org:99999/",
    "https://example.org:abc/",
    "https://exa<mple.org",
    "https://exa%mple.org",
    "https://exa|mple.org",
    "https://exa^mple.org",
    "https://[::1/",
    "https://[zz]/",
    "https://1.2.3.256",
    "https://256.1.1.1.",
    "https://www.example.123",
    "https://xn--zz.org",
    "https://xn--a.org",
    "https://exa\u2028mple.org",
    "https://a\u200db.org",
    "https://www.caf.fr\u0663",
    "https://\u0301caf.fr",
    "ftp://example.org",
    "mailto:contact@example.org",
    "https://example.org/" + "a" * 2100,
    # found once by a larger random corpus (750,000 addresses, five seeds)
    "https://|\\@example.org",
    "https://[::1%25eth0]/",
    "https://[::1]8/",
    "https://0x0x7f.1/",
    "https://0x7f.1@\u200b/",
    "https://xn---bcher.de/",
]
ACCEPTED = [
    "https://example.org",
    "http://www.caf.fr/allocataires?x=1#haut",
    "https://sub.exemple.fr:8443/a",
    "https://exämple.org/é",
    "https://xn--bcher-kva.de",
    "https://ex%41mple.org",
    "https://0x7f.1",
    "https://[::1]:80/",
    "https://user:pw@example.org",
    "https://exa_mple.org",
]


def corpus(size: int = 3000) -> list[str]:
    """Valid addresses with one to three risky characters put in, always the same ones."""
    risky = [*"#%/:<>?@[\\]^|\x7f\"{}`*_~!$&'()+,;=-.0123456789xX", "\x00", "\x1f", "\u00ad"]
    risky += ["\u200b", "\u200d", "\u2028", "é", "😀", "%41", "%3A", "%zz", "xn--", ":99999"]
    risky += [":65536", ":", "0x", "256", "\u0663", "ß", "\uff10", "\ufffd", "\u0301"]
    randomly = random.Random(10)
    found = []
    for _ in range(size):
        url = randomly.choice(ACCEPTED[:4])
        for _ in range(randomly.randint(1, 3)):
            at = randomly.randrange(len("https://"), len(url) + 1)
            url = url[:at] + randomly.choice(risky) + url[at:]
        found.append(url)
    return found


def test_web_addresses_the_models_refuse_are_refused() -> None:
    url = pydantic.TypeAdapter(pydantic.HttpUrl)
    for value in REFUSED:
        with pytest.raises(pydantic.ValidationError):
            url.validate_python(value)
        assert web_address_problem(value) is not None, value
    for value in ACCEPTED:
        url.validate_python(value)
        assert web_address_problem(value) is None, value


def test_no_web_address_the_rules_accept_is_refused_by_the_models() -> None:
    url = pydantic.TypeAdapter(pydantic.HttpUrl)
    accepted = [value for value in corpus() if web_address_problem(value) is None]
    assert len(accepted) > 1000  # the corpus is not all refused
    refused = []
    for value in accepted:
        try:
            url.validate_python(value)
        except pydantic.ValidationError:
            refused.append(value)
    assert refused == []


def test_record_problems_name_each_field_the_models_refuse() -> None:
    record = {
        **SERVICE,
        "publics": ["tous-publics", "femmes"],
        "date_maj": "1999-01-01",
        "lien_mobilisation": "https://example.org:99999/",
    }
    assert record_problems(record, date.today()) == [
        "publics: `tous-publics` is listed with femmes",
        "date_maj: it is before 2000-01-01",
        "lien_mobilisation: `99999` is not a port number (0 to 65535)",
    ]
    with pytest.raises(pydantic.ValidationError) as refused:
        v1.Service.model_validate(record)
    fields = {str(e["loc"][0]) for e in refused.value.errors()}
    assert fields == {"publics", "date_maj", "lien_mobilisation"}
