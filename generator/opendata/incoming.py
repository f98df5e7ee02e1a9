"""An actor read from an open-data file, already in actors.yaml's shape, and its clean-up.

Imports produce `Incoming` actors whose values pass the guide's own checks: a value the guide
would refuse (a malformed telephone, an unknown list value) is left out and noted, so that the
imported file always passes `check`. Real data is messy: texts lose their control characters
and Windows line ends, a telephone is found inside a sentence, a web address without `https://`
gets it, and opening hours are always kept as their source text beside the OpenStreetMap form
when there is one.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit

import email_validator
import opening_hours
import phonenumbers
from phonenumbers import shortnumberinfo

from generator.hours_fr import to_osm
from generator.schema.make import ZONE_PATTERN, read_reference
from generator.validate_schema import REFERENCE_LIST_OF_FIELD

ID_MAX = 80  # the schema's limit for any id
SLUG_MAX = 40  # imported ids: short URLs, light QR codes
SMALL_WORDS = frozenset(
    ("a", "au", "aux", "d", "de", "des", "du", "en", "et", "l", "la", "le", "les", "par", "pour"),
)
# Invisible characters real open data carries (U+0002 from a copy, zero-width spaces, byte
# order marks) and direction overrides and isolates, which would reorder what readers see.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\ufeff\u202a-\u202e\u2066-\u2069]")


@dataclass(slots=True)
class Incoming:
    """One actor from an open-data file, ready to be added or merged."""

    origin: str  # where it comes from: "structures.json #12 (cd35 734 « Nom »)"
    ident: str  # the suggested id in the guide
    date_verification: date
    fields: dict[str, Any]  # actor fields in the guide's shape, texts as {"fr": "…"}
    services: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # values left out or changed, and why

    @property
    def nom(self) -> str:
        return str(self.fields.get("nom", self.ident))

    @property
    def key(self) -> tuple[str, str] | None:
        """(producer, producer's id): how a re-import finds this actor again."""
        source, ident = self.fields.get("source"), self.fields.get("source_id")
        return (str(source or ""), str(ident)) if ident else None


def slugify(text: str, limit: int = SLUG_MAX) -> str:
    """An id: ASCII lower-case words joined by dashes, cut at a word (`Maison des Aînés` →
    maison-des-aines)."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = decomposed.encode("ascii", "ignore").decode("ascii").lower()
    words: list[str] = []
    for word in re.findall(r"[a-z0-9]+", ascii_text):
        if len("-".join([*words, word])) > limit:
            if not words:
                return word[:limit]
            while len(words) > 1 and words[-1] in SMALL_WORDS:  # not `…-sociale-de`
                words.pop()
            break
        words.append(word)
    return "-".join(words)


def unique_id(wanted: str, taken: set[str], limit: int = ID_MAX) -> str:
    """`wanted`, or `wanted-2`, `wanted-3`… if it is taken; the result is added to `taken`."""
    candidate, n = wanted, 2
    while candidate in taken:
        suffix = f"-{n}"
        candidate = wanted[: limit - len(suffix)].strip("-") + suffix
        n += 1
    taken.add(candidate)
    return candidate


def local_id(record_id: str, source: str) -> str:
    """`dora--734` → `734`: the producer's prefix removed."""
    prefix = f"{source}--"
    return record_id[len(prefix) :] if source and record_id.startswith(prefix) else record_id


def label(source: Any, ident: Any, name: Any) -> str:
    """`cd35 734 « Nom »`: a record as its producer would recognise it."""
    parts = []
    if isinstance(source, str) and source.strip():
        parts.append(source.strip())
    if isinstance(ident, (str, int)) and str(ident).strip():
        parts.append(local_id(str(ident).strip(), str(source or "")))
    if isinstance(name, str) and name.strip():
        shown = " ".join(CONTROL.sub(" ", name).split())
        parts.append(f"« {shown[:60]}{'…' if len(shown) > 60 else ''} »")
    return " ".join(parts)


# --- texts ------------------------------------------------------------------------------------


def clean_text(value: Any) -> str | None:
    """A text as a reader needs it: no control character, Unix line ends, no outer spaces;
    one line is made of single spaces, paragraphs keep their line breaks."""
    if not isinstance(value, str):
        return None
    text = CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    if "\n" not in text.strip():
        return " ".join(text.split()) or None
    lines = [" ".join(line.split()) for line in text.strip().split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)) or None


