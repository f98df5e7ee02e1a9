"""Translations: staleness from the French hash, the PO/CSV round trip, import and stamp."""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

import polib
import pytest

from generator.load import parse_text
from generator.model import SOURCE_HASH_LENGTH, source_hash
from generator.pipeline import load_guide
from generator.schema.make import SOURCE_HASH_PATTERN
from generator.translations.apply import (
    export_translations,
    import_translations,
    stamp_translations,
)
from generator.translations.formats import Format, normalise_tag, read_translation_file
from generator.translations.units import Status, coverage, text_fields
from generator.translations.yamlfile import EditError, restore_comment_gaps
from generator.validate import validate_source
from tests.conftest import DATA, GOLDEN, TODAY, run_cli

STALE = "was made from an older French text"


@pytest.fixture
def guide_file(tmp_path: Path) -> Path:
    """A copy of tests/data/translations.yaml that the test may change."""
    path = tmp_path / "actors.yaml"
    shutil.copyfile(DATA / "translations.yaml", path)
    return path


def fill_po(text: str, lang: str, out: Path) -> Path:
    """What a translator does in Poedit: translate everything, review the fuzzy entries."""
    po = polib.pofile(text)
    for entry in po:
        entry.msgstr = f"[{lang}] {entry.msgid}"
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    po.save(str(out))
    return out


def fill_csv(text: str, lang: str, out: Path) -> Path:
    """What a translator does in a spreadsheet: fill the language column, save as CSV."""
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        for row in rows:
            writer.writerow({**row, lang: f"[{lang}] {row['fr']}"})
    return out


def stale_warnings(text: str) -> list[str]:
    source, problems = parse_text(text, "actors.yaml")
    problems += validate_source(source, TODAY)
    return [p.format() for p in problems if STALE in p.message]


# --- the hash ----------------------------------------------------------------------------------


def test_source_hash_ignores_spacing_and_unicode_form() -> None:
    text = "Un lieu pour vous aider dans vos démarches."
    assert source_hash(text) == source_hash("  Un lieu  pour vous\naider dans vos démarches. ")
    assert source_hash(text) == source_hash(text.replace("é", "e\u0301"))
    assert source_hash(text) != source_hash(text.replace("aider", "accompagner"))
    assert len(source_hash(text)) == SOURCE_HASH_LENGTH
    assert re.fullmatch(SOURCE_HASH_PATTERN, source_hash(text))


# --- the round trip (golden file) ---------------------------------------------------------------


def test_po_and_csv_round_trip_keeps_comments_and_order_golden(
    guide_file: Path, tmp_path: Path
) -> None:
    original = guide_file.read_text(encoding="utf-8")
    arabic = export_translations(guide_file, "ar", Format.PO, TODAY)
    report = import_translations(guide_file, fill_po(arabic.text, "ar", tmp_path / "ar.po"), TODAY)
    assert report.saved and len(report.written) == 6 and not report.refused
    ukrainian = export_translations(guide_file, "uk", Format.CSV, TODAY, machine=True)
    assert ukrainian.count(Status.MACHINE) == 1
    filled = fill_csv(ukrainian.text, "uk", tmp_path / "uk.csv")
    assert import_translations(guide_file, filled, TODAY).written

    result = guide_file.read_text(encoding="utf-8")
    assert result == (GOLDEN / "translations-roundtrip.yaml").read_text(encoding="utf-8")
    # Every comment and every key line of the original is still there, in the same order.
    kept = [line for line in original.splitlines() if "#" in line or line.endswith(":")]
    lines = iter(result.splitlines())
    for line in kept:
        comment = line[line.index("#") :] if "#" in line else line
        assert any(comment in candidate for candidate in lines), line


def test_imported_translation_is_a_persons_work(guide_file: Path, tmp_path: Path) -> None:
    export = export_translations(guide_file, "uk", Format.PO, TODAY, machine=True)
    import_translations(guide_file, fill_po(export.text, "uk", tmp_path / "uk.po"), TODAY)
    guide, _ = load_guide(guide_file, TODAY)
    description = guide.actor("france-services-test").description.get("uk")
    assert description.text == "[uk] Un lieu pour vous aider dans vos démarches."
    assert description.machine is False
    assert description.stale is False


def test_export_is_deterministic_and_lists_only_what_is_to_do(guide_file: Path) -> None:
    first = export_translations(guide_file, "en", Format.PO, TODAY)
    second = export_translations(guide_file, "en", Format.PO, TODAY)
    assert first.text == second.text
    assert [f.key for f in first.fields] == [
        "actors[france-services-test].services[aide-demarches].nom",
        "actors[france-services-test].services[aide-demarches].description",
        "actors[caf-test].description",
        "actors[caf-test].services[rendez-vous-caf].nom",
    ]
    po = polib.pofile(first.text)
    entry = po.find("Aide aux démarches", msgctxt=first.fields[0].key)
    assert entry is not None and entry.msgstr == ""
    assert f"source: {source_hash('Aide aux démarches')}" in entry.comment


