"""`print`: render the PDFs alone (leaflets, directory, posters) into --out, for editors."""

from __future__ import annotations

import argparse
import time
from datetime import date
from pathlib import Path

from generator.commands.common import add_source_options, count, print_problems, today_of
from generator.errors import GuideError
from generator.model import Guide

PROJECT_DIR = Path(__file__).resolve().parent.parent.parent
DEFAULT_OUT = Path(".cache") / "print-out"  # ignored by git, as all of .cache/
KINDS = ("leaflet", "directory", "poster")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "print", help="check, then render the leaflets, directory and posters (PDF) into --out"
    )
    add_source_options(parser)
    parser.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUT,
        metavar="DIR",
        help=f"where to write the PDFs, as in the site: DIR/print/… (default: {DEFAULT_OUT}/)",
    )
    parser.add_argument(
        "--kind",
        choices=KINDS,
        action="append",
        help="only leaflets, the directory or posters (repeat for several; default: all)",
    )
    parser.add_argument(
        "--language",
        metavar="TAG",
        help=(
            "only the documents in this language (fr, ar, fa-AF…; posters have all); the other"
            " languages' leaflets are laid out too, to split needs by commune as a build does"
        ),
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=None,
        metavar="N",
        help="how many PDFs to render at once (default: one per processor)",
    )
    parser.set_defaults(run=run)


def voiced(guide: Guide, today: date) -> frozenset[tuple[str, str]]:
    """Where the build would publish a clip (codes say "listen" there, "read" elsewhere)."""
    try:
        from generator.audio import DEFAULT_CACHE_DIR
        from generator.audio.coverage import voiced_plan
    except ImportError:  # without the audio stage, no clip is published
        return frozenset()
    return voiced_plan(
        guide,
        project_dir=PROJECT_DIR,
        cache_dir=PROJECT_DIR / DEFAULT_CACHE_DIR,
        offline=False,
        today=today,
    )


def run(args: argparse.Namespace) -> int:
    from generator.pipeline import load_guide  # WeasyPrint loads only when printing
    from generator.render.printing import render_print

    started = time.monotonic()
    guide, warnings = load_guide(args.source, today_of(args))
    tags = [lang.tag for lang in guide.languages]
    if args.language is not None and args.language not in tags:
        raise GuideError(
            f"--language {args.language}: the guide has no such language — use one of "
            f"{', '.join(tags)}"
        )
    entries = render_print(
        guide,
        args.out,
        project_dir=PROJECT_DIR,
        today=today_of(args),
        workers=args.jobs,
        cache_dir=Path(".cache") / "print",  # the PDFs `build` laid out are reused
        kinds=frozenset(args.kind) if args.kind else None,
        language=args.language,
        voiced=voiced(guide, today_of(args)),
    )
    print_problems(warnings, str(args.source))
    kinds = {kind: sum(1 for e in entries if e["kind"] == kind) for kind in KINDS}
    split = len({e["theme"] for e in entries if e["kind"] == "leaflet" and "label" in e})
    parts = [count(kinds["leaflet"], "leaflet")]
    if split:  # a need whose places do not fit in 4 pages has a leaflet per commune or part
        parts[0] += f" ({count(split, 'need')} split by commune)"
    if kinds["directory"] > 1:  # a large territory's directory comes in volumes of communes
        parts.append(f"the directory in {kinds['directory']} volumes")
    elif kinds["directory"]:
        parts.append("the directory")
    parts.append(count(kinds["poster"], "poster"))
    print(
        f"Wrote {count(len(entries), 'PDF')} ({', '.join(parts)}) into {args.out}/print/ "
        f"in {time.monotonic() - started:.1f} s."
    )
    return 0
