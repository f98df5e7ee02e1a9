"""Stage 2, validate: the checks of one value a schema cannot express.

Each function looks at a value already of the right shape (the schema said the rest) and
returns what is wrong with it as a `Finding` (what is wrong, how to fix it, and whether it is
only a warning), or None. generator/validate.py places each finding at the value's line.
Telephones, e-mails, web addresses, opening hours, language codes and verification dates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

import email_validator
import langcodes
import opening_hours
import phonenumbers
from phonenumbers import shortnumberinfo

from generator.dates import months_between
from generator.hours_fr import to_osm
from generator.opendata.rules import DATE_MIN, web_address_problem
from generator.validate_schema import shorten

PHONE_REGION = "FR"


@dataclass(frozen=True, slots=True)
class Finding:
    """What is wrong with one value, and how to fix it."""

    message: str
    fix: str
    warning: bool = False


def tag_finding(tag: str) -> Finding | None:
    """A language code of the right form that names no language (the schema checks the form)."""
    if re.fullmatch(r"[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*", tag) and not langcodes.tag_is_valid(
        tag
    ):
        return Finding(
            f"`{tag}` is not a known language code",
            "use an ISO 639 code such as fr, ar, uk, bm (Bambara), wo (Wolof), fa-AF (Dari)",
        )
    return None


def phone_finding(value: str) -> Finding | None:
    fix = (
        "write a French number of 10 digits (02 61 91 00 12), a short number (3230), "
        "or an international number starting with +"
    )
    try:
        number = phonenumbers.parse(value, PHONE_REGION)
    except phonenumbers.NumberParseException:
        return Finding(f"`{value}` is not a telephone number", fix)
    if not (phonenumbers.is_valid_number(number) or shortnumberinfo.is_valid_short_number(number)):
        return Finding(f"`{value}` is not a valid telephone number", fix)
    return None


def phone_key(value: str) -> str | None:
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


def email_finding(value: str) -> Finding | None:
    try:
        email_validator.validate_email(value, check_deliverability=False)
    except email_validator.EmailNotValidError as error:
        return Finding(
            f"`{value}` is not a valid e-mail address ({error})",
            "write it as name@domain.fr, with no space",
        )
    return None


def url_finding(value: str) -> Finding | None:
    try:
        parts = urlsplit(value)
        scheme, host = parts.scheme, parts.hostname or ""
    except ValueError:  # a `[` without its `]`: web_address_problem says it
        scheme, host = "https", "."
    if scheme not in ("http", "https") or "." not in host or any(c.isspace() for c in value):
        return Finding(
            f"`{shorten(value, 60)}` is not a web address",
            "write the full address, starting with https://",
        )
    if why := web_address_problem(value):  # as browsers and data·inclusion read it
        return Finding(
            f"`{shorten(value, 60)}` is not a valid web address: {why}",
            "correct it: copy the address from the browser's address bar",
        )
    return None


def hours_finding(value: str) -> Finding | None:
    if not value.strip():
        return None  # the schema already said it is empty
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
        return Finding(f"`{value}` is not valid opening hours{where}", fix)
    return None


def date_finding(value: object, today: date, max_age_months: object) -> Finding | None:
    """A verification date: real, not in the future, and (a warning) not too old."""
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return None  # the schema already said it
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return Finding(f"`{value}` is not a real date", "write a date as YYYY-MM-DD")
    if day > today:
        return Finding(
            f"`{value}` is in the future",
            f"write the day the facts were checked, {today.isoformat()} at the latest",
        )
    if day < DATE_MIN:
        return None  # validate_datainclusion says data·inclusion refuses it
    if isinstance(max_age_months, int) and months_between(day, today) >= max_age_months:
        return Finding(
            f"last checked on {value}, more than {max_age_months} months ago",
            "check the facts with the actor, then update date_verification",
            warning=True,
        )
    return None


def _parser_column(message: str) -> int:
    match = re.search(r"-->\s*\d+:(\d+)", message)
    return int(match.group(1)) if match else 0
