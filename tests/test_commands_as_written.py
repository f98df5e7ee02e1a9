"""Every command a document or a message tells to run exists as written (subcommand, flags),
and running the module outside the project's environment says what to run instead."""

from __future__ import annotations

import argparse
import re
import subprocess
import sys

from generator.cli import make_parser
from tests.conftest import ROOT

DOCUMENTS = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", ROOT / "print" / "README.md"]
SOURCES = sorted(
    path
    for pattern in ("*.py", "*.md", "*.yaml")
    for path in (ROOT / "generator").rglob(pattern)
    if "__pycache__" not in path.parts
)
GENERATOR = re.compile(r"(?<![\w/.])((?:\.venv/bin/)?python -m generator) ([^`»\"\n]*)")
MAKE = re.compile(r"`make ([a-z][\w.-]*)")


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _options(parser: argparse.ArgumentParser) -> set[str]:
    return {option for action in parser._actions for option in action.option_strings}


def written_commands() -> list[tuple[str, str, str]]:
    """(file, how the module is run, the rest of the command) for every command written."""
    found = []
    for path in DOCUMENTS + SOURCES:
        for match in GENERATOR.finditer(path.read_text(encoding="utf-8")):
            found.append((path.relative_to(ROOT).as_posix(), match[1], match[2].strip()))
    return found


def test_documents_and_messages_name_commands_that_exist() -> None:
    commands = _subparsers(make_parser())
    wrong = []
    for where, _, rest in written_commands():
        words = rest.split()
        if not words or not re.fullmatch(r"[a-z][a-z-]*", words[0]):
            continue  # prose: "`python -m generator` (the module)"
        parser = commands.get(words[0])
        if parser is None:
            wrong.append(f"{where}: no command '{words[0]}' in `{rest}`")
            continue
        nested = _subparsers(parser)
        if nested and len(words) > 1 and re.fullmatch(r"[a-z][a-z-]*", words[1]):
            if words[1] not in nested:
                wrong.append(f"{where}: no '{words[0]} {words[1]}' in `{rest}`")
                continue
            parser = nested[words[1]]
        for flag in (word.split("=")[0] for word in words if word.startswith("--")):
            if flag not in _options(parser):
                wrong.append(f"{where}: no option {flag} in `{rest}`")
    assert not wrong, "\n".join(wrong)


def test_documents_run_the_module_from_the_project_environment() -> None:
    bare = [
        f"{where}: `{how} {rest}`"
        for where, how, rest in written_commands()
        if how == "python -m generator" and where in {"README.md", "CONTRIBUTING.md"}
    ]
    assert not bare, "\n".join(bare)


def test_make_targets_named_in_documents_exist() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([\w.-]+):", makefile, flags=re.MULTILINE))
    named = {
        (path.name, target)
        for path in DOCUMENTS + SOURCES
        for target in MAKE.findall(path.read_text(encoding="utf-8"))
    }
    assert named, "the documents name make targets"
    missing = sorted(f"{where}: make {target}" for where, target in named if target not in targets)
    assert not missing, "\n".join(missing)


def test_outside_the_environment_the_module_says_what_to_run() -> None:
    # -S: without site-packages, as the system's Python without the project's dependencies.
    result = subprocess.run(
        [sys.executable, "-S", "-m", "generator", "translations", "stamp"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "make check" in result.stderr
    assert ".venv/bin/python -m generator translations stamp" in result.stderr
