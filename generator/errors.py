"""User-facing problems and the small exception hierarchy for them.

A `Problem` is one mistake in an editor's file, located by file, line and column, with the
field path, what is wrong and how to fix it. Exceptions derived from `GuideError` are user
errors: the command line prints them without a traceback. Anything else is a bug.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Problem:
    """One mistake found in a source file."""

    file: str
    line: int  # 1-based; 0 when the problem is the whole file
    column: int
    path: str
    message: str
    fix: str = ""
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def format(self) -> str:
        """Render as `FILE:LINE:COLUMN: field.path: message — how to fix`.

        Line 0 stands for the whole file (a recording, a folder): `FILE: message — fix`.
        """
        where = f"{self.file}:{self.line}:{self.column}" if self.line else self.file
        label = "" if self.is_error else "warning: "
        field = f"{self.path}: " if self.path else ""
        fix = f" — {self.fix}" if self.fix else ""
        return f"{where}: {label}{field}{self.message}{fix}"

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.line, self.column, self.message)


class GuideError(Exception):
    """A mistake the user can fix; printed without a traceback."""


class SourceError(GuideError):
    """The source file could not be read at all (missing, too large, not UTF-8)."""


class ValidationFailed(GuideError):
    """The source has errors; `problems` lists all of them (warnings included)."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        errors = sum(1 for p in problems if p.is_error)
        super().__init__(f"{errors} error(s) in the source")


class BuildError(GuideError):
    """A renderer could not produce an output; the previous site is left untouched."""


class UsageError(GuideError):
    """A command was given options that do not fit together or the guide."""
