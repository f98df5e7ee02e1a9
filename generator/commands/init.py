"""`init`: start the guide of a new territory, with the standard needs and no place yet.

`init --territory "…" --languages fr,en,ar [--site-url URL] [--source FILE]` writes a new
actors.yaml (never over an existing file): the line that gives editors completion and help,
the guide's settings (with how clips say the national acronyms: CAF, CPAM, Ameli…), and the
sample's eight needs with their data·inclusion thematiques and
their titles in each chosen language the project has. The file is checked before it is
written; it checks and builds as it is, its pages saying that no place is listed yet.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path
from typing import Any

import langcodes
import yaml

from generator.commands.common import DEFAULT_SOURCE, count, parse_date, today_of
from generator.errors import GuideError
from generator.languages import suggest_tag
from generator.load import parse_text
from generator.model import SOURCE_LANGUAGE
from generator.schema.make import SCHEMA_PATH, TAG_PATTERN
from generator.validate import validate_source

NEEDS = Path(__file__).resolve().parent.parent / "starter" / "needs.yaml"
PRONUNCIATION = NEEDS.with_name("pronunciation.yaml")
PROJECT = Path(__file__).resolve().parent.parent.parent


class InitError(GuideError):
    """The new guide cannot be written as asked."""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "init", help="start a new territory's actors.yaml (standard needs, no place yet)"
    )
    parser.add_argument(
        "--territory", required=True, help='the territory, e.g. "Quartier Nord — Rennes"'
    )
    parser.add_argument(
        "--languages",
        required=True,
        metavar="fr,en,ar",
        help="the guide's languages, comma-separated BCP 47 codes (fr comes first)",
    )
    parser.add_argument(
        "--site-url", metavar="URL", help="the public address, e.g. https://guide.example.org/"
    )
    parser.add_argument(
        "--source",
        type=Path,
        default=DEFAULT_SOURCE,
        metavar="FILE",
        help="the file to create (default: actors.yaml); never overwritten",
    )
    parser.add_argument("--today", type=parse_date, default=None, help=argparse.SUPPRESS)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    path: Path = args.source
    if path.exists():
        raise InitError(
            f"{path} already exists: init never overwrites a file — choose another --source "
            f"(e.g. --source mon-territoire/actors.yaml), or check the existing one with "
            f"`.venv/bin/python -m generator check --source {path}`"
        )
    tags, notes = parse_languages(args.languages)
    text = guide_text(path, args.territory.strip(), tags, args.site_url)
    source, problems = parse_text(text, str(path))
    errors = [p for p in [*problems, *validate_source(source, today_of(args))] if p.is_error]
    if errors:
        raise InitError(
            "the new guide would not be valid, nothing was written:\n"
            + "\n".join(f"  {p.message} — {p.fix}" for p in errors)
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as handle:  # "x": never over a file made meanwhile
        handle.write(text)
    for note in notes:
        print(f"note: {note}")
    print(
        f"wrote {path}: {args.territory.strip()}, {count(len(tags), 'language')} "
        f"({', '.join(tags)}), {count(len(starter_needs()), 'need')}, no place yet."
    )
    for line in next_steps(path):
        print(line)
    return 0


def parse_languages(written: str) -> tuple[list[str], list[str]]:
    """The tags of `--languages`, French first; what was added, or why a code is refused."""
    tags: list[str] = []
    notes: list[str] = []
    for part in re.split(r"[,\s]+", written.strip()):
        if not part:
            continue
        if not (re.fullmatch(TAG_PATTERN, part) and langcodes.tag_is_valid(part)):
            meant = suggest_tag(part)
            raise InitError(
                f"`{part}` is not a language code — "
                + (f"write {meant}" if meant else "write BCP 47 codes such as fr, en, ar, fa-AF")
            )
        if part not in tags:
            tags.append(part)
    if SOURCE_LANGUAGE not in tags:
        tags.insert(0, SOURCE_LANGUAGE)
        notes.append("fr added to the languages: every text of the guide is written in French")
    tags.remove(SOURCE_LANGUAGE)
    return [SOURCE_LANGUAGE, *tags], notes


def starter_needs() -> list[dict[str, Any]]:
    return list(yaml.safe_load(NEEDS.read_text(encoding="utf-8"))["themes"])


def starter_pronunciation() -> dict[str, Any]:
    return dict(yaml.safe_load(PRONUNCIATION.read_text(encoding="utf-8"))["pronunciation"])


def pronunciation_lines(tags: list[str]) -> list[str]:
    """The national acronyms and names, with the spellings of the guide's languages only."""
    lines = [
        "  audio:",
        "    # Comment les clips disent les sigles et les noms, dans toutes les langues :",
        '    # fr = dit par la voix française ; {fr: "…"} = dit ainsi par la voix française ;',
        '    # {ar: "…"} = lu par la voix arabe dans le clip arabe (voir CONTRIBUTING.md).',
        "    pronunciation:",
    ]
    for written, how in starter_pronunciation().items():
        kept = {tag: text for tag, text in how.items() if tag in tags} if how != "fr" else {}
        lines.append(f"      {written}: {translation(kept) if kept else SOURCE_LANGUAGE}")
    return lines


def quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def translation(value: Any) -> str:
    if isinstance(value, str):
        return quote(value)
    inner = ", ".join(
        f"{key}: {quote(item) if isinstance(item, str) else str(item).lower()}"
        for key, item in value.items()
    )
    return f"{{{inner}}}"


def guide_text(path: Path, territory: str, tags: list[str], site_url: str | None) -> str:
    """The new file, in the sample's style."""
    folder = path.resolve().parent
    inside = folder == PROJECT or PROJECT in folder.parents
    schema = Path(os.path.relpath(SCHEMA_PATH, folder)) if inside else SCHEMA_PATH
    lines = [
        f"# yaml-language-server: $schema={schema.as_posix()}",
        "#",
        f"# Guide « qui fait quoi » : {territory}.",
        "#",
        "# Pour ajouter un acteur : copiez un bloc « - id: … » (voir l'exemple du projet,",
        "# actors.yaml), collez-le sous « actors: » et changez les valeurs ; ou importez des",
        "# données ouvertes : .venv/bin/python -m generator import data-inclusion structures.json",
        "# services.json. Puis lancez « .venv/bin/python -m generator check ».",
        "guide:",
        f"  territory: {quote(territory)}",
    ]
    if site_url:
        lines.append(f"  site_url: {quote(site_url)}")
    lines += [
        f"  default_language: {SOURCE_LANGUAGE}",
        f"  languages: [{', '.join(tags)}]",
        "  verification_max_age_months: 12",
        *pronunciation_lines(tags),
        "themes:",
    ]
    for need in starter_needs():
        lines.append(f"  - id: {need['id']}")
        if need.get("icon"):
            lines.append(f"    icon: {need['icon']}")
        lines.append("    title:")
        lines += [
            f"      {tag}: {translation(value)}"
            for tag, value in need["title"].items()
            if tag in tags
        ]
        lines.append("    thematiques:")
        lines += [f"      - {topic}" for topic in need["thematiques"]]
    lines.append("actors: []")
    return "\n".join(lines) + "\n"


def next_steps(path: Path) -> list[str]:
    """What to run next, as it runs from here (the interpreter that runs this command)."""
    python = sys.executable
    if python.startswith(str(Path.cwd()) + os.sep):
        python = os.path.relpath(python)
    python = python if os.sep in python else "python"
    run = f"{python} -m generator"
    site = path.parent / "site"
    example = PROJECT / "tests" / "data" / "messy"
    lines = ["", "Next:"]
    if example.is_dir():
        structures = os.path.relpath(example / "structures.json")
        services = os.path.relpath(example / "services.json")
        lines.append(
            f"  {run} import data-inclusion {structures} {services} --source {path} --dry-run"
            "   # what an import says (your files in place of these examples)"
        )
    lines += [
        f"  {run} check --source {path}",
        f"  {run} build --source {path} --site-dir {site}",
    ]
    return lines
