"""The national "lieux de médiation numérique" CSV (table schema v1.0.2) read as actors.

Each row is checked against the table schema (generator/reference/mediation-numerique-schema.json,
copied unchanged from LaMednum/standard-mediation-num, Licence Ouverte): a row missing a
required value is skipped; an optional value that breaks its rule is left out and noted. Each
kind of help the place offers (`services`) becomes one service of the actor.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from generator.opendata.datainclusion import OpenDataError, ReadResult
from generator.opendata.incoming import (
    Incoming,
    clean_email,
    clean_hours,
    clean_number,
    clean_pattern,
    clean_phone,
    clean_text,
    clean_url,
    french,
    slugify,
    without_empty,
)
from generator.schema.make import REFERENCE

SCHEMA_FILE = REFERENCE / "mediation-numerique-schema.json"
DESCRIPTION_MAX = 600  # a short text reads better in the guide than the long presentation

SERVICES = {
    "Aide aux démarches administratives": [
        "difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives",
        "numerique--acceder-a-des-services-en-ligne",
    ],
    "Maîtrise des outils numériques du quotidien": [
        "numerique--maitriser-les-fondamentaux-du-numerique"
    ],
    "Insertion professionnelle via le numérique": [
        "numerique--maitriser-les-fondamentaux-du-numerique",
        "preparer-sa-candidature--organiser-ses-demarches-de-recherche-demploi",
    ],
    "Utilisation sécurisée du numérique": ["numerique--maitriser-les-fondamentaux-du-numerique"],
    "Parentalité et éducation avec le numérique": [
        "numerique--maitriser-les-fondamentaux-du-numerique",
        "famille--soutien-a-la-parentalite-et-a-leducation",
    ],
    "Loisirs et créations numériques": ["numerique--maitriser-les-fondamentaux-du-numerique"],
    "Compréhension du monde numérique": ["numerique--maitriser-les-fondamentaux-du-numerique"],
    "Accès internet et matériel informatique": ["numerique--acceder-a-une-connexion-internet"],
    "Acquisition de matériel informatique à prix solidaire": ["numerique--acquerir-un-equipement"],
}
PUBLICS = {
    "Jeunes": "jeunes",
    "Étudiants": "etudiants",
    "Familles et/ou enfants": "familles",
    "Seniors": "seniors",
    "Femmes": "femmes",
}
MOBILISATION = {
    "Se présenter": "se-presenter",
    "Téléphoner": "telephoner",
    "Contacter par mail": "envoyer-un-courriel",
    "Prendre un RDV en ligne": "utiliser-lien-mobilisation",
    "Envoyer un mail avec une fiche de prescription": "envoyer-un-courriel",
}
PROGRAMMES = {
    "Aidants Connect": "aidants-connect",
    "Conseillers numériques": "conseillers-numeriques",
    "France Services": "france-service",
    "La Croix Rouge": "croix-rouge",
    "Point d'accès numérique CAF": "caf",
}


@dataclass(frozen=True, slots=True)
class TableField:
    name: str
    type: str
    required: bool
    pattern: re.Pattern[str] | None
    max_length: int | None


@cache
def table_fields() -> dict[str, TableField]:
    """The table schema's fields and their rules."""
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    fields = {}
    for entry in schema["fields"]:
        rules = entry.get("constraints", {})
        pattern = rules.get("pattern")
        fields[entry["name"]] = TableField(
            entry["name"],
            entry.get("type", "string"),
            bool(rules.get("required")),
            re.compile(pattern) if pattern else None,
            rules.get("maxLength"),
        )
    return fields


