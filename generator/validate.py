"""Stage 2, validate: every mistake in the loaded source, located and explained, all at once.

Two passes: the published JSON Schema (shape, required fields, data·inclusion lists), then the
checks a schema cannot express (telephones, e-mails, URLs, opening hours, languages, dates,
duplicate ids, contact ways; and as warnings: telephones or addresses shared by two actors,
translations made from an older French text). The second pass only looks at values of the
right shape, so a mistake is reported once. A third, generator/validate_datainclusion.py, adds
the rules of data·inclusion's own models; generator/validate_places.py warns about coordinates
copied from another place; generator/validate_pronunciation.py reads the pronunciation list.
Whether residents can find each place is `generator.reach`, for
`check` once the source has no error.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from datetime import date
from functools import cache
from typing import Any
from urllib.parse import urlsplit

import email_validator
import jsonschema
import jsonschema_rs
import langcodes
import opening_hours
import phonenumbers
from phonenumbers import shortnumberinfo

from generator.dates import months_between
from generator.errors import Problem, Severity
from generator.hours_fr import to_osm
from generator.i18n import catalog
from generator.icons import icon_exists
from generator.languages import suggest_tag
from generator.load import PathKey, Source
from generator.model import SOURCE_HASH_RE, SOURCE_LANGUAGE, source_hash
from generator.opendata.rules import DATE_MIN, web_address_problem
from generator.schema.make import SUMMARY_LENGTH, TAG_PATTERN, load_schema, read_reference
from generator.validate_cache import ActorChecks
from generator.validate_datainclusion import datainclusion_problems
from generator.validate_places import plain as _plain
from generator.validate_places import shared_coordinates
from generator.validate_pronunciation import pronunciation_problems

PHONE_REGION = "FR"
THEMATIQUES = frozenset(entry["value"] for entry in read_reference("thematiques.json"))
CONTACT_FIELDS = ("telephone", "courriel", "site_web")
TEXT_FIELDS_OF_ACTOR = ("description", "resume", "horaires_accueil_texte")
TEXT_FIELDS_OF_SERVICE = (
    "nom",
    "description",
    "resume",
    "conditions_acces",
    "frais_precisions",
    "publics_precisions",
    "mobilisation_precisions",
    "horaires_accueil_texte",
)
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


def validate_source(
    source: Source, today: date, checks: ActorChecks | None = None
) -> list[Problem]:
    """All problems of a loaded source, sorted by position. `checks`: what an earlier build
    found for each actor, not checked one by one again (generator/validate_cache.py)."""
    problems = list(_schema_problems(source))
    problems.extend(_Checker(source, today, checks).run())
    problems.extend(datainclusion_problems(source))
    problems.extend(shared_coordinates(source))
    problems.extend(pronunciation_problems(source))
    return sorted(set(problems), key=Problem.sort_key)


# --- pass 1: the JSON Schema --------------------------------------------------------------


def _problem(
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


def _schema_problems(source: Source) -> Iterator[Problem]:
    if source.data is None:
        yield _problem(
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
        yield _problem(
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
        yield _problem(source, path, "the list is empty", "add at least one value")
    elif kind == "uniqueItems":
        repeated = sorted({str(v) for v in instance if instance.count(v) > 1})
        yield _problem(
            source,
            path,
            f"{', '.join(f'`{v}`' for v in repeated)} is listed twice",
            "keep each value once",
        )
    elif kind == "minLength":
        yield _problem(source, path, "this text is empty", "write the text, or remove the line")
    elif kind == "maxLength":
        yield _problem(
            source,
            path,
            "this value is too long",
            f"use at most {error.validator_value} characters",
        )
    elif kind in ("minimum", "maximum"):
        low, high = schema.get("minimum"), schema.get("maximum")
        yield _problem(
            source, path, f"`{instance}` is out of range", f"write a number from {low} to {high}"
        )
    else:  # a keyword this module does not phrase yet: still located, still all at once
        yield _problem(source, path, error.message, "see the schema description of this field")


def language_name(tag: str) -> str:
    """The English name of a language code, for hints: `fa-AF` → Dari."""
    return "Dari" if tag == "fa-AF" else langcodes.Language.get(tag).display_name("en")


def _bad_pattern(source: Source, path: PathKey, value: Any) -> Problem:
    field = next((step for step in reversed(path) if isinstance(step, str)), "")
    if field in ("languages", "langues_parlees", "default_language"):
        field = "language"
    what, hint = PATTERN_HINTS.get(field, ("value", "see the example in the sample actors.yaml"))
    fix = f"write {hint}"
    if field == "language" and isinstance(value, str) and (meant := suggest_tag(value)):
        fix = f"write `{meant}` ({language_name(meant)})"
    return _problem(source, path, f"`{value}` is not a valid {what}", fix)


def _missing(source: Source, path: PathKey, name: str, schema: dict[str, Any]) -> Problem:
    if name == "fr" and path and path[-1] != "guide":
        return _problem(
            source,
            path,
            "the French text (`fr`) is missing",
            'add `fr: "…"`: French is the source of every translation',
        )
    example = MISSING_HINTS.get(name, "…")
    return _problem(source, path, f"`{name}` is missing", f"add `{name}: {example}`")


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
    return _problem(source, (*path, name), f"unknown field `{name}`", fix, key=True)


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
        fix = f'give the language of the text: `{path[-1]}: {{fr: "{_shorten(instance)}"}}`'
    elif "array" in wanted and isinstance(instance, str):
        fix = f"write it as a list: [{instance}]"
    elif "array" in wanted and isinstance(instance, dict):
        fix = "write a list: start each item on its own line with `- `"
    elif "string" in wanted and isinstance(instance, dict) and isinstance(instance.get("fr"), str):
        example = f'{path[-1]}: "{_shorten(instance["fr"])}"'
        fix = f"this field is not translated: write the text alone, e.g. `{example}`"
    elif "string" in wanted and isinstance(instance, list):
        fix = "write one text, not a list"
    elif instance is None:
        fix = "write a value after the colon, or remove the line"
    else:
        fix = f"write {said}"
    return _problem(source, path, f"should be {said}, not {got}", fix)


def _describe(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text `{_shorten(value)}`"
    if isinstance(value, list):
        return "a list"
    return "a block of fields"


def _shorten(text: str, limit: int = 30) -> str:
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
    return _problem(source, path, f"`{value}` is not a data·inclusion value for `{field}`", fix)


# --- pass 2: what the schema cannot say --------------------------------------------------


class _Checker:
    """The semantic checks; each looks only at values of the expected shape."""

    def __init__(self, source: Source, today: date, checks: ActorChecks | None = None) -> None:
        self.source = source
        self.today = today
        self.checks = checks
        self.problems: list[Problem] = []
        data = source.data if isinstance(source.data, dict) else {}
        self.guide = data.get("guide") if isinstance(data.get("guide"), dict) else {}
        self.themes = _dicts(data.get("themes"))
        self.actors = _dicts(data.get("actors"))
        self.languages = [t for t in _list(self.guide.get("languages")) if isinstance(t, str)]

    def error(self, path: PathKey, message: str, fix: str, *, key: bool = False) -> None:
        self.problems.append(_problem(self.source, path, message, fix, key=key))

    def warn(self, path: PathKey, message: str, fix: str, *, key: bool = False) -> None:
        self.problems.append(
            _problem(self.source, path, message, fix, key=key, severity=Severity.WARNING)
        )

    def run(self) -> list[Problem]:
        self.check_guide()
        self.check_unique([(("themes", i), t) for i, t in self.themes], "theme")
        self.check_unique([(("actors", i), a) for i, a in self.actors], "actor")
        theme_topics: set[str] = set()
        for i, theme in self.themes:
            path = ("themes", i)
            self.check_texts(path, theme, ("title", "description"))
            icon = theme.get("icon")
            if isinstance(icon, str) and not icon_exists(icon):
                self.error(
                    (*path, "icon"),
                    f"there is no pictogram `{icon}`",
                    "pick a name from https://pictogrammers.com/library/mdi/, "
                    "written material/<name>",
                )
            theme_topics.update(t for t in _list(theme.get("thematiques")) if isinstance(t, str))
        self.check_unique(
            [
                (("actors", i, "services", j), service)
                for i, actor in self.actors
                for j, service in _dicts(actor.get("services"))
            ],
            "service",
        )
        for i, actor in self.actors:
            recalled = self.checks.recall(i) if self.checks is not None else None
            if recalled is not None:
                self.problems.extend(recalled)
                continue
            found = len(self.problems)
            self.check_actor(("actors", i), actor, theme_topics)
            if self.checks is not None:
                self.checks.remember(i, self.problems[found:])
        self.check_shared_phones()
        self.check_shared_addresses()
        return self.problems

    def check_guide(self) -> None:
        for i, tag in enumerate(self.languages):
            self.check_tag(("guide", "languages", i), tag)
            if langcodes.tag_is_valid(tag) and not catalog(tag).exists:
                self.warn(
                    ("guide", "languages", i),
                    f"the site's interface is not translated into `{tag}`: its pages will show "
                    "the interface in French (with a notice), the guide's texts where translated",
                    f"translate generator/i18n/fr.yaml into generator/i18n/{tag}.yaml",
                )
        default = self.guide.get("default_language")
        if (
            isinstance(default, str)
            and re.fullmatch(TAG_PATTERN, default)  # else the schema already said what is wrong
            and self.languages
            and default not in self.languages
        ):
            self.error(
                ("guide", "default_language"),
                f"`{default}` is not in guide.languages",
                f"add {default} to guide.languages, or choose one of: {', '.join(self.languages)}",
            )
        url = self.guide.get("site_url")
        if isinstance(url, str):
            self.check_url(("guide", "site_url"), url)

    def check_tag(self, path: PathKey, tag: str) -> None:
        if re.fullmatch(
            r"[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*", tag
        ) and not langcodes.tag_is_valid(tag):
            self.error(
                path,
                f"`{tag}` is not a known language code",
                "use an ISO 639 code such as fr, ar, uk, bm (Bambara), wo (Wolof), fa-AF (Dari)",
            )

    def check_unique(self, items: list[tuple[PathKey, dict[str, Any]]], what: str) -> None:
        first: dict[str, PathKey] = {}
        for path, item in items:
            ident = item.get("id")
            if not isinstance(ident, str):
                continue
            if ident in first:
                line = self.source.position((*first[ident], "id")).line
                self.error(
                    (*path, "id"),
                    f"the {what} id `{ident}` is already used on line {line}",
                    f"give each {what} its own id",
                )
            else:
                first[ident] = path

    def check_actor(self, path: PathKey, actor: dict[str, Any], theme_topics: set[str]) -> None:
        self.check_texts(path, actor, TEXT_FIELDS_OF_ACTOR)
        self.check_summary(path, actor)
        if not any(actor.get(name) for name in CONTACT_FIELDS) and not _service_contact(actor):
            if isinstance(actor.get("adresse"), str):  # still a place to walk in
                self.warn(
                    path,
                    "there is no telephone, e-mail or website: residents can only walk in",
                    "add telephone, courriel or site_web if the place has one",
                )
            else:
                self.error(
                    path,
                    "there is no way to find or contact this actor",
                    "add an adresse, or at least one of telephone, courriel or site_web",
                )
        self.check_contacts(path, actor)
        for name in ("site_web", "accessibilite_lieu", "lien_source"):
            if isinstance(actor.get(name), str):
                self.check_url((*path, name), actor[name])
        for i, tag in enumerate(_list(actor.get("langues_parlees"))):
            if isinstance(tag, str):
                self.check_tag((*path, "langues_parlees", i), tag)
        if ("latitude" in actor) != ("longitude" in actor):
            self.error(
                path,
                "latitude and longitude go together",
                "give both, or remove the one that is alone",
            )
        self.check_date((*path, "date_verification"), actor.get("date_verification"))
        for i, service in _dicts(actor.get("services")):
            service_path = (*path, "services", i)
            self.check_texts(service_path, service, TEXT_FIELDS_OF_SERVICE)
            self.check_summary(service_path, service)
            if "date_verification" in service:
                self.check_date((*service_path, "date_verification"), service["date_verification"])
            self.check_contacts(service_path, service)
            for j, tag in enumerate(_list(service.get("langues_parlees"))):
                if isinstance(tag, str):
                    self.check_tag((*service_path, "langues_parlees", j), tag)
            for name in ("lien_mobilisation", "lien_source"):
                if isinstance(service.get(name), str):
                    self.check_url((*service_path, name), service[name])
            topics = _list(service.get("thematiques"))
            known = all(topic in THEMATIQUES for topic in topics)  # else the schema said it
            if topics and known and theme_topics and not set(topics) & theme_topics:
                self.warn(
                    (*service_path, "thematiques"),
                    "this service appears on no theme page",
                    "add one of its thematiques to a theme, or change its thematiques",
                )

    def check_contacts(self, path: PathKey, item: dict[str, Any]) -> None:
        if isinstance(item.get("telephone"), str):
            self.check_phone((*path, "telephone"), item["telephone"])
        if isinstance(item.get("courriel"), str):
            self.check_email((*path, "courriel"), item["courriel"])
        if isinstance(item.get("horaires_accueil"), str):
            self.check_hours((*path, "horaires_accueil"), item["horaires_accueil"])

    def check_texts(self, path: PathKey, item: dict[str, Any], fields: tuple[str, ...]) -> None:
        for name in fields:
            texts = item.get(name)
            if not isinstance(texts, dict):
                continue
            for tag in texts:
                if (
                    self.languages
                    and tag not in self.languages
                    and re.fullmatch(r"[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?", tag)
                ):
                    self.warn(  # harmless (a need copied from another guide): not shown
                        (*path, name, tag),
                        f"`{tag}` is not one of the guide's languages: this translation is "
                        "not shown",
                        f"add {tag} to guide.languages, or remove this translation",
                        key=True,
                    )
            self.check_stale((*path, name), texts)

    def check_summary(self, path: PathKey, item: dict[str, Any]) -> None:
        """A `resume` is said first in every clip: a long one leaves no time for the rest."""
        texts = item.get("resume")
        if not isinstance(texts, dict):
            return
        for tag, entry in texts.items():
            text = entry.get("text") if isinstance(entry, dict) else entry
            if isinstance(text, str) and len(text.strip()) > SUMMARY_LENGTH:
                self.warn(
                    (*path, "resume", tag),
                    f"this summary has {len(text.strip())} characters, more than "
                    f"{SUMMARY_LENGTH}: clips and need pages show it whole",
                    "keep one or two short sentences; the description says the rest",
                )

    def check_stale(self, path: PathKey, texts: dict[str, Any]) -> None:
        """Warn about each translation whose recorded French hash is not the current one."""
        french = texts.get(SOURCE_LANGUAGE)
        if not isinstance(french, str):
            return
        current = source_hash(french)
        for tag, entry in texts.items():
            made_from = entry.get("source") if isinstance(entry, dict) else None
            if not isinstance(made_from, str) or not SOURCE_HASH_RE.fullmatch(made_from):
                continue
            if made_from != current:
                where = self.source.describe(path)
                self.warn(
                    (*path, tag),
                    f"the `{tag}` translation was made from an older French text",
                    f"have it translated again (`.venv/bin/python -m generator translations export "
                    f"--lang {tag}`), or if it still says the same, run "
                    f"`.venv/bin/python -m generator "
                    f"translations stamp --lang {tag} --only '{where}'`",
                )

    def check_shared_phones(self) -> None:
        """Warn when two actors give the same telephone number (a copy-paste, usually)."""
        first: dict[str, tuple[PathKey, str]] = {}
        for i, actor in self.actors:
            seen_here: set[str] = set()
            for path, value in _phones_of(("actors", i), actor):
                key = _phone_key(value)
                if key is None or key in seen_here:
                    continue
                seen_here.add(key)
                if key in first:
                    other_path, other_id = first[key]
                    line = self.source.position(other_path).line
                    self.warn(
                        path,
                        f"`{value}` is also the telephone of {other_id} (line {line})",
                        "check the number: each actor should give its own; if they really share "
                        "it, say so in the description",
                    )
                else:
                    first[key] = (path, self.source.describe(path[:2]))

    def check_shared_addresses(self) -> None:
        """Warn when two actors give the same address and no complement tells them apart."""
        first: dict[tuple[str, ...], PathKey] = {}
        for i, actor in self.actors:
            key = _address_key(actor)
            if key is None:
                continue
            path: PathKey = ("actors", i, "adresse")
            if key in first:
                line = self.source.position(first[key]).line
                self.warn(
                    path,
                    f"same address as {self.source.describe(first[key][:2])} (line {line})",
                    "if both are in the same building, tell them apart with complement_adresse "
                    "(floor, office); otherwise correct the address",
                )
            else:
                first[key] = path

    def check_phone(self, path: PathKey, value: str) -> None:
        fix = (
            "write a French number of 10 digits (02 61 91 00 12), a short number (3230), "
            "or an international number starting with +"
        )
        try:
            number = phonenumbers.parse(value, PHONE_REGION)
        except phonenumbers.NumberParseException:
            self.error(path, f"`{value}` is not a telephone number", fix)
            return
        if not (
            phonenumbers.is_valid_number(number) or shortnumberinfo.is_valid_short_number(number)
        ):
            self.error(path, f"`{value}` is not a valid telephone number", fix)

    def check_email(self, path: PathKey, value: str) -> None:
        try:
            email_validator.validate_email(value, check_deliverability=False)
        except email_validator.EmailNotValidError as error:
            self.error(
                path,
                f"`{value}` is not a valid e-mail address ({error})",
                "write it as name@domain.fr, with no space",
            )

    def check_url(self, path: PathKey, value: str) -> None:
        try:
            parts = urlsplit(value)
            scheme, host = parts.scheme, parts.hostname or ""
        except ValueError:  # a `[` without its `]`: web_address_problem says it
            scheme, host = "https", "."
        if scheme not in ("http", "https") or "." not in host or any(c.isspace() for c in value):
            self.error(
                path,
                f"`{_shorten(value, 60)}` is not a web address",
                "write the full address, starting with https://",
            )
        elif why := web_address_problem(value):  # as browsers and data·inclusion read it
            self.error(
                path,
                f"`{_shorten(value, 60)}` is not a valid web address: {why}",
                "correct it: copy the address from the browser's address bar",
            )

    def check_hours(self, path: PathKey, value: str) -> None:
        if not value.strip():
            return  # the schema already said it is empty
        try:
            opening_hours.OpeningHours(value)
        except (opening_hours.ParserError, SyntaxError, ValueError) as error:
            near = _parser_column(str(error))
            where = f" near `{value[near - 1 :][:15]}`" if near > 1 else ""
            fix = (
                "use the OpenStreetMap syntax, e.g. `Mo-Fr 09:00-12:00,14:00-17:00; PH off` "
                "(Mo Tu We Th Fr Sa Su, 24-hour times, `;` between rules)"
            )
            converted = to_osm(value)  # French text such as `mardi 14h-18h`, when certain
            if converted:
                where = ""  # the whole text is to be rewritten, not one place in it
                fix = f"write `{converted}` (the same hours in OpenStreetMap syntax)"
            self.error(path, f"`{value}` is not valid opening hours{where}", fix)

    def check_date(self, path: PathKey, value: Any) -> None:
        if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return  # the schema already said it
        try:
            day = date.fromisoformat(value)
        except ValueError:
            self.error(path, f"`{value}` is not a real date", "write a date as YYYY-MM-DD")
            return
        if day > self.today:
            self.error(
                path,
                f"`{value}` is in the future",
                f"write the day the facts were checked, {self.today.isoformat()} at the latest",
            )
            return
        if day < DATE_MIN:
            return  # validate_datainclusion says data·inclusion refuses it
        months = self.guide.get("verification_max_age_months", 12)
        if isinstance(months, int) and months_between(day, self.today) >= months:
            self.warn(
                path,
                f"last checked on {value}, more than {months} months ago",
                "check the facts with the actor, then update date_verification",
            )


def _service_contact(actor: dict[str, Any]) -> bool:
    """A service of the actor gives a telephone, an e-mail or a link to ask for it."""
    return any(
        service.get(name)
        for _, service in _dicts(actor.get("services"))
        for name in ("telephone", "courriel", "lien_mobilisation")
    )


def _phones_of(path: PathKey, actor: dict[str, Any]) -> Iterator[tuple[PathKey, str]]:
    """The telephone numbers of an actor and of its services, with their paths."""
    if isinstance(actor.get("telephone"), str):
        yield (*path, "telephone"), actor["telephone"]
    for j, service in _dicts(actor.get("services")):
        if isinstance(service.get("telephone"), str):
            yield (*path, "services", j, "telephone"), service["telephone"]


def _phone_key(value: str) -> str | None:
    """One spelling per number (E.164, or the digits of a short number); None if invalid."""
    try:
        number = phonenumbers.parse(value, PHONE_REGION)
    except phonenumbers.NumberParseException:
        return None
    if phonenumbers.is_valid_number(number):
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    if shortnumberinfo.is_valid_short_number(number):
        return str(number.national_number)
    return None


def _address_key(actor: dict[str, Any]) -> tuple[str, ...] | None:
    """The address in a comparable form: no accents, case, punctuation or extra spaces."""
    street = actor.get("adresse")
    if not isinstance(street, str) or not street.strip():
        return None
    place = actor.get("code_postal") or actor.get("commune") or ""
    parts = (street, actor.get("complement_adresse") or "", place)
    return tuple(_plain(part) if isinstance(part, str) else "" for part in parts)


def _parser_column(message: str) -> int:
    match = re.search(r"-->\s*\d+:(\d+)", message)
    return int(match.group(1)) if match else 0


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _dicts(value: Any) -> list[tuple[int, dict[str, Any]]]:
    return [(i, item) for i, item in enumerate(_list(value)) if isinstance(item, dict)]
