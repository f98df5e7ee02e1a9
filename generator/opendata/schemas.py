"""The official data·inclusion v1 JSON Schemas, with their formats checked for real.

The schemas (copied unchanged in generator/reference/) declare no `$schema`: they are read
as JSON Schema 2020-12, whose `$defs` and `$ref` they use for the reference lists. jsonschema
checks `format` only when asked, and checks `uri` only with an optional package: the
formats the schemas use (`uri`, `email`, `date`) are checked here by the project's own rules.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import email_validator
import jsonschema

from generator.schema.make import REFERENCE
from generator.write import write_atomic

STRUCTURE = "structure.json"
SERVICE = "service.json"

FORMAT_CHECKER = jsonschema.FormatChecker(formats=("date",))


@FORMAT_CHECKER.checks("uri")
def is_uri(value: object) -> bool:
    """An absolute URI: a scheme, and a host for web addresses; no space."""
    if not isinstance(value, str):
        return True
    try:
        parts = urlsplit(value)
    except ValueError:  # a `[` without its `]`
        return False
    if not parts.scheme or any(c.isspace() for c in value):
        return False
    return bool(parts.netloc) if parts.scheme in ("http", "https") else bool(parts.path)


@FORMAT_CHECKER.checks("email")
def is_email(value: object) -> bool:
    if not isinstance(value, str):
        return True
    try:
        email_validator.validate_email(value, check_deliverability=False)
    except email_validator.EmailNotValidError:
        return False
    return True


def load_official(name: str) -> dict[str, Any]:
    return json.loads((REFERENCE / name).read_text(encoding="utf-8"))


@cache
def validator(name: str) -> jsonschema.Draft202012Validator:
    """A validator for `structure.json` or `service.json`, formats included."""
    schema = load_official(name)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=FORMAT_CHECKER)


def record_errors(record: Any, name: str) -> list[str]:
    """What is wrong with one record, as `field: message` lines (empty when valid)."""
    errors = sorted(validator(name).iter_errors(record), key=lambda e: list(e.absolute_path))
    return [
        f"{'.'.join(str(p) for p in e.absolute_path) or '(record)'}: {_short(e)}" for e in errors
    ]


def _short(error: jsonschema.ValidationError) -> str:
    """The message; for "a value or null", why the value failed rather than "not null"."""
    if error.validator == "anyOf" and error.context:
        reasons = [e.message for e in error.context if e.validator_value != "null"]
        if reasons:
            return reasons[0]
    return error.message


@cache
def property_names(name: str) -> tuple[str, ...]:
    """Every field of a record, in the schema's order (read once: it is asked per record)."""
    return tuple(load_official(name)["properties"])


class CheckedRecords:
    """Records an earlier build found valid, kept by digest in `path`, so that a build checks
    against the schemas only the records that changed (the check costs ~3 ms a record: 15 s
    for a département's 2,000 places and their services). The digest covers the record, the
    schema's bytes, this module's rules and jsonschema's version. `path` None: check all.
    """

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.seen: set[str] = set()
        self.known: set[str] = set()
        if path is not None and path.is_file():
            try:
                self.known = set(json.loads(path.read_text(encoding="utf-8")))
            except (ValueError, TypeError):
                self.known = set()  # a damaged cache is only a slower build

    def errors(self, record: Any, name: str) -> list[str]:
        """`record_errors`, skipped for a record already found valid."""
        text = json.dumps(record, ensure_ascii=False, sort_keys=True, default=str)
        key = hashlib.sha256(f"{_rules_digest(name)}\n{text}".encode()).hexdigest()
        if key in self.known:
            self.seen.add(key)
            return []
        problems = record_errors(record, name)
        if not problems:
            self.seen.add(key)
        return problems

    def save(self) -> None:
        """Keep the digests of this build's valid records (and only those)."""
        if self.path is not None:
            write_atomic(self.path, json.dumps(sorted(self.seen)).encode("utf-8"))


@cache
def _rules_digest(name: str) -> str:
    hasher = hashlib.sha256(version("jsonschema").encode())
    hasher.update((REFERENCE / name).read_bytes())
    hasher.update(Path(__file__).read_bytes())
    return hasher.hexdigest()
