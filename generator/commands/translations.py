"""`translations export|import|stamp`: the translators' round trip through PO or CSV files."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.commands.common import add_source_options, count, today_of
from generator.translations.apply import (
    export_translations,
    import_translations,
    stamp_translations,
)
from generator.translations.formats import Format, normalise_tag
from generator.translations.units import Status


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "translations",
        help="export what is left to translate (PO or CSV), import it back, stamp reviews",
        description="Translators get a PO or CSV file with what is missing or stale in their "
        "language; the filled file is imported back into actors.yaml, comments kept.",
    )
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")

    export = actions.add_parser("export", help="write what is missing or stale for a language")
    add_source_options(export)
    export.add_argument("--lang", required=True, type=normalise_tag, help="e.g. ar, uk, fa-AF")
    export.add_argument(
        "--format", choices=[f.value for f in Format], default=None, help="po (default) or csv"
    )
    export.add_argument(
        "--out",
        type=Path,
        default=None,
        metavar="FILE",
        help="default: translations-LANG.po; - for stdout",
    )
    export.add_argument(
        "--machine",
        action="store_true",
        help="also export machine-made translations, for a person to review",
    )
    export.set_defaults(run=run_export)

    imported = actions.add_parser("import", help="write a filled PO or CSV file into actors.yaml")
    add_source_options(imported)
    imported.add_argument("file", type=Path, metavar="FILE", help="the .po or .csv file")
    imported.set_defaults(run=run_import)

    stamp = actions.add_parser(
        "stamp",
        help="record the current French text beside reviewed translations",
        description="Without --only: every translation in LANG that records no French text yet "
        "is taken as made from the current one. With --only KEY: that translation, stale or "
        "not, was reviewed against the current French text.",
    )
    add_source_options(stamp)
    stamp.add_argument("--lang", required=True, type=normalise_tag)
    stamp.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="KEY",
        help="a text such as actors[caf-tilleuls].description (repeat for several)",
    )
    stamp.set_defaults(run=run_stamp)


def run_export(args: argparse.Namespace) -> int:
    fmt = Format(args.format) if args.format else _format_of(args.out)
    export = export_translations(args.source, args.lang, fmt, today_of(args), machine=args.machine)
    out: Path = args.out or Path(f"translations-{args.lang}.{fmt.value}")
    summary = (
        f"{count(len(export.fields), 'text')} for {args.lang}: "
        f"{export.count(Status.MISSING)} missing, {export.count(Status.STALE)} stale"
        + (f", {export.count(Status.MACHINE)} machine-made to review" if args.machine else "")
    )
    if str(out) == "-":
        sys.stdout.write(export.text)
        print(summary, file=sys.stderr)
        return 0
    out.write_text(export.text, encoding="utf-8", newline="")
    print(f"wrote {out}: {summary}")
    if export.fields:
        print(f"When it is filled: .venv/bin/python -m generator translations import {out}")
    return 0


def _format_of(out: Path | None) -> Format:
    return Format.CSV if out is not None and out.suffix.lower() == ".csv" else Format.PO


def run_import(args: argparse.Namespace) -> int:
    report = import_translations(args.source, args.file, today_of(args))
    for line in report.lines(str(args.source)):
        print(line)
    if report.refused:
        print(
            f"{count(len(report.refused), 'translation')} refused"
            + (", the others were written." if report.saved else "; nothing else to write.")
        )
        return 1
    return 0


def run_stamp(args: argparse.Namespace) -> int:
    report = stamp_translations(args.source, args.lang, today_of(args), args.only)
    for line in report.lines(str(args.source)):
        print(line)
    return 0
