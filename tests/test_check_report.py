"""The pull-request check: annotations, shared phones and addresses, no service, coverage."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator.cli import main
from generator.commands import check as check_command
from generator.commands.check import annotation, escape_data, escape_property
from generator.errors import Problem, Severity
from generator.load import parse_text
from generator.reach import reach_problems
from generator.validate import validate_source
from tests.conftest import ROOT, TODAY

CLI = tuple[int, str]

CAF_OLD = "last checked on 2025-06-01"


def warnings_of(text: str) -> list[str]:
    """The new warnings of a changed small.yaml (the old CAF entry left out)."""
    source, problems = parse_text(text, "small.yaml")
    problems += validate_source(source, TODAY) + reach_problems(source)
    return [p.format() for p in problems if not p.is_error and CAF_OLD not in p.message]


@pytest.fixture
def check(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Any:
    """Run `check` in this process (fast), from the project folder; (exit code, stdout)."""
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)

    def run(*args: str) -> CLI:
        code = main(["check", *args])
        return code, capsys.readouterr().out

    return run


def write_guide(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "actors.yaml"
    path.write_text(text, encoding="utf-8")
    return path


# --- GitHub annotations -----------------------------------------------------------------------


def test_escaping_follows_github_rules() -> None:
    assert escape_data("100% sûr\r\nfin: a, b") == "100%25 sûr%0D%0Afin: a, b"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def test_annotation_line_format() -> None:
    problem = Problem(
        "actors.yaml",
        12,
        5,
        "actors[caf-test].telephone",
        "`02 61 91` is not a valid telephone number",
        "write 10 digits, e.g. 02 61 91 00 12",
    )
    assert annotation(problem, False, "actors.yaml") == (
        "::error file=actors.yaml,line=12,col=5,title=actors[caf-test].telephone::"
        "`02 61 91` is not a valid telephone number — write 10 digits, e.g. 02 61 91 00 12"
    )
    warning = Problem("a,b.yaml", 3, 1, "", "50% done\nstill", severity=Severity.WARNING)
    assert annotation(warning, False, "a,b.yaml") == (
        "::warning file=a%2Cb.yaml,line=3,col=1,title=a%2Cb.yaml::50%25 done%0Astill"
    )
    assert annotation(warning, True, "a,b.yaml").startswith("::error ")


def test_github_format_is_automatic_in_github_actions(
    small_yaml: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, check: Any
) -> None:
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    code, out = check("--source", str(small_yaml), "--today", "2026-11-22")
    assert code == 0
    lines = out.splitlines()
    assert (
        "::warning file=tests/data/small.yaml,line=51,col=24,"
        "title=actors[caf-test].date_verification::last checked on 2025-06-01, more than 12 "
        "months ago — check the facts with the actor, then update date_verification"
    ) in lines
    # The plain lines stay for whoever reads the log, with the same last line as ever.
    assert lines[-1] == f"{small_yaml}: no error, 1 warning."
    written = summary.read_text(encoding="utf-8")
    assert written.startswith(f"## Check of `{small_yaml}`: 0 errors, 1 warning\n")
    assert "| ar | 3 (30 %) | 0 | 0 | 7 |" in written


def test_strict_github_annotations_are_errors(small_yaml: Path, check: Any) -> None:
    code, out = check(
        "--strict", "--format", "github", "--source", str(small_yaml), "--today", "2026-11-22"
    )
    assert code == 1
    assert any(line.startswith("::error file=") for line in out.splitlines())


def test_errors_are_annotated_on_their_lines(check: Any) -> None:
    code, out = check(
        "--format", "github", "--source", "tests/data/broken.yaml", "--today", "2026-11-22"
    )
    assert code == 1
    annotations = [line for line in out.splitlines() if line.startswith("::")]
    problems = [line for line in out.splitlines() if line.startswith("tests/data/")]
    assert len(annotations) == len(problems) - 1  # the last plain line is the summary
    levels = ["warning" if ": warning: " in p else "error" for p in problems[:-1]]
    assert [a.split(" ", 1)[0] for a in annotations] == [f"::{level}" for level in levels]
    assert all(" file=tests/data/broken.yaml,line=" in a for a in annotations)
    assert "Translation coverage" not in out  # only for a file without errors


# --- shared telephones and addresses, actors with no service ----------------------------------


def test_a_telephone_shared_by_two_actors_is_a_warning(small_text: str) -> None:
    text = small_text.replace('telephone: "3230"', 'telephone: "02.61.91.00.12"')
    assert warnings_of(text) == [
        "small.yaml:49:16: warning: actors[caf-test].telephone: `02.61.91.00.12` is also the"
        " telephone of actors[france-services-test] (line 29) — check the number: each actor"
        " should give its own; if they really share it, say so in the description"
    ]


def test_a_service_telephone_counts_but_not_within_one_actor(small_text: str) -> None:
    service_phone = '        horaires_accueil: "Tu 09:00-12:00"\n'
    same_actor = small_text.replace(
        service_phone, service_phone + '        telephone: "02 61 91 00 12"\n'
    )
    assert warnings_of(same_actor) == []
    other_actor = small_text.replace(
        "        modes_mobilisation: [telephoner]\n",
        '        modes_mobilisation: [telephoner]\n        telephone: "+33 2 61 91 00 12"\n',
    )
    assert [w.split(": ")[2] for w in warnings_of(other_actor)] == [
        "actors[caf-test].services[rendez-vous-caf].telephone"
    ]


def test_a_shared_address_is_a_warning_unless_a_complement_tells_them_apart(
    small_text: str,
) -> None:
    address = '    code_postal: "44600"\n    commune: "Ville-Test"\n'
    text = small_text.replace(
        '    telephone: "3230"\n',
        '    telephone: "3230"\n    adresse: "3, Place des tilleuls"\n' + address,
    )
    assert warnings_of(text) == [
        "small.yaml:50:14: warning: actors[caf-test].adresse: same address as"
        " actors[france-services-test] (line 24) — if both are in the same building, tell them"
        " apart with complement_adresse (floor, office); otherwise correct the address"
    ]
    apart = text.replace(
        '    adresse: "3, Place des tilleuls"\n',
        '    adresse: "3, Place des tilleuls"\n    complement_adresse: "2e étage"\n',
    )
    assert warnings_of(apart) == []


def test_coordinates_copied_to_another_address_are_a_warning_naming_both(
    small_text: str,
) -> None:
    """The documented way to add an actor is to copy a block: its coordinates come along."""
    place = '    adresse: "12 rue des Lilas"\n    code_postal: "44600"\n    commune: "Ville-Test"\n'
    copied = small_text.replace(
        '    telephone: "3230"\n',
        '    telephone: "3230"\n' + place + "    latitude: 47.27\n    longitude: -2.21\n",
    )
    assert warnings_of(copied) == [
        "small.yaml:53:15: warning: actors[caf-test].latitude: latitude/longitude (47.27, -2.21)"
        " are also those of actors[france-services-test] (small.yaml:27), at another address:"
        " `12 rue des Lilas, 44600 Ville-Test` here, `3 place des Tilleuls, 44600 Ville-Test`"
        " there; one was probably copied from the other, and its map link points at the wrong"
        " place — set this place's own latitude/longitude, or remove them (if the other place's"
        " are the wrong ones, correct them there)"
    ]
    fixed = copied.replace(place + "    latitude: 47.27\n", place + "    latitude: 47.2731\n")
    assert warnings_of(fixed) == []
    removed = copied.replace(place + "    latitude: 47.27\n    longitude: -2.21\n", place)
    assert warnings_of(removed) == []


def test_same_building_may_share_coordinates(small_text: str) -> None:
    """Same street address (spelt differently, another floor): the same point on the map."""
    place = (
        '    adresse: "3, Place des tilleuls"\n    complement_adresse: "2e étage"\n'
        '    code_postal: "44600"\n    commune: "Ville-Test"\n'
    )
    text = small_text.replace(
        '    telephone: "3230"\n',
        '    telephone: "3230"\n' + place + "    latitude: 47.27\n    longitude: -2.21\n",
    )
    assert warnings_of(text) == []
    no_street = text.replace(place, "")
    assert warnings_of(no_street) == []  # no address to compare: no claim of a mistake


def test_an_actor_on_no_need_page_is_a_warning_with_the_fix(small_text: str) -> None:
    head, _, _ = small_text.partition("    services:\n      - id: rendez-vous-caf")
    text = head + small_text[small_text.index("  - id: mediatheque-test") :]
    assert warnings_of(text) == [
        "small.yaml:46:5: warning: actors[caf-test]: this place is on no need page nor leaflet:"
        " residents find it only A to Z or by search — add `thematiques: […]` to the actor with"
        " what it helps with (data·inclusion values, e.g. difficultes-administratives-ou-"
        "juridiques--accompagnement-aux-demarches-administratives; see"
        " generator/reference/thematiques.json), or describe a service"
    ]
    # Its own thematiques place it without a service.
    topic = "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits"
    placed = text.replace(
        "    date_verification: 2025-06-01\n",
        f"    thematiques: [{topic}]\n    date_verification: 2025-06-01\n",
    )
    assert warnings_of(placed) == []
    # Without a description either, nothing says what it does.
    bare = placed.replace(
        '    description: {fr: "Les allocations familiales et les aides au logement."}\n', ""
    )
    assert warnings_of(bare) == [
        "small.yaml:46:5: warning: actors[caf-test]: nothing says what this place does: its page"
        ' shows only how to reach it — add `description: {fr: "…"}` (what they do, in a'
        " sentence or two)"
    ]


# --- coverage and recordings ------------------------------------------------------------------


def test_coverage_block_counts_each_language(small_yaml: Path, check: Any) -> None:
    _, out = check("--source", str(small_yaml), "--today", "2026-11-22")
    lines = out.splitlines()
    start = lines.index("Translation coverage (10 texts in French):")
    assert lines[start + 1 : start + 4] == [
        "  language  translated   machine-made  stale  missing",
        "  en        5 (50%)                 1      0        5",
        "  ar        3 (30%)                 0      0        7",
    ]


def test_languages_no_voice_speaks_need_recordings(
    tmp_path: Path, small_text: str, check: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("generator.audio.coverage")
    monkeypatch.setattr(check_command, "PROJECT_DIR", tmp_path)
    path = write_guide(tmp_path, small_text.replace("[fr, en, ar]", "[fr, en, ar, bm]"))
    code, out = check("--source", str(path), "--today", "2026-11-22")
    assert code == 0
    assert (
        f"{path}:6:27: warning: guide.languages: no voice speaks `bm`: 3 actors need a human"
        " recording (france-services-test, caf-test, mediatheque-test) — record each one and"
        " add it as audio/recorded/bm/<actor-id>.mp3 (see CONTRIBUTING.md)"
    ) in out.splitlines()
    for actor in ("france-services-test", "caf-test", "mediatheque-test"):
        clip = tmp_path / "audio" / "recorded" / "bm" / f"{actor}.mp3"
        clip.parent.mkdir(parents=True, exist_ok=True)
        clip.write_bytes(b"ID3")
    _, out = check("--source", str(path), "--today", "2026-11-22")
    assert "no voice speaks" not in out


def test_a_clip_that_cannot_fit_in_90_seconds_is_a_warning(
    tmp_path: Path, small_text: str, check: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Even its shortest clip (name, how to get in, address, phone) would be too long."""
    pytest.importorskip("generator.audio.budget_check")
    monkeypatch.setattr(check_command, "PROJECT_DIR", tmp_path)  # no cache, no recording
    long = ", ".join(f"escalier {n}" for n in range(1, 80))
    text = small_text.replace(
        '    telephone: "3230"', f'    adresse: "{long}"\n    telephone: "3230"'
    )
    path = write_guide(tmp_path, text)
    code, out = check("--source", str(path), "--today", "2026-11-22")
    assert code == 0
    [line] = [line for line in out.splitlines() if "its clip would last" in line]
    assert line.startswith(f"{path}:46:5: warning: actors[caf-test]: its clip would last longer")
    assert "(fr: about " in line and "ar: about " in line
    assert "— shorten its name or its address" in line
    _, out = check("--source", str(write_guide(tmp_path, small_text)), "--today", "2026-11-22")
    assert "its clip would last" not in out
