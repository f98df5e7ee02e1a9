"""Command line: `python -m generator check|build`.

User mistakes (a wrong field, a missing file) are printed plainly and end with exit code 1;
only a bug in the generator itself shows a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from generator.errors import GuideError, Problem, ValidationFailed
from generator.pipeline import check_source

DEFAULT_SOURCE = Path("actors.yaml")
DEFAULT_SITE = Path("site")


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"`{value}` is not a date: write YYYY-MM-DD") from None


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m generator",
        description="Compile actors.yaml into the multilingual 'qui fait quoi' guide.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add_common(sub: argparse.ArgumentParser) -> None:
        sub.add_argument(
            "--source",
            type=Path,
            default=DEFAULT_SOURCE,
            metavar="FILE",
            help="the guide's YAML file (default: actors.yaml)",
        )
        sub.add_argument(
            "--today",
            type=_date,
            default=None,
            metavar="YYYY-MM-DD",
            help="take this day as today (for reproducible builds and tests)",
        )

    check = commands.add_parser("check", help="check actors.yaml and list every problem")
    add_common(check)
    check.add_argument(
        "--strict", action="store_true", help="treat warnings as errors (exit 1 on a warning)"
    )
    build = commands.add_parser("build", help="check, then build the site into --site-dir")
    add_common(build)
    build.add_argument(
        "--site-dir",
        type=Path,
        default=DEFAULT_SITE,
        metavar="DIR",
        help="where to write the site (default: site/); replaced only if the build succeeds",
    )
    return parser


def print_problems(problems: Sequence[Problem], file: str) -> None:
    for problem in problems:
        print(problem.format())
    errors = sum(1 for p in problems if p.is_error)
    warnings = len(problems) - errors
    if errors:
        print(
            f"{file}: {_count(errors, 'error')}, {_count(warnings, 'warning')}. "
            "Fix the errors above (file:line:column), then run the check again."
        )
    elif warnings:
        print(f"{file}: no error, {_count(warnings, 'warning')}.")


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def run_check(args: argparse.Namespace) -> int:
    today = args.today or date.today()
    source, problems = check_source(args.source, today)
    print_problems(problems, source.file)
    errors = [p for p in problems if p.is_error or args.strict]
    if not problems:
        data = source.data
        actors = data["actors"]
        services = sum(len(a.get("services", [])) for a in actors)
        print(
            f"{source.file}: OK — {_count(len(actors), 'actor')}, "
            f"{_count(services, 'service')}, {len(data['themes'])} themes, "
            f"{len(data['guide']['languages'])} languages."
        )
    return 1 if errors else 0


def run_build(args: argparse.Namespace) -> int:
    from generator.build import build_guide_site  # the renderers load only when building

    today = args.today or date.today()
    report = build_guide_site(args.source, args.site_dir, today)
    print_problems(report.warnings, str(args.source))
    print(report.summary())
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    try:
        if args.command == "check":
            return run_check(args)
        return run_build(args)
    except ValidationFailed as failure:
        print_problems(failure.problems, str(args.source))
        print("Nothing was written: the previous site is unchanged.")
        return 1
    except GuideError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted: nothing was changed", file=sys.stderr)
        return 130
