"""The files translators use, both ways: gettext PO (Poedit, Weblate…) and a CSV for spreadsheets.

A unit is identified by its key (`actors[caf-tilleuls].description`: the PO msgctxt, the CSV
`id` column) and carries the French text with its hash, so that an import can refuse a
translation of a French text that has changed since.

PO: a stale or machine-made translation is given as the msgstr marked fuzzy, the gettext way
of saying "to review"; fuzzy entries are not imported. CSV: the old translation is in the
`previous` column and the language column is left empty for the translator.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import polib

from generator.errors import GuideError
from generator.model import SOURCE_LANGUAGE, source_hash
from generator.translations.units import Status, TextField

CSV_FIXED = ("id", "source", "status", SOURCE_LANGUAGE, "previous", "context")
SOURCE_COMMENT = re.compile(r"^source: ([0-9a-f]+)$", re.MULTILINE)
STATUS_NOTES = {
    Status.MISSING: "to translate",
    Status.STALE: "the French text changed: update the translation",
    Status.MACHINE: "machine translation: check it and correct it",
}


class Format(StrEnum):
    PO = "po"
    CSV = "csv"


class TranslationFileError(GuideError):
    """A translation file that cannot be read."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One translated unit read from a translator's file."""

    key: str
    french: str
    made_from: str  # the hash of the French text the translator worked from
    text: str  # empty when the translator left it
    reviewed: bool  # False for a PO entry still marked fuzzy


@dataclass(frozen=True, slots=True)
class TranslationFile:
    lang: str
    entries: tuple[Entry, ...]


# --- writing -----------------------------------------------------------------------------------


def render(fields: Sequence[TextField], lang: str, fmt: Format, project: str) -> str:
    """The file for translators, for `fields` in `lang`; same input, same bytes."""
    return render_po(fields, lang, project) if fmt is Format.PO else render_csv(fields, lang)


def render_po(fields: Sequence[TextField], lang: str, project: str) -> str:
    po = polib.POFile(wrapwidth=0)
    po.header = (
        f"Translations of {project} into {lang}, from actors.yaml.\n"
        "Translate each msgstr. An entry marked fuzzy holds an old or machine-made translation:\n"
        "correct it, then remove the fuzzy mark (Poedit: « Needs work » off).\n"
        "Import with: .venv/bin/python -m generator translations import FILE"
    )
    po.metadata = {
        "Project-Id-Version": project,
        "Language": lang,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Generator": "qui-fait-quoi translations export",
    }
    for field in fields:
        status = field.status(lang)
        previous = field.translation(lang) if status in (Status.STALE, Status.MACHINE) else None
        po.append(
            polib.POEntry(
                msgctxt=field.key,
                msgid=field.french,
                msgstr=previous or "",
                comment=f"{field.context}\n{STATUS_NOTES[status]}\nsource: {field.source}",
                flags=["fuzzy"] if previous else [],
            )
        )
    return str(po) + "\n"


def render_csv(fields: Sequence[TextField], lang: str) -> str:
    """UTF-8 with a byte-order mark, so that spreadsheets open it in the right encoding."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    header = [*CSV_FIXED[:4], lang, *CSV_FIXED[4:]]
    writer.writerow(header)
    for field in fields:
        status = field.status(lang)
        previous = field.translation(lang) if status in (Status.STALE, Status.MACHINE) else ""
        writer.writerow(
            [field.key, field.source, status.value, field.french, "", previous, field.context]
        )
    return "\ufeff" + out.getvalue()


# --- reading -----------------------------------------------------------------------------------


def read_translation_file(path: Path) -> TranslationFile:
    """A PO or CSV file as written by `render` and filled by a translator."""
    suffix = path.suffix.lower()
    if suffix in (".po", ".pot"):
        return read_po(path)
    if suffix in (".csv", ".txt"):
        return read_csv(path)
    raise TranslationFileError(
        f"{path}: give a .po or a .csv file (as written by translations export)"
    )


def read_po(path: Path) -> TranslationFile:
    try:
        po = polib.pofile(str(path), encoding="utf-8")
    except (OSError, ValueError, UnicodeDecodeError) as error:
        raise TranslationFileError(f"{path}: not a readable PO file ({error})") from None
    lang = normalise_tag(po.metadata.get("Language", ""))
    if not lang:
        raise TranslationFileError(
            f"{path}: the PO header has no `Language:` line — add it, e.g. Language: ar"
        )
    entries = []
    for entry in po:
        if entry.obsolete or not entry.msgctxt:
            continue
        found = SOURCE_COMMENT.search(entry.comment or "")
        entries.append(
            Entry(
                key=entry.msgctxt,
                french=entry.msgid,
                made_from=found.group(1) if found else source_hash(entry.msgid),
                text=entry.msgstr.strip(),
                reviewed="fuzzy" not in entry.flags,
            )
        )
    return TranslationFile(lang, tuple(entries))


def read_csv(path: Path) -> TranslationFile:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise TranslationFileError(
            f"{path}: cannot be read as UTF-8 text ({error}) — save it as « CSV UTF-8 »"
        ) from None
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    if not rows:
        raise TranslationFileError(f"{path}: the file is empty")
    header = [cell.strip() for cell in rows[0]]
    languages = [name for name in header if name and name not in CSV_FIXED]
    missing = [name for name in ("id", SOURCE_LANGUAGE) if name not in header]
    if missing or len(languages) != 1:
        raise TranslationFileError(
            f"{path}: the first line must name the columns id, source, status, fr, the language "
            f"and previous, context (as written by translations export); found: {', '.join(header)}"
        )
    lang = normalise_tag(languages[0])
    column = {name: header.index(name) for name in header}
    entries = []
    for row in rows[1:]:
        cells = row + [""] * (len(header) - len(row))
        key = cells[column["id"]].strip()
        if not key:
            continue
        french = cells[column[SOURCE_LANGUAGE]]
        recorded = cells[column["source"]].strip() if "source" in column else ""
        entries.append(
            Entry(
                key=key,
                french=french,
                made_from=recorded or source_hash(french),
                text=cells[column[languages[0]]].strip(),
                reviewed=True,
            )
        )
    return TranslationFile(lang, tuple(entries))


def normalise_tag(tag: str) -> str:
    """`fa_AF` (gettext) or `fa-af` → `fa-AF` (BCP 47 as in actors.yaml)."""
    parts = tag.strip().replace("_", "-").split("-")
    if not parts[0]:
        return ""
    fixed = [parts[0].lower()]
    for part in parts[1:]:
        fixed.append(part.title() if len(part) == 4 else part.upper() if len(part) == 2 else part)
    return "-".join(fixed)
