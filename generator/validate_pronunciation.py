"""The guide's pronunciation list (`guide.audio.pronunciation`): what the schema cannot say.

The schema checks the shape (a name, then `fr` or a block of spellings by language code);
this pass says what a value means when it is not one of those, and warns about spellings in
a language the guide does not have (never said).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from generator.errors import Problem, Severity
from generator.load import PathKey, Source
from generator.model import SOURCE_LANGUAGE
from generator.schema.make import TAG_PATTERN

ROOT: PathKey = ("guide", "audio", "pronunciation")


def _problem(
    source: Source, path: PathKey, message: str, fix: str, severity: Severity, *, key: bool = False
) -> Problem:
    position = source.position(path, key=key)
    where = source.describe(path)
    return Problem(source.file, position.line, position.column, where, message, fix, severity)


def example(written: str) -> str:
    """`CAF: fr` or `CAF: {fr: "…", ar: "…"}`, the name quoted only where YAML needs it."""
    plain = re.fullmatch(r"\w[\w'’ .-]*", written) is not None
    name = written if plain else json.dumps(written, ensure_ascii=False)
    return f'`{name}: fr` or `{name}: {{fr: "…", ar: "…"}}`'


def pronunciation_problems(source: Source) -> Iterator[Problem]:
    """Every problem of the pronunciation list, located on its line."""
    data = source.data if isinstance(source.data, dict) else {}
    guide = data.get("guide") if isinstance(data.get("guide"), dict) else {}
    audio = guide.get("audio") if isinstance(guide.get("audio"), dict) else {}
    listed = audio.get("pronunciation")
    if not isinstance(listed, dict):
        return
    languages = guide.get("languages") if isinstance(guide.get("languages"), list) else []
    for written, how in listed.items():
        path = (*ROOT, written)
        if not written.strip() or not any(char.isalnum() for char in written):
            yield _problem(
                source,
                path,
                f"`{written}` is not a name or an acronym",
                "write the name as the texts write it, e.g. CAF or France Travail",
                Severity.ERROR,
                key=True,
            )
            continue
        if isinstance(how, str) and how != SOURCE_LANGUAGE:
            yield _problem(
                source,
                path,
                f"`{how}` is not a way to say `{written}`",
                f"write `fr` to have it said by the French voice as written, or a spelling per "
                f"language in braces: {example(written)}",
                Severity.ERROR,
            )
        elif isinstance(how, dict):
            yield from _spellings(source, path, written, how, languages)


def _spellings(
    source: Source, path: PathKey, written: str, how: dict[str, Any], languages: list[Any]
) -> Iterator[Problem]:
    if not how:
        yield _problem(
            source,
            path,
            f"no spelling is given for `{written}`",
            f"write `fr` (said by the French voice as written) or spellings: {example(written)}",
            Severity.ERROR,
        )
        return
    for tag in how:
        if languages and tag not in languages and re.fullmatch(TAG_PATTERN, tag):
            yield _problem(
                source,
                (*path, tag),
                f"`{tag}` is not one of the guide's languages: this spelling is never said",
                f"add {tag} to guide.languages, or remove this spelling",
                Severity.WARNING,
                key=True,
            )
