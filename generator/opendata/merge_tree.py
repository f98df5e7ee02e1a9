"""One pass of an import over the round-trip tree of actors.yaml, and what it reports.

`TreeMerger.merge` finds the actor an imported record is (same producer's id; else, for an
actor the guide wrote itself, the same id or the same name and postcode), then adds it,
updates what differs when the import is newer, or keeps the guide's values when they were
verified later. Records that share a SIRET, a telephone or an address with another actor are
reported as possible duplicates.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

import phonenumbers
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.scalarstring import LiteralScalarString

from generator.model import SOURCE_LANGUAGE
from generator.opendata.incoming import SLUG_MAX, Incoming, local_id, unique_id
from generator.schema.make import load_schema
from generator.translations.yamlfile import (
    Document,
    block_map,
    flow_list,
    flow_map,
    insert_in_order,
    quoted,
)

LONG_TEXT = 60  # a French text longer than this goes on its own line
BARE_FIELDS = frozenset({"id", "frais", "type"})  # values of a fixed list, written without quotes
LINK_FIELDS = ("source", "source_id", "lien_source")


@dataclass(slots=True)
class MergeReport:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # newer in the guide: left as they are
    skipped: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    saved: bool = False

    @property
    def imported(self) -> int:
        """Records now in the guide: added, changed, unchanged or kept."""
        return len(self.added) + len(self.changed) + len(self.unchanged) + len(self.kept)

    def lines(self, source: str, dry_run: bool) -> list[str]:
        verb = "were" if self.saved else "would be"
        out = [
            f"{source}: {len(self.added)} added, {len(self.changed)} changed, "
            f"{len(self.unchanged)} unchanged, {len(self.kept)} kept (newer in the guide), "
            f"{len(self.skipped)} skipped, {len(self.duplicates)} possible duplicate(s)"
            + (" (dry run: nothing written)" if dry_run else "")
        ]
        out += [f"  added: {line}" for line in self.added]
        out += [f"  changed: {line}" for line in self.changed]
        out += [f"  kept: {line}" for line in self.kept]
        out += [f"  skipped: {line}" for line in self.skipped]
        out += [f"  possible duplicate: {line}" for line in self.duplicates]
        out += [f"  note: {line}" for line in self.notes]
        if self.added or self.changed:
            out.append(
                f"The new values {verb} written as they came: check them, translate the new "
                "French texts, then run `.venv/bin/python -m generator check`."
            )
        return out


def plain_text(text: Any) -> str:
    decomposed = unicodedata.normalize("NFKD", str(text).casefold())
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.findall(r"\w+", letters))


@cache
def phone_key(value: Any) -> str | None:
    """A telephone number's E.164 form; None for a short number (3949 is shared by design)."""
    try:
        number = phonenumbers.parse(str(value), "FR")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def same_value(old: Any, new: Any) -> bool:
    if new is None:  # a value to remove
        return old is None
    if isinstance(new, date):
        return str(old) == new.isoformat()
    if isinstance(new, dict):  # a text: only its French version comes from outside
        return isinstance(old, dict) and old.get(SOURCE_LANGUAGE) == new[SOURCE_LANGUAGE]
    return bool(old == new)


