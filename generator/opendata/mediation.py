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

from generator.opendata.di_read import ReadResult, UnreadableInput
from generator.opendata.incoming import (
    Incoming,
    clean_coordinates,
    clean_email,
    clean_hours,
    clean_line,
    clean_number,
    clean_pattern,
    clean_phone,
    clean_postal_code,
    clean_siret,
    clean_text,
    clean_url,
    controls_removed,
    french,
    label,
    slugify,
    without_empty,
)
from generator.schema.make import REFERENCE

SCHEMA_FILE = REFERENCE / "mediation-numerique-schema.json"
PRODUCER = "mediation-numerique"  # its name in data·inclusion, where its places are `source`
ESSENTIAL = ("nom", "date_maj")  # without them a row cannot be shown honestly
CLEANED_BY_THE_GUIDE = frozenset(
    {"telephone", "courriels", "site_web", "horaires", "latitude", "longitude", "code_insee",
     "code_postal", "fiche_acces_libre", "prise_rdv", "pivot"}
)  # fmt: skip
UNUSED_COLUMNS = (
    "typologie", "source", "itinerance", "structure_parente", "formations_labels",
    "autres_formations_labels",
)  # fmt: skip
FALLBACK_THEMATIQUE = "numerique--maitriser-les-fondamentaux-du-numerique"

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
        raise UnreadableInput(f"{path}: file not found — check the path") from None
    except UnicodeDecodeError:
        raise UnreadableInput(f"{path}: not UTF-8 text — save the table as UTF-8 CSV") from None
    except OSError as error:
        raise UnreadableInput(f"{path}: cannot be read ({error.strerror})") from None
    reader = csv.DictReader(io.StringIO(text))
    rules = table_fields()
    missing = [name for name in ESSENTIAL if name not in (reader.fieldnames or [])]
    if missing:
        raise UnreadableInput(
            f"{path}: not a médiation numérique table (schema v1.0.2): no column "
            f"{', '.join(missing)} in its first line"
        )
    result = ReadResult([], [])
    seen: dict[str, str] = {}
    line = reader.line_num + 1  # where the next row starts (a quoted value may hold lines)
    for row in reader:
        result.records += 1
        named = label(None, row.get("id"), row.get("nom"))
        where = f"{path.name} line {line}" + (f" ({named})" if named else "")
        line = reader.line_num + 1
        values, notes, refused = _checked_row(row, rules)
        ident = values.get("id")
        if refused:
            result.skipped.append(f"{where}: {refused}")
        elif ident and ident in seen:
            result.skipped.append(f"{where}: the id `{ident}` is already used by {seen[ident]}")
        else:
            seen[ident or where] = where
            incoming = incoming_place(where, values, notes)
            if isinstance(incoming, str):
                result.skipped.append(f"{where}: {incoming}")
            else:
                result.actors.append(incoming)
    return result


def _checked_row(
    row: dict[str, Any], rules: dict[str, TableField]
) -> tuple[dict[str, str], list[str], str | None]:
    """The row's values; notes for values left out; why the row is refused (no name or date).

    Values the guide checks itself (telephone, e-mails, web addresses, hours, coordinates)
    are passed on as they are: a good French number written 01 80 05 98 80 is not lost for
    lack of the table's +33 form."""
    values: dict[str, str] = {}
    notes: list[str] = []
    texts = {k: v for k, v in row.items() if isinstance(k, str) and isinstance(v, str)}
    if (removed := controls_removed(texts)) > 0:
        notes.append(f"{removed} invisible control character(s) removed from its texts")
    if extra := sorted(
        k for k, v in row.items() if k not in rules and k is not None and (v or "").strip()
    ):
        notes.append(f"not kept (not in the table schema): {', '.join(extra)}")
    for name, rule in rules.items():
        value = clean_text(row.get(name)) or ""
        if not value:
            if name in ESSENTIAL:
                return values, notes, f"`{name}` is required but empty"
            continue
        problem = None if name in CLEANED_BY_THE_GUIDE else field_problem(rule, value)
        if problem is None:
            values[name] = value
        elif name in ESSENTIAL:
            return values, notes, f"`{name}` {problem}: `{value}`"
        else:
            notes.append(f"{name}: `{value}` {problem}, left out")
    if unused := sorted(k for k in UNUSED_COLUMNS if values.get(k)):
        notes.append(f"not kept (the guide has no field for them): {', '.join(unused)}")
    return values, notes, None


