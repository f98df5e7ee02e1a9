"""The export checks against data·inclusion's schemas only the records that changed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.opendata import schemas
from generator.opendata.datainclusion import OpenDataError, write_data_inclusion
from generator.pipeline import load_guide
from tests.conftest import DATA, TODAY


def export(source_text: str, tmp_path: Path, checked: Path, calls: list[str]) -> None:
    source = tmp_path / "actors.yaml"
    source.write_text(source_text, encoding="utf-8")
    guide, _ = load_guide(source, TODAY)
    out = tmp_path / "out"
    shutil.rmtree(out, ignore_errors=True)
    write_data_inclusion(guide, out, checked=checked)


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    real = schemas.record_errors

    def record_errors(record: dict, name: str) -> list[str]:
        calls.append(record["id"])
        return real(record, name)

    monkeypatch.setattr(schemas, "record_errors", record_errors)
    return calls


def test_second_export_checks_only_the_changed_record(tmp_path: Path, counted: list[str]) -> None:
    text = (DATA / "small.yaml").read_text("utf-8")
    checked = tmp_path / "cache" / "valid.json"
    export(text, tmp_path, checked, counted)
    first = list(counted)
    structures = json.loads((tmp_path / "out" / "structures.json").read_text("utf-8"))
    assert len(first) >= len(structures) >= 2  # every structure and service checked once
    counted.clear()
    export(text, tmp_path, checked, counted)
    assert counted == []  # nothing changed: nothing checked again, same files written
    assert json.loads((tmp_path / "out" / "structures.json").read_text("utf-8")) == structures
    name = structures[0]["nom"]
    export(text.replace(name, name + " Nord", 1), tmp_path, checked, counted)
    assert counted == [structures[0]["id"]]  # the renamed structure alone


def test_an_invalid_record_is_never_remembered_as_valid(
    tmp_path: Path, counted: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    text = (DATA / "small.yaml").read_text("utf-8")
    checked = tmp_path / "valid.json"
    monkeypatch.setattr(schemas, "record_errors", lambda record, name: ["nom: too short"])
    with pytest.raises(OpenDataError, match="nom: too short"):
        export(text, tmp_path, checked, counted)
    assert not checked.exists()  # nothing written, nothing remembered
    monkeypatch.setattr(schemas, "record_errors", lambda record, name: ["nom: too short"])
    with pytest.raises(OpenDataError):
        export(text, tmp_path, checked, counted)


def test_a_damaged_cache_only_means_checking_everything(tmp_path: Path, counted: list[str]) -> None:
    checked = tmp_path / "valid.json"
    checked.write_text("{not json", encoding="utf-8")
    export((DATA / "small.yaml").read_text("utf-8"), tmp_path, checked, counted)
    assert counted and json.loads(checked.read_text("utf-8"))
