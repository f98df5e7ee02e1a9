"""The public address: a warning while it is the example, an override for deploys, and a site
that works under a sub-path (a GitHub project site), 404 page included."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from generator.build import BuildOptions, build_guide_site, example_address_note
from generator.pipeline import load_guide
from tests.conftest import DATA, TODAY
from tests.test_workflows import load

ROOT_ABSOLUTE = re.compile(r'\s(?:href|src)="/(?!/)')
SHARED_CSS = re.compile(
    r'href="https://user\.github\.io/repo/(assets/stylesheets/guide\.[0-9a-f]{8}\.css)"'
)


@pytest.fixture(scope="module")
def project_site(tmp_path_factory: pytest.TempPathFactory, build_options: BuildOptions) -> Path:
    site = tmp_path_factory.mktemp("subpath") / "site"
    options = dataclasses.replace(
        build_options, audio=False, prints=False, site_url="https://user.github.io/repo"
    )
    report = build_guide_site(DATA / "small.yaml", site, TODAY, options=options)
    assert not [note for note in report.notes if "site_url" in note]
    return site


def test_the_example_address_is_warned_about() -> None:
    guide, _ = load_guide(DATA / "small.yaml", TODAY)
    note = example_address_note(guide)
    assert note is not None and "https://guide.example.org/" in note and "--site-url" in note
    real = dataclasses.replace(guide, site_url="https://guide.ville-exemple.fr/")
    assert example_address_note(real) is None


def test_no_page_links_from_the_host_root(project_site: Path) -> None:
    pages = sorted(project_site.rglob("*.html"))
    assert project_site / "404.html" in pages and project_site / "ar" / "404.html" in pages
    wrong = [str(page) for page in pages if ROOT_ABSOLUTE.search(page.read_text("utf-8"))]
    assert not wrong, wrong[:5]


def test_the_404_page_links_under_the_project_folder(project_site: Path) -> None:
    text = (project_site / "ar" / "404.html").read_text(encoding="utf-8")
    assert 'href="https://user.github.io/repo/ar/besoins/' in text
    # Every language's 404 page links the one shared copy of the assets, under the folder.
    for page in (project_site / "404.html", project_site / "ar" / "404.html"):
        found = SHARED_CSS.findall(page.read_text(encoding="utf-8"))
        assert found and (project_site / found[0]).is_file(), page


def test_qr_codes_and_manifest_use_the_given_address(project_site: Path) -> None:
    manifest = (project_site / "manifest.json").read_text(encoding="utf-8")
    assert '"site_url": "https://user.github.io/repo/"' in manifest


def test_the_deploy_takes_the_pages_address_unless_a_variable_says_otherwise() -> None:
    steps = load("deploy.yml")["jobs"]["build"]["steps"]
    pages = next(i for i, s in enumerate(steps) if s.get("uses") == "actions/configure-pages@v5")
    build = next(i for i, s in enumerate(steps) if s.get("run") == "make build")
    assert pages < build and steps[pages]["id"] == "pages"
    site_url = steps[build]["env"]["SITE_URL"]
    assert "vars.SITE_URL" in site_url and "steps.pages.outputs.base_url" in site_url
