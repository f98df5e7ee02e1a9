"""Read data·inclusion v1 `structures.json` and `services.json` as actors, record by record.

A record is used whenever a resident could use it: a name, a date and a way to find or reach
the place are enough. Every value the guide cannot keep is noted; a record that cannot be used
at all is reported by its place in the input (`structures.json #12 (cd35 734 « Nom »)`) with
the reason. The producer's `source` and `id` and the `lien_source` are kept, so that a
re-import finds the same actor and the export gives them back.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.errors import GuideError
from generator.opendata.incoming import (
    Incoming,
    clean_choice,
    clean_coordinates,
    clean_date,
    clean_email,
    clean_hours,
    clean_line,
    clean_list,
    clean_pattern,
    clean_phone,
    clean_postal_code,
    clean_siret,
    clean_url,
    clean_zone,
    controls_removed,
    french,
    label,
    local_id,
    slugify,
    without_empty,
)

INSEE_PATTERN = r"([0-9]{2}|2A|2B)[0-9]{3}"
ADDRESS_FIELDS = ("adresse", "complement_adresse", "code_postal", "commune")
# Fields of the data·inclusion records that the guide reads; any other is noted as not kept.
STRUCTURE_FIELDS = frozenset(
    {
        "source", "id", "nom", "date_maj", "description", "adresse", "complement_adresse",
        "code_postal", "code_insee", "commune", "latitude", "longitude", "telephone",
        "courriel", "site_web", "horaires_accueil", "accessibilite_lieu", "siret",
        "reseaux_porteurs", "lien_source", "thematiques",
    }
)  # fmt: skip
SERVICE_FIELDS = frozenset(
    {
        "source", "structure_id", "id", "nom", "description", "date_maj", "type",
        "thematiques", "publics", "publics_precisions", "frais", "frais_precisions",
        "modes_accueil", "modes_mobilisation", "mobilisable_par", "mobilisation_precisions",
        "lien_mobilisation", "conditions_acces", "horaires_accueil", "telephone", "courriel",
        "zone_eligibilite", "lien_source", "code_insee", "latitude", "longitude",
        *ADDRESS_FIELDS,
    }
)  # fmt: skip


class OpenDataError(GuideError):
    """Open data that cannot be written or read."""


class UnreadableInput(OpenDataError):
    """An input file that cannot be read at all: the import stops, exit code 2."""


@dataclass(slots=True)
class ReadResult:
    actors: list[Incoming]
    skipped: list[str]  # records that could not be used, and why
    records: int = 0  # how many records the files hold
    notes: list[str] = field(default_factory=list)  # about the files themselves


@dataclass(slots=True)
class Record:
    where: str  # "structures.json #12 (cd35 734 « Nom »)"
    data: dict[str, Any]
    position: int = 0  # its rank among all records read, to report in input order


def read_data_inclusion(paths: Sequence[Path]) -> ReadResult:
    """Structures and their services from data·inclusion JSON files (arrays of records)."""
    structures: list[Record] = []
    services: list[Record] = []
    result = ReadResult([], [])
    skipped: list[tuple[int, str]] = []
    for path in paths:
        for index, data in enumerate(read_records(path), start=1):
            result.records += 1
            if not isinstance(data, dict):
                skipped.append((result.records, f"{path.name} #{index}: not a record (an object)"))
                continue
            where = f"{path.name} #{index}"
            named = label(data.get("source"), data.get("id"), data.get("nom"))
            record = Record(f"{where} ({named})" if named else where, data, result.records)
            (services if "structure_id" in data else structures).append(record)
    by_structure: dict[str, list[Record]] = {}
    for record in services:
        by_structure.setdefault(str(record.data["structure_id"]), []).append(record)
    seen: dict[tuple[str, str], str] = {}
    for record in structures:
        key = (str(record.data.get("source") or ""), str(record.data.get("id") or ""))
        if key[1] and key in seen:
            skipped.append((record.position, f"{record.where}: the same record as {seen[key]}"))
            continue
        found = by_structure.pop(key[1], []) if key[1] else []
        incoming = incoming_structure(record, found)
        if isinstance(incoming, str):
            skipped.append((record.position, f"{record.where}: {incoming}"))
            skipped += [
                (s.position, f"{s.where}: its structure {record.where} could not be imported")
                for s in found
            ]
        else:
            seen[key] = record.where
            result.actors.append(incoming)
    for structure_id, orphans in by_structure.items():
        skipped += [
            (s.position, f"{s.where}: its structure `{structure_id}` is not in the files")
            for s in orphans
        ]
    result.skipped = [message for _, message in sorted(skipped)]
    return result


def read_records(path: Path) -> list[Any]:
    """The records of one file; `UnreadableInput` when the file is not a list of records."""
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise UnreadableInput(f"{path}: file not found — check the path") from None
    except IsADirectoryError:
        raise UnreadableInput(f"{path}: is a folder — give the JSON files themselves") from None
    except UnicodeDecodeError:
        raise UnreadableInput(f"{path}: not UTF-8 text — save it as UTF-8 JSON") from None
    except json.JSONDecodeError as error:
        raise UnreadableInput(
            f"{path}:{error.lineno}:{error.colno}: not valid JSON ({error.msg})"
        ) from None
    except OSError as error:
        raise UnreadableInput(f"{path}: cannot be read ({error.strerror})") from None
    if isinstance(data, dict) and isinstance(data.get("items"), list):  # the API's pages
        data = data["items"]
    if not isinstance(data, list):
        raise UnreadableInput(
            f"{path}: expected a list of data·inclusion records ([{{…}}, {{…}}]), "
            f"found {type(data).__name__}"
        )
    return data


def not_kept(record: dict[str, Any], known: frozenset[str]) -> list[str]:
    """The fields with a value that the guide has no place for."""
    return sorted(k for k, v in record.items() if k not in known and v not in (None, "", []))


def incoming_structure(record: Record, services: list[Record]) -> Incoming | str:
    """A structure and its services in the guide's shape; the reason when it cannot be used."""
    data, notes = record.data, []
    nom = clean_line(data.get("nom"))
    if nom is None:
        return "no name (`nom`): the guide cannot show a place without one"
    day = clean_date(data.get("date_maj"))
    if day is None:
        given = data.get("date_maj")
        return (
            f"`date_maj` is {'missing' if given is None else f'not a date: `{given}`'} — the "
            "guide says when each place was last checked: add the date in the source, or add "
            "the place by hand"
        )
    if (removed := controls_removed(data)) > 0:
        notes.append(f"{removed} invisible control character(s) removed from its texts")
    if extra := not_kept(data, STRUCTURE_FIELDS):
        notes.append(f"not kept (the guide has no field for them): {', '.join(extra)}")
    osm, hours_text = clean_hours(data.get("horaires_accueil"))
    source = clean_line(data.get("source"))
    source_id = clean_line(str(data["id"]) if isinstance(data.get("id"), int) else data.get("id"))
    fields = without_empty(
        [
            ("nom", nom),
            ("description", french(data.get("description"))),
            *address(data, notes),
            ("telephone", clean_phone(data.get("telephone"), notes, "telephone")),
            ("courriel", clean_email(data.get("courriel"), notes, "courriel")),
            ("site_web", clean_url(data.get("site_web"), notes, "site_web")),
            ("horaires_accueil", osm),
            ("horaires_accueil_texte", hours_text),
            (
                "accessibilite_lieu",
                clean_url(data.get("accessibilite_lieu"), notes, "accessibilite_lieu"),
            ),
            ("siret", clean_siret(data.get("siret"), notes, "siret")),
            (
                "reseaux_porteurs",
                clean_list(data.get("reseaux_porteurs"), "reseaux_porteurs", notes, "reseaux"),
            ),
            ("thematiques", clean_list(data.get("thematiques"), "thematiques", notes, "them.")),
            ("source", source),
            ("source_id", source_id),
            ("lien_source", clean_url(data.get("lien_source"), notes, "lien_source")),
        ]
    )
    if not source_id:
        notes.append("no producer id (`id`): a re-import will find it by its name and postcode")
    if not any(k in fields for k in ("adresse", "telephone", "courriel", "site_web")) and not any(
        s.data.get(k) for s in services for k in ("telephone", "courriel", "lien_mobilisation")
    ):
        return (
            "no address, telephone, e-mail or website: residents could neither find nor reach "
            "the place"
        )
    ident = slugify(nom) or slugify(local_id(source_id or "", source or "")) or "lieu"
    incoming = Incoming(record.where, ident, day, fields, notes=notes)
    for service in services:
        converted = incoming_service(service, data, day, notes)
        if converted is not None:
            incoming.services.append(converted)
    return incoming