def _split(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split("|") if part.strip()]


def incoming_place(where: str, row: dict[str, str], notes: list[str]) -> Incoming | str:
    """One place as an actor with one service per kind of help; a reason if it cannot be."""
    phone = clean_phone(row.get("telephone"), notes, "telephone")
    emails = [e for e in (clean_email(v, notes, "courriels") for v in _split(row.get("courriels")))]
    sites = [u for u in (clean_url(v, notes, "site_web") for v in _split(row.get("site_web")))]
    email = next((e for e in emails if e), None)
    website = next((u for u in sites if u), None)
    for name, found in (("courriels", emails), ("site_web", sites)):
        if len([v for v in found if v]) > 1:
            notes.append(f"{name}: the guide keeps the first of {len(found)}, {found[0]}")
    if not (phone or email or website or row.get("adresse")):
        return (
            "no address, telephone, e-mail or website: residents could neither find nor reach "
            "the place"
        )
    labels = _split(row.get("services"))
    helps = [label for label in labels if label in SERVICES]
    if unknown := [label for label in labels if label not in SERVICES]:
        notes.append(f"services: {', '.join(unknown)} not known to the guide, left out")
    pivot = (row.get("pivot") or "").replace(" ", "")
    osm, hours_text = clean_hours(row.get("horaires"))
    fields = without_empty(
        [
            ("nom", clean_line(row["nom"])),
            ("description", french(_description(row))),
            ("adresse", clean_line(row.get("adresse"))),
            ("complement_adresse", clean_line(row.get("complement_adresse"))),
            ("code_postal", clean_postal_code(row.get("code_postal"), notes, "code_postal")),
            (
                "code_insee",
                clean_pattern(
                    row.get("code_insee"), r"([0-9]{2}|2A|2B)[0-9]{3}", notes, "code_insee"
                ),
            ),
            ("commune", clean_line(row.get("commune"))),
            *clean_coordinates(dict(row), notes),
            ("telephone", phone),
            ("courriel", email),
            ("site_web", website),
            ("horaires_accueil", osm),
            ("horaires_accueil_texte", hours_text),
            (
                "accessibilite_lieu",
                clean_url(row.get("fiche_acces_libre"), notes, "fiche_acces_libre"),
            ),
            ("siret", clean_siret(pivot, notes, "pivot") if pivot.isdigit() else None),
            ("reseaux_porteurs", _programmes(row)),
            # Every place of this table offers digital help, whatever kind it is.
            ("thematiques", None if helps else [FALLBACK_THEMATIQUE]),
            ("source", PRODUCER if row.get("id") else None),
            ("source_id", row.get("id")),
        ]
    )
    if not helps:
        notes.append(
            f"no kind of help (`services`) the guide knows: placed under {FALLBACK_THEMATIQUE}, "
            "as every place of this table helps with computers"
        )
    incoming = Incoming(
        origin=where,
        ident=slugify(row["nom"]) or slugify(row.get("id", "")) or "lieu",
        date_verification=date.fromisoformat(row["date_maj"]),
        fields=fields,
        notes=notes,
    )
    base = _service_fields(row, notes)
    for help_label in helps:
        incoming.services.append(
            {
                "id": slugify(help_label),
                "nom": {"fr": help_label},
                "thematiques": SERVICES[help_label],
                **base,
            }
        )
    return incoming


def _description(row: dict[str, str]) -> str | None:
    """The short presentation, then the detailed one: both when both are given."""
    parts = [clean_text(row.get("presentation_resume")), clean_text(row.get("presentation_detail"))]
    kept = [p for p in dict.fromkeys(parts) if p]
    return "\n\n".join(kept) or None


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
