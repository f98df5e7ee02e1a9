"""data·inclusion v1: export the guide as `structures.json` and `services.json`; read them back.

Ids follow the data·inclusion rule "producer--local id" (`qui-fait-quoi--caf-tilleuls`); the
French texts are exported (data·inclusion has one language); every record is validated
against the official schemas, and the rules of data·inclusion's models that no schema says
(generator/opendata/rules.py), before anything is written.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from generator.errors import GuideError
from generator.model import Actor, Guide, Service, Text
from generator.opendata.incoming import (
    Incoming,
    clean_choice,
    clean_email,
    clean_hours,
    clean_list,
    clean_number,
    clean_pattern,
    clean_phone,
    clean_text,
    clean_url,
    french,
    slugify,
    without_empty,
)
from generator.opendata.rules import NAME_MAX, NAME_MIN, record_problems
from generator.opendata.schemas import SERVICE, STRUCTURE, property_names, record_errors
from generator.urls import absolute, actor_page
from generator.write import write_atomic

DEFAULT_PRODUCER = "qui-fait-quoi"
STRUCTURES_FILE = "structures.json"
SERVICES_FILE = "services.json"
DESCRIPTION_MIN, DESCRIPTION_MAX = 5, 10000


class OpenDataError(GuideError):
    """Open data that cannot be written or read."""


# --- export ------------------------------------------------------------------------------------


@dataclass(slots=True)
class ExportReport:
    out_dir: Path
    structures: int = 0
    services: int = 0
    skipped: list[str] = field(default_factory=list)  # what could not be exported, and why

    def lines(self) -> list[str]:
        out = [
            f"wrote {self.out_dir / STRUCTURES_FILE} ({self.structures} structures) and "
            f"{self.out_dir / SERVICES_FILE} ({self.services} services), valid against the "
            "data·inclusion v1 schemas and rules"
        ]
        out += [f"  skipped: {why}" for why in self.skipped]
        return out


def write_data_inclusion(
    guide: Guide, out_dir: Path, producer: str = DEFAULT_PRODUCER
) -> ExportReport:
    """Write `structures.json` and `services.json` into `out_dir`; every record is valid."""
    report = ExportReport(out_dir)
    structures, services = data_inclusion_records(guide, producer, report.skipped)
    today = date.today()  # data·inclusion's models refuse a `date_maj` after their today
    invalid = [
        f"{record['id']}: {problem}"
        for records, schema in ((structures, STRUCTURE), (services, SERVICE))
        for record in records
        for problem in [*record_errors(record, schema), *record_problems(record, today)]
    ]
    if invalid:
        raise OpenDataError(
            "the export would not be valid data·inclusion, nothing was written:\n  "
            + "\n  ".join(invalid)
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    write_atomic(out_dir / STRUCTURES_FILE, _json(structures).encode("utf-8"))
    write_atomic(out_dir / SERVICES_FILE, _json(services).encode("utf-8"))
    report.structures, report.services = len(structures), len(services)
    return report


def _address(actor: Actor) -> dict[str, Any]:
    """Where the actor is, in the fields structures and services share."""
    return {
        "adresse": actor.adresse,
        "complement_adresse": actor.complement_adresse,
        "code_postal": actor.code_postal,
        "code_insee": actor.code_insee,
        "commune": actor.commune,
        "latitude": actor.latitude,
        "longitude": actor.longitude,
    }


def _json(records: list[dict[str, Any]]) -> str:
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


def data_inclusion_records(
    guide: Guide, producer: str, skipped: list[str]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The structure and service records of the guide, in guide order."""
    structures: list[dict[str, Any]] = []
    services: list[dict[str, Any]] = []
    for actor in guide.actors:
        if len(actor.nom.strip()) < NAME_MIN:
            skipped.append(f"{actor.id}: its name is shorter than {NAME_MIN} characters")
            continue
        structure = structure_record(guide, actor, producer)
        structures.append(structure)
        for service in actor.services:
            record = service_record(actor, service, structure)
            if len(record["nom"]) < NAME_MIN:
                skipped.append(f"{actor.id}/{service.id}: its name is shorter than {NAME_MIN}")
                continue
            services.append(record)
    return structures, services


def _full(schema: str, values: dict[str, Any]) -> dict[str, Any]:
    """Every field of the schema, in its order, null when the guide has no value."""
    return {name: values.get(name) for name in property_names(schema)}


def _french(text: Text | None, low: int = 1, high: int = DESCRIPTION_MAX) -> str | None:
    if text is None:
        return None
    value = " ".join(text.fr.split()) if "\n" not in text.fr else text.fr.strip()
    return value[:high] if len(value) >= low else None


