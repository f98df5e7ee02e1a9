"""`build`: check, then build the whole site into --site-dir, replacing it only on success."""

from __future__ import annotations

import argparse
import os
import sys
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
    parser.add_argument(
        "--cache-dir",
        type=Path,
        default=None,
        metavar="DIR",
        help="what later builds reuse: audio clips, pages (default: .cache/ beside the site)",
    )
    parser.add_argument(
        "--site-url",
        default=os.environ.get("SITE_URL") or None,
        metavar="URL",
        help="the guide's public address, in place of guide.site_url (default: $SITE_URL)",
    )
    parser.add_argument(
        "--offline", action="store_true", help="use only offline voices (eSpeak NG, recordings)"
    )
    parser.add_argument(
        "--no-audio", action="store_true", help="skip clips and audio pages (a quick preview)"
    )
    parser.add_argument(
        "--no-print",
        action="store_true",
        help="skip leaflets, the directory and posters (with --no-audio: the website alone)",
    )
    parser.add_argument(
        "--shard",
        metavar="STAGE:LANG",
        help="make one stage (audio, print or pages) of one language into the caches and"
        " write no site: a job of a first build spread over machines (see generator/shard.py);"
        " a build without --shard then assembles the site from the caches",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from generator.build import BuildOptions, build_guide_site  # renderers load only here
    from generator.shard import parse_shard

    options = BuildOptions(
        audio=not args.no_audio,
        prints=not args.no_print,
        offline=args.offline,
        site_url=args.site_url,
        shard=parse_shard(args.shard) if args.shard else None,
        status=True,
        progress=sys.stderr.isatty() and os.environ.get("CI") != "true",
    )
    report = build_guide_site(
        args.source, args.site_dir, today_of(args), cache_dir=args.cache_dir, options=options
    )
    print_problems(report.warnings, str(args.source))
    print(report.summary())
    return 0
