"""`audio`: the audio coverage report (`--report`), make every clip into the cache, or record
what a person's recording says (`--stamp LANG ACTOR_ID [--transcript FILE]`).

`--report` synthesises nothing: it reads the templates, the recordings and the cache, and
lists per language how many actors have a clip and from which engine, which need a human
recording, and which templates are missing. Without `--report`, every clip the next build
needs is made into the cache (useful in CI before the build, or to fill the cache online).
`--stamp` writes audio/recorded/LANG/ACTOR_ID.yaml (generator/audio/recordings.py), which
`check` compares with the guide.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from generator.commands.common import add_source_options, print_problems, today_of
from generator.errors import GuideError
from generator.model import Guide

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
    parser.add_argument(
        "--stamp",
        nargs=2,
        metavar=("LANG", "ACTOR_ID"),
        default=None,
        help="after listening to audio/recorded/LANG/ACTOR_ID.mp3: record what it says "
        "(--transcript) and the actor's facts it says, in ACTOR_ID.yaml beside it",
    )
    parser.add_argument(
        "--transcript",
        type=Path,
        default=None,
        metavar="FILE",
        help="with --stamp: a UTF-8 text file with what the recording says (- to type it)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from generator.audio import DEFAULT_CACHE_DIR
    from generator.pipeline import load_guide

    if args.transcript is not None and args.stamp is None:
        raise GuideError("--transcript goes with --stamp LANG ACTOR_ID")
    guide, warnings = load_guide(args.source, today_of(args))
    if args.stamp is not None:
        return stamp(args, guide)
    print_problems(warnings, str(args.source))
    cache_dir = args.cache_dir or PROJECT_DIR / DEFAULT_CACHE_DIR
    if args.report:
        from generator.audio.coverage import coverage, format_report

        report = coverage(
            guide,
            project_dir=PROJECT_DIR,
            cache_dir=cache_dir,
            offline=args.offline,
            today=today_of(args),
        )
        print(format_report(report))
        return 0
    from generator.audio.maker import MISSING, SYNTHESISED
    from generator.audio.render import make_clips

    outcomes, problems = make_clips(
        guide,
        project_dir=PROJECT_DIR,
        cache_dir=cache_dir,
        offline=args.offline,
        progress=True,
        today=today_of(args),
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


def stamp(args: argparse.Namespace, guide: Guide) -> int:
    """Write the record of one recording and say what it holds."""
    from generator.audio.recordings import read_transcript, stamp_recording
    from generator.audio.recordings_check import stamp_command

    lang, actor_id = args.stamp
    transcript = read_transcript(args.transcript) if args.transcript is not None else None
    command = stamp_command(lang, actor_id, "actors.yaml")  # written in the file: no local path
    done = stamp_recording(guide, PROJECT_DIR, lang, actor_id, transcript, command)
    record = done.path.relative_to(PROJECT_DIR).as_posix()
    print(f"wrote {record}, with the facts the recording should say:")
    for key, value in (done.sidecar.facts or {}).items():
        print(f"  {key}: {value}")
    if done.sidecar.transcript:
        words = len(done.sidecar.transcript.split())
        print(f"Its transcript ({words} words) is shown on its audio page.")
    else:
        print(
            "No transcript: its audio page says that the text shown may differ from the "
            "recording. Write down what it says in a text file and add --transcript FILE."
        )
    for note in done.notes:
        print(f"warning: {note}")
    return 0