def _name(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= NAME_MAX else text[: NAME_MAX - 1] + "…"


def _phone(actor_or_service: Actor | Service) -> str | None:
    phone = actor_or_service.telephone
    return None if phone is None else (phone.e164 or phone.display)


def structure_record(guide: Guide, actor: Actor, producer: str) -> dict[str, Any]:
    page = absolute(guide, actor_page(guide, guide.default_language, actor.id))
    return _full(
        STRUCTURE,
        {
            "source": producer,
            "id": f"{producer}--{actor.id}",
            "nom": _name(actor.nom),
            "date_maj": actor.date_verification.isoformat(),
            "description": _french(actor.description, DESCRIPTION_MIN),
            **_address(actor),
            "telephone": _phone(actor),
            "courriel": actor.courriel,
            "site_web": actor.site_web,
            "horaires_accueil": actor.horaires_accueil,
            "accessibilite_lieu": actor.accessibilite_lieu,
            "siret": actor.siret,
            "reseaux_porteurs": list(actor.reseaux_porteurs) or None,
            "lien_source": page if page.startswith(("http://", "https://")) else None,
        },
    )


def service_record(actor: Actor, service: Service, structure: dict[str, Any]) -> dict[str, Any]:
    producer = structure["source"]
    nom = _name(service.nom.fr)
    description = _french(service.description, DESCRIPTION_MIN)
    if description is None:  # required: say what the service is, from the actor's own text
        description = f"{nom}. {actor.description.fr.strip()}"[:DESCRIPTION_MAX]
    return _full(
        SERVICE,
        {
            "source": producer,
            "structure_id": structure["id"],
            "id": f"{producer}--{service.id}",
            "nom": nom,
            "description": description,
            "date_maj": structure["date_maj"],
            "type": service.type,
            "thematiques": list(service.thematiques) or None,
            "publics": list(service.publics) or None,
            "publics_precisions": _french(service.publics_precisions),
            "frais": service.frais,
            "frais_precisions": _french(service.frais_precisions),
            "modes_accueil": list(service.modes_accueil) or None,
            "modes_mobilisation": list(service.modes_mobilisation) or None,
            "mobilisable_par": list(service.mobilisable_par) or None,
            "mobilisation_precisions": _french(service.mobilisation_precisions),
            "lien_mobilisation": service.lien_mobilisation,
            "conditions_acces": _french(service.conditions_acces),
            "horaires_accueil": service.horaires_accueil or actor.horaires_accueil,
            "telephone": _phone(service) or _phone(actor),
            "courriel": service.courriel or actor.courriel,
            **_address(actor),
            "lien_source": structure["lien_source"],
            "zone_eligibilite": [actor.code_insee] if actor.code_insee else None,
        },
    )


# --- import ------------------------------------------------------------------------------------


@dataclass(slots=True)
class ReadResult:
    actors: list[Incoming]
    skipped: list[str]  # records that could not be read, and why


def read_data_inclusion(paths: Sequence[Path]) -> ReadResult:
    """Structures and their services from data·inclusion JSON files (arrays of records)."""
    structures: list[tuple[str, dict[str, Any]]] = []
    services: list[tuple[str, dict[str, Any]]] = []
    skipped: list[str] = []
    for path in paths:
        for index, record in enumerate(_records(path), start=1):
            where = f"{path.name}, record {index}"
            schema = SERVICE if isinstance(record, dict) and "structure_id" in record else STRUCTURE
            problems = record_errors(record, schema)
            if problems:
                skipped.append(f"{where}: not valid data·inclusion ({problems[0]})")
            elif schema == SERVICE:
                services.append((where, record))
            else:
                structures.append((where, record))
    by_structure: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for where, record in services:
        by_structure.setdefault(record["structure_id"], []).append((where, record))
    actors = []
    known = {record["id"] for _, record in structures}
    for where, record in structures:
        incoming = incoming_structure(where, record, by_structure.get(record["id"], []))
        if incoming is None:
            skipped.append(f"{where}: `{record['nom']}` has no description to show")
        else:
            actors.append(incoming)
    for structure_id, orphans in sorted(by_structure.items()):
        if structure_id not in known:
            skipped += [
                f"{w}: its structure `{structure_id}` is not in the files" for w, _ in orphans
            ]
    return ReadResult(actors, skipped)


def _records(path: Path) -> list[Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise OpenDataError(f"{path}: file not found") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise OpenDataError(f"{path}: not a readable JSON file ({error})") from None
    if isinstance(data, dict) and isinstance(data.get("items"), list):  # the API's pages
        data = data["items"]
    if not isinstance(data, list):
        raise OpenDataError(f"{path}: expected a list of data·inclusion records")
    return data


def local_id(record_id: str, source: str) -> str:
    """`qui-fait-quoi--caf-tilleuls` → `caf-tilleuls`: the producer's prefix removed."""
    prefix = f"{source}--"
    return record_id[len(prefix) :] if record_id.startswith(prefix) else record_id


def incoming_structure(
    where: str, record: dict[str, Any], services: Iterable[tuple[str, dict[str, Any]]]
) -> Incoming | None:
    """A structure and its services in the guide's shape; None if it has no description."""
    notes: list[str] = []
    service_list = [s for _, s in services]
    description = french(record.get("description")) or next(
        (french(s.get("description")) for s in service_list if french(s.get("description"))), None
    )
    if description is None:
        return None
    ident = slugify(local_id(record["id"], record["source"])) or slugify(record["nom"])
    fields = without_empty(
        [
            ("nom", clean_text(record["nom"])),
            ("description", description),
            ("adresse", clean_text(record.get("adresse"))),
            ("complement_adresse", clean_text(record.get("complement_adresse"))),
            (
                "code_postal",
                clean_pattern(record.get("code_postal"), r"[0-9]{5}", notes, "code_postal"),
            ),
            (
                "code_insee",
                clean_pattern(
                    record.get("code_insee"), r"([0-9]{2}|2A|2B)[0-9]{3}", notes, "code_insee"
                ),
            ),
            ("commune", clean_text(record.get("commune"))),
            *_coordinates(record),
            ("telephone", clean_phone(record.get("telephone"), notes, "telephone")),
            ("courriel", clean_email(record.get("courriel"), notes, "courriel")),
            ("site_web", clean_url(record.get("site_web"), notes, "site_web")),
            (
                "horaires_accueil",
                clean_hours(record.get("horaires_accueil"), notes, "horaires_accueil"),
            ),
            (
                "accessibilite_lieu",
                clean_url(record.get("accessibilite_lieu"), notes, "accessibilite_lieu"),
            ),
            ("siret", clean_pattern(record.get("siret"), r"[0-9]{14}", notes, "siret")),
            (
                "reseaux_porteurs",
                clean_list(
                    record.get("reseaux_porteurs"), "reseaux_porteurs", notes, "reseaux_porteurs"
                ),
            ),
        ]
    )
    incoming = Incoming(
        origin=where,
        ident=ident,
        date_verification=date.fromisoformat(record["date_maj"]),
        fields=fields,
        notes=notes,
    )
    for service in service_list:
        converted = incoming_service(service, fields, notes)
        if converted is not None:
            incoming.services.append(converted)
    return incoming


def _coordinates(record: dict[str, Any]) -> list[tuple[str, float | None]]:
    latitude = clean_number(record.get("latitude"), -90, 90)
    longitude = clean_number(record.get("longitude"), -180, 180)
    if latitude is None or longitude is None:
        return []
    return [("latitude", latitude), ("longitude", longitude)]


def incoming_service(
    record: dict[str, Any], actor: dict[str, Any], notes: list[str]
) -> dict[str, Any] | None:
    """A service in the guide's shape; None (noted) when it has no thematique."""
    what = f"service `{record['nom']}`"
    thematiques = clean_list(record.get("thematiques"), "thematiques", notes, what)
    if not thematiques:
        notes.append(f"{what}: no thematique, left out")
        return None
    hours = clean_hours(record.get("horaires_accueil"), notes, what)
    phone = clean_phone(record.get("telephone"), notes, what)
    email = clean_email(record.get("courriel"), notes, what)
    return without_empty(
        [
            ("id", slugify(local_id(record["id"], record["source"])) or slugify(record["nom"])),
            ("nom", french(record["nom"])),
            ("description", french(record.get("description"))),
            ("type", clean_choice(record.get("type"), "type")),
            ("thematiques", thematiques),
            ("publics", clean_list(record.get("publics"), "publics", notes, what)),
            ("publics_precisions", french(record.get("publics_precisions"))),
            ("frais", clean_choice(record.get("frais"), "frais")),
            ("frais_precisions", french(record.get("frais_precisions"))),
            (
                "modes_accueil",
                clean_list(record.get("modes_accueil"), "modes_accueil", notes, what),
            ),
            (
                "modes_mobilisation",
                clean_list(record.get("modes_mobilisation"), "modes_mobilisation", notes, what),
            ),
            (
                "mobilisable_par",
                clean_list(record.get("mobilisable_par"), "mobilisable_par", notes, what),
            ),
            ("mobilisation_precisions", french(record.get("mobilisation_precisions"))),
            ("lien_mobilisation", clean_url(record.get("lien_mobilisation"), notes, what)),
            ("conditions_acces", french(record.get("conditions_acces"))),
            ("horaires_accueil", hours if hours != actor.get("horaires_accueil") else None),
            ("telephone", phone if phone != actor.get("telephone") else None),
            ("courriel", email if email != actor.get("courriel") else None),
        ]
    )
