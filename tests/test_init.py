"""`init`: a new territory starts from the standard needs, never over an existing file."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.build import BuildOptions, build_guide_site
from generator.cli import main
from generator.commands.init import starter_needs, starter_pronunciation
from generator.pipeline import check_source
from tests.conftest import ROOT, TODAY


def init(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["init", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_the_starter_needs_are_the_samples() -> None:
    sample = yaml.safe_load((ROOT / "actors.yaml").read_text(encoding="utf-8"))
    assert starter_needs() == sample["themes"]
    assert len(starter_needs()) == 8


def test_the_starter_pronunciations_are_the_samples() -> None:
    sample = yaml.safe_load((ROOT / "actors.yaml").read_text(encoding="utf-8"))
    listed = sample["guide"]["audio"]["pronunciation"]
    starter = starter_pronunciation()
    assert {"CAF", "CPAM", "Ameli", "Pronote", "PMI", "CCAS", "France Travail"} <= set(starter)
    assert {written: listed[written] for written in starter} == starter


def test_init_writes_a_guide_that_checks_and_builds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "nord" / "actors.yaml"
    code, out, err = init(
        capsys, "--territory", "Quartier Nord — Rennes", "--languages", "en, ar,fa-AF",
        "--site-url", "https://nord.example.org/", "--source", str(path),
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert "note: fr added to the languages" in out
    assert f"wrote {path}: Quartier Nord — Rennes, 4 languages (fr, en, ar, fa-AF), 8 needs" in out
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    data = yaml.safe_load(text)
    pronunciation = data["guide"].pop("audio")["pronunciation"]
    assert data["guide"] == {
        "territory": "Quartier Nord — Rennes",
        "site_url": "https://nord.example.org/",
        "default_language": "fr",
        "languages": ["fr", "en", "ar", "fa-AF"],
        "verification_max_age_months": 12,
    }
    # The national acronyms, with the spellings of the guide's languages only.
    assert pronunciation["CAF"] == "fr"
    assert pronunciation["CPAM"] == {"fr": "cé pé a èm"}
    assert pronunciation["Ameli"] == {"fr": "améli", "ar": "أميلي"}  # no Ukrainian here
    assert data["actors"] == []
    assert [t["id"] for t in data["themes"]] == [t["id"] for t in starter_needs()]
    # Titles only in the guide's languages: a copied need never names another language.
    assert all(set(t["title"]) == {"fr", "en", "ar", "fa-AF"} for t in data["themes"])
    assert data["themes"][0]["title"]["ar"]["machine"] is True
    _, problems = check_source(path, TODAY)
    assert problems == []
    site = tmp_path / "site"
    report = build_guide_site(path, site, TODAY, options=BuildOptions(audio=False))
    assert report.actors == 0
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "Aucun lieu n&#39;est encore indiqué dans ce guide." in home
    assert "لم يُدرَج أي مكان في هذا الدليل بعد." in (site / "ar" / "lieux" / "index.html").read_text(
        encoding="utf-8"
    )
    need = (site / "en" / "besoins" / "sante" / "index.html").read_text(encoding="utf-8")
    assert "No place is listed for this need yet." in need


def test_init_never_overwrites_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "actors.yaml"
    path.write_text("# mine\n", encoding="utf-8")
    code, _, err = init(capsys, "--territory", "X", "--languages", "fr", "--source", str(path))
    assert code == 1
    assert f"{path} already exists: init never overwrites a file" in err
    assert path.read_text(encoding="utf-8") == "# mine\n"


def test_init_says_which_language_code_is_wrong(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "actors.yaml"
    code, _, err = init(
        capsys, "--territory", "X", "--languages", "fr,Arabic", "--source", str(path)
    )
    assert code == 1 and "`Arabic` is not a language code — write ar" in err
    assert not path.exists()
