"""Options and output shared by the subcommands."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from generator.errors import Problem

DEFAULT_SOURCE = Path("actors.yaml")
DEFAULT_SITE = Path("site")


def parse_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"`{value}` is not a date: write YYYY-MM-DD") from None


def add_source_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--source",
        type=Path,
        default=DEFAULT_SOURCE,
        metavar="FILE",
        help="the guide's YAML file (default: actors.yaml)",
    )
    parser.add_argument(
        "--today",
        type=parse_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="take this day as today (for reproducible builds and tests)",
    )


def today_of(args: argparse.Namespace) -> date:
    return args.today or date.today()


def count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def print_problems(problems: Sequence[Problem], file: str) -> None:
    """Every problem on its own line, then a summary line when there is any."""
    for problem in problems:
        print(problem.format())
    errors = sum(1 for p in problems if p.is_error)
    warnings = len(problems) - errors
    if errors:
        print(
            f"{file}: {count(errors, 'error')}, {count(warnings, 'warning')}. "
            "Fix the errors above (file:line:column), then run the check again."
        )
    elif warnings:
        print(f"{file}: no error, {count(warnings, 'warning')}.")
