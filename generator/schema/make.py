"""Build the published JSON Schema of actors.yaml from the data·inclusion reference lists.

`make schema` rewrites `generator/schema/actors.schema.json`; a test checks
the committed file is current. Descriptions are in French: editors read them in their editor
(VS Code with the YAML extension shows them on hover and completes the listed values).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REFERENCE = HERE.parent / "reference"
SCHEMA_PATH = HERE / "actors.schema.json"
SCHEMA_ID = "https://qui-fait-quoi.example.org/schema/actors.schema.json"

ID_PATTERN = "^[a-z0-9]+(-[a-z0-9]+)*$"
TAG_PATTERN = "^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$"
DATE_PATTERN = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
SOURCE_HASH_PATTERN = "^[0-9a-f]{8}$"  # generator.model.source_hash, SOURCE_HASH_LENGTH digits
# data·inclusion's zone_eligibilite codes: commune or département, EPCI, country, or "france".
ZONE_PATTERN = "^([0-9A-Za-z]{2,3}|[0-9A-Za-z]{5}|[0-9]{9}|france)$"
SUMMARY_LENGTH = 280  # characters of a `resume`: about 20 seconds of speech
ICON_PATTERN = "^(material|fontawesome/solid|fontawesome/regular|octicons|simple)/[a-z0-9-]+$"

# data·inclusion v1 reference list for each enumerated field.
ENUMS = {
    "Thematique": "thematiques.json",
    "Public": "publics.json",
    "Frais": "frais.json",
    "ModeAccueil": "modes-accueil.json",
    "ModeMobilisation": "modes-mobilisation.json",
    "TypeService": "types-de-services.json",
    "ReseauPorteur": "reseaux-porteurs.json",
    "PersonneMobilisatrice": "personnes-mobilisatrices.json",
}


def read_reference(name: str) -> list[dict[str, Any]]:
    """One data·inclusion reference list: [{value, label, description}, …]."""
    return json.loads((REFERENCE / name).read_text(encoding="utf-8"))


def enum_def(file: str, description: str) -> dict[str, Any]:
    entries = read_reference(file)
    return {
        "type": "string",
        "description": description,
        "enum": [entry["value"] for entry in entries],
        "markdownEnumDescriptions": [entry["label"] for entry in entries],
    }


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/$defs/{name}"}


def text(description: str) -> dict[str, Any]:
    return {"type": "string", "minLength": 1, "description": description}


def list_of(name: str, description: str, min_items: int = 1) -> dict[str, Any]:
    return {
        "type": "array",
        "description": description,
        "items": ref(name),
        "minItems": min_items,
        "uniqueItems": True,
    }


def translated(description: str) -> dict[str, Any]:
    return {**ref("Texte"), "description": description}


def hours_text(whose: str) -> dict[str, Any]:
    return translated(
        f"Horaires {whose} en texte libre, tels que la source les écrit (ex. : « du lundi au "
        "vendredi de 9h à 12h »). Montrés et lus quand horaires_accueil ne les donne pas au "
        "format OpenStreetMap ; toujours gardés comme source."
    )


def summary(whose: str) -> dict[str, Any]:
    return translated(
        f"Résumé {whose} en une ou deux phrases courtes (au plus {SUMMARY_LENGTH} caractères). "
        "Dit en premier dans le clip audio et montré sur les pages des besoins et les "
        "dépliants ; la description entière reste sur la fiche. Champ propre au guide (pas "
        "dans data·inclusion v1)."
    )


def spoken_languages(whose: str) -> dict[str, Any]:
    return {
        "type": "array",
        "description": f"Langues parlées à l'accueil {whose} (codes de langue).",
        "items": ref("Langue"),
        "uniqueItems": True,
    }


def origin_fields(whose: str) -> dict[str, Any]:
    """Where an imported record comes from: kept so that a re-import finds it again and the
    export gives the producer's own identifiers back."""
    return {
        "source": text(
            f"Producteur de la donnée {whose} (champ data·inclusion source, ex. : dora). "
            "Écrit par l'import : ne le changez pas."
        ),
        "source_id": text(
            f"Identifiant {whose} chez le producteur (champ data·inclusion id, ex. : "
            "dora--734). Écrit par l'import : ne le changez pas."
        ),
        "lien_source": {
            **ref("Url"),
            "description": f"Lien vers la fiche {whose} sur le site du producteur.",
        },
    }


