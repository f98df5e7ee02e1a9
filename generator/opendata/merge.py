"""Add or update imported actors in actors.yaml, record by record, keeping editors' work.

An imported actor is the existing one with the same producer and producer's id; else, for an
actor the guide wrote itself, the one with the same id (the guide's own export read back) or
the same name and postcode. A match verified in the guide on the same day or later than the
import keeps its values: an editor's newer `date_verification` is never overwritten.
Otherwise only the values that differ are written, French texts included; fields the import
does not have are kept. A record that shares a SIRET, a telephone or an address with another
actor is added all the same, and said to be a possible duplicate.

Every record is checked as the guide checks it: a value the guide refuses is left out and
noted, a service that cannot be kept is noted, a record that cannot be kept is skipped with
the reason; the other records are imported all the same.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from generator.errors import Problem
from generator.load import parse_text
from generator.opendata.incoming import Incoming
from generator.opendata.merge_tree import MergeReport, TreeMerger
from generator.translations.yamlfile import EditError, open_document
from generator.validate import validate_source
from generator.write import write_atomic

PROBLEM_PATH = re.compile(
    r"actors\[(?P<actor>[^\]]+)\](?:\.services\[(?P<service>[^\]]+)\])?(?:\.(?P<field>[a-z_]+))?"
)
ESSENTIAL_ACTOR_FIELDS = frozenset({"id", "nom", "date_verification"})
ESSENTIAL_SERVICE_FIELDS = frozenset({"id", "nom"})
ATTEMPTS = 5  # each attempt sets aside what the last one found wrong

__all__ = ["MergeReport", "merge_actors", "set_aside"]


def merge_actors(
    source_path: Path, incoming: Sequence[Incoming], today: date, *, dry_run: bool = False
) -> MergeReport:
    """Add or update `incoming` actors in the source file; nothing is written on a dry run."""
    records = list(incoming)
    skipped: list[str] = []
    for _attempt in range(ATTEMPTS):
        document = open_document(source_path, today)
        merger = TreeMerger(document, today)
        for actor in records:
            merger.merge(actor)
        if not (merger.report.added or merger.report.changed):
            break  # nothing to write (the tree of a large file is slow to write out)
        text = document.dump()
        if text == document.text:
            break
        source, problems = parse_text(text, str(source_path))
        errors = [p for p in [*problems, *validate_source(source, today)] if p.is_error]
        if not errors:
            if not dry_run:
                write_atomic(source_path, text.encode("utf-8"))
            merger.report.saved = not dry_run
            break
        data = source.data if isinstance(source.data, dict) else {}
        refused, changed = set_aside(errors, data, merger.sources, records)
        if not changed:  # not the import's doing: say it plainly, write nothing
            raise EditError(
                f"{source_path}: the import would leave errors, nothing was written:\n"
                + "\n".join(p.format() for p in errors[:20])
            )
        skipped += [f"{actor.origin}: {why}" for actor, why in refused]
        records = [actor for actor in records if all(actor is not r for r, _ in refused)]
    else:  # pragma: no cover - each attempt removes at least one cause
        raise EditError(f"{source_path}: the import could not be made valid; nothing was written")
    merger.report.skipped[:0] = skipped
    return merger.report


def set_aside(
    errors: list[Problem],
    data: dict[str, Any],
    sources: dict[int, Incoming],
    records: list[Incoming],
) -> tuple[list[tuple[Incoming, str]], bool]:
    """Leave out what each error is about: a value or a service (noted on the record), or the
    whole record (returned with the reason); and whether anything was set aside at all. An
    error in no imported actor is not the import's doing and is not set aside.

    `data` is the merged file as loaded, `sources` its imported actors by index."""
    refused: list[tuple[Incoming, str]] = []
    changed = False
    actors = data.get("actors") or []
    for problem in errors:
        match = PROBLEM_PATH.match(problem.path)
        index = _index(match["actor"], actors) if match else None
        actor = sources.get(index) if index is not None else None
        if match is None or actor is None or actor not in records:
            continue
        why = problem.message + (f" — {problem.fix}" if problem.fix else "")
        label, name = match["service"], match["field"]
        if label is not None:
            merged = actors[index].get("services") or []
            at = _index(label, merged)
            nom = merged[at].get("nom") if at is not None else None
            french = nom.get("fr") if isinstance(nom, dict) else None
            service = next(
                (s for s in actor.services if s.get("id") == label or s["nom"]["fr"] == french),
                None,
            )
            if service is None:
                continue
            what = f"service « {service['nom']['fr']} »"
            if name is None or name in ESSENTIAL_SERVICE_FIELDS:
                actor.services.remove(service)
                actor.notes.append(f"{what} left out: {why}")
            elif service.pop(name, None) is not None:
                actor.notes.append(f"{what}: {name} left out: {why}")
            changed = True
        elif name is None or name in ESSENTIAL_ACTOR_FIELDS:
            if all(actor is not a for a, _ in refused):
                refused.append((actor, why))
            changed = True
        elif actor.fields.pop(name, None) is not None:
            actor.notes.append(f"{name} left out: {why}")
            changed = True
    return refused, changed


def _index(label: str, items: list[Any]) -> int | None:
    """The position of `[label]` in a list: `#3` is the third item, else the item of that id."""
    if label.startswith("#") and label[1:].isdigit():
        position = int(label[1:]) - 1
        return position if 0 <= position < len(items) else None
    return next(
        (i for i, item in enumerate(items) if isinstance(item, dict) and item.get("id") == label),
        None,
    )
