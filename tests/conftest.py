"""Shared fixtures: the project's paths, a fixed 'today', and helpers to run the CLI."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from generator.build import BuildOptions, build_guide_site

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
GOLDEN = Path(__file__).resolve().parent / "golden"
TODAY = date(2026, 11, 22)


@pytest.fixture(scope="session")
def build_options(tmp_path_factory: pytest.TempPathFactory) -> BuildOptions:
    """Offline builds sharing one audio cache (kept in .cache/ between local runs: a clip is
    keyed by engine, voice and exact text, so a cached clip is always the right one)."""
    return BuildOptions(offline=True, audio_cache=ROOT / ".cache" / "test-audio")


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory, build_options: BuildOptions) -> Path:
    """The sample guide (actors.yaml), built once for every test that reads it."""
    site = tmp_path_factory.mktemp("sample") / "site"
    build_guide_site(ROOT / "actors.yaml", site, TODAY, options=build_options)
    return site


@pytest.fixture
def small_yaml() -> Path:
    return DATA / "small.yaml"


@pytest.fixture
def small_text(small_yaml: Path) -> str:
    return small_yaml.read_text(encoding="utf-8")


def run_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """Run `python -m generator …` as a user would, capturing what they would see."""
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def require_tool(path_or_name: str) -> str:
    """The path of a needed program; skip with a reason locally, fail in CI (CI=true)."""
    import os
    import shutil

    found = shutil.which(path_or_name)
    if found:
        return found
    reason = f"{path_or_name} is not installed (sudo apt-get install it, or run `make test`)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI must have every tool: {reason}")
    pytest.skip(reason)
