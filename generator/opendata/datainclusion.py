"""data·inclusion v1: export the guide as `structures.json` and `services.json`.

An imported actor or service is given back as its producer published it: its `source`, `id`
and `lien_source`, its own hours and dates, its `zone_eligibilite` as given. What the guide
wrote itself gets ids by the data·inclusion rule "producer--local id"
(`qui-fait-quoi--caf-tilleuls`). The French texts are exported (data·inclusion has one
language); every record is validated against the official schemas, and the rules of
data·inclusion's models that no schema says (generator/opendata/rules.py), before anything is
written.
Reading such files back is `generator.opendata.di_read`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from generator.model import Actor, Guide, Service, Text
from generator.opendata.di_read import OpenDataError, ReadResult, read_data_inclusion
from generator.opendata.rules import NAME_MAX, NAME_MIN, record_problems
from generator.opendata.schemas import SERVICE, STRUCTURE, CheckedRecords, property_names
from generator.urls import absolute, actor_page
from generator.write import write_atomic

DEFAULT_PRODUCER = "qui-fait-quoi"
STRUCTURES_FILE = "structures.json"
SERVICES_FILE = "services.json"
DESCRIPTION_MIN, DESCRIPTION_MAX = 5, 10000


__all__ = ["OpenDataError", "ReadResult", "read_data_inclusion", "write_data_inclusion"]


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
    guide: Guide,
    out_dir: Path,
    producer: str = DEFAULT_PRODUCER,
    checked: Path | None = None,
) -> ExportReport:
    """Write `structures.json` and `services.json` into `out_dir`; every record is valid.

    `checked`: a file where the digests of valid records are kept between builds, so that
    only the records that changed are checked against the schemas again."""
    report = ExportReport(out_dir)
    structures, services = data_inclusion_records(guide, producer, report.skipped)
    today = date.today()  # data·inclusion's models refuse a `date_maj` after their today
    valid = CheckedRecords(checked)
    invalid = [
        f"{record['id']}: {problem}"
        for records, schema in ((structures, STRUCTURE), (services, SERVICE))
        for record in records
        for problem in [*valid.errors(record, schema), *record_problems(record, today)]
    ]
    if invalid:
        raise OpenDataError(
            "the export would not be valid data·inclusion, nothing was written:\n  "
            + "\n  ".join(invalid)
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    write_atomic(out_dir / STRUCTURES_FILE, _json(structures).encode("utf-8"))
    write_atomic(out_dir / SERVICES_FILE, _json(services).encode("utf-8"))
    valid.save()
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
            record = service_record(guide, actor, service, structure, producer)
            if len(record["nom"]) < NAME_MIN:
                skipped.append(f"{actor.id}/{service.id}: its name is shorter than {NAME_MIN}")
                continue
            if record["description"] is None:
                skipped.append(
                    f"{actor.id}/{service.id}: no description to give (data·inclusion needs "
                    f"one of at least {DESCRIPTION_MIN} characters)"
                )
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


def _hours(item: Actor | Service) -> str | None:
    """The hours as their source wrote them when there is such a text (the guide's OpenStreetMap
    reading of a French text is its own: a round trip gives back what came in), else the
    OpenStreetMap form."""
    return _french(item.horaires_accueil_texte) or item.horaires_accueil


def _page(guide: Guide, actor: Actor) -> str | None:
    page = absolute(guide, actor_page(guide, guide.default_language, actor.id))
    return page if page.startswith(("http://", "https://")) else None


def structure_record(guide: Guide, actor: Actor, producer: str) -> dict[str, Any]:
    """An imported actor under its producer's source and id; the guide's own under `producer`."""
    if actor.source_id:
        source, ident, link = actor.source or producer, actor.source_id, actor.lien_source
    else:
        source, ident, link = producer, f"{producer}--{actor.id}", _page(guide, actor)
    return _full(
        STRUCTURE,
        {
            "source": source,
            "id": ident,
            "nom": _name(actor.nom),
            "date_maj": actor.date_verification.isoformat(),
            "description": _french(actor.description, DESCRIPTION_MIN),
            **_address(actor),
            "telephone": _phone(actor),
            "courriel": actor.courriel,
            "site_web": actor.site_web,
            "horaires_accueil": _hours(actor),
            "accessibilite_lieu": actor.accessibilite_lieu,
            "siret": actor.siret,
            "reseaux_porteurs": list(actor.reseaux_porteurs) or None,
            "lien_source": link,
        },
    )


def service_record(
    guide: Guide, actor: Actor, service: Service, structure: dict[str, Any], producer: str
) -> dict[str, Any]:
    """A service with its own values only: no hours, date or zone taken from its actor.

    A service the guide wrote itself (no producer id) gives its actor's address, telephone and
    e-mail, and a description made from its actor's when it has none (required); an imported
    one gives back what its producer gave, and nothing of its actor's."""
    imported = service.source_id is not None
    nom = _name(service.nom.fr)
    description = _french(service.description, DESCRIPTION_MIN)
    if description is None and not imported and actor.description is not None:
        description = f"{nom}. {actor.description.fr.strip()}"[:DESCRIPTION_MAX]
    if description is None and not imported and len(nom) >= DESCRIPTION_MIN:
        description = nom
    if imported:
        source = service.source or structure["source"]
        ident, link = service.source_id, service.lien_source
        telephone, courriel = _phone(service), service.courriel
    else:
        source, ident, link = producer, f"{producer}--{service.id}", _page(guide, actor)
        telephone, courriel = _phone(service) or _phone(actor), service.courriel or actor.courriel
    day = service.date_verification or actor.date_verification
    return _full(
        SERVICE,
        {
            "source": source,
            "structure_id": structure["id"],
            "id": ident,
            "nom": nom,
            "description": description,
            "date_maj": day.isoformat(),
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
            "horaires_accueil": _hours(service),
            "telephone": telephone,
            "courriel": courriel,
            **({} if imported else _address(actor)),  # the guide keeps no address of its own
            "lien_source": link,
            "zone_eligibilite": list(service.zone_eligibilite) or None,
        },
    )
