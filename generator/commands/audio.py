"""`audio`: the audio coverage report (`--report`), or make every clip into the cache.

`--report` synthesises nothing: it reads the templates, the recordings and the cache, and
lists per language how many actors have a clip and from which engine, which need a human
recording, and which templates are missing. Without `--report`, every clip the next build
needs is made into the cache (useful in CI before the build, or to fill the cache online).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from generator.commands.common import add_source_options, print_problems, today_of

PROJECT_DIR = Path(__file__).resolve().parent.parent.parent


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "audio", help="audio coverage per language (--report), or make the clips into the cache"
    )
    add_source_options(parser)
    parser.add_argument(
        "--report",
        action="store_true",
        help="print the coverage per language without making any clip",
    )
    parser.add_argument(
        "--offline",
        action="store_true",
        help="never use the network (gTTS is skipped; eSpeak NG and recordings still work)",
    )
    parser.add_argument(
        "--cache-dir",
        type=Path,
        default=None,
        metavar="DIR",
        help="the clip cache (default: .cache/audio in the project)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from generator.audio import DEFAULT_CACHE_DIR
    from generator.pipeline import load_guide

    guide, warnings = load_guide(args.source, today_of(args))
    print_problems(warnings, str(args.source))
    cache_dir = args.cache_dir or PROJECT_DIR / DEFAULT_CACHE_DIR
    if args.report:
        from generator.audio.coverage import coverage, format_report

        report = coverage(guide, project_dir=PROJECT_DIR, cache_dir=cache_dir, offline=args.offline)
        print(format_report(report))
        return 0
    from generator.audio.render import MISSING, SYNTHESISED, make_clips

    outcomes, problems = make_clips(
        guide, project_dir=PROJECT_DIR, cache_dir=cache_dir, offline=args.offline, progress=True
    )
    for problem in problems:
        print(f"warning: {problem}")
    made = sum(1 for *_, outcome in outcomes if outcome.status == SYNTHESISED)
    missing = sum(1 for *_, outcome in outcomes if outcome.status == MISSING)
    print(
        f"Audio clips in {cache_dir}: {made} synthesised, "
        f"{len(outcomes) - made - missing} already there, {missing} missing."
    )
    return 0
