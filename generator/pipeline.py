"""Load → validate → model: the part every command shares."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from generator.errors import Problem, ValidationFailed
from generator.load import Source, load_source
from generator.model import Guide, build_guide
from generator.validate import validate_source


def check_source(path: Path, today: date) -> tuple[Source, list[Problem]]:
    """Load and validate; every problem (loading, shape, meaning) in source order."""
    source, problems = load_source(path)
    syntax_failed = source.data is None and any(p.is_error for p in problems)
    if not syntax_failed:
        problems.extend(validate_source(source, today))
    return source, sorted(set(problems), key=Problem.sort_key)


def load_guide(path: Path, today: date) -> tuple[Guide, list[Problem]]:
    """The model of a valid source, with its warnings; `ValidationFailed` lists all errors."""
    source, problems = check_source(path, today)
    if any(p.is_error for p in problems):
        raise ValidationFailed(problems)
    lines = {path: position.line for path, position in source.values.items() if len(path) == 2}
    return build_guide(source.data, lines), problems
