"""What data·inclusion's own models refuse beyond its JSON Schemas, encoded in the project.

data·inclusion validates records with pydantic models (the `data-inclusion-schema` package,
v1.0.10: `data_inclusion.schema.v1.Structure` and `Service`). The JSON Schemas copied in
generator/reference/ (the models' own export) carry the fields, types, lists, patterns and
lengths; the models also enforce, and no JSON Schema says:

- `publics`: `tous-publics` alone, never with another public (validator `tous_publics`);
- `date_maj`: from 2000-01-01 to today (validator `date_maj_valide`);
- the web addresses (`site_web`, `accessibilite_lieu`, `lien_source`, `lien_mobilisation`) are
  pydantic `HttpUrl`s, parsed as a browser does (WHATWG): http or https, a host without
  forbidden characters, a valid international domain name, a port from 0 to 65535, a valid IPv4
  address when the host ends in a number, at most 2083 characters;
- `nom` ending with a full stop (but "etc."): only a warning, when data·inclusion asks for them.

The runtime does not depend on the package: `check` reports these rules on the guide's own
lines (generator/validate_datainclusion.py, and validate.check_url for web addresses), and the
export refuses a record that breaks one. tests/test_datainclusion_official.py holds them
against the package.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from collections.abc import Iterable
from datetime import date
from typing import Any
from urllib.parse import unquote, urlsplit

import idna

TOUS_PUBLICS = "tous-publics"
DATE_MIN = date(2000, 1, 1)
URL_MAX = 2083
NAME_MIN, NAME_MAX = 3, 150
URL_FIELDS = ("lien_source", "site_web", "accessibilite_lieu", "lien_mobilisation")
# The WHATWG URL standard's "forbidden domain code points", after percent-decoding.
FORBIDDEN_IN_HOST = frozenset([chr(c) for c in range(0x21)] + list("#%/:<>?@[\\]^|\x7f"))
_PORT = re.compile(r"[0-9]*")


def other_publics(publics: Iterable[str]) -> list[str]:
    """The publics listed with `tous-publics` (empty when the list is fine)."""
    values = list(dict.fromkeys(publics))
    return [p for p in values if p != TOUS_PUBLICS] if TOUS_PUBLICS in values else []


def date_problem(day: date, today: date) -> str | None:
    """Why data·inclusion refuses this `date_maj`, or None."""
    if day < DATE_MIN:
        return f"it is before {DATE_MIN.isoformat()}"
    if day > today:
        return "it is in the future"
    return None


def ends_with_full_stop(name: str) -> bool:
    """data·inclusion's warning: a name should not end with a full stop (but "etc.")."""
    return name.endswith(".") and not name.endswith("etc.")


def web_address_problem(value: str) -> str | None:
    """Why pydantic's `HttpUrl` refuses this address, or None.

    It may refuse more than pydantic does (no host at all: `https:example.org`, which browsers
    repair), never less on the addresses tests/test_datainclusion_official.py tries.
    """
    if len(value) > URL_MAX:
        return f"it is longer than {URL_MAX} characters"
    text = value.strip(" \t\n\r\f\v\x00")
    scheme, sep, _ = text.partition(":")
    if not sep or scheme.lower() not in ("http", "https"):
        return "it does not start with http:// or https://"
    try:
        netloc = urlsplit(text).netloc
    except ValueError:  # urlsplit's own complaint: a `[` without its `]`
        return "the `[` of its host has no `]`"
    if "\\" in netloc:  # browsers read it as `/`: the host would end there
        return "it has a `\\` where `/` is meant"
    hostport = netloc.rpartition("@")[2]
    if hostport.startswith("["):
        host, _, after = hostport[1:].partition("]")
        if not _is_ipv6(host) or after[:1] not in ("", ":"):
            return f"`{hostport}` is not an IPv6 address and port"
        port = after[1:]
    else:
        host, _, port = hostport.partition(":")
        problem = host_problem(host)
        if problem:
            return problem
    if not _PORT.fullmatch(port) or (port and int(port) > 65535):
        return f"`{port}` is not a port number (0 to 65535)"
    return None


