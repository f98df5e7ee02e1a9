"""The spoken script of an actor in one language, built from the model with per-language templates.

Plain language: short sentences, common words. Opening hours are said as people say them
("du lundi au vendredi, de 9 heures à midi"), the phone number digit by digit in groups, so
that each engine reads the digits in its own language. A text that exists only in French is
left out of a script in another language rather than read by a foreign voice; names and
addresses, which are French, are marked as such so that an engine can switch voice for them.
"""

from __future__ import annotations

import json
import re
import string
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import time
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from babel import Locale, UnknownLocaleError
from babel.dates import get_day_names
from babel.lists import format_list

from generator.hours import Slot, Week, typical_week
from generator.i18n import catalog
from generator.languages import Language
from generator.model import SOURCE_LANGUAGE, Actor, Guide, Phone, Text
from generator.render import richtext

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
REFERENCE = "fr"
SECTIONS = ("script", "hours", "page")
# Keys a language may leave out: it then uses another way to say the same thing.
OPTIONAL_KEYS = frozenset(
    {
        "hours.days",
        "hours.exact",
        "hours.forms",
        "hours.periods",
        "hours.slots_join",
        "hours.time_bare",
        "hours.time_bare_minutes",
    }
)
FULL_STOPS = ".!?؟。።"
NAME = "name"
PHONE = "phone"
TEXT = "text"


@dataclass(frozen=True, slots=True)
class Part:
    """A piece of a sentence in one language: text, a French name, or a phone number."""

    text: str  # as shown in the transcript
    lang: str  # the language it is written in
    kind: str = TEXT  # text | name | phone
    spoken: str = ""  # what the engine reads when it differs from `text`

    @property
    def said(self) -> str:
        return self.spoken or self.text


@dataclass(frozen=True, slots=True)
class Sentence:
    parts: tuple[Part, ...]

    @property
    def text(self) -> str:
        return "".join(part.text for part in self.parts)

    @property
    def said(self) -> str:
        return "".join(part.said for part in self.parts)


@dataclass(frozen=True, slots=True)
class Script:
    """What a clip says, sentence by sentence."""

    lang: str
    sentences: tuple[Sentence, ...]

    @property
    def text(self) -> str:
        """The transcript, as shown to a reader."""
        return " ".join(sentence.text for sentence in self.sentences)

    @property
    def said(self) -> str:
        """The text as an engine reads it (phone digits spaced out)."""
        return " ".join(sentence.said for sentence in self.sentences)

    def canonical(self) -> str:
        """Every part with its language: equal scripts give equal strings."""
        return json.dumps(
            [[[p.lang, p.kind, p.said] for p in s.parts] for s in self.sentences],
            ensure_ascii=False,
            separators=(",", ":"),
        )


# --- templates --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Templates:
    """The sentence templates and audio page texts of one language."""

    tag: str
    data: dict[str, Any]

    @property
    def reviewed(self) -> bool:
        return bool(self.data.get("reviewed"))

    def get(self, dotted: str) -> Any:
        section, _, key = dotted.partition(".")
        value = self.data.get(section)
        return value.get(key) if isinstance(value, dict) else None

    def dotted_keys(self) -> set[str]:
        return {
            f"{section}.{key}"
            for section in SECTIONS
            if isinstance(self.data.get(section), dict)
            for key in self.data[section]
        }


@cache
def load_templates(tag: str) -> Templates | None:
    """The templates of exactly `tag` (`fa-AF.yaml` for Dari), or None when there is no file."""
    path = TEMPLATES_DIR / f"{tag}.yaml"
    if not path.is_file():
        return None
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return Templates(tag, data)


def template_tags() -> list[str]:
    return sorted(path.stem for path in TEMPLATES_DIR.glob("*.yaml"))


def missing_keys(tag: str) -> list[str]:
    """Required keys of the reference templates that `tag` lacks (all of them without a file)."""
    reference = load_templates(REFERENCE)
    assert reference is not None, "the French templates are part of the generator"
    required = reference.dotted_keys() - OPTIONAL_KEYS
    found = load_templates(tag)
    if found is None:
        return sorted(required)
    needed = set(required)
    if found.get("hours.clock") == 12:
        needed.add("hours.periods")
    return sorted(needed - found.dotted_keys())


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