def build_schema() -> dict[str, Any]:
    """The whole schema as a dict."""
    defs: dict[str, Any] = {
        "Identifiant": {
            "type": "string",
            "pattern": ID_PATTERN,
            "maxLength": 80,
            "description": "Identifiant stable : minuscules sans accents, chiffres et tirets. "
            "Il apparaît dans les adresses des pages et les QR codes : ne le changez plus.",
            "patternErrorMessage": "minuscules, chiffres et tirets (ex. : caf-tilleuls)",
        },
        "Langue": {
            "type": "string",
            "pattern": TAG_PATTERN,
            "description": "Code de langue BCP 47 (fr, en, ar, fa-AF pour le dari, ps, ti, uk…).",
            "patternErrorMessage": "code de langue BCP 47, ex. : fr, ar, fa-AF",
        },
        "Date": {
            "type": "string",
            "pattern": DATE_PATTERN,
            "description": "Date au format AAAA-MM-JJ, ex. : 2026-10-15.",
            "patternErrorMessage": "date au format AAAA-MM-JJ, ex. : 2026-10-15",
        },
        "Horaires": text(
            "Horaires au format OpenStreetMap opening_hours, "
            "ex. : Mo-Fr 09:00-12:00,14:00-17:00; PH off"
        ),
        "Telephone": text("Numéro de téléphone, ex. : 02 61 91 00 12 ou 3230."),
        "Courriel": text("Adresse électronique, ex. : contact@example.org."),
        "Url": {**text("Adresse web complète, commençant par https://."), "format": "uri"},
        "Moteur": {
            "type": "string",
            "enum": ["recorded", "gtts", "espeak"],
            "description": "recorded : enregistrement humain (audio/recorded/<langue>/<id>.mp3) ; "
            "gtts : voix Google (internet) ; espeak : eSpeak NG, hors ligne.",
        },
        "Traduction": {
            "type": ["string", "object"],
            "description": "Le texte dans cette langue, ou {text: …, machine: true} pour une "
            'traduction automatique pas encore relue. La forme {text: …, source: "…"} retient '
            "de quel texte français la traduction a été faite : si le français change ensuite, "
            "la traduction est signalée « faite à partir d'un ancien texte français ».",
            "minLength": 1,
            "properties": {
                "text": text("Le texte traduit."),
                "machine": {
                    "type": "boolean",
                    "description": "true : traduction automatique, pas encore relue par une "
                    "personne qui parle la langue. Enlevez cette ligne après relecture.",
                },
                "source": {
                    "type": "string",
                    "pattern": SOURCE_HASH_PATTERN,
                    "description": "Empreinte courte (8 caractères) du texte français à partir "
                    "duquel cette traduction a été faite. Écrite par "
                    "« .venv/bin/python -m generator "
                    "translations import » ou « translations stamp » : ne la tapez pas à la main. "
                    "Si elle ne correspond plus au texte français actuel, la traduction est à "
                    "revoir.",
                    "patternErrorMessage": "8 caractères hexadécimaux écrits par la commande "
                    'translations (ex. : "3fa81c2e")',
                },
            },
            "required": ["text"],
            "additionalProperties": False,
        },
        "Prononciation": {
            "type": ["string", "object"],
            "description": "fr : dit par la voix française, tel qu'écrit. Ou une orthographe "
            'par langue, lue par la voix de cette langue dans son clip : {fr: "améli", ar: '
            '"أميلي"} (fr : ce que lit la voix française, dans les autres langues aussi).',
            "minLength": 1,
            "propertyNames": ref("Langue"),
            "additionalProperties": text("Comment l'écrire pour que la voix le dise bien."),
        },
        "Texte": {
            "type": "object",
            "description": "Texte traduisible : une entrée par langue, le français (fr) est "
            "obligatoire.",
            "propertyNames": ref("Langue"),
            "required": ["fr"],
            "properties": {"fr": text("Le texte en français (obligatoire).")},
            "additionalProperties": ref("Traduction"),
        },
        **{
            name: enum_def(file, f"Valeur de la liste data·inclusion « {file[:-5]} ».")
            for name, file in ENUMS.items()
        },
    }
    guide = {
        "type": "object",
        "description": "Réglages du guide.",
        "required": ["territory", "default_language", "languages"],
        "additionalProperties": False,
        "properties": {
            "territory": text("Le territoire couvert, ex. : Quartier des Tilleuls — Ville."),
            "site_url": {
                **ref("Url"),
                "description": "Adresse publique du site, ex. : https://guide.example.org/ "
                "(utilisée dans les QR codes).",
            },
            "default_language": ref("Langue"),
            "languages": {
                "type": "array",
                "description": "Langues du guide, codes BCP 47. fa-AF est le dari.",
                "items": ref("Langue"),
                "minItems": 1,
                "uniqueItems": True,
            },
            "audio": {
                "type": "object",
                "description": "Voix des clips audio : moteurs essayés dans l'ordre, par langue.",
                "additionalProperties": False,
                "properties": {
                    "engines": {
                        **list_of("Moteur", "Ordre des moteurs pour toutes les langues."),
                        "default": ["recorded", "gtts", "espeak"],
                    },
                    "languages": {
                        "type": "object",
                        "description": "Ordre des moteurs pour une langue, ex. : ar: [recorded, "
                        "espeak].",
                        "propertyNames": ref("Langue"),
                        "additionalProperties": list_of("Moteur", "Ordre des moteurs."),
                    },
                    "pronunciation": {
                        "type": "object",
                        "description": "Comment les clips disent les sigles et les noms "
                        "français, dans toutes les langues : « CAF: fr » (dit par la voix "
                        'française, tel qu\'écrit), « CPAM: {fr: "cé pé a èm"} » (dit par la '
                        'voix française, de cette façon), « Ameli: {ar: "أميلي"} » (dans le '
                        "clip arabe, lu par la voix arabe ; ailleurs, la voix française). Mot "
                        "entier ; un sigle en majuscules est cherché tel quel.",
                        "propertyNames": {"type": "string", "minLength": 1, "maxLength": 60},
                        "additionalProperties": ref("Prononciation"),
                    },
                },
            },
            "verification_max_age_months": {
                "type": "integer",
                "minimum": 1,
                "maximum": 60,
                "default": 12,
                "description": "Au-delà de ce nombre de mois sans vérification, une fiche est "
                "signalée « peut-être plus à jour ».",
            },
        },
    }
    theme = {
        "type": "object",
        "description": "Un besoin que reconnaît un habitant ; le site et les dépliants sont "
        "organisés par besoin.",
        "required": ["id", "title", "thematiques"],
        "additionalProperties": False,
        "properties": {
            "id": ref("Identifiant"),
            "icon": {
                "type": "string",
                "pattern": ICON_PATTERN,
                "description": "Pictogramme, ex. : material/scale-balance "
                "(https://pictogrammers.com/library/mdi/).",
            },
            "title": translated("Titre du besoin, dans chaque langue."),
            "description": translated("Une phrase qui explique ce besoin."),
            "thematiques": list_of(
                "Thematique", "Thématiques data·inclusion que ce besoin regroupe."
            ),
        },
    }
    service = {
        "type": "object",
        "description": "Un service rendu par l'acteur (champs du schéma data·inclusion v1).",
        "required": ["id", "nom"],
        "additionalProperties": False,
        "properties": {
            "id": ref("Identifiant"),
            "nom": translated("Nom du service."),
            "description": translated("Ce que fait le service, en phrases courtes."),
            "resume": summary("du service"),
            "type": ref("TypeService"),
            "thematiques": list_of("Thematique", "Thématiques data·inclusion du service."),
            "publics": list_of("Public", "À qui s'adresse le service."),
            "publics_precisions": translated("Précisions sur les publics."),
            "frais": ref("Frais"),
            "frais_precisions": translated("Précisions sur le prix."),
            "modes_accueil": list_of("ModeAccueil", "Sur place et/ou à distance."),
            "modes_mobilisation": list_of(
                "ModeMobilisation",
                "Comment venir : se-presenter seul = sans rendez-vous.",
            ),
            "mobilisable_par": list_of("PersonneMobilisatrice", "Qui peut solliciter le service."),
            "mobilisation_precisions": translated("Précisions sur la façon de venir."),
            "lien_mobilisation": ref("Url"),
            "conditions_acces": translated("Conditions d'accès, ex. : sans rendez-vous le mardi."),
            "horaires_accueil": {
                **ref("Horaires"),
                "description": "Horaires propres au service (remplacent ceux de l'acteur).",
            },
            "horaires_accueil_texte": hours_text("du service"),
            "telephone": ref("Telephone"),
            "courriel": ref("Courriel"),
            "langues_parlees": spoken_languages(
                "de ce service, quand ce ne sont pas celles de l'acteur (champ propre au guide)"
            ),
            "zone_eligibilite": {
                "type": "array",
                "description": "Zone d'éligibilité data·inclusion, gardée telle que la source "
                "la donne : codes INSEE de communes, de départements (35, 2A), d'EPCI (9 "
                "chiffres), de pays (99100) ou france.",
                "items": {"type": "string", "pattern": ZONE_PATTERN},
                "minItems": 1,
                "uniqueItems": True,
            },
            **origin_fields("du service"),
            "date_verification": {
                **ref("Date"),
                "description": "Date de mise à jour propre au service, quand la source en donne "
                "une (AAAA-MM-JJ) ; sinon celle de l'acteur.",
            },
        },
    }
    actor = {
        "type": "object",
        "description": "Un acteur du territoire (structure au sens data·inclusion).",
        "required": ["id", "nom", "date_verification"],
        "additionalProperties": False,
        "properties": {
            "id": ref("Identifiant"),
            "nom": text("Nom de la structure, ex. : France Services des Tilleuls."),
            "description": translated("Ce que fait la structure, en phrases courtes."),
            "resume": summary("de la structure"),
            "adresse": text("Numéro et rue, ex. : 3 place des Tilleuls."),
            "complement_adresse": text("Bâtiment, étage…"),
            "code_postal": {
                "type": "string",
                "pattern": "^[0-9]{5}$",
                "description": 'Code postal entre guillemets, ex. : "44600".',
                "patternErrorMessage": '5 chiffres entre guillemets, ex. : "44600"',
            },
            "code_insee": {"type": "string", "pattern": "^([0-9]{2}|2A|2B)[0-9]{3}$"},
            "commune": text("Commune."),
            "secteur": {
                **text(
                    "Secteur du lieu, si les dépliants d'un grand territoire se découpent par "
                    "secteur plutôt que par commune, ex. : Rennes Nord. Facultatif."
                ),
                "maxLength": 60,
            },
            "latitude": {"type": "number", "minimum": -90, "maximum": 90},
            "longitude": {"type": "number", "minimum": -180, "maximum": 180},
            "telephone": ref("Telephone"),
            "courriel": ref("Courriel"),
            "site_web": ref("Url"),
            "horaires_accueil": ref("Horaires"),
            "horaires_accueil_texte": hours_text("de l'acteur"),
            "langues_parlees": spoken_languages("du lieu"),
            "accessibilite_lieu": {
                **ref("Url"),
                "description": "Lien vers la fiche acceslibre du lieu.",
            },
            "siret": {"type": "string", "pattern": "^[0-9]{14}$"},
            "reseaux_porteurs": list_of("ReseauPorteur", "Réseaux dont fait partie la structure."),
            "thematiques": list_of(
                "Thematique",
                "Thématiques data·inclusion de l'acteur lui-même : elles le placent sous les "
                "besoins correspondants, même sans service décrit.",
            ),
            **origin_fields("de la structure"),
            "date_verification": {
                **ref("Date"),
                "description": "Date à laquelle quelqu'un a vérifié ces informations (AAAA-MM-JJ).",
            },
            "services": {
                "type": "array",
                "description": "Les services rendus par l'acteur.",
                "items": ref("Service"),
            },
        },
    }
    defs.update({"Guide": guide, "Theme": theme, "Service": service, "Actor": actor})
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "Guide « qui fait quoi » : actors.yaml",
        "description": "Qui fait quoi dans le quartier : réglages, besoins (themes) et acteurs. "
        "Champs nommés comme le schéma data·inclusion v1.",
        "type": "object",
        "required": ["guide", "themes", "actors"],
        "additionalProperties": False,
        "properties": {
            "guide": ref("Guide"),
            "themes": {
                "type": "array",
                "description": "Les besoins, dans l'ordre où le site les présente.",
                "items": ref("Theme"),
            },
            "actors": {
                "type": "array",
                "description": "Les acteurs du territoire.",
                "items": ref("Actor"),
            },
        },
        "$defs": defs,
    }


def render_schema() -> str:
    return json.dumps(build_schema(), ensure_ascii=False, indent=2) + "\n"


def load_schema() -> dict[str, Any]:
    """The committed schema, as the validator uses it."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


if __name__ == "__main__":
    SCHEMA_PATH.write_text(render_schema(), encoding="utf-8")
    print(f"wrote {SCHEMA_PATH}")
