"""`import data-inclusion FILE…`, `import mediation-numerique FILE.csv`: open data into the guide.

New actors are added at the end of the list; known ones are updated only where the import is
newer than their `date_verification`; comments and layout of the file are kept.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from generator.commands.common import add_source_options, today_of
from generator.opendata.datainclusion import ReadResult, read_data_inclusion
from generator.opendata.mediation import read_mediation
from generator.opendata.merge import merge_actors


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "import", help="add or update actors from open data (data·inclusion, médiation numérique)"
    )
    formats = parser.add_subparsers(dest="format", required=True, metavar="FORMAT")
    inclusion = formats.add_parser(
        "data-inclusion", help="structures and services JSON files (data·inclusion v1)"
    )
    inclusion.add_argument("files", type=Path, nargs="+", metavar="FILE")
    mediation = formats.add_parser(
        "mediation-numerique", help="a « lieux de médiation numérique » CSV file (schema v1.0.2)"
    )
    mediation.add_argument("files", type=Path, nargs=1, metavar="FILE.csv")
    for sub in (inclusion, mediation):
        add_source_options(sub)
        sub.add_argument(
            "--dry-run", action="store_true", help="say what would change, write nothing"
        )
        sub.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    read: ReadResult = (
        read_data_inclusion(args.files)
        if args.format == "data-inclusion"
        else read_mediation(args.files[0])
    )
    report = merge_actors(args.source, read.actors, today_of(args), dry_run=args.dry_run)
    report.skipped[:0] = read.skipped
    for line in report.lines(str(args.source), args.dry_run):
        print(line)
    return 0