def clean_line(value: Any) -> str | None:
    """A one-line value (a name, an address): line breaks become spaces."""
    text = clean_text(value)
    return " ".join(text.split()) if text else None


def controls_removed(record: dict[str, Any]) -> int:
    """How many invisible control characters the texts of a record carry."""
    return sum(len(CONTROL.findall(v)) for v in record.values() if isinstance(v, str))


def french(value: Any) -> dict[str, str] | None:
    """A translatable text in the guide's shape: {"fr": "…"}."""
    text = clean_text(value)
    return {"fr": text} if text else None


# --- values the guide accepts -----------------------------------------------------------------


def clean_phone(value: Any, notes: list[str], what: str) -> str | None:
    """A French number in its national form, a short number (3949), or an international one;
    the first of several numbers written together (the others noted)."""
    raw = clean_line(str(value) if isinstance(value, int) else value)
    if raw is None:
        return None
    whole = _phone(raw)
    if whole is not None:
        return whole
    found = [m.raw_string for m in phonenumbers.PhoneNumberMatcher(raw, "FR")]
    numbers = [n for n in (_phone(f) for f in found) if n is not None]
    if not numbers:
        notes.append(f"{what}: `{raw}` is not a valid telephone number, left out")
        return None
    if len(numbers) > 1:
        notes.append(
            f"{what}: `{raw}` gives {len(numbers)} numbers; the guide keeps one, {numbers[0]}"
        )
    return numbers[0]


def _phone(raw: str) -> str | None:
    try:
        number = phonenumbers.parse(raw, "FR")
    except phonenumbers.NumberParseException:
        return None
    if phonenumbers.is_valid_number(number):
        if number.country_code == 33:
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    if shortnumberinfo.is_valid_short_number(number):
        return str(number.national_number)
    return None


def clean_email(value: Any, notes: list[str], what: str) -> str | None:
    raw = clean_line(value)
    if raw is None:
        return None
    candidates = [c.strip() for c in re.split(r"[;,\s]+", raw.removeprefix("mailto:")) if c]
    for candidate in candidates:
        try:
            email_validator.validate_email(candidate, check_deliverability=False)
        except email_validator.EmailNotValidError:
            continue
        if len(candidates) > 1:
            notes.append(f"{what}: `{raw}` gives several addresses; the guide keeps {candidate}")
        return candidate
    notes.append(f"{what}: `{raw}` is not a valid e-mail address, left out")
    return None


def clean_url(value: Any, notes: list[str], what: str) -> str | None:
    raw = clean_line(value)
    if raw is None:
        return None
    if re.match(r"(?i)www\.", raw):
        notes.append(f"{what}: `{raw}` written as https://{raw}")
        raw = f"https://{raw}"
    parts = urlsplit(raw)
    if parts.scheme in ("http", "https") and "." in (parts.hostname or "") and " " not in raw:
        return raw
    notes.append(f"{what}: `{raw}` is not a web address, left out")
    return None


def convert_hours(text: str) -> str | None:
    """The OpenStreetMap opening_hours form of an hours text, or None when not certain.

    Every imported hours text goes through here: the text itself when it already is valid
    OpenStreetMap syntax, else the French reading of `generator.hours_fr` when it is certain
    (`du lundi au vendredi de 9h à 12h` → `Mo-Fr 09:00-12:00`). The source text is kept beside
    it by the caller: a converted form never replaces what the producer wrote.
    """
    try:
        opening_hours.OpeningHours(text)
    except (opening_hours.ParserError, SyntaxError, ValueError):
        return to_osm(text)
    return text