# --- staleness --------------------------------------------------------------------------------


def test_changing_one_french_text_makes_exactly_its_translations_stale(
    guide_file: Path, tmp_path: Path
) -> None:
    for lang in ("ar", "uk"):
        export = export_translations(guide_file, lang, Format.PO, TODAY, machine=True)
        import_translations(guide_file, fill_po(export.text, lang, tmp_path / f"{lang}.po"), TODAY)
    text = guide_file.read_text(encoding="utf-8")
    assert stale_warnings(text) == []

    old = "On vous aide à remplir vos dossiers, sur papier ou sur internet."
    changed = text.replace(old, "On vous aide à remplir vos dossiers CAF et CPAM.")
    guide_file.write_text(changed, encoding="utf-8")
    warnings = stale_warnings(changed)
    field = "actors[france-services-test].services[aide-demarches].description"
    assert [w.split(": ")[2] for w in warnings] == [f"{field}.ar", f"{field}.uk"]
    assert all(f"--only '{field}'`" in w for w in warnings)

    guide, _ = load_guide(guide_file, TODAY)
    actor = guide.actor("france-services-test")
    service = actor.services[0]
    assert service.description is not None
    assert service.description.get("ar").stale and service.description.get("uk").stale
    assert not service.description.get("fr").stale
    assert not service.nom.get("ar").stale
    assert not actor.description.get("ar").stale
    assert not guide.actor("caf-test").description.get("ar").stale
    # A text with no translation falls back to French, which is never stale.
    assert not guide.actor("caf-test").description.get("en").stale

    # The check says it too, and counts it in the coverage table.
    result = run_cli("check", "--source", str(guide_file), "--today", TODAY.isoformat())
    assert result.returncode == 0
    assert sum(STALE in line for line in result.stdout.splitlines()) == 2
    assert re.search(r"^  ar +6 \(100%\) +0 +1 +0$", result.stdout, re.MULTILINE)


def test_status_of_each_kind_of_translation() -> None:
    source, _ = parse_text((DATA / "translations.yaml").read_text(encoding="utf-8"), "t.yaml")
    fields = {f.key: f for f in text_fields(source)}
    description = fields["actors[france-services-test].description"]
    assert description.status("en") is Status.UNTRACKED
    assert description.status("uk") is Status.MACHINE
    assert description.status("ar") is Status.MISSING
    table = {row.lang: row for row in coverage(list(fields.values()), ["fr", "en", "ar", "uk"])}
    assert list(table) == ["en", "ar", "uk"]
    assert (table["en"].translated, table["en"].total, table["en"].percent) == (2, 6, 33)
    assert table["uk"].count(Status.MACHINE) == 1


# --- import refusals --------------------------------------------------------------------------


def test_import_refuses_a_translation_of_an_older_french_text(
    guide_file: Path, tmp_path: Path
) -> None:
    export = export_translations(guide_file, "ar", Format.CSV, TODAY)
    filled = fill_csv(export.text, "ar", tmp_path / "ar.csv")
    text = guide_file.read_text(encoding="utf-8")
    guide_file.write_text(text.replace('"Aide aux démarches"', '"Aide aux papiers"'), "utf-8")

    result = run_cli(
        "translations", "import", str(filled), "--source", str(guide_file), "--today", "2026-11-22"
    )
    assert result.returncode == 1
    refused = [line for line in result.stdout.splitlines() if "refused:" in line]
    assert refused == [
        "  refused: actors[france-services-test].services[aide-demarches].nom: the French text"
        " changed since the export — export again and translate the new text: « Aide aux"
        " papiers »"
    ]
    assert f"{guide_file}: 5 ar translation(s) written" in result.stdout
    assert "[ar] Aide aux démarches" not in guide_file.read_text(encoding="utf-8")


def test_fuzzy_entries_are_not_imported(guide_file: Path, tmp_path: Path) -> None:
    export = export_translations(guide_file, "uk", Format.PO, TODAY, machine=True)
    po = polib.pofile(export.text)
    assert [e.msgctxt for e in po if "fuzzy" in e.flags] == [
        "actors[france-services-test].description"
    ]
    po.save(str(tmp_path / "uk.po"))  # sent back untouched
    report = import_translations(guide_file, tmp_path / "uk.po", TODAY)
    assert report.not_reviewed == ["actors[france-services-test].description"]
    assert len(report.empty) == 5
    assert not report.saved


