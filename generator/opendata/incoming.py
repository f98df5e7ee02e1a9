"""An actor read from an open-data file, already in actors.yaml's shape, and its clean-up.

Imports produce `Incoming` actors whose values pass the guide's own checks: a value the guide
would refuse (a malformed telephone, hours not in OpenStreetMap syntax, an unknown list value)
is left out and noted, so that the imported file always passes `check`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlsplit

import email_validator
import opening_hours
import phonenumbers
from phonenumbers import shortnumberinfo

from generator.schema.make import read_reference
from generator.validate import REFERENCE_LIST_OF_FIELD

ID_MAX = 80


@dataclass(slots=True)
class Incoming:
    """One actor from an open-data file, ready to be added or merged."""

    origin: str  # where it comes from: "exemple-valide.csv, line 2"
    ident: str  # the suggested id in the guide
    date_verification: date
    fields: dict[str, Any]  # actor fields in the guide's shape, texts as {"fr": "…"}
    services: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # values left out, and why

    @property
    def nom(self) -> str:
        return str(self.fields.get("nom", self.ident))


def slugify(text: str, limit: int = ID_MAX) -> str:
    """An id: ASCII lower-case letters, digits, dashes (`Maison des Aînés` → maison-des-aines)."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = decomposed.encode("ascii", "ignore").decode("ascii").lower()
    slug = "-".join(re.findall(r"[a-z0-9]+", ascii_text))
    return slug[:limit].strip("-")


def unique_id(wanted: str, taken: set[str]) -> str:
    """`wanted`, or `wanted-2`, `wanted-3`… if it is taken; the result is added to `taken`."""
    candidate, n = wanted, 2
    while candidate in taken:
        suffix = f"-{n}"
        candidate = wanted[: ID_MAX - len(suffix)].strip("-") + suffix
        n += 1
    taken.add(candidate)
    return candidate


# --- values the guide accepts -----------------------------------------------------------------


# Invisible characters real open data carries (U+0002 from a copy, direction overrides) that
# would reach pages or reorder what readers see; line breaks and tabs are kept as spacing.
INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean_text(value: Any) -> str | None:
    """A text as the guide keeps it: invisible controls removed, line ends normalised."""
    if not isinstance(value, str):
        return None
    value = INVISIBLE.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    text = " ".join(value.split()) if "\n" not in value else value.strip()
    return text or None


def clean_phone(value: Any, notes: list[str], what: str) -> str | None:
    raw = clean_text(value)
    if raw is None:
        return None
    try:
        number = phonenumbers.parse(raw, "FR")
    except phonenumbers.NumberParseException:
        number = None
    if number is not None and phonenumbers.is_valid_number(number):
        if number.country_code == 33:
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    if number is not None and shortnumberinfo.is_valid_short_number(number):
        return str(number.national_number)
    notes.append(f"{what}: `{raw}` is not a valid telephone number, left out")
    return None


def clean_email(value: Any, notes: list[str], what: str) -> str | None:
    raw = clean_text(value)
    if raw is None:
        return None
    try:
        email_validator.validate_email(raw, check_deliverability=False)
    except email_validator.EmailNotValidError:
        notes.append(f"{what}: `{raw}` is not a valid e-mail address, left out")
        return None
    return raw


def clean_url(value: Any, notes: list[str], what: str) -> str | None:
    raw = clean_text(value)
    if raw is None:
        return None
    parts = urlsplit(raw)
    if parts.scheme in ("http", "https") and "." in (parts.hostname or "") and " " not in raw:
        return raw
    notes.append(f"{what}: `{raw}` is not a web address, left out")
    return None


def clean_hours(value: Any, notes: list[str], what: str) -> str | None:
    raw = clean_text(value)
    if raw is None:
        return None
    try:
        opening_hours.OpeningHours(raw)
    except (opening_hours.ParserError, SyntaxError, ValueError):
        notes.append(f"{what}: `{raw}` is not in OpenStreetMap opening_hours syntax, left out")
        return None
    return raw


def clean_pattern(value: Any, pattern: str, notes: list[str], what: str) -> str | None:
    raw = clean_text(value)
    if raw is None:
        return None
    if re.fullmatch(pattern, raw):
        return raw
    notes.append(f"{what}: `{raw}` is not valid, left out")
    return None


def clean_number(value: Any, low: float, high: float) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if low <= number <= high else None


def clean_list(values: Any, field_name: str, notes: list[str], what: str) -> list[str]:
    """The values of a data·inclusion list that the guide knows, once each, in order."""
    if not isinstance(values, list):
        return []
    allowed = {entry["value"] for entry in read_reference(REFERENCE_LIST_OF_FIELD[field_name])}
    kept: list[str] = []
    for value in values:
        if value in allowed and value not in kept:
            kept.append(value)
        elif value not in allowed:
            notes.append(f"{what}: `{value}` is not a data·inclusion value, left out")
    return kept


def clean_choice(value: Any, field_name: str) -> str | None:
    allowed = {entry["value"] for entry in read_reference(REFERENCE_LIST_OF_FIELD[field_name])}
    return value if value in allowed else None


def french(value: Any) -> dict[str, str] | None:
    """A translatable text in the guide's shape: {"fr": "…"}."""
    text = clean_text(value)
    return {"fr": text} if text else None


def without_empty(items: Iterable[tuple[str, Any]]) -> dict[str, Any]:
    """The fields that have a value, in the given order."""
    return {key: value for key, value in items if value not in (None, "", [], {})}