def address(data: dict[str, Any], notes: list[str]) -> list[tuple[str, Any]]:
    return [
        ("adresse", clean_line(data.get("adresse"))),
        ("complement_adresse", clean_line(data.get("complement_adresse"))),
        ("code_postal", clean_postal_code(data.get("code_postal"), notes, "code_postal")),
        ("code_insee", clean_pattern(data.get("code_insee"), INSEE_PATTERN, notes, "code_insee")),
        ("commune", clean_line(data.get("commune"))),
        *clean_coordinates(data, notes),
    ]


def incoming_service(
    record: Record, structure: dict[str, Any], day: Any, notes: list[str]
) -> dict[str, Any] | None:
    """A service in the guide's shape, every value its own; None (noted) when it has no name."""
    data = record.data
    nom = clean_line(data.get("nom"))
    what = f"service {record.where}"
    if nom is None:
        notes.append(f"{what}: no name (`nom`), left out")
        return None
    if extra := not_kept(data, SERVICE_FIELDS):
        notes.append(f"{what}: not kept (the guide has no field for them): {', '.join(extra)}")
    own_address = [clean_line(data.get(k)) for k in ADDRESS_FIELDS]
    if any(own_address) and own_address != [clean_line(structure.get(k)) for k in ADDRESS_FIELDS]:
        shown = ", ".join(str(part) for part in own_address if part)
        notes.append(
            f"{what}: its own address ({shown}) is not kept — the guide shows the structure's; "
            "if the service is elsewhere, say so in its description"
        )
    osm, hours_text = clean_hours(data.get("horaires_accueil"))
    service_day = clean_date(data.get("date_maj"))
    source = clean_line(data.get("source"))
    source_id = clean_line(str(data["id"]) if isinstance(data.get("id"), int) else data.get("id"))
    return without_empty(
        [
            ("id", slugify(nom) or "service"),
            ("nom", {"fr": nom}),
            ("description", french(data.get("description"))),
            ("type", clean_choice(data.get("type"), "type", notes, what)),
            ("thematiques", clean_list(data.get("thematiques"), "thematiques", notes, what)),
            ("publics", clean_list(data.get("publics"), "publics", notes, what)),
            ("publics_precisions", french(data.get("publics_precisions"))),
            ("frais", clean_choice(data.get("frais"), "frais", notes, what)),
            ("frais_precisions", french(data.get("frais_precisions"))),
            ("modes_accueil", clean_list(data.get("modes_accueil"), "modes_accueil", notes, what)),
            (
                "modes_mobilisation",
                clean_list(data.get("modes_mobilisation"), "modes_mobilisation", notes, what),
            ),
            (
                "mobilisable_par",
                clean_list(data.get("mobilisable_par"), "mobilisable_par", notes, what),
            ),
            ("mobilisation_precisions", french(data.get("mobilisation_precisions"))),
            ("lien_mobilisation", clean_url(data.get("lien_mobilisation"), notes, what)),
            ("conditions_acces", french(data.get("conditions_acces"))),
            ("horaires_accueil", osm),
            ("horaires_accueil_texte", hours_text),
            ("telephone", clean_phone(data.get("telephone"), notes, what)),
            ("courriel", clean_email(data.get("courriel"), notes, what)),
            ("zone_eligibilite", clean_zone(data.get("zone_eligibilite"), notes, what)),
            ("source", source if source != clean_line(structure.get("source")) else None),
            ("source_id", source_id),
            ("lien_source", clean_url(data.get("lien_source"), notes, what)),
            ("date_verification", service_day if service_day != day else None),
        ]
    )