def field_problem(rule: TableField, value: str) -> str | None:
    """Why a non-empty value breaks its field's rule, or None."""
    if rule.pattern is not None and not rule.pattern.fullmatch(value):
        return "does not follow the schema's pattern"
    if rule.max_length is not None and len(value) > rule.max_length:
        return f"is longer than {rule.max_length} characters"
    if rule.type == "number" and clean_number(value, float("-inf"), float("inf")) is None:
        return "is not a number"
    if rule.type == "date":
        try:
            date.fromisoformat(value)
        except ValueError:
            return "is not a date (YYYY-MM-DD)"
    return None


def read_mediation(path: Path) -> ReadResult:
    """The places of a médiation numérique CSV file as actors; rows that cannot be used, why."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise OpenDataError(f"{path}: file not found") from None
    except (OSError, UnicodeDecodeError) as error:
        raise OpenDataError(f"{path}: cannot be read as UTF-8 text ({error})") from None
    reader = csv.DictReader(io.StringIO(text))
    rules = table_fields()
    missing = [
        name
        for name, rule in rules.items()
        if rule.required and name not in (reader.fieldnames or [])
    ]
    if missing:
        raise OpenDataError(
            f"{path}: not a médiation numérique table: no column {', '.join(missing)}"
        )
    actors: list[Incoming] = []
    skipped: list[str] = []
    seen: set[str] = set()
    for row in reader:
        where = f"{path.name}, line {reader.line_num}"
        values, notes, refused = _checked_row(row, rules)
        if refused:
            skipped.append(f"{where}: {refused}")
        elif values["id"] in seen:
            skipped.append(f"{where}: the id `{values['id']}` is used twice in the file")
        else:
            seen.add(values["id"])
            incoming = incoming_place(where, values, notes)
            if isinstance(incoming, str):
                skipped.append(f"{where}: {incoming}")
            else:
                actors.append(incoming)
    return ReadResult(actors, skipped)


def _checked_row(
    row: dict[str, Any], rules: dict[str, TableField]
) -> tuple[dict[str, str], list[str], str | None]:
    """The row's valid values; notes for optional values left out; why the row is refused."""
    values: dict[str, str] = {}
    notes: list[str] = []
    for name, rule in rules.items():
        value = (row.get(name) or "").strip()
        if not value:
            if rule.required:
                return values, notes, f"`{name}` is required but empty"
            continue
        problem = field_problem(rule, value)
        if problem is None:
            values[name] = value
        elif rule.required:
            return values, notes, f"`{name}` {problem}: `{value}`"
        else:
            notes.append(f"{name}: `{value}` {problem}, left out")
    return values, notes, None


def _split(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split("|") if part.strip()]


def incoming_place(where: str, row: dict[str, str], notes: list[str]) -> Incoming | str:
    """One place as an actor with one service per kind of help; a reason if it cannot be."""
    phone = clean_phone(row.get("telephone"), notes, "telephone")
    email = next(
        (
            e
            for e in (clean_email(v, notes, "courriels") for v in _split(row.get("courriels")))
            if e
        ),
        None,
    )
    website = next(
        (u for u in (clean_url(v, notes, "site_web") for v in _split(row.get("site_web"))) if u),
        None,
    )
    if not (phone or email or website):
        return "no telephone, e-mail or website: the guide needs a way to contact the place"
    helps = [label for label in _split(row.get("services")) if label in SERVICES]
    if not helps:
        return "no kind of help (`services`) that the guide can show"
    description = _description(row, helps)
    latitude = clean_number(row.get("latitude"), -90, 90)
    longitude = clean_number(row.get("longitude"), -180, 180)
    coordinates = (
        [("latitude", latitude), ("longitude", longitude)]
        if latitude is not None and longitude is not None
        else []
    )
    pivot = row.get("pivot", "")
    fields = without_empty(
        [
            ("nom", clean_text(row["nom"])),
            ("description", {"fr": description}),
            ("adresse", clean_text(row["adresse"])),
            ("complement_adresse", clean_text(row.get("complement_adresse"))),
            ("code_postal", row["code_postal"]),
            (
                "code_insee",
                clean_pattern(
                    row.get("code_insee"), r"([0-9]{2}|2A|2B)[0-9]{3}", notes, "code_insee"
                ),
            ),
            ("commune", clean_text(row["commune"])),
            *coordinates,
            ("telephone", phone),
            ("courriel", email),
            ("site_web", website),
            ("horaires_accueil", clean_hours(row.get("horaires"), notes, "horaires")),
            (
                "accessibilite_lieu",
                clean_url(row.get("fiche_acces_libre"), notes, "fiche_acces_libre"),
            ),
            ("siret", pivot if re.fullmatch(r"[0-9]{14}", pivot) else None),
            ("reseaux_porteurs", _programmes(row)),
        ]
    )
    incoming = Incoming(
        origin=where,
        ident=slugify(row["nom"]) or slugify(row["id"]),
        date_verification=date.fromisoformat(row["date_maj"]),
        fields=fields,
        notes=notes,
    )
    base = _service_fields(row, notes)
    for label in helps:
        incoming.services.append(
            {
                "id": slugify(f"{incoming.ident} {label}"),
                "nom": {"fr": label},
                "thematiques": SERVICES[label],
                **base,
            }
        )
    return incoming


