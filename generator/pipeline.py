"""Load → validate → model: the part every command shares."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from generator.errors import Problem, ValidationFailed
from generator.load import Source, load_source, read_text
from generator.load_blocks import parse_text_cached
from generator.model import Guide, build_guide
from generator.validate import validate_source
from generator.validate_cache import CACHE_NAME as ACTOR_CHECKS
from generator.validate_cache import ActorChecks


def check_source(
    path: Path, today: date, cache_dir: Path | None = None
) -> tuple[Source, list[Problem]]:
    """Load and validate; every problem (loading, shape, meaning) in source order.

    `cache_dir`: where the actors' blocks parsed by an earlier build are kept (a build's cache).
    """
    if cache_dir is None:
        source, problems = load_source(path)
    else:
        source, problems = parse_text_cached(read_text(path), str(path), cache_dir)
    syntax_failed = source.data is None and any(p.is_error for p in problems)
    if not syntax_failed:
        checks = ActorChecks(cache_dir / ACTOR_CHECKS if cache_dir else None, source, today)
        problems.extend(validate_source(source, today, checks))
        checks.save()
    return source, sorted(set(problems), key=Problem.sort_key)


def load_guide(
    path: Path, today: date, cache_dir: Path | None = None
) -> tuple[Guide, list[Problem]]:
    """The model of a valid source, with its warnings; `ValidationFailed` lists all errors."""
    source, problems = check_source(path, today, cache_dir)
    if any(p.is_error for p in problems):
        raise ValidationFailed(problems)
    actors = source.data.get("actors") if isinstance(source.data, dict) else None
    lines = {
        ("actors", i): source.values[("actors", i)].line
        for i in range(len(actors) if isinstance(actors, list) else 0)
        if ("actors", i) in source.values
    }
    return build_guide(source.data, lines), problems