def clean_hours(value: Any) -> tuple[str | None, dict[str, str] | None]:
    """(OpenStreetMap form, the source text) of opening hours: the text is kept whenever it
    says more than the OpenStreetMap form, so that nothing is lost."""
    raw = clean_text(value)
    if raw is None:
        return None, None
    osm = convert_hours(raw)
    return osm, (None if osm == raw else {"fr": raw})


def clean_pattern(value: Any, pattern: str, notes: list[str], what: str) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    raw = clean_line(value)
    if raw is None:
        return None
    if re.fullmatch(pattern, raw):
        return raw
    compact = raw.replace(" ", "").replace(".", "")
    if re.fullmatch(pattern, compact):
        return compact
    notes.append(f"{what}: `{raw}` is not valid, left out")
    return None


def clean_postal_code(value: Any, notes: list[str], what: str) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value < 10000:
        value = f"{value:05d}"  # a number lost its leading zero (01000)
    return clean_pattern(value, r"[0-9]{5}", notes, what)


def clean_siret(value: Any, notes: list[str], what: str) -> str | None:
    """A SIRET of 14 digits; fourteen zeros stand for none."""
    siret = clean_pattern(value, r"[0-9]{14}", notes, what)
    return None if siret is None or set(siret) == {"0"} else siret


def clean_number(value: Any, low: float, high: float) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        number = float(str(value).replace(",", ".")) if isinstance(value, str) else float(value)
    except (TypeError, ValueError):
        return None
    return number if low <= number <= high else None


def clean_coordinates(record: dict[str, Any], notes: list[str]) -> list[tuple[str, float]]:
    latitude = clean_number(record.get("latitude"), -90, 90)
    longitude = clean_number(record.get("longitude"), -180, 180)
    if latitude is None or longitude is None:
        if record.get("latitude") is not None or record.get("longitude") is not None:
            notes.append("latitude/longitude: not a valid pair of coordinates, left out")
        return []
    if latitude == 0 and longitude == 0:
        notes.append("latitude/longitude: 0, 0 is not a place, left out")
        return []
    return [("latitude", latitude), ("longitude", longitude)]


def clean_date(value: Any) -> date | None:
    """A day from `2019-03-12`, `2019-03-12T10:00:00Z` or `12/03/2019`; None otherwise."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        pass
    try:
        return datetime.strptime(text, "%d/%m/%Y").date()
    except ValueError:
        return None


def clean_list(values: Any, field_name: str, notes: list[str], what: str) -> list[str]:
    """The values of a data·inclusion list that the guide knows, once each, in order."""
    if isinstance(values, str):
        values = [values]
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


def clean_choice(value: Any, field_name: str, notes: list[str], what: str) -> str | None:
    if value is None:
        return None
    allowed = {entry["value"] for entry in read_reference(REFERENCE_LIST_OF_FIELD[field_name])}
    if value in allowed:
        return str(value)
    notes.append(f"{what}: `{value}` is not a data·inclusion value, left out")
    return None


def clean_zone(values: Any, notes: list[str], what: str) -> list[str]:
    """data·inclusion zone_eligibilite codes, as given (a département stays a département)."""
    if not isinstance(values, list):
        return []
    kept = []
    for value in values:
        if isinstance(value, str) and re.fullmatch(ZONE_PATTERN, value):
            if value not in kept:
                kept.append(value)
        else:
            notes.append(f"{what}: `{value}` is not a zone code, left out")
    return kept


def without_empty(items: Iterable[tuple[str, Any]]) -> dict[str, Any]:
    """The fields that have a value, in the given order."""
    return {key: value for key, value in items if value not in (None, "", [], {})}
