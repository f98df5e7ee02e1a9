"""The pieces of a spoken script: sentences made of parts (text in a language, a French name, a
phone number), the per-language templates they are made from, and the words for lists, phone
numbers and languages. generator/audio/script.py puts them together for an actor.
"""

from __future__ import annotations

import json
import re
import string
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from babel import Locale, UnknownLocaleError
from babel.lists import format_list

from generator.languages import Language
from generator.model import Phone

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
    cut: bool = False  # part of what the page says was left out, to keep the clip short

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


def page_text(tag: str, key: str, **values: str) -> tuple[str, str]:
    """An audio page text and the language it is in (French when `tag` lacks it)."""
    for source in (tag, REFERENCE):
        templates = load_templates(source)
        text = templates.get(f"page.{key}") if templates else None
        if text:
            return (str(text).format(**values) if values else str(text)), source
    raise KeyError(f"page.{key}")