# --- composing sentences ----------------------------------------------------------------------


def compose(template: str, lang: str, **values: str | Part) -> Sentence:
    """Fill a template: its own words are in `lang`, each value keeps its language and kind."""
    parts: list[Part] = []
    for literal, name, _spec, _conv in string.Formatter().parse(template):
        if literal.startswith(".") and parts and parts[-1].text.endswith("."):
            literal = literal[1:]  # "5 p.m." ends the sentence: no second full stop
        if literal:
            parts.append(Part(literal, lang))
        if name is not None:
            value = values[name]
            parts.append(value if isinstance(value, Part) else Part(value, lang))
    return Sentence(merge_parts(parts, lang))


def merge_parts(parts: Iterable[Part], lang: str) -> tuple[Part, ...]:
    """Join neighbouring plain texts; a name in the script's own language is plain text."""
    merged: list[Part] = []
    for part in parts:
        if part.kind == NAME and part.lang == lang:
            part = Part(part.text, lang)
        last = merged[-1] if merged else None
        if last and part.kind == TEXT and last.kind == TEXT and last.lang == part.lang:
            merged[-1] = Part(last.text + part.text, last.lang)
        elif part.text:
            merged.append(part)
    return tuple(merged)


def full_stop(script: str) -> str:
    return "።" if script == "Ethi" else "."


def end_sentence(text: str, script: str) -> str:
    text = text.strip()
    if not text or text[-1] in FULL_STOPS:
        return text
    return text + full_stop(script)


def as_label(text: str, script: str) -> str:
    """A list item inside a sentence: no parenthesis, no capital unless it is an acronym."""
    text = re.sub(r"\s*\([^)]*\)", "", text).strip()
    cased = script in ("Latn", "Cyrl", "Grek")
    if cased and len(text) > 1 and text[1].islower():
        return text[0].lower() + text[1:]
    return text