def host_problem(host: str) -> str | None:
    """Why a (non-IPv6) host is not one a browser accepts, or None."""
    decoded = unquote(host)
    if not decoded:
        return "it has no host (the name after https://)"
    forbidden = sorted({c for c in decoded if c in FORBIDDEN_IN_HOST})
    if forbidden:
        shown = ", ".join(f"`{c}`" if c.isprintable() and c != " " else repr(c) for c in forbidden)
        return f"its host contains {shown}"
    try:
        mapped = idna.uts46_remap(decoded, std3_rules=False, transitional=False)
    except (idna.IDNAError, UnicodeError):
        return f"`{decoded}` is not a valid domain name"
    if not mapped:  # only characters that domain names leave out, such as U+200B
        return "it has no host (the name after https://)"
    unicode_labels = [_decoded(label) for label in mapped.split(".")]
    bidi = any(_is_rtl(label) for label in unicode_labels if label)
    if any(label is None or not _is_valid_label(label, bidi) for label in unicode_labels):
        return f"`{decoded}` is not a valid international domain name"
    labels = mapped.split(".")
    if len(labels) > 1 and labels[-1] == "":
        labels.pop()
    if _looks_numeric(labels[-1]) and not _is_ipv4(labels):
        return f"`{decoded}` is not a valid IPv4 address"
    return None


def _decoded(label: str) -> str | None:
    """A label as Unicode: an `xn--` label decoded (None if it is not valid punycode)."""
    if not label.startswith("xn--"):
        return label
    try:
        decoded = label[4:].encode("ascii").decode("punycode")
        mapped = idna.uts46_remap(decoded, std3_rules=False, transitional=False)
    except (UnicodeError, idna.IDNAError):
        return None
    canonical = decoded.encode("punycode").decode("ascii") == label[4:]
    return decoded if canonical and not decoded.isascii() and mapped == decoded else None


def _is_rtl(label: str) -> bool:
    return any(unicodedata.bidirectional(c) in ("R", "AL", "AN") for c in label)


def _is_valid_label(label: str, bidi: bool) -> bool:
    """UTS #46 validity as browsers apply it: NFC, no leading combining mark, joiners in their
    context, and the bidi rule of RFC 5893 in a domain with a right-to-left label."""
    if not label or (label.isascii() and not bidi):
        return True
    try:
        if not label.isascii():
            idna.check_nfc(label)
            idna.check_initial_combiner(label)
        joiners_ok = all(
            idna.valid_contextj(label, i) for i, c in enumerate(label) if c in "\u200c\u200d"
        )
        return joiners_ok and idna.check_bidi(label, check_ltr=bidi)
    except (idna.IDNAError, ValueError):
        return False


def _is_ipv6(text: str) -> bool:
    if "%" in text:  # a zone (`fe80::1%eth0`): Python takes it, browsers do not
        return False
    try:
        ipaddress.IPv6Address(text)
    except ValueError:
        return False
    return True


def _looks_numeric(label: str) -> bool:
    """WHATWG's "ends in a number": the host is then read as an IPv4 address."""
    if label.isdigit() and label.isascii():
        return True
    return label[:2] in ("0x", "0X") and all(c in "0123456789abcdefABCDEF" for c in label[2:])


def _ipv4_part(part: str) -> int | None:
    """One part of a WHATWG IPv4 address: decimal, 0x hexadecimal or 0-prefixed octal."""
    base, digits = 10, part
    if part[:2] in ("0x", "0X"):
        base, digits = 16, part[2:]
    elif len(part) > 1 and part.startswith("0"):
        base, digits = 8, part[1:]
    if digits == "":
        return 0 if base != 10 else None
    allowed = "0123456789abcdefABCDEF"[: 22 if base == 16 else base]
    return int(digits, base) if all(c in allowed for c in digits) else None


def _is_ipv4(labels: list[str]) -> bool:
    numbers = [_ipv4_part(label) for label in labels] if all(labels) else [None]
    if len(numbers) > 4 or any(n is None for n in numbers):
        return False
    *first, last = [n for n in numbers if n is not None]
    return all(n <= 255 for n in first) and last < 256 ** (5 - len(numbers))


def record_problems(record: dict[str, Any], today: date) -> list[str]:
    """What data·inclusion's models refuse in an exported record, as `field: why` lines."""
    problems = []
    others = other_publics(record.get("publics") or [])
    if others:
        problems.append(f"publics: `{TOUS_PUBLICS}` is listed with {', '.join(others)}")
    if isinstance(record.get("date_maj"), str):
        try:
            why = date_problem(date.fromisoformat(record["date_maj"]), today)
        except ValueError:
            why = None  # the JSON Schema's `date` format says it
        if why:
            problems.append(f"date_maj: {why}")
    for name in URL_FIELDS:
        if isinstance(record.get(name), str) and (why := web_address_problem(record[name])):
            problems.append(f"{name}: {why}")
    return problems
