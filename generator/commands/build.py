"""`build`: check, then build the whole site into --site-dir, replacing it only on success."""

from __future__ import annotations

import argparse
from pathlib import Path

from generator.commands.common import DEFAULT_SITE, add_source_options, print_problems, today_of


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("build", help="check, then build the site into --site-dir")
    add_source_options(parser)
    parser.add_argument(
        "--site-dir",
        type=Path,
        default=DEFAULT_SITE,
        metavar="DIR",
        help="where to write the site (default: site/); replaced only if the build succeeds",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from generator.build import build_guide_site  # the renderers load only when building

    report = build_guide_site(args.source, args.site_dir, today_of(args))
    print_problems(report.warnings, str(args.source))
    print(report.summary())
    return 0
