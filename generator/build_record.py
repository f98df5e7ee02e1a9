"""What the last build was made from, so that a build with nothing new does nothing.

A build's fingerprint is a digest of everything it reads: the source file, the project's
templates, editorial pages, recordings and fonts, the generator's own code, the options and
the day (freshness and print dates depend on it). When the fingerprint and the published
site are those the last complete build recorded, the site is already what a build would
make: it is kept as it is, and the last build's warnings are said again.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from datetime import date
from pathlib import Path
from typing import Any

from generator import __version__
from generator.errors import Problem, Severity

# What a build reads in the project folder, besides the source file.
PROJECT_INPUTS = ("overrides", "print", "content", "audio", "mkdocs.yml")
CODE_DIR = Path(__file__).resolve().parent
RECORD_VERSION = 1


def fingerprint(source: Path, project_dir: Path, today: date, options: dict[str, Any]) -> str:
    """A digest of every input of a build (files by path and bytes)."""
    hasher = hashlib.sha256(f"{RECORD_VERSION}\0{__version__}\0{today.isoformat()}\0".encode())
    hasher.update(json.dumps(options, sort_keys=True, default=str).encode())
    hasher.update(b"\0source\0" + source.read_bytes())
    for name in PROJECT_INPUTS:
        _add_tree(hasher, project_dir / name, name)
    _add_tree(hasher, CODE_DIR, "generator")
    return hasher.hexdigest()


def _add_tree(hasher: Any, root: Path, label: str) -> None:
    paths = [root] if root.is_file() else sorted(root.rglob("*")) if root.is_dir() else []
    for path in paths:
        if not path.is_file() or "__pycache__" in path.parts or path.suffix == ".pyc":
            continue
        hasher.update(f"\0{label}/{path.relative_to(root).as_posix()}\0".encode())
        hasher.update(hashlib.sha256(path.read_bytes()).digest())


def record_path(cache: Path, site_dir: Path) -> Path:
    return cache / "builds" / f"{site_dir.name}.json"


def site_digest(site_dir: Path) -> str | None:
    """The published site's own index (its manifest lists every output) as a digest."""
    manifest = site_dir / "manifest.json"
    if not manifest.is_file():
        return None
    return hashlib.sha256(manifest.read_bytes()).hexdigest()


def write_record(path: Path, print_: str, site_dir: Path, report: dict[str, Any]) -> None:
    """Keep what the next build compares with (written after the site was published)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"fingerprint": print_, "site": site_digest(site_dir), "report": report}
    path.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True), encoding="utf-8")


def read_record(path: Path, print_: str, site_dir: Path) -> dict[str, Any] | None:
    """The last build's report when nothing changed since it, else None."""
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if data.get("fingerprint") != print_ or data.get("site") != site_digest(site_dir):
        return None
    report = data.get("report")
    return report if isinstance(report, dict) else None


def problems_to_json(problems: list[Problem]) -> list[dict[str, Any]]:
    return [
        {**dataclasses.asdict(problem), "severity": problem.severity.value} for problem in problems
    ]


def problems_from_json(items: list[dict[str, Any]]) -> list[Problem]:
    return [Problem(**{**item, "severity": Severity(item["severity"])}) for item in items]
