"""Stage 2, validate, first pass: the published JSON Schema (shape, required fields,
data·inclusion lists), each error located and said in an editor's words with how to fix it.

A compiled (Rust) validator says in milliseconds whether the file is valid, which is the usual
case; only a file with mistakes goes through the Python validator, whose errors are explained
here one by one. generator/validate.py runs this pass before the checks a schema cannot
express.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from functools import cache
from typing import Any

import jsonschema
import jsonschema_rs

from generator.errors import Problem, Severity
from generator.languages import language_name, suggest_tag
from generator.load import PathKey, Source
from generator.schema.make import load_schema

REFERENCE_LIST_OF_FIELD = {
    "thematiques": "thematiques.json",
    "publics": "publics.json",
    "frais": "frais.json",
    "modes_accueil": "modes-accueil.json",
    "modes_mobilisation": "modes-mobilisation.json",
    "type": "types-de-services.json",
    "reseaux_porteurs": "reseaux-porteurs.json",
    "mobilisable_par": "personnes-mobilisatrices.json",
}
# What a value of each patterned field looks like, for "how to fix".
PATTERN_HINTS = {
    "id": ("id", "lower-case letters without accents, digits and dashes, e.g. caf-tilleuls"),
    "language": ("language code", "a BCP 47 language code such as fr, ar, uk or fa-AF"),
    "date_verification": ("date", "the date as YYYY-MM-DD, e.g. 2026-10-15"),
    "code_postal": ("postal code", 'the 5 digits in double quotes, e.g. "44600"'),
    "code_insee": ("INSEE code", 'the 5 characters in double quotes, e.g. "44184"'),
    "siret": ("SIRET number", "the 14 digits with no space"),
    "icon": ("pictogram name", "material/<name>, e.g. material/scale-balance"),
    "source": (
        "source hash",
        "nothing by hand: remove `source` and let "
        "`.venv/bin/python -m generator translations stamp` "
        "record it",
    ),
}
# An example value for each required field, for "how to fix" when it is missing.
MISSING_HINTS = {
    "id": "un-identifiant (lower-case letters, digits and dashes)",
    "nom": '"…" (the name)',
    "description": '{fr: "…"} (what they do, in French at least)',
    "date_verification": "YYYY-MM-DD (the day someone checked these facts)",
    "thematiques": "[…] (data·inclusion thematiques, see generator/reference/thematiques.json)",
    "title": '{fr: "…"}',
    "territory": '"…" (the neighbourhood and town)',
    "default_language": "fr",
    "languages": "[fr, en, ar]",
    "guide": "(the guide's settings, see the sample actors.yaml)",
    "themes": "(the list of needs, see the sample actors.yaml)",
    "actors": "(the list of actors, see the sample actors.yaml)",
    "text": '"…" (the translated text)',
}
JSON_TYPES = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a block of fields",
    "null": "empty",
}


@cache
def _schema_validator() -> jsonschema.protocols.Validator:
    schema = load_schema()
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


@cache
def _fast_schema_validator() -> Any:
    """The same schema in a compiled (Rust) validator: it only says valid or not; the Python
    validator then explains each error, which only a file with mistakes needs."""
    return jsonschema_rs.validator_for(load_schema())


def problem_at(
    source: Source,
    path: PathKey,
    message: str,
    fix: str,
    *,
    key: bool = False,
    severity: Severity = Severity.ERROR,
) -> Problem:
    position = source.position(path, key=key)
    return Problem(
        source.file,
        position.line,
        position.column,
        source.describe(path),
        message,
        fix,
        severity,
    )


def schema_problems(source: Source) -> Iterator[Problem]:
    if source.data is None:
        yield problem_at(
            source,
            (),
            "the file is empty",
            "start from the sample actors.yaml: it needs `guide:`, `themes:` and `actors:`",
        )
        return
    if _fast_schema_validator().is_valid(source.data):
        return  # the usual case, in milliseconds even for thousands of actors
    for error in _schema_validator().iter_errors(source.data):
        yield from _explain(source, error)


def _explain(source: Source, error: jsonschema.ValidationError) -> Iterator[Problem]:
    path: PathKey = tuple(error.absolute_path)
    kind = error.validator
    schema = error.schema if isinstance(error.schema, dict) else {}
    instance = error.instance
    if "propertyNames" in error.absolute_schema_path:
        yield problem_at(
            source,
            (*path, str(instance)),
            f"`{instance}` is not a language code",
            f"write `{meant}:` ({language_name(meant)})"
            if (meant := suggest_tag(str(instance)))
            else "write the text under a BCP 47 language code such as fr, en, ar or fa-AF",
            key=True,
        )
    elif kind == "required":
        for name in error.validator_value:
            if isinstance(instance, dict) and name not in instance:
                yield _missing(source, path, name, schema)
    elif kind == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        for name in instance:
            if name not in allowed:
                yield _unknown_key(source, path, name, allowed)
    elif kind == "type":
        yield _wrong_type(source, path, instance, error.validator_value)
    elif kind == "enum":
        yield _not_in_list(source, path, instance, list(error.validator_value))
    elif kind == "pattern":
        yield _bad_pattern(source, path, instance)
    elif kind == "minItems":
        yield problem_at(source, path, "the list is empty", "add at least one value")
    elif kind == "uniqueItems":
        repeated = sorted({str(v) for v in instance if instance.count(v) > 1})
        yield problem_at(
            source,
            path,
            f"{', '.join(f'`{v}`' for v in repeated)} is listed twice",
            "keep each value once",
        )
    elif kind == "minLength":
        yield problem_at(source, path, "this text is empty", "write the text, or remove the line")
    elif kind == "maxLength":
        yield problem_at(
            source,
            path,
            "this value is too long",
            f"use at most {error.validator_value} characters",
        )
    elif kind in ("minimum", "maximum"):
        low, high = schema.get("minimum"), schema.get("maximum")
        yield problem_at(
            source, path, f"`{instance}` is out of range", f"write a number from {low} to {high}"
        )
    else:  # a keyword this module does not phrase yet: still located, still all at once
        yield problem_at(source, path, error.message, "see the schema description of this field")


def _bad_pattern(source: Source, path: PathKey, value: Any) -> Problem:
    field = next((step for step in reversed(path) if isinstance(step, str)), "")
    if field in ("languages", "langues_parlees", "default_language"):
        field = "language"
    what, hint = PATTERN_HINTS.get(field, ("value", "see the example in the sample actors.yaml"))
    fix = f"write {hint}"
    if field == "language" and isinstance(value, str) and (meant := suggest_tag(value)):
        fix = f"write `{meant}` ({language_name(meant)})"
    return problem_at(source, path, f"`{value}` is not a valid {what}", fix)


def _missing(source: Source, path: PathKey, name: str, schema: dict[str, Any]) -> Problem:
    if name == "fr" and path and path[-1] != "guide":
        return problem_at(
            source,
            path,
            "the French text (`fr`) is missing",
            'add `fr: "…"`: French is the source of every translation',
        )
    example = MISSING_HINTS.get(name, "…")
    return problem_at(source, path, f"`{name}` is missing", f"add `{name}: {example}`")


def _fields_of(definition: str) -> set[str]:
    return set(_schema_validator().schema["$defs"][definition]["properties"])


def _unknown_key(source: Source, path: PathKey, name: str, allowed: list[str]) -> Problem:
    close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
    in_actor = len(path) == 2 and path[0] == "actors"
    in_service = len(path) == 4 and path[0] == "actors" and path[2] == "services"
    if in_actor and name in _fields_of("Service"):
        fix = (
            f"`{name}` belongs to a service: indent it like the other fields of the service "
            "above (under `services:`)"
        )
    elif in_service and name in _fields_of("Actor"):
        fix = f"`{name}` belongs to the actor, not to a service: indent it like `nom:` of the actor"
    elif close:
        fix = f"did you mean `{close[0]}`?"
    else:
        fix = f"remove it, or use one of: {', '.join(allowed)}"
    return problem_at(source, (*path, name), f"unknown field `{name}`", fix, key=True)


def _wrong_type(source: Source, path: PathKey, instance: Any, expected: Any) -> Problem:
    wanted = [expected] if isinstance(expected, str) else list(expected)
    said = " or ".join(JSON_TYPES.get(w, w) for w in wanted)
    got = _describe(instance)
    if "string" in wanted and isinstance(instance, (int, float)) and not isinstance(instance, bool):
        fix = f'put it in double quotes: "{instance}"'
    elif "object" in wanted and path and path[-1] == "pronunciation":
        fix = "write one name per line, then how to say it: `CAF: fr`"
    elif "object" in wanted and path and isinstance(path[-1], int):
        fix = "start the item with `- id: …` and write its fields on the lines below, indented"
    elif "object" in wanted and path and isinstance(instance, str):
        fix = f'give the language of the text: `{path[-1]}: {{fr: "{shorten(instance)}"}}`'
    elif "array" in wanted and isinstance(instance, str):
        fix = f"write it as a list: [{instance}]"
    elif "array" in wanted and isinstance(instance, dict):
        fix = "write a list: start each item on its own line with `- `"
    elif "string" in wanted and isinstance(instance, dict) and isinstance(instance.get("fr"), str):
        example = f'{path[-1]}: "{shorten(instance["fr"])}"'
        fix = f"this field is not translated: write the text alone, e.g. `{example}`"
    elif "string" in wanted and isinstance(instance, list):
        fix = "write one text, not a list"
    elif instance is None:
        fix = "write a value after the colon, or remove the line"
    else:
        fix = f"write {said}"
    return problem_at(source, path, f"should be {said}, not {got}", fix)


def _describe(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text `{shorten(value)}`"
    if isinstance(value, list):
        return "a list"
    return "a block of fields"


def shorten(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _not_in_list(source: Source, path: PathKey, value: Any, allowed: list[Any]) -> Problem:
    field = next((step for step in reversed(path) if isinstance(step, str)), "")
    choices = [str(a) for a in allowed]
    close = difflib.get_close_matches(str(value), choices, n=1, cutoff=0.6)
    listing = REFERENCE_LIST_OF_FIELD.get(field, "")
    within = [c for c in choices if c.startswith(f"{value}--")]
    if within:  # a data·inclusion category: its values are `category--value`
        fix = f"`{value}` is a category: choose one or more of its values: {', '.join(within)}"
    elif close:
        fix = f"did you mean `{close[0]}`?"
    elif len(choices) <= 8:
        fix = f"use one of: {', '.join(choices)}"
    else:
        fix = f"use a value of the list in generator/reference/{listing}"
    return problem_at(source, path, f"`{value}` is not a data·inclusion value for `{field}`", fix)
