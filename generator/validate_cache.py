"""What each actor's own checks found, remembered between builds.

Checking one actor (its texts, telephone numbers, e-mail addresses, hours, web addresses,
dates) costs about half a millisecond; a département's 2,000 cost a second on every build,
when an editor changed one of them. An actor is checked again unless the same block of the
file (`generator.load_blocks`), under the same head of the file (`guide:`, `themes:`…), on
the same day and with the same rules, was checked before: its problems are given back,
placed where the actor stands now (tests/test_validate_cache.py compares with a full check).
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from importlib.metadata import version
from pathlib import Path
from typing import Any

from generator.errors import Problem, Severity
from generator.load import Source
from generator.write import write_atomic

CACHE_NAME = "actor-checks.json"
# What an actor's checks are made of besides its data: these modules and libraries.
RULE_MODULES = (
    "validate.py",
    "validate_values.py",
    "validate_schema.py",
    "hours.py",
    "hours_fr.py",
    "hours_fr_grammar.py",
    "hours_fr_words.py",
    "dates.py",
    "languages.py",
    "model.py",
    "opendata/rules.py",
    "schema/make.py",
)
RULE_LIBRARIES = ("phonenumbers", "email-validator", "langcodes", "opening-hours-py", "idna")


def rules_digest() -> str:
    hasher = hashlib.blake2b(digest_size=16)
    package = Path(__file__).resolve().parent
    for name in RULE_MODULES:
        hasher.update((package / name).read_bytes())
    for library in RULE_LIBRARIES:
        hasher.update(f"{library}=={version(library)}".encode())
    return hasher.hexdigest()


class ActorChecks:
    """What each actor's own checks found in an earlier build, where the same block of the
    file stands under the same head, on the same day, with the same rules (`path` None:
    nothing is remembered). Problems are kept with their line counted from the actor's first
    line, and given back where the actor stands now."""

    def __init__(self, path: Path | None, source: Source, today: date) -> None:
        self.path = path
        self.source = source
        self.keys: list[str] = []
        if path is not None and source.block_keys and source.head_key:
            context = f"{rules_digest()}|{source.head_key}|{today.isoformat()}|"
            self.keys = [
                hashlib.blake2b((context + block).encode(), digest_size=16).hexdigest()
                for block in source.block_keys
            ]
        self.known: dict[str, list[list[Any]]] = {}
        self.seen: dict[str, list[list[Any]]] = {}
        if self.keys and path is not None and path.is_file():
            try:
                stored = json.loads(path.read_text(encoding="utf-8"))
                self.known = stored if isinstance(stored, dict) else {}
            except ValueError:
                self.known = {}  # a damaged cache only means checking everything

    def _start(self, index: int) -> int:
        return self.source.values[("actors", index)].line

    def recall(self, index: int) -> list[Problem] | None:
        """The problems of actor `index` when it was checked as it is; None: check it."""
        if index >= len(self.keys) or self.keys[index] not in self.known:
            return None
        kept = self.known[self.keys[index]]
        self.seen[self.keys[index]] = kept
        start = self._start(index)
        return [
            Problem(self.source.file, start + line, column, path, message, fix, Severity(level))
            for line, column, path, message, fix, level in kept
        ]

    def remember(self, index: int, problems: list[Problem]) -> None:
        """What checking actor `index` found (kept only when all of it can be given back)."""
        if index >= len(self.keys):
            return
        start = self._start(index)
        kept = []
        for problem in problems:
            # A problem placed outside the actor, or named by the actor's rank: not kept.
            if problem.file != self.source.file or problem.line < start or "[#" in problem.path:
                return
            kept.append(
                [
                    problem.line - start,
                    problem.column,
                    problem.path,
                    problem.message,
                    problem.fix,
                    problem.severity.value,
                ]
            )
        self.seen[self.keys[index]] = kept

    def save(self) -> None:
        if self.path is not None and self.keys and self.seen != self.known:
            text = json.dumps(self.seen, ensure_ascii=False, sort_keys=True)
            write_atomic(self.path, text.encode("utf-8"))
