"""Stage 2, validate: every mistake in the loaded source, located and explained, all at once.

Two passes: the published JSON Schema (generator/validate_schema.py: shape, required fields,
data·inclusion lists), then the checks a schema cannot express, here: duplicate ids, contact
ways, translations to a language the guide lacks or made from an older French text, and each
value's own checks (generator/validate_values.py: telephones, e-mails, URLs, opening hours,
languages, dates). The second pass only looks at values of the right shape, so a mistake is
reported once. Then generator/validate_datainclusion.py adds the rules of data·inclusion's own
models; generator/validate_places.py warns about coordinates, telephones and addresses copied
from another place; generator/validate_pronunciation.py reads the pronunciation list. Each
actor's own checks are remembered between builds (generator/validate_cache.py). Whether
residents can find each place is `generator.reach`, for `check` once the source has no error.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import langcodes

from generator.errors import Problem, Severity
from generator.i18n import catalog
from generator.icons import icon_exists
from generator.load import PathKey, Source
from generator.model import SOURCE_HASH_RE, SOURCE_LANGUAGE, source_hash
from generator.schema.make import SUMMARY_LENGTH, TAG_PATTERN, read_reference
from generator.validate_cache import ActorChecks
from generator.validate_datainclusion import datainclusion_problems
from generator.validate_places import shared_addresses, shared_coordinates, shared_phones
from generator.validate_pronunciation import pronunciation_problems
from generator.validate_schema import problem_at, schema_problems
from generator.validate_values import (
    Finding,
    date_finding,
    email_finding,
    hours_finding,
    phone_finding,
    tag_finding,
    url_finding,
)

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


def validate_source(
    source: Source, today: date, checks: ActorChecks | None = None
) -> list[Problem]:
    """All problems of a loaded source, sorted by position. `checks`: what an earlier build
    found for each actor, not checked one by one again (generator/validate_cache.py)."""
    problems = list(schema_problems(source))
    problems.extend(_Checker(source, today, checks).run())
    problems.extend(datainclusion_problems(source))
    problems.extend(shared_coordinates(source))
    problems.extend(shared_phones(source))
    problems.extend(shared_addresses(source))
    problems.extend(pronunciation_problems(source))
    return sorted(set(problems), key=Problem.sort_key)


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
        self.problems.append(problem_at(self.source, path, message, fix, key=key))

    def warn(self, path: PathKey, message: str, fix: str, *, key: bool = False) -> None:
        self.problems.append(
            problem_at(self.source, path, message, fix, key=key, severity=Severity.WARNING)
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
        self.report(path, tag_finding(tag))

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

    def report(self, path: PathKey, finding: Finding | None) -> None:
        if finding is not None:
            (self.warn if finding.warning else self.error)(path, finding.message, finding.fix)

    def check_phone(self, path: PathKey, value: str) -> None:
        self.report(path, phone_finding(value))

    def check_email(self, path: PathKey, value: str) -> None:
        self.report(path, email_finding(value))

    def check_url(self, path: PathKey, value: str) -> None:
        self.report(path, url_finding(value))

    def check_hours(self, path: PathKey, value: str) -> None:
        self.report(path, hours_finding(value))

    def check_date(self, path: PathKey, value: Any) -> None:
        months = self.guide.get("verification_max_age_months", 12)
        self.report(path, date_finding(value, self.today, months))


def _service_contact(actor: dict[str, Any]) -> bool:
    """A service of the actor gives a telephone, an e-mail or a link to ask for it."""
    return any(
        service.get(name)
        for _, service in _dicts(actor.get("services"))
        for name in ("telephone", "courriel", "lien_mobilisation")
    )


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _dicts(value: Any) -> list[tuple[int, dict[str, Any]]]:
    return [(i, item) for i, item in enumerate(_list(value)) if isinstance(item, dict)]
