"""Dependencies are declared exactly as imported: nothing arrives only as another's dependency,
nothing is declared that no code uses."""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib

from tests.conftest import ROOT

# Declared, used, but never imported by name.
NOT_IMPORTED = {
    "mkdocs-material": "the theme, named in mkdocs.yml",
    "pagefind": "run as `python -m pagefind` (search index)",
    "language-data": "the language names langcodes reads",
    "ruff": "the linter, run by `make test`",
}


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def declared(group: str | None) -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    entries = project["dependencies"] if group is None else project["optional-dependencies"][group]
    return {normalise(re.split(r"[=<>\[ ]", entry, maxsplit=1)[0]) for entry in entries}


def imported(*folders: str) -> set[str]:
    """The distributions that the code under `folders` imports."""
    owners = importlib.metadata.packages_distributions()
    names: set[str] = set()
    for folder in folders:
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text("utf-8"))):
                if isinstance(node, ast.Import):
                    names |= {alias.name.split(".")[0] for alias in node.names}
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names.add(node.module.split(".")[0])
    local = {"generator", "tests", "bench"}
    return {
        normalise(owners[name][0])
        for name in names - set(sys.stdlib_module_names) - local
        if name in owners
    }


def test_the_runtime_declares_what_it_imports_and_nothing_else() -> None:
    runtime = declared(None)
    used = imported("generator")
    assert used - runtime == set(), "imported by generator/ but not declared"
    assert runtime - used - set(NOT_IMPORTED) == set(), "declared but never imported"


def test_tests_declare_what_they_import() -> None:
    available = declared(None) | declared("dev")
    assert imported("tests", "bench") - available == set()
    unused = declared("dev") - imported("tests", "bench") - set(NOT_IMPORTED)
    assert unused == set(), "dev dependency unused"


def test_every_declared_version_is_the_constrained_one() -> None:
    pins = {
        normalise(name): version
        for name, version in re.findall(
            r"^([A-Za-z0-9_.\-]+)==(\S+)$", (ROOT / "constraints.txt").read_text(), re.M
        )
    }
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    for entry in [*project["dependencies"], *project["optional-dependencies"]["dev"]]:
        name, version = re.match(r"([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?==(\S+)", entry).groups()
        assert pins.get(normalise(name)) == version, entry
