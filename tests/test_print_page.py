"""The print page: every leaflet in every language from every print page, posters grouped by
place and by need with A4 and A3 side by side, sizes and page counts; `print` picks documents."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.pipeline import load_guide
from generator.render.printing.plan import plan_documents
from generator.render.printing.render import Printer
from tests.browser import Browser, chromium, serve
from tests.conftest import DATA, ROOT, TODAY, run_cli

expect = pytest.importorskip("playwright.sync_api").expect


@pytest.fixture(scope="module")
def manifest(sample_site: Path) -> dict:
    return json.loads((sample_site / "manifest.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def web(sample_site: Path) -> Iterator[Browser]:
    with serve(sample_site) as base, chromium(base) as browser:
        yield browser


def test_print_entries_have_size_and_pages(manifest: dict, sample_site: Path) -> None:
    for entry in manifest["print"]:
        assert entry["bytes"] == (sample_site / entry["path"]).stat().st_size
        assert entry["pages"] >= 1
    directory = next(e for e in manifest["print"] if e["kind"] == "directory")
    assert directory["pages"] > 1


@pytest.mark.browser
@pytest.mark.parametrize("prefix", ["", "ar/", "ti/"])
def test_every_leaflet_is_reachable_from_every_print_page(
    web: Browser, manifest: dict, prefix: str
) -> None:
    leaflets = [e for e in manifest["print"] if e["kind"] == "leaflet"]
    page = web.page(f"{prefix}imprimer/")
    table = page.locator("table.qfq-print-table").first
    expect(table.locator("thead th")).to_have_count(len(manifest["languages"]))
    expect(table.locator("tbody a")).to_have_count(len(leaflets))
    for tag in ("ar", "fa-AF", "ti"):
        header = table.locator(f'thead th[lang="{tag}"]')
        expect(header.locator("bdi")).to_have_count(1)
    arabic = table.locator('tbody a[hreflang="ar"]').first
    expect(arabic).to_have_attribute("dir", "rtl")
    response = page.request.get(arabic.evaluate("a => a.href"))
    assert response.ok and response.body()[:5] == b"%PDF-"
    page.context.close()


@pytest.mark.browser
def test_posters_are_grouped_with_both_sizes(web: Browser, manifest: dict) -> None:
    posters = [e for e in manifest["print"] if e["kind"] == "poster"]
    page = web.page("imprimer/")
    groups = page.locator("h3 + .qfq-table-scroll table.qfq-print-table")
    expect(groups).to_have_count(2)
    rows = groups.locator("tbody tr")
    expect(rows).to_have_count(len(posters) // 2)
    first = rows.first
    expect(first.locator("a")).to_have_text(["A4", "A3"])
    expect(first).to_contain_text("KB")
    page.context.close()


@pytest.mark.browser
@pytest.mark.parametrize("prefix", ["", "ar/", "ti/"])
def test_print_page_fits_a_phone_screen(web: Browser, prefix: str) -> None:
    """At 390 px the page itself never scrolls sideways (in Arabic that would hide its start):
    wide tables scroll inside their own region."""
    page = web.page(f"{prefix}imprimer/")
    expect(page.locator(".qfq-table-scroll table.qfq-print-table")).to_have_count(3)
    page.wait_for_function("document.fonts.status === 'loaded'")
    page.wait_for_function("document.documentElement.scrollWidth <= 390", timeout=5000)
    page.context.close()


def test_print_command_picks_kind_and_language(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run_cli(
        "print", "--source", str(DATA / "small.yaml"), "--out", str(out), "--kind", "leaflet",
        "--language", "ar", "--today", "2026-11-22",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.pdf"))
    assert written and all(p.startswith("print/ar/depliant-") for p in written), written
    wrong = run_cli("print", "--source", str(DATA / "small.yaml"), "--language", "xx")
    assert (
        wrong.returncode == 1 and "Traceback" not in wrong.stderr and "fr, en, ar" in wrong.stderr
    )


@pytest.mark.parametrize("tag", ["fr", "ar"])
def test_language_names_in_leaflets_are_each_isolated(tag: str) -> None:
    guide, _ = load_guide(ROOT / "actors.yaml", TODAY)
    printer = Printer(guide, ROOT, TODAY)
    document = next(d for d in plan_documents(guide) if d.path == f"print/{tag}/depliant-sante.pdf")
    html, _ = printer.html_of(document)
    assert "\u2067العربية\u2069" in html or "\u2067دری\u2069" in html
    assert "\u2066Français\u2069" in html


def test_the_print_page_names_each_volume_of_the_directory() -> None:
    """A large territory's directory comes in volumes (plan.DIRECTORY_VOLUME): the print page
    links each with its communes."""
    from generator.render.site_pages import Outputs, plan_pages
    from generator.render.site_plugin import GuidePlugin

    guide, _ = load_guide(ROOT / "actors.yaml", TODAY)
    volumes = [("bruz-a-pace", "Bruz – Pacé"), ("rennes-1", "Rennes (1/2)")]
    prints = tuple(
        {
            "kind": "directory",
            "language": "fr",
            "path": f"print/annuaire-professionnels-{slug}.pdf",
            "bytes": 4096,
            "pages": 30,
            "label": label,
            "volume": [number, len(volumes)],
        }
        for number, (slug, label) in enumerate(volumes, start=1)
    )
    arabic = next(lang for lang in guide.languages if lang.tag == "ar")
    plugin = GuidePlugin(guide, arabic, plan_pages(guide), TODAY, Outputs(prints=prints))
    links = plugin.print_links("imprimer/")["directory"]
    assert [(link["href"], link["label"]) for link in links] == [
        ("../../print/annuaire-professionnels-bruz-a-pace.pdf", "Bruz – Pacé"),
        ("../../print/annuaire-professionnels-rennes-1.pdf", "Rennes (1/2)"),
    ]
