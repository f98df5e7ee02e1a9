"""`check`: validate actors.yaml and list every problem at once."""

from __future__ import annotations

import argparse

from generator.commands.common import add_source_options, count, print_problems, today_of
from generator.pipeline import check_source


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("check", help="check actors.yaml and list every problem")
    add_source_options(parser)
    parser.add_argument(
        "--strict", action="store_true", help="treat warnings as errors (exit 1 on a warning)"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    source, problems = check_source(args.source, today_of(args))
    print_problems(problems, source.file)
    failing = [p for p in problems if p.is_error or args.strict]
    if not problems:
        data = source.data
        actors = data["actors"]
        services = sum(len(a.get("services", [])) for a in actors)
        print(
            f"{source.file}: OK — {count(len(actors), 'actor')}, "
            f"{count(services, 'service')}, {len(data['themes'])} themes, "
            f"{len(data['guide']['languages'])} languages."
        )
    return 1 if failing else 0
