"""A build says what it is doing at each long stage (never half a minute of silence), and an
editorial page shown in French in another language says so, as actors' texts do."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.conftest import DATA, run_cli


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess]:
    site = tmp_path_factory.mktemp("status") / "site"
    result = run_cli(
        "build",
        "--source",
        str(DATA / "small.yaml"),
        "--site-dir",
        str(site),
        "--no-audio",
        "--today",
        "2026-11-22",
    )
    assert result.returncode == 0, result.stderr
    return site, result


def test_build_prints_a_status_line_per_stage(build: tuple[Path, subprocess.CompletedProcess]):
    _, result = build
    lines = result.stderr.splitlines()
    stages = ["Print:", "Website:", "Search:", "Compressing"]
    found = [next(i for i, line in enumerate(lines) if line.startswith(s)) for s in stages]
    assert found == sorted(found), lines
    assert "warning: guide.site_url is the example address" in result.stdout
    assert "Built " in result.stdout


def test_untranslated_editorial_page_says_so(build: tuple[Path, subprocess.CompletedProcess]):
    site, _ = build
    arabic = (site / "ar" / "a-propos" / "index.html").read_text(encoding="utf-8")
    notice = '<p class="qfq-note" data-pagefind-ignore>(لم تتم الترجمة بعد)</p>'
    assert notice in arabic
    assert '<div class="qfq-editorial" lang="fr" dir="ltr">' in arabic
    english = (site / "en" / "a-propos" / "index.html").read_text(encoding="utf-8")
    assert '<div class="qfq-editorial">' in english  # translated: no notice
    assert "qfq-note" not in english.split('<div class="qfq-editorial">')[0].split("<h1")[-1]
