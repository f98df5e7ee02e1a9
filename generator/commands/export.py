"""`export data-inclusion`: the guide as open data in the national data·inclusion v1 format."""

from __future__ import annotations

import argparse
from pathlib import Path

from generator.commands.common import add_source_options, print_problems, today_of
from generator.opendata.datainclusion import DEFAULT_PRODUCER, write_data_inclusion
from generator.pipeline import load_guide


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("export", help="export the guide as open data (data·inclusion)")
    formats = parser.add_subparsers(dest="format", required=True, metavar="FORMAT")
    inclusion = formats.add_parser(
        "data-inclusion",
        help="structures.json and services.json, valid for data·inclusion v1 (schemas and rules)",
    )
    add_source_options(inclusion)
    inclusion.add_argument(
        "--out", type=Path, required=True, metavar="DIR", help="the folder to write the files into"
    )
    inclusion.add_argument(
        "--producer",
        default=DEFAULT_PRODUCER,
        help=f"the producer's name, first part of every id (default: {DEFAULT_PRODUCER})",
    )
    inclusion.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    guide, warnings = load_guide(args.source, today_of(args))
    print_problems(warnings, str(args.source))
    report = write_data_inclusion(guide, args.out, args.producer)
    for line in report.lines():
        print(line)
    return 0
