"""Every translatable text of a source, and the state of its translation in each language."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from generator.load import PathKey, Source
from generator.model import SOURCE_LANGUAGE, source_hash
from generator.validate import TEXT_FIELDS_OF_ACTOR, TEXT_FIELDS_OF_SERVICE

TEXT_FIELDS_OF_THEME = ("title", "description")


class Status(StrEnum):
    """The state of one text in one language."""

    MISSING = "missing"  # no translation: the French text is shown
    STALE = "stale"  # made from an older French text
    MACHINE = "machine"  # machine-made, not yet reviewed
    UNTRACKED = "untracked"  # reviewed, but its French source was never recorded
    CURRENT = "current"  # reviewed and made from the current French text


@dataclass(frozen=True, slots=True)
class TextField:
    """One translatable text: where it is, its key, its French text and its translations."""

    path: PathKey  # ("actors", 3, "services", 0, "nom")
    key: str  # "actors[caf-tilleuls].services[aide-caf].nom"
    french: str
    entries: Mapping[str, Any]  # the raw mapping: {fr: "…", ar: {text: "…", machine: true}}
    context: str  # what a translator sees: "CAF — service « Aide » — nom"

    @property
    def source(self) -> str:
        """The hash of the current French text."""
        return source_hash(self.french)

    def translation(self, lang: str) -> str | None:
        entry = self.entries.get(lang)
        if isinstance(entry, dict):
            text = entry.get("text")
            return text if isinstance(text, str) else None
        return entry if isinstance(entry, str) else None

    def made_from(self, lang: str) -> str | None:
        """The French hash recorded beside the translation, if any."""
        entry = self.entries.get(lang)
        recorded = entry.get("source") if isinstance(entry, dict) else None
        return recorded if isinstance(recorded, str) else None

    def is_machine(self, lang: str) -> bool:
        entry = self.entries.get(lang)
        return isinstance(entry, dict) and entry.get("machine") is True

    def status(self, lang: str) -> Status:
        if self.translation(lang) is None:
            return Status.MISSING
        made_from = self.made_from(lang)
        if made_from is not None and made_from != self.source:
            return Status.STALE
        if self.is_machine(lang):
            return Status.MACHINE
        return Status.UNTRACKED if made_from is None else Status.CURRENT


def text_fields(source: Source) -> list[TextField]:
    """Every translatable text with a French version, in file order."""
    return list(_iter_fields(source))


def _iter_fields(source: Source) -> Iterator[TextField]:
    data = source.data if isinstance(source.data, dict) else {}
    for i, theme in _dicts(data.get("themes")):
        label = f"need « {_label(theme)} »"
        yield from _fields_of(source, ("themes", i), theme, TEXT_FIELDS_OF_THEME, label)
    for i, actor in _dicts(data.get("actors")):
        label = _label(actor)
        yield from _fields_of(source, ("actors", i), actor, TEXT_FIELDS_OF_ACTOR, label)
        for j, service in _dicts(actor.get("services")):
            name = _french(service.get("nom")) or service.get("id", "")
            yield from _fields_of(
                source,
                ("actors", i, "services", j),
                service,
                TEXT_FIELDS_OF_SERVICE,
                f"{label} — service « {name} »",
            )


def _fields_of(
    source: Source, path: PathKey, item: dict[str, Any], names: Sequence[str], label: str
) -> Iterator[TextField]:
    for name in names:
        entries = item.get(name)
        french = _french(entries)
        if french is None:
            continue
        assert isinstance(entries, dict)
        field_path = (*path, name)
        yield TextField(
            field_path, source.describe(field_path), french, entries, f"{label} — {name}"
        )


def _french(entries: Any) -> str | None:
    french = entries.get(SOURCE_LANGUAGE) if isinstance(entries, dict) else None
    return french if isinstance(french, str) and french.strip() else None


def _label(item: dict[str, Any]) -> str:
    name = item.get("nom") if isinstance(item.get("nom"), str) else _french(item.get("title"))
    return str(name or item.get("id", ""))


def _dicts(value: Any) -> list[tuple[int, dict[str, Any]]]:
    items = value if isinstance(value, list) else []
    return [(i, item) for i, item in enumerate(items) if isinstance(item, dict)]


# --- coverage ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Coverage:
    """How far one language is translated."""

    lang: str
    total: int
    counts: Mapping[Status, int]

    @property
    def translated(self) -> int:
        return self.total - self.counts.get(Status.MISSING, 0)

    @property
    def percent(self) -> int:
        """Translated share, rounded down (100 only when nothing is missing)."""
        return 100 * self.translated // self.total if self.total else 100

    def count(self, status: Status) -> int:
        return self.counts.get(status, 0)


def coverage(fields: Sequence[TextField], languages: Sequence[str]) -> list[Coverage]:
    """Coverage of every language but French, in the guide's order."""
    result = []
    for lang in languages:
        if lang == SOURCE_LANGUAGE:
            continue
        counts = dict.fromkeys(Status, 0)
        for field in fields:
            counts[field.status(lang)] += 1
        result.append(Coverage(lang, len(fields), counts))
    return result


def format_coverage(table: Sequence[Coverage]) -> list[str]:
    """The coverage as aligned lines for a terminal."""
    if not table:
        return []
    total = table[0].total
    lines = [
        f"Translation coverage ({total} texts in French):",
        "  language  translated   machine-made  stale  missing",
    ]
    for row in table:
        done = f"{row.translated} ({row.percent}%)"
        lines.append(
            f"  {row.lang:<8}  {done:<11}  {row.count(Status.MACHINE):>12}  "
            f"{row.count(Status.STALE):>5}  {row.count(Status.MISSING):>7}"
        )
    return lines


def format_coverage_markdown(table: Sequence[Coverage]) -> str:
    """The coverage as a Markdown table (GitHub's job summary)."""
    rows = [
        "| language | translated | machine-made, not reviewed | stale | missing |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for row in table:
        rows.append(
            f"| {row.lang} | {row.translated} ({row.percent} %) | {row.count(Status.MACHINE)} "
            f"| {row.count(Status.STALE)} | {row.count(Status.MISSING)} |"
        )
    total = table[0].total if table else 0
    return f"### Translation coverage ({total} texts in French)\n\n" + "\n".join(rows) + "\n"