def with_hours_pair(plain: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """Hours come as a pair (OpenStreetMap form, source text): when an import brings new hours,
    the other half the guide has is removed (None) unless it goes with the same hours."""
    osm, text = "horaires_accueil", "horaires_accueil_texte"
    if osm not in values and text not in values:
        return values
    out = dict(values)
    if osm not in values and not same_value(plain.get(text), values[text]):
        out[osm] = None
    if text not in values and not same_value(plain.get(osm), values[osm]):
        out[text] = None
    return out


class TreeMerger:
    """Carries imported actors into the round-trip tree of one opened document."""

    def __init__(self, document: Document, today: date) -> None:
        self.document = document
        self.today = today
        self.report = MergeReport()
        schema = load_schema()["$defs"]
        self.actor_order = list(schema["Actor"]["properties"])
        self.service_order = list(schema["Service"]["properties"])
        self.actors: list[dict[str, Any]] = [dict(a) for a in document.source.data["actors"]]
        self.actor_ids = {a["id"] for a in self.actors}
        self.service_ids = {s["id"] for a in self.actors for s in a.get("services", [])}
        self.done: dict[int, str] = {}  # actor index → the record that was merged into it
        self.sources: dict[int, Incoming] = {}  # actor index → the record merged into it
        self.indent = document.yaml.sequence_dash_offset or 0
        # Look-ups by what identifies an actor, so that an import stays linear in its size.
        self.index: dict[str, defaultdict[Any, list[int]]] = {
            kind: defaultdict(list) for kind in ("key", "id", "name", "siret", "phone", "place")
        }
        self.indexed: dict[int, list[tuple[str, Any]]] = {}
        for i in range(len(self.actors)):
            self.register(i)

    def register(self, i: int) -> None:
        """(Re)index actor `i` under its producer's id, id, name, SIRET, phone and address."""
        for kind, value in self.indexed.pop(i, []):
            self.index[kind][value].remove(i)
        actor = self.actors[i]
        entries: list[tuple[str, Any]] = [("id", actor["id"])]
        if actor.get("source_id"):
            entries.append(("key", (str(actor.get("source") or ""), str(actor["source_id"]))))
        entries.append(("name", (plain_text(actor["nom"]), actor.get("code_postal"))))
        if actor.get("siret"):
            entries.append(("siret", actor["siret"]))
        if actor.get("telephone") and (phone := phone_key(actor["telephone"])):
            entries.append(("phone", phone))
        if actor.get("adresse") and not actor.get("complement_adresse"):
            place = actor.get("code_postal") or plain_text(actor.get("commune") or "")
            entries.append(("place", (plain_text(actor["adresse"]), place)))
        for kind, value in entries:
            self.index[kind][value].append(i)
        self.indexed[i] = entries

    def merge(self, incoming: Incoming) -> None:
        notes = [f"{incoming.origin}: {note}" for note in incoming.notes]
        if incoming.date_verification > self.today:
            notes.append(
                f"{incoming.origin}: dated {incoming.date_verification}, in the future: "
                f"taken as {self.today}"
            )
            incoming.date_verification = self.today
        unchanged = len(self.report.unchanged)
        self.merge_record(incoming)
        if len(self.report.unchanged) == unchanged:  # said once, when the record came in
            self.report.notes += notes

    def merge_record(self, incoming: Incoming) -> None:
        for service in incoming.services:
            day = service.get("date_verification")
            if isinstance(day, date) and day > self.today:
                service["date_verification"] = self.today
        index = self.match(incoming)
        if index is None:
            index = self.add(incoming)
        elif index in self.done:
            self.report.skipped.append(
                f"{incoming.origin}: the same record as {self.done[index]} "
                f"(`{self.actors[index]['id']}`)"
            )
            return
        else:
            self.update(index, incoming)
        self.done[index] = incoming.origin
        self.sources[index] = incoming
        self.look_for_duplicates(index, incoming)

    def match(self, incoming: Incoming) -> int | None:
        """The index of the existing actor this record is, if any."""
        key = incoming.key
        if key is not None and self.index["key"].get(key):
            return self.index["key"][key][0]
        source_id = str(incoming.fields.get("source_id") or "")
        own_id = local_id(source_id, str(incoming.fields.get("source") or ""))
        name = (plain_text(incoming.nom), incoming.fields.get("code_postal"))
        candidates = [
            *(self.index["id"].get(own_id, []) if own_id else []),
            *self.index["name"].get(name, []),
        ]
        for i in candidates:  # an actor the guide wrote itself, not merged yet
            if not self.actors[i].get("source_id") and i not in self.done:
                return i
        return None

    def look_for_duplicates(self, index: int, incoming: Incoming) -> None:
        """Say when another actor shares this one's SIRET, telephone or address."""
        shared: dict[int, list[str]] = {}
        says = {"siret": "SIRET {}", "phone": "telephone {}", "place": "address {}"}
        shown = {
            "siret": incoming.fields.get("siret"),
            "phone": incoming.fields.get("telephone"),
            "place": incoming.fields.get("adresse"),
        }
        for kind, value in self.indexed.get(index, []):
            if kind in says:
                for other in self.index[kind][value]:
                    if other != index:
                        shared.setdefault(other, []).append(says[kind].format(shown[kind]))
        ours = self.actors[index]["id"]
        for other, what in shared.items():
            self.report.duplicates.append(
                f"{incoming.origin} → `{ours}` has the same {' and '.join(what)} as "
                f"`{self.actors[other]['id']}` — if they are the same place, keep one of them "
                "(delete the other's block); if not, nothing to do"
            )

    # --- a new actor ---------------------------------------------------------------------------

    def add(self, incoming: Incoming) -> int:
        ident = unique_id(incoming.ident, self.actor_ids, SLUG_MAX)
        node = block_map([("id", ident)])
        for key, value in incoming.fields.items():
            node[key] = styled(value, key)
        node["date_verification"] = incoming.date_verification
        services = [self.new_service(service) for service in incoming.services]
        if services:
            node["services"] = services
        node.yaml_set_start_comment(f"imported from {incoming.origin}", indent=self.indent)
        self.document.tree["actors"].append(node)
        self.actors.append({"id": ident, **incoming.fields})
        self.register(len(self.actors) - 1)
        self.report.added.append(f"{incoming.origin} → {ident}")
        return len(self.actors) - 1

    def new_service(self, service: dict[str, Any]) -> CommentedMap:
        service["id"] = unique_id(service["id"], self.service_ids, SLUG_MAX)
        node = block_map([("id", service["id"])])
        for key, value in service.items():
            if key != "id":
                node[key] = styled(value, key)
        return node

    # --- an existing actor ---------------------------------------------------------------------

    def update(self, index: int, incoming: Incoming) -> None:
        actor = self.actors[index]
        ident = actor["id"]
        fields = with_hours_pair(actor, incoming.fields)
        changes = [k for k, v in fields.items() if not same_value(actor.get(k), v)]
        pairs = []
        for service in incoming.services:
            found = self.existing_service(actor, service)
            if found is None:
                changes.append(f"services[{service['id']}] added")
                pairs.append((None, service))
                continue
            values = with_hours_pair(found[1], {k: v for k, v in service.items() if k != "id"})
            changes += [
                f"services[{found[1]['id']}].{k}"
                for k, v in values.items()
                if not same_value(found[1].get(k), v)
            ]
            pairs.append((found, values))
        if not changes:
            self.report.unchanged.append(f"{incoming.origin} → {ident}")
            return
        verified = date.fromisoformat(str(actor["date_verification"]))
        if verified >= incoming.date_verification:
            self.report.kept.append(
                f"{incoming.origin}: `{ident}` kept as it is — verified in the guide on "
                f"{verified}, the import is dated {incoming.date_verification} "
                f"(it differs in {', '.join(changes)})"
            )
            return
        node = self.document.node(("actors", index))
        self.write_fields(node, actor, fields, self.actor_order)
        for found, values in pairs:
            if found is None:
                if "services" not in node:
                    insert_in_order(node, "services", [], self.actor_order)
                node["services"].append(self.new_service(values))
            else:
                j, plain = found
                self.write_fields(node["services"][j], plain, values, self.service_order)
        for service, (found, _) in zip(incoming.services, pairs, strict=True):
            if found is not None:  # errors found later name the service by its id in the guide
                service["id"] = found[1]["id"]
        node["date_verification"] = incoming.date_verification
        actor.update({k: v for k, v in fields.items() if v is not None})
        self.register(index)
        self.report.changed.append(f"{incoming.origin} → {ident}: {', '.join(changes)}")

    def existing_service(
        self, actor: dict[str, Any], service: dict[str, Any]
    ) -> tuple[int, dict[str, Any]] | None:
        """The actor's service that an imported one is: same producer's id, id or name."""
        services = list(enumerate(actor.get("services", [])))
        name = plain_text(service["nom"][SOURCE_LANGUAGE])
        for rule in ("source_id", "id", "name"):
            for j, plain in services:
                if (
                    (
                        (rule == "source_id" and service.get("source_id"))
                        and plain.get("source_id") == service["source_id"]
                    )
                    or (rule == "id" and plain["id"] == service["id"])
                    or (rule == "name" and plain_text(plain["nom"][SOURCE_LANGUAGE]) == name)
                ):
                    return j, plain
        return None

    def write_fields(
        self, node: CommentedMap, plain: dict[str, Any], values: dict[str, Any], order: list[str]
    ) -> None:
        """Write the values that differ."""
        for key, value in values.items():
            old = plain.get(key)
            if same_value(old, value):
                continue
            if value is None:
                del node[key]
            elif isinstance(value, dict) and isinstance(old, dict):
                node[key][SOURCE_LANGUAGE] = text_scalar(value[SOURCE_LANGUAGE])
            else:
                insert_in_order(node, key, styled(value, key), order)


def text_scalar(text: str) -> Any:
    """A text in double quotes; one of several lines as a literal block, easier to edit."""
    return LiteralScalarString(text) if "\n" in text else quoted(text)


def styled(value: Any, key: str) -> Any:
    """A value in the sample's style: texts in double quotes, list values bare on one line."""
    if isinstance(value, str):
        return value if key in BARE_FIELDS else quoted(value)
    if isinstance(value, list):  # codes (zone_eligibilite: "35") in quotes, as texts are
        return flow_list(quoted(v) if key == "zone_eligibilite" else v for v in value)
    if isinstance(value, dict):
        french = value[SOURCE_LANGUAGE]
        items = [(SOURCE_LANGUAGE, text_scalar(french))]
        return block_map(items) if len(french) > LONG_TEXT or "\n" in french else flow_map(items)
    return value
