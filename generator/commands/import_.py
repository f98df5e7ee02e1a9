"""`import data-inclusion FILE…`, `import mediation-numerique FILE.csv`: open data into the guide.

Record by record: what can be imported is imported, and each record that cannot is reported
by its place in the input with the reason. New actors are added at the end of the list; known
ones are updated only where the import is newer than their `date_verification`; comments and
layout of the file are kept. Exit code 0 when at least one record is in the guide, 1 when none
could be imported, 2 when an input file cannot be read; `--dry-run` prints the same report
and writes nothing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.commands.common import add_source_options, today_of
from generator.opendata.di_read import ReadResult, UnreadableInput, read_data_inclusion
from generator.opendata.mediation import read_mediation
from generator.opendata.merge import merge_actors

NOTHING_IMPORTED = 1
UNREADABLE = 2


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
    if not args.source.is_file():
        print(
            f"error: {args.source}: no guide to import into — start one with `python -m "
            f'generator init --territory "…" --languages fr,en --source {args.source}`',
            file=sys.stderr,
        )
        return UNREADABLE
    try:
        read: ReadResult = (
            read_data_inclusion(args.files)
            if args.format == "data-inclusion"
            else read_mediation(args.files[0])
        )
    except UnreadableInput as error:
        print(f"error: {error} — nothing was imported", file=sys.stderr)
        return UNREADABLE
    report = merge_actors(args.source, read.actors, today_of(args), dry_run=args.dry_run)
    report.skipped[:0] = read.skipped
    print(f"{read.records} record(s) read from {', '.join(str(f) for f in args.files)}")
    for line in report.lines(str(args.source), args.dry_run):
        print(line)
    if report.imported == 0:
        print("No record could be imported: see the reasons above.")
        return NOTHING_IMPORTED
    return 0
