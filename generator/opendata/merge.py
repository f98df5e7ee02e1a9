"""Add or update imported actors in actors.yaml, keeping comments and editors' work.

An imported actor matches an existing one by id, then SIRET, then name and postal code. A
match verified in the guide on the same day or later than the import's date is left alone:
an editor's newer `date_verification` is never overwritten. Otherwise only the values that
differ are written, French texts included (their translations then show as stale when they
record their French source); fields the import does not have are kept.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap

from generator.model import SOURCE_LANGUAGE
from generator.opendata.incoming import Incoming, unique_id
from generator.schema.make import load_schema
from generator.translations.yamlfile import (
    Document,
    block_map,
    flow_list,
    flow_map,
    insert_in_order,
    open_document,
    quoted,
    save_document,
)

LONG_TEXT = 60  # a French text longer than this goes on its own line
BARE_FIELDS = frozenset({"id", "frais", "type"})  # values of a fixed list, written without quotes


@dataclass(slots=True)
class MergeReport:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    saved: bool = False

    def lines(self, source: str, dry_run: bool) -> list[str]:
        verb = "were" if self.saved else "would be"
        out = [
            f"{source}: {len(self.added)} actor(s) added, {len(self.changed)} changed, "
            f"{len(self.unchanged)} unchanged, {len(self.skipped)} skipped"
            + (" (dry run: nothing written)" if dry_run else "")
        ]
        out += [f"  added: {line}" for line in self.added]
        out += [f"  changed: {line}" for line in self.changed]
        out += [f"  unchanged: {line}" for line in self.unchanged]
        out += [f"  skipped: {line}" for line in self.skipped]
        out += [f"  note: {line}" for line in self.notes]
        if self.added or self.changed:
            out.append(
                f"The new values {verb} written as they came: check them, translate the new "
                "French texts, then run `python -m generator check`."
            )
        return out


def merge_actors(
    source_path: Path, incoming: Sequence[Incoming], today: date, *, dry_run: bool = False
) -> MergeReport:
    """Add or update `incoming` actors in the source file; nothing is written on a dry run."""
    document = open_document(source_path, today)
    merger = _Merger(document, today)
    for actor in incoming:
        merger.merge(actor)
    changed = save_document(document, today, dry_run=dry_run)
    merger.report.saved = changed and not dry_run
    return merger.report


def _plain(text: Any) -> str:
    decomposed = unicodedata.normalize("NFKD", str(text).casefold())
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.findall(r"\w+", letters))


class _Merger:
    def __init__(self, document: Document, today: date) -> None:
        self.document = document
        self.today = today
        self.report = MergeReport()
        schema = load_schema()["$defs"]
        self.actor_order = list(schema["Actor"]["properties"])
        self.service_order = list(schema["Service"]["properties"])
        self.actors: list[dict[str, Any]] = list(document.source.data["actors"])
        self.actor_ids = {a["id"] for a in self.actors}
        self.service_ids = {s["id"] for a in self.actors for s in a.get("services", [])}
        self.done: dict[int, str] = {}  # actor index → the import line that changed it
        self.indent = document.yaml.sequence_dash_offset or 0

    def merge(self, incoming: Incoming) -> None:
        self.report.notes += [f"{incoming.origin}: {note}" for note in incoming.notes]
        if incoming.date_verification > self.today:
            self.report.notes.append(
                f"{incoming.origin}: dated {incoming.date_verification}, in the future: "
                f"taken as {self.today}"
            )
            incoming.date_verification = self.today
        index = self.match(incoming)
        if index is None:
            self.add(incoming)
        elif index in self.done:
            self.report.skipped.append(
                f"{incoming.origin}: `{incoming.nom}` is the same actor as {self.done[index]}"
            )
        else:
            self.done[index] = incoming.origin
            self.update(index, incoming)

    def match(self, incoming: Incoming) -> int | None:
        """The index of the existing actor this one is, if any."""
        siret = incoming.fields.get("siret")
        name = (_plain(incoming.nom), incoming.fields.get("code_postal"))
        for rule in ("id", "siret", "name"):
            for i, actor in enumerate(self.actors):
                if (
                    (rule == "id" and actor["id"] == incoming.ident)
                    or (rule == "siret" and siret and actor.get("siret") == siret)
                    or (rule == "name" and (_plain(actor["nom"]), actor.get("code_postal")) == name)
                ):
                    return i
        return None

    # --- a new actor ---------------------------------------------------------------------------

    def add(self, incoming: Incoming) -> None:
        ident = unique_id(incoming.ident, self.actor_ids)
        node = block_map([("id", ident)])
        for key, value in incoming.fields.items():
            node[key] = styled(value, key)
        node["date_verification"] = incoming.date_verification
        services = []
        for service in incoming.services:
            services.append(self.new_service(service))
        if services:
            node["services"] = services
        node.yaml_set_start_comment(
            f"imported on {self.today.isoformat()} from {incoming.origin}", indent=self.indent
        )
        self.document.tree["actors"].append(node)
        self.actors.append({"id": ident, **incoming.fields})
        self.done[len(self.actors) - 1] = incoming.origin
        self.report.added.append(f"{ident} ({incoming.origin})")

    def new_service(self, service: dict[str, Any]) -> CommentedMap:
        node = block_map([("id", unique_id(service["id"], self.service_ids))])
        for key, value in service.items():
            if key != "id":
                node[key] = styled(value, key)
        return node

    # --- an existing actor ---------------------------------------------------------------------

    def update(self, index: int, incoming: Incoming) -> None:
        actor = self.actors[index]
        ident = actor["id"]
        verified = date.fromisoformat(actor["date_verification"])
        if verified >= incoming.date_verification:
            self.report.skipped.append(
                f"{incoming.origin}: `{ident}` kept as it is — verified in the guide on "
                f"{verified}, the import is dated {incoming.date_verification}"
            )
            return
        node = self.document.node(("actors", index))
        changed = self.update_fields(node, actor, incoming.fields, self.actor_order, "")
        services = {s["id"]: (j, s) for j, s in enumerate(actor.get("services", []))}
        by_name = {_plain(s["nom"][SOURCE_LANGUAGE]): s["id"] for s in actor.get("services", [])}
        for service in incoming.services:
            existing = services.get(service["id"]) or services.get(
                by_name.get(_plain(service["nom"][SOURCE_LANGUAGE]), "")
            )
            if existing is None:
                if "services" not in node:
                    insert_in_order(node, "services", [], self.actor_order)
                node["services"].append(self.new_service(service))
                changed.append(f"services[{node['services'][-1]['id']}] added")
            else:
                j, plain = existing
                changed += self.update_fields(
                    node["services"][j],
                    plain,
                    {k: v for k, v in service.items() if k != "id"},
                    self.service_order,
                    f"services[{plain['id']}].",
                )
        if not changed:
            self.report.unchanged.append(f"{ident} ({incoming.origin}): same values")
            return
        node["date_verification"] = incoming.date_verification
        changed.append("date_verification")
        self.report.changed.append(f"{ident} ({incoming.origin}): {', '.join(changed)}")

    def update_fields(
        self,
        node: CommentedMap,
        plain: dict[str, Any],
        values: dict[str, Any],
        order: list[str],
        prefix: str,
    ) -> list[str]:
        """Write the values that differ; the names of the changed fields."""
        changed = []
        for key, value in values.items():
            old = plain.get(key)
            if isinstance(value, dict):  # a text: only its French version comes from outside
                french = value[SOURCE_LANGUAGE]
                if isinstance(old, dict) and old.get(SOURCE_LANGUAGE) == french:
                    continue
                if isinstance(old, dict):
                    node[key][SOURCE_LANGUAGE] = quoted(french)
                else:
                    insert_in_order(node, key, styled(value, key), order)
                changed.append(f"{prefix}{key}.fr")
            elif old != value:
                insert_in_order(node, key, styled(value, key), order)
                changed.append(f"{prefix}{key}")
        return changed


def styled(value: Any, key: str) -> Any:
    """A value in the sample's style: texts in double quotes, list values bare on one line."""
    if isinstance(value, str):
        return value if key in BARE_FIELDS else quoted(value)
    if isinstance(value, list):
        return flow_list(value)
    if isinstance(value, dict):
        french = value[SOURCE_LANGUAGE]
        items = [(SOURCE_LANGUAGE, quoted(french))]
        return block_map(items) if len(french) > LONG_TEXT else flow_map(items)
    return value