def _description(row: dict[str, str], helps: list[str]) -> str:
    text = clean_text(row.get("presentation_resume")) or clean_text(row.get("presentation_detail"))
    if text:
        return text if len(text) <= DESCRIPTION_MAX else text[: DESCRIPTION_MAX - 1] + "…"
    return f"Lieu de médiation numérique : {_listing(helps).lower()}."


def _listing(labels: list[str]) -> str:
    """`Gratuit sous condition, payant`: labels of the schema's lists in a sentence."""
    return ", ".join([labels[0], *(label[:1].lower() + label[1:] for label in labels[1:])])


def _programmes(row: dict[str, str]) -> list[str]:
    found = [
        PROGRAMMES[p] for p in _split(row.get("dispositif_programmes_nationaux")) if p in PROGRAMMES
    ]
    return list(dict.fromkeys(found))


def _service_fields(row: dict[str, str], notes: list[str]) -> dict[str, Any]:
    """What every service of the place shares: publics, fees, how to come."""
    ways = _split(row.get("modalites_acces"))
    booking = clean_url(row.get("prise_rdv"), notes, "prise_rdv")
    modes = [MOBILISATION[w] for w in ways if w in MOBILISATION]
    if "utiliser-lien-mobilisation" in modes and booking is None:
        modes.remove("utiliser-lien-mobilisation")
    by = []
    if any(
        w != "Envoyer un mail avec une fiche de prescription" for w in ways if w in MOBILISATION
    ):
        by.append("usagers")
    if "Envoyer un mail avec une fiche de prescription" in ways:
        by.append("professionnels")
    support = _split(row.get("modalites_accompagnement"))
    reception = []
    if any(s != "À distance" for s in support):
        reception.append("en-presentiel")
    if "À distance" in support:
        reception.append("a-distance")
    fees = _split(row.get("frais_a_charge"))
    frais = "gratuit" if any(f.startswith("Gratuit") for f in fees) else "payant" if fees else None
    care = _split(row.get("prise_en_charge_specifique"))
    publics = [
        PUBLICS[p] for p in _split(row.get("publics_specifiquement_adresses")) if p in PUBLICS
    ]
    return without_empty(
        [
            ("publics", list(dict.fromkeys(publics)) or ["tous-publics"]),
            (
                "publics_precisions",
                french(f"Accompagnement adapté : {_listing(care).lower()}.") if care else None,
            ),
            ("frais", frais),
            ("frais_precisions", french(_listing(fees)) if fees not in ([], ["Gratuit"]) else None),
            ("modes_accueil", reception),
            ("modes_mobilisation", list(dict.fromkeys(modes))),
            ("mobilisable_par", by),
            ("lien_mobilisation", booking),
        ]
    )
