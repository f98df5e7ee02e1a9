"""Command line: `python -m generator COMMAND`, one module per command in generator/commands/.

User mistakes (a wrong field, a missing file) are printed plainly and end with exit code 1;
only a bug in the generator itself shows a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence

from generator import commands
from generator.commands.common import print_problems
from generator.errors import GuideError, ValidationFailed

# The order commands are listed in `--help`; modules not named here come after, by name.
ORDER = ("check", "build")


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m generator",
        description="Compile actors.yaml into the multilingual 'qui fait quoi' guide.",
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    names = sorted(
        (m.name for m in pkgutil.iter_modules(commands.__path__) if m.name != "common"),
        key=lambda name: (ORDER.index(name) if name in ORDER else len(ORDER), name),
    )
    for name in names:
        importlib.import_module(f"generator.commands.{name}").register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    try:
        return int(args.run(args))
    except ValidationFailed as failure:
        print_problems(failure.problems, str(getattr(args, "source", "")))
        print("Nothing was written: the previous site is unchanged.")
        return 1
    except GuideError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted: nothing was changed", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `… | head`: the reader has gone; not an error of the guide
        sys.stderr.close()
        return 0
    except OSError as error:  # the machine refused a read or a write: not a bug of the guide
        print(f"error: {describe_os_error(error)}", file=sys.stderr)
        return 1


def describe_os_error(error: OSError) -> str:
    """What the system refused, on which path, and what to check."""
    where = f"{error.filename}: " if error.filename else ""
    reason = error.strerror or str(error)
    if isinstance(error, PermissionError):
        fix = "choose a folder you may write to, or fix its permissions"
    elif isinstance(error, FileNotFoundError):
        fix = "check the path; create the folder above it first"
    elif isinstance(error, NotADirectoryError):
        fix = "a file stands where a folder is needed: choose another path"
    elif error.errno == 28:  # ENOSPC
        fix = "free some disk space, then run the command again"
    else:
        fix = "check the path and the disk, then run the command again"
    return f"{where}{reason.lower()} — {fix}"
