"""Write translations into actors.yaml: export what is to do, import what came back, stamp.

A written translation is `{text: "…", source: "<hash of the French text>"}`: its staleness is
tracked from then on. An imported translation is a person's work, so it is not marked machine.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from generator.errors import GuideError
from generator.model import SOURCE_LANGUAGE
from generator.translations.formats import Entry, Format, read_translation_file, render
from generator.translations.units import Status, TextField, text_fields
from generator.translations.yamlfile import (
    Document,
    flow_map,
    insert_in_order,
    open_document,
    quoted,
    resolve_key,
    save_document,
)

TO_DO = (Status.MISSING, Status.STALE)


class TranslationError(GuideError):
    """A translation request that does not fit the guide (unknown language, unknown text)."""


# --- export ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Export:
    text: str  # the file's content
    fields: tuple[TextField, ...]
    lang: str

    def count(self, status: Status) -> int:
        return sum(1 for f in self.fields if f.status(self.lang) is status)


def export_translations(
    source_path: Path, lang: str, fmt: Format, today: date, *, machine: bool = False
) -> Export:
    """What is missing or stale in `lang` (and machine-made, with `machine`) as a PO or CSV."""
    document = open_document(source_path, today)
    _check_language(document, lang)
    wanted = (*TO_DO, Status.MACHINE) if machine else TO_DO
    fields = tuple(f for f in text_fields(document.source) if f.status(lang) in wanted)
    project = f"Qui fait quoi — {document.source.data['guide']['territory']}"
    return Export(render(fields, lang, fmt, project), fields, lang)


def _check_language(document: Document, lang: str) -> list[str]:
    languages = [str(tag) for tag in document.source.data["guide"]["languages"]]
    if lang == SOURCE_LANGUAGE:
        raise TranslationError("French is the source language: choose another one with --lang")
    if lang not in languages:
        raise TranslationError(
            f"`{lang}` is not one of the guide's languages ({', '.join(languages)}) — "
            "add it to guide.languages first"
        )
    return languages


# --- import ------------------------------------------------------------------------------------


@dataclass(slots=True)
class ImportReport:
    lang: str
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    not_reviewed: list[str] = field(default_factory=list)  # fuzzy in the PO file
    empty: list[str] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (key, why)
    saved: bool = False

    def lines(self, source: str) -> list[str]:
        """What happened, for the terminal."""
        out = [f"{source}: {len(self.written)} {self.lang} translation(s) written"]
        out += [f"  written: {key}" for key in self.written]
        if self.unchanged:
            out.append(f"  {len(self.unchanged)} already in the file, unchanged")
        if self.not_reviewed:
            out.append(
                f"  {len(self.not_reviewed)} still marked fuzzy (to review), not imported: "
                + ", ".join(self.not_reviewed)
            )
        if self.empty:
            out.append(f"  {len(self.empty)} left empty in the file")
        for key, why in self.refused:
            out.append(f"  refused: {key}: {why}")
        return out


def import_translations(source_path: Path, file_path: Path, today: date) -> ImportReport:
    """Write a filled PO/CSV file's translations into the source, refusing outdated ones."""
    translations = read_translation_file(file_path)
    document = open_document(source_path, today)
    languages = _check_language(document, translations.lang)
    report = ImportReport(translations.lang)
    fields = {f.key: f for f in text_fields(document.source)}
    for entry in translations.entries:
        _import_entry(document, fields, languages, entry, report)
    report.saved = save_document(document, today)
    return report


def _import_entry(
    document: Document,
    fields: dict[str, TextField],
    languages: list[str],
    entry: Entry,
    report: ImportReport,
) -> None:
    lang = report.lang
    target = fields.get(entry.key)
    if target is None:
        report.refused.append(
            (entry.key, "there is no such text in the guide any more (renamed or removed?)")
        )
        return
    if entry.made_from != target.source:
        report.refused.append(
            (
                entry.key,
                "the French text changed since the export — export again and translate the "
                f"new text: « {_shorten(target.french)} »",
            )
        )
        return
    if not entry.text:
        report.empty.append(entry.key)
        return
    if not entry.reviewed:
        report.not_reviewed.append(entry.key)
        return
    if target.status(lang) is Status.CURRENT and target.translation(lang) == entry.text:
        report.unchanged.append(entry.key)
        return
    texts = document.node(target.path)
    value = flow_map([("text", quoted(entry.text)), ("source", quoted(target.source))])
    insert_in_order(texts, lang, value, languages)
    report.written.append(entry.key)


def _shorten(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


# --- stamp -------------------------------------------------------------------------------------


@dataclass(slots=True)
class StampReport:
    lang: str
    stamped: list[str] = field(default_factory=list)
    stale_left: list[str] = field(default_factory=list)
    saved: bool = False

    def lines(self, source: str) -> list[str]:
        out = [f"{source}: {len(self.stamped)} {self.lang} translation(s) stamped"]
        out += [f"  stamped: {key}" for key in self.stamped]
        if self.stale_left:
            out.append(
                f"  {len(self.stale_left)} stale translation(s) left as they are; once one is "
                f"reviewed, stamp it with --only KEY: " + ", ".join(self.stale_left)
            )
        return out


def stamp_translations(
    source_path: Path, lang: str, today: date, only: Sequence[str] = ()
) -> StampReport:
    """Record the current French hash beside translations in `lang`.

    Without `only`: every translation that has no hash yet (it is taken as made from the
    current French text). With `only`: exactly those keys, stale ones included (they were
    reviewed against the new French text).
    """
    document = open_document(source_path, today)
    _check_language(document, lang)
    report = StampReport(lang)
    fields = {f.key: f for f in text_fields(document.source)}
    for key in only:
        if resolve_key(document.source.data, key) is None or key not in fields:
            raise TranslationError(f"`{key}` is not a translatable text of the guide")
        if fields[key].translation(lang) is None:
            raise TranslationError(f"`{key}` has no {lang} translation to stamp")
    for key, target in fields.items():
        status = target.status(lang)
        if status is Status.MISSING:
            continue
        chosen = key in only if only else target.made_from(lang) is None
        if not chosen:
            if status is Status.STALE:
                report.stale_left.append(key)
            continue
        if target.made_from(lang) == target.source:
            continue
        _stamp(document.node(target.path), lang, target)
        report.stamped.append(key)
    report.saved = save_document(document, today)
    return report


def _stamp(texts: Any, lang: str, target: TextField) -> None:
    entry = texts[lang]
    if isinstance(entry, dict):
        if "source" in entry:
            entry["source"] = quoted(target.source)
        else:
            entry.insert(list(entry).index("text") + 1, "source", quoted(target.source))
    else:
        texts[lang] = flow_map([("text", quoted(str(entry))), ("source", quoted(target.source))])