@cache
def cldr_locale(tag: str) -> Locale | None:
    try:
        return Locale.parse(tag.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return None


def say_list(items: list[str], tag: str) -> str:
    """ "a, b et c" in the language's own way."""
    locale = cldr_locale(tag)
    if locale is None:
        return ", ".join(items)
    return format_list(items, locale=locale)


# --- phone and languages ----------------------------------------------------------------------


def spoken_phone(phone: Phone) -> str:
    """Digits separated by spaces, groups by commas: "0 2, 6 1, 9 1, 0 0, 1 2"."""
    groups = [group for group in phone.display.split(" ") if group]
    return ", ".join(" ".join(group) for group in groups)


def phone_part(phone: Phone, lang: str) -> Part:
    return Part(phone.display, lang, PHONE, spoken_phone(phone))


def language_name(spoken: Language, reader: str) -> str:
    """The name of a language in the reader's language (CLDR), else in its own script."""
    locale = cldr_locale(reader)
    if locale is not None:
        key = spoken.tag.replace("-", "_")
        name = locale.languages.get(key) or locale.languages.get(key.split("_")[0])
        if name:
            return name
    return spoken.autonym


# --- opening hours ----------------------------------------------------------------------------


def period_of(moment: time) -> str:
    if moment.hour < 12:
        return "morning"
    if moment.hour < 13:
        return "noon"
    return "afternoon" if moment.hour < 18 else "evening"


def say_time(moment: time, hours: dict[str, Any], *, bare: bool = False) -> str:
    """A time as people say it: "9 heures 30", "2 p.m.", "midi"."""
    exact = hours.get("exact") or {}
    key = f"{moment.hour:02}:{moment.minute:02}"
    if key in exact:
        return str(exact[key])
    name = "time_bare" if bare else "time"
    if moment.minute:
        name += "_minutes"
    periods = hours.get("periods") or {}
    return (
        str(hours[name])
        .format(
            h=moment.hour,
            h12=moment.hour % 12 or 12,
            m=moment.minute,
            mm=f"{moment.minute:02}",
            period=periods.get(period_of(moment), ""),
        )
        .strip()
    )


def say_slot(slot: Slot, hours: dict[str, Any]) -> str:
    start, end = slot
    exact = hours.get("exact") or {}
    merge = (
        hours.get("clock") == 12
        and "time_bare" in hours
        and period_of(start) == period_of(end)
        and f"{start.hour:02}:{start.minute:02}" not in exact
        and f"{end.hour:02}:{end.minute:02}" not in exact
    )
    return str(hours["slot"]).format(
        start=say_time(start, hours, bare=merge), end=say_time(end, hours)
    )


def day_name(day: int, role: str, hours: dict[str, Any], tag: str) -> str:
    """Day `day` (0 = Monday) in the form a role needs, else CLDR's name.

    Roles: `first` and `last` of a range, `day` alone, `list` in a list of days.
    """
    forms = (hours.get("forms") or {}).get(role)
    if forms:
        return str(forms[day])
    locale = cldr_locale(tag) or Locale("fr")
    return get_day_names("wide", context="format", locale=locale)[day]


def runs_of(days: list[int]) -> list[list[int]]:
    """Consecutive days together: [0, 1, 2, 4] -> [[0, 1, 2], [4]]."""
    runs: list[list[int]] = []
    for day in days:
        if runs and runs[-1][-1] == day - 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    return runs


def say_days(days: list[int], hours: dict[str, Any], tag: str) -> str:
    """ "du lundi au vendredi", "le mardi et jeudi", "tous les jours"."""
    if len(days) == 7:
        return str(hours["every_day"])
    runs = runs_of(days)
    if all(len(run) < 3 for run in runs) and "days" in hours and len(days) > 1:
        names = [day_name(d, "list", hours, tag) for d in days]
        return str(hours["days"]).format(days=say_list(names, tag))
    phrases: list[str] = []
    for run in runs:
        if len(run) >= 3:
            first = day_name(run[0], "first", hours, tag)
            last = day_name(run[-1], "last", hours, tag)
            phrases.append(str(hours["range"]).format(first=first, last=last))
        else:
            phrases += [str(hours["day"]).format(day=day_name(d, "day", hours, tag)) for d in run]
    return say_list(phrases, tag)


def group_days(week: Week) -> list[tuple[list[int], tuple[Slot, ...]]]:
    """Days with the same hours together, in week order of their first day."""
    groups: dict[tuple[Slot, ...], list[int]] = {}
    for day, slots in enumerate(week.days):
        if slots:
            groups.setdefault(slots, []).append(day)
    return [(days, slots) for slots, days in groups.items()]


def hours_sentences(expression: str, templates: Templates, lang: str) -> list[Sentence]:
    week = typical_week(expression)
    hours = templates.data["hours"]
    sentences = []
    for days, slots in group_days(week):
        said = [say_slot(slot, hours) for slot in slots]
        joiner = hours.get("slots_join")  # when the CLDR "and" reads badly, e.g. in Arabic
        said_slots = str(joiner).join(said) if joiner else say_list(said, lang)
        sentences.append(
            compose(
                templates.data["script"]["open"],
                lang,
                days=say_days(days, hours, lang),
                slots=said_slots,
            )
        )
    if week.closed_on_holidays and not week.is_empty:
        sentences.append(compose(templates.data["script"]["closed_holidays"], lang))
    return sentences


# --- the script -------------------------------------------------------------------------------


def what_they_do(
    guide: Guide, actor: Actor, lang: Language, templates: Templates
) -> list[Sentence]:
    """The description if written in this language, else the service or theme names.

    The description is Markdown: it is said as plain sentences (no symbol, no address; each
    paragraph, line and list item a sentence)."""
    description = actor.description.get(lang.tag) if actor.description else None
    said = richtext.sentences(description.text, full_stop(lang.script)) if description else []
    if description is not None and not description.is_fallback and said:
        return [Sentence((Part(line, lang.tag),)) for line in said]
    topics = [s.nom.get(lang.tag).text for s in actor.services if s.nom.has(lang.tag)]
    if not topics:
        topics = [
            t.title.get(lang.tag).text for t in guide.themes_of(actor) if t.title.has(lang.tag)
        ]
    if not topics:
        return []
    labels = [as_label(topic, lang.script) for topic in dict.fromkeys(topics)]
    return [
        compose(templates.data["script"]["helps_with"], lang.tag, topics=say_list(labels, lang.tag))
    ]


def for_whom(actor: Actor, lang: Language, templates: Templates) -> list[Sentence]:
    publics = list(dict.fromkeys(p for s in actor.services for p in s.publics))
    if not publics:
        return []
    script = templates.data["script"]
    if "tous-publics" in publics:
        return [compose(script["for_everyone"], lang.tag)]
    ui = catalog(lang.tag)
    labels = [
        as_label(ui(f"public.{p}"), lang.script)
        for p in publics
        if f"public.{p}" in ui.reference and ui.lang_of(f"public.{p}") == lang.tag
    ]
    if not labels:
        return []
    return [compose(script["for_whom"], lang.tag, publics=say_list(labels, lang.tag))]


def conditions(actor: Actor, lang: Language, templates: Templates) -> list[Sentence]:
    """Free or not; with or without an appointment."""
    script = templates.data["script"]
    keys: list[str] = []
    if actor.is_free:
        keys.append("free")
    elif any(s.frais == "payant" for s in actor.services):
        keys.append("paid")
    if actor.without_appointment:
        keys.append("walk_in")
    elif any("telephoner" in s.modes_mobilisation for s in actor.services):
        keys.append("call_first")
    elif actor.services:
        keys.append("appointment")
    return [compose(script[key], lang.tag) for key in keys]


def where_and_when(actor: Actor, lang: Language, templates: Templates) -> list[Sentence]:
    script = templates.data["script"]
    sentences = []
    place = ", ".join(p for p in (actor.adresse, actor.complement_adresse, actor.commune) if p)
    if place:
        address = Part(place, SOURCE_LANGUAGE, NAME)
        sentences.append(compose(script["address"], lang.tag, address=address))
    if actor.horaires_accueil:
        sentences += hours_sentences(actor.horaires_accueil, templates, lang.tag)
    elif actor.horaires_accueil_texte:
        sentences.append(hours_text_sentence(actor.horaires_accueil_texte, templates, lang))
    if actor.langues_parlees:
        names = [language_name(spoken, lang.tag) for spoken in actor.langues_parlees]
        sentences.append(
            compose(script["languages"], lang.tag, languages=say_list(names, lang.tag))
        )
    return sentences


def hours_text_sentence(text: Text, templates: Templates, lang: Language) -> Sentence:
    """Hours known only as the source wrote them: read in the script's language when
    translated, else in French by a French voice (as addresses are), never by a foreign one."""
    shown = text.get(lang.tag)
    hours = shown.text.strip().rstrip(".;,:")
    part = Part(hours, shown.lang, NAME) if shown.is_fallback else Part(hours, lang.tag)
    return compose(templates.data["script"]["hours_text"], lang.tag, hours=part)


def actor_phone(actor: Actor) -> Phone | None:
    """The actor's number, else the first service's."""
    if actor.telephone:
        return actor.telephone
    return next((s.telephone for s in actor.services if s.telephone), None)


def build_script(guide: Guide, actor: Actor, lang: Language) -> Script | None:
    """The spoken text of `actor` in `lang`, or None when the language has no templates."""
    templates = load_templates(lang.tag)
    if templates is None or missing_keys(lang.tag):
        return None
    script = templates.data["script"]
    sentences = [compose(script["intro"], lang.tag, name=Part(actor.nom, SOURCE_LANGUAGE, NAME))]
    sentences += what_they_do(guide, actor, lang, templates)
    sentences += for_whom(actor, lang, templates)
    sentences += conditions(actor, lang, templates)
    sentences += where_and_when(actor, lang, templates)
    phone = actor_phone(actor)
    if phone is not None:
        number = phone_part(phone, lang.tag)
        sentences.append(compose(script["phone"], lang.tag, phone=number))
        sentences.append(compose(script["phone_again"], lang.tag, phone=number))
    return Script(lang.tag, tuple(sentences))


def page_text(tag: str, key: str, **values: str) -> tuple[str, str]:
    """An audio page text and the language it is in (French when `tag` lacks it)."""
    for source in (tag, REFERENCE):
        templates = load_templates(source)
        text = templates.get(f"page.{key}") if templates else None
        if text:
            return (str(text).format(**values) if values else str(text)), source
    raise KeyError(f"page.{key}")