def test_unknown_text_and_unknown_language_are_refused(guide_file: Path, tmp_path: Path) -> None:
    po = polib.POFile()
    po.metadata = {"Language": "fa_AF", "Content-Type": "text/plain; charset=UTF-8"}
    po.append(polib.POEntry(msgctxt="actors[nobody].description", msgid="x", msgstr="y"))
    po.save(str(tmp_path / "fa.po"))
    assert read_translation_file(tmp_path / "fa.po").lang == "fa-AF"
    result = run_cli("translations", "import", str(tmp_path / "fa.po"), "--source", str(guide_file))
    assert result.returncode == 1
    assert "`fa-AF` is not one of the guide's languages (fr, en, ar, uk)" in result.stderr
    assert "Traceback" not in result.stderr


def test_import_into_a_file_with_errors_writes_nothing(guide_file: Path, tmp_path: Path) -> None:
    export = export_translations(guide_file, "ar", Format.PO, TODAY)
    filled = fill_po(export.text, "ar", tmp_path / "ar.po")
    broken = guide_file.read_text(encoding="utf-8").replace('"3230"', '"32"')
    guide_file.write_text(broken, encoding="utf-8")
    with pytest.raises(EditError, match="fix them first"):
        import_translations(guide_file, filled, TODAY)
    assert guide_file.read_text(encoding="utf-8") == broken


def test_csv_saved_by_a_spreadsheet_with_semicolons_is_read(tmp_path: Path) -> None:
    path = tmp_path / "ar.csv"
    path.write_text(
        "\ufeffid;source;status;fr;ar;previous;context\r\n"
        "actors[caf-test].description;a1aef25b;missing;Les allocations;نص;;CAF\r\n",
        encoding="utf-8",
    )
    read = read_translation_file(path)
    assert read.lang == "ar"
    assert [(e.key, e.made_from, e.text) for e in read.entries] == [
        ("actors[caf-test].description", "a1aef25b", "نص")
    ]


@pytest.mark.parametrize(
    ("tag", "expected"), [("fa_AF", "fa-AF"), ("AR", "ar"), ("sr_latn", "sr-Latn"), ("", "")]
)
def test_language_tags_from_tools_are_normalised(tag: str, expected: str) -> None:
    assert normalise_tag(tag) == expected


# --- stamp ------------------------------------------------------------------------------------


def test_stamp_records_the_french_hash_then_only_what_was_reviewed(guide_file: Path) -> None:
    report = stamp_translations(guide_file, "en", TODAY)
    assert report.stamped == [
        "themes[acces-aux-droits].title",
        "actors[france-services-test].description",
    ]
    text = guide_file.read_text(encoding="utf-8")
    hashed = source_hash("Un lieu pour vous aider dans vos démarches.")
    assert f'en: {{text: "A place that helps you with paperwork.", source: "{hashed}"}}' in text
    assert "      # reviewed by a volunteer\n" in text

    changed = text.replace("Un lieu pour vous aider", "Un lieu qui vous aide")
    guide_file.write_text(changed, encoding="utf-8")
    assert len(stale_warnings(changed)) == 1
    again = stamp_translations(guide_file, "en", TODAY)
    assert again.stamped == [] and again.stale_left == ["actors[france-services-test].description"]
    reviewed = stamp_translations(
        guide_file, "en", TODAY, only=["actors[france-services-test].description"]
    )
    assert reviewed.stamped == ["actors[france-services-test].description"]
    assert stale_warnings(guide_file.read_text(encoding="utf-8")) == []


def test_stamp_keeps_the_machine_mark(guide_file: Path) -> None:
    stamp_translations(guide_file, "uk", TODAY)
    text = guide_file.read_text(encoding="utf-8")
    hashed = source_hash("Un lieu pour vous aider dans vos démarches.")
    assert f'uk: {{text: "Місце, де вам допоможуть.", source: "{hashed}", machine: true}}' in text


def test_cli_export_to_stdout_and_help(guide_file: Path) -> None:
    result = run_cli(
        "translations", "export", "--lang", "ar", "--format", "csv", "--out", "-",
        "--source", str(guide_file), "--today", "2026-11-22",
    )  # fmt: skip
    assert result.returncode == 0
    assert result.stdout.startswith("\ufeffid,source,status,fr,ar,previous,context\n")
    assert result.stderr.strip() == "6 texts for ar: 6 missing, 0 stale"


def test_comment_gap_is_restored_only_on_edited_lines() -> None:
    old = 'a: {fr: "x"}  # note\nb: 1   # other\n'
    new = 'a: {fr: "x", ar: "y"} # note\nb: 1   # other\n'
    assert restore_comment_gaps(old, new) == 'a: {fr: "x", ar: "y"}  # note\nb: 1   # other\n'
