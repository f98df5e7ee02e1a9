"""`check`: validate actors.yaml and list every problem at once, as a pull request needs it.

Besides the schema and the field checks (generator/validate.py), a source without error is
also checked for places residents cannot find by need (generator/reach.py), for clips that
need a human recording, for the files under audio/recorded/
(generator/audio/recordings_check.py) and for clips that would last longer than 90 seconds
(generator/audio/budget_check.py), and the
translation coverage of every language is shown. `--format github` (automatic in GitHub
Actions) adds workflow-command annotations, so that each problem shows on its line of the pull
request, and writes the coverage to the job summary.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from generator.commands.common import add_source_options, count, print_problems, today_of
from generator.errors import Problem, Severity
from generator.load import Source
from generator.model import Guide, build_guide
from generator.pipeline import check_source
from generator.reach import crowded_areas, reach_problems
from generator.translations.units import (
    Coverage,
    coverage,
    format_coverage,
    format_coverage_markdown,
    text_fields,
)

FORMATS = ("text", "github")
PROJECT_DIR = Path(__file__).resolve().parent.parent.parent  # where audio/recorded/ is


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("check", help="check actors.yaml and list every problem")
    add_source_options(parser)
    parser.add_argument(
        "--strict", action="store_true", help="treat warnings as errors (exit 1 on a warning)"
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default=None,
        help="github: also print GitHub Actions annotations (default when GITHUB_ACTIONS=true)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    fmt = args.format or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    source, problems = check_source(args.source, today_of(args))
    table: list[Coverage] = []
    if source.data is not None and not any(p.is_error for p in problems):
        guide = build_guide(source.data)
        problems = sorted(
            {
                *problems,
                *reach_problems(source),
                *crowded_areas(source, guide),
                *recording_problems(source, guide),
                *recorded_file_problems(source, guide),
                *clip_budget_problems(source, guide, today_of(args)),
            },
            key=Problem.sort_key,
        )
        table = coverage(text_fields(source), source.data["guide"]["languages"])
        lines = format_coverage(table)
        for line in [*lines, ""] if lines else []:
            print(line)
    if fmt == "github":
        for problem in problems:
            print(annotation(problem, args.strict, annotation_path(problem.file)))
        write_job_summary(source.file, problems, table)
    print_problems(problems, source.file)
    if not problems:
        print_totals(source)
    return 1 if any(p.is_error or args.strict for p in problems) else 0


def print_totals(source: Source) -> None:
    """The one line of a check without any problem."""
    data = source.data
    actors = data["actors"]
    services = sum(len(a.get("services", [])) for a in actors)
    print(
        f"{source.file}: OK — {count(len(actors), 'actor')}, "
        f"{count(services, 'service')}, {len(data['themes'])} themes, "
        f"{len(data['guide']['languages'])} languages."
    )


# --- clips that only a person can record ------------------------------------------------------


def recording_problems(source: Source, guide: Guide) -> list[Problem]:
    """A warning per language whose clips only a person can record, for the actors still waiting.

    The audio stage's own coverage report decides (voices, engines per language, recordings
    under audio/recorded/ in the project); without the audio stage there is nothing to say.
    """
    try:
        from generator.audio import DEFAULT_CACHE_DIR
        from generator.audio.coverage import coverage
    except ImportError:
        return []
    report = coverage(
        guide, project_dir=PROJECT_DIR, cache_dir=PROJECT_DIR / DEFAULT_CACHE_DIR, offline=False
    )
    tags = [lang.tag for lang in guide.languages]
    problems = []
    for entry in report.languages:
        if not entry.needs_recording:
            continue
        position = source.position(("guide", "languages", tags.index(entry.tag)))
        missing = entry.needs_recording
        listed = ", ".join(missing[:5]) + ("…" if len(missing) > 5 else "")
        problems.append(
            Problem(
                source.file,
                position.line,
                position.column,
                "guide.languages",
                f"no voice speaks `{entry.tag}`: {count(len(missing), 'actor')} need a human "
                f"recording ({listed})",
                f"record each one and add it as audio/recorded/{entry.tag}/<actor-id>.mp3 "
                "(see CONTRIBUTING.md)",
                Severity.WARNING,
            )
        )
    return problems


def recorded_file_problems(source: Source, guide: Guide) -> list[Problem]:
    """Files under audio/recorded/ that nothing plays, and recordings whose facts changed."""
    try:
        from generator.audio.recordings_check import recorded_file_problems as problems_of
    except ImportError:
        return []
    return problems_of(guide, source, PROJECT_DIR)


def clip_budget_problems(source: Source, guide: Guide, today: date) -> list[Problem]:
    """Actors whose clip would last longer than the budget, whatever is left out."""
    try:
        from generator.audio import DEFAULT_CACHE_DIR
        from generator.audio.budget_check import budget_problems
    except ImportError:
        return []
    return budget_problems(guide, source, PROJECT_DIR, PROJECT_DIR / DEFAULT_CACHE_DIR, today)


# --- GitHub Actions ----------------------------------------------------------------------------


def annotation(problem: Problem, strict: bool, file: str) -> str:
    """`::error file=…,line=…,col=…,title=…::message` (GitHub's workflow-command syntax)."""
    level = "error" if problem.is_error or strict else "warning"
    located = {"line": str(problem.line), "col": str(problem.column)} if problem.line else {}
    properties = {"file": file, **located, "title": problem.path or Path(problem.file).name}
    listed = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    fix = f" — {problem.fix}" if problem.fix else ""
    return f"::{level} {listed}::{escape_data(problem.message + fix)}"


def escape_data(text: str) -> str:
    """Escape a workflow command's message: %, CR and LF."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a workflow command's property value: as a message, plus `:` and `,`."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation_path(file: str) -> str:
    """The file as GitHub names it: relative to the repository (the workspace)."""
    path = Path(file)
    if not path.is_absolute():
        return path.as_posix()
    root = Path(os.environ.get("GITHUB_WORKSPACE") or Path.cwd()).resolve()
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def write_job_summary(file: str, problems: Sequence[Problem], table: Sequence[Coverage]) -> None:
    """Add the check's outcome and the coverage table to the job summary page, when there is one."""
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if not summary:
        return
    errors = sum(1 for p in problems if p.is_error)
    heading = (
        f"## Check of `{file}`: {count(errors, 'error')}, "
        f"{count(len(problems) - errors, 'warning')}\n\n"
    )
    with open(summary, "a", encoding="utf-8") as handle:
        handle.write(heading + (format_coverage_markdown(table) + "\n" if table else ""))
