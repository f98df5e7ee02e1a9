"""Hostile text in every field, through actors.yaml and through both imports: nothing runs.

Every text field of a guide gets injection payloads (script tags, event handlers, `javascript:`
links, `</title>` and `</script>` breaking out of their element, quotes breaking attributes,
template syntax). The built site is loaded page by page in headless Chromium with a trap that
records any payload that runs; the tests also require that no payload became markup anywhere
(no injected element or event attribute in the DOM) and that the text shows literally, on the
pages, the audio pages, in the PDFs, the search results and the published data.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from generator.build import BuildOptions, build_guide_site
from tests.browser import Browser, chromium, serve
from tests.conftest import ROOT, TODAY

pytestmark = pytest.mark.browser

ACCESS = "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits"
TRAP = """
window.__pwned = [];
window.qfqPwned = function (what) { window.__pwned.push(String(what)); };
"""


def payload(field: str, short: bool = False) -> str:
    """A text with the payloads of one field; each names the field when it runs."""
    parts = [
        f"<script>qfqPwned('{field}')</script>",
        f'"><img src=x onerror=qfqPwned("{field}")>',
        f"' onmouseover='qfqPwned(1)' x='{field}",
        f"</title></script><svg onload=qfqPwned('{field}')>",
    ]
    if not short:
        parts += [
            f"[lien](javascript:qfqPwned('{field}'))",
            "{{ 7*7 }} {% raw %} &lt;b&gt; &amp;",
        ]
    return f"{field} " + " ".join(parts)


def hostile_guide() -> dict:
    """A valid guide whose every free text is hostile."""
    return {
        "guide": {
            "territory": payload("territory", short=True),
            "site_url": "https://guide.example.org/",
            "default_language": "fr",
            "languages": ["fr", "en", "ar"],
        },
        "themes": [
            {
                "id": "acces-aux-droits",
                "icon": "material/scale-balance",
                "title": {
                    "fr": payload("themefr", short=True),
                    "en": payload("themeen", short=True),
                    "ar": "الحقوق " + payload("themear", short=True),
                },
                "description": {"fr": payload("themedesc")},
                "thematiques": [ACCESS],
            }
        ],
        "actors": [
            {
                "id": "acteur-hostile",
                "nom": payload("nom", short=True),
                "description": {
                    "fr": payload("descfr"),
                    "en": {"text": payload("descen"), "machine": True},
                    "ar": "وصف " + payload("descar"),
                },
                "adresse": payload("adresse", short=True),
                "complement_adresse": payload("complement", short=True),
                "code_postal": "44600",
                "commune": payload("commune", short=True),
                "latitude": 47.27,
                "longitude": -2.21,
                "telephone": "02 61 91 00 12",
                "courriel": "contact@example.org",
                "site_web": "https://example.org/?q=<script>&r=\"x'",
                "horaires_accueil": "Mo-Fr 09:00-12:00",
                "langues_parlees": ["fr", "ar"],
                "date_verification": "2026-10-15",
                "services": [
                    {
                        "id": "service-hostile",
                        "nom": {"fr": payload("servicenom", short=True)},
                        "description": {"fr": payload("servicedesc")},
                        "thematiques": [ACCESS],
                        "publics": ["familles"],
                        "publics_precisions": {"fr": payload("publics")},
                        "frais": "payant",
                        "frais_precisions": {"fr": payload("frais")},
                        "conditions_acces": {"fr": payload("conditions")},
                        "modes_mobilisation": ["se-presenter"],
                        "mobilisation_precisions": {"fr": payload("mobilisation")},
                        "horaires_accueil": "Tu 09:00-12:00",
                    }
                ],
            }
        ],
    }


def data_inclusion_records() -> tuple[list[dict], list[dict]]:
    """A structure and its service in data·inclusion v1, hostile in every text."""
    structure = {
        "source": "payloads",
        "id": "lieu-importe",
        "nom": payload("dinom", short=True)[:150],
        # invisible controls real data carries: removed by the import (check would refuse them)
        "description": payload("didesc") + " \u202egnp.exe \x02fin",
        "adresse": payload("diadresse", short=True)[:250],
        "code_postal": "44600",
        "commune": "Ville-Test",
        "telephone": "02 61 91 00 13",
        "site_web": "https://example.net/",
        "date_maj": "2026-10-01",
    }
    service = {
        "source": "payloads",
        "id": "service-importe",
        "structure_id": "lieu-importe",
        "nom": payload("disvc", short=True)[:150],
        "description": payload("disvcdesc"),
        "thematiques": [ACCESS],
        "frais": "gratuit",
        "modes_mobilisation": ["se-presenter"],
        "conditions_acces": payload("dicond"),
        "date_maj": "2026-10-01",
    }
    return [structure], [service]


def mediation_csv() -> str:
    """One « lieu de médiation numérique », hostile in its texts."""
    example = ROOT / "tests" / "data" / "mediation-numerique-exemple-valide.csv"
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(example.read_text("utf-8"))))
    row = {
        **rows[0],
        "id": "mediation-hostile",
        "nom": payload("mnnom", short=True)[:150],
        "presentation_resume": payload("mnresume")[:280],
        "presentation_detail": payload("mndetail"),
        "adresse": payload("mnadresse", short=True)[:200],
        "commune": "Ville-Test",
        "code_postal": "44600",
    }
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), quoting=csv.QUOTE_ALL)
    writer.writeheader()
    writer.writerow(row)
    return out.getvalue()


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory, build_options: BuildOptions) -> Path:
    """The hostile guide, with hostile records imported through both imports, built."""
    work = tmp_path_factory.mktemp("payloads")
    source = work / "actors.yaml"
    source.write_text(yaml.safe_dump(hostile_guide(), allow_unicode=True), encoding="utf-8")
    structures, services = data_inclusion_records()
    (work / "structures.json").write_text(json.dumps(structures), encoding="utf-8")
    (work / "services.json").write_text(json.dumps(services), encoding="utf-8")
    (work / "lieux.csv").write_text(mediation_csv(), encoding="utf-8")
    for args in (
        ("import", "data-inclusion", "structures.json", "services.json"),
        ("import", "mediation-numerique", "lieux.csv"),
    ):
        done = run_cli(*args, "--source", "actors.yaml", cwd=work)
        assert done.returncode == 0, done.stdout + done.stderr
    text = source.read_text("utf-8")
    assert "gnp.exe" in text and "\u202e" not in text and "\x02" not in text
    imported = yaml.safe_load(text)["actors"]
    assert len(imported) == 3, [a["id"] for a in imported]
    site = work / "site"
    shutil.rmtree(site, ignore_errors=True)
    build_guide_site(source, site, TODAY, project_dir=ROOT, options=build_options)
    return site


@pytest.fixture(scope="module")
def web(hostile: Path) -> Iterator[Browser]:
    with serve(hostile) as base, chromium(base) as browser:
        yield browser


def pages_of(site: Path) -> list[str]:
    return sorted(
        path.relative_to(site).as_posix()
        for path in site.rglob("*.html")
        if not path.name.startswith("googl")
    )


def open_trapped(web: Browser, path: str):
    page = web.page(None)  # type: ignore[arg-type]
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.add_init_script(TRAP)
    page.goto(web.base + path)  # waits for `load`: after images failed and handlers ran
    return page, dialogs


# Anything a payload could have become, had it been markup.
INJECTED = """() => {
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      if (attr.name.startsWith('on')) found.push(el.tagName + '[' + attr.name + ']');
      if (/^\\s*javascript:/i.test(attr.value)) found.push(el.tagName + '[' + attr.name + ']');
    }
  }
  for (const el of document.querySelectorAll('img[src="x"], iframe'))
    found.push(el.outerHTML.slice(0, 80));
  for (const el of document.querySelectorAll('script'))
    if (el.textContent.includes('qfqPwned')) found.push(el.outerHTML.slice(0, 80));
  return found;
}"""


def test_no_payload_runs_or_becomes_markup_on_any_page(web: Browser, hostile: Path) -> None:
    pages = pages_of(hostile)
    assert len(pages) > 30, pages
    assert any(p.startswith("a/") for p in pages), "no audio page was built"
    for path in pages:
        page, dialogs = open_trapped(web, path)
        assert page.evaluate("window.__pwned") == [], path
        assert dialogs == [], path
        assert page.evaluate(INJECTED) == [], path
        page.context.close()


def test_names_and_texts_show_literally(web: Browser) -> None:
    page, _ = open_trapped(web, "acteurs/acteur-hostile/")
    expect = pytest.importorskip("playwright.sync_api").expect
    expect(page.locator("h1")).to_have_text(payload("nom", short=True))
    lead = page.locator(".qfq-lead")
    expect(lead).to_contain_text("<script>qfqPwned('descfr')</script>")
    expect(lead).to_contain_text("[lien](javascript:qfqPwned('descfr'))")
    # descriptions are Markdown: its entities are characters, shown as text, never as markup
    expect(lead).to_contain_text("{{ 7*7 }} {% raw %} <b> &")
    assert lead.locator("a, b, script, img, svg").count() == 0
    assert page.title().startswith(payload("nom", short=True) + " - ")
    # the page description is the plain text: tags written in the text are left out
    description = page.locator('meta[name="description"]').get_attribute("content")
    assert description is not None and description.startswith("descfr qfqPwned('descfr')")
    assert page.locator("header .md-ellipsis").first.inner_text() == (
        "Qui fait quoi ? — " + payload("territory", short=True)
    )
    link = page.locator('a[href^="https://example.org"]').get_attribute("href")
    assert link == "https://example.org/?q=%3Cscript%3E&r=%22x'"
    geo = page.locator('a[href^="geo:"]').get_attribute("href")
    assert geo is not None and " " not in geo and "<" not in geo and '"' not in geo
    page.context.close()
    page, _ = open_trapped(web, "ar/a/acteur-hostile/")
    expect(page.locator("h1")).to_have_text(payload("nom", short=True))
    page.context.close()


def test_search_results_show_the_text_and_run_nothing(web: Browser) -> None:
    page, dialogs = open_trapped(web, "recherche/?q=qfqPwned")
    page.wait_for_selector("#qfq-results ol li")
    results = page.locator("#qfq-results")
    assert "qfqPwned" in results.inner_text()
    assert page.evaluate("window.__pwned") == [] and dialogs == []
    assert page.evaluate(INJECTED) == []
    assert page.locator("#qfq-results p *:not(mark)").count() == 0
    page.context.close()


def test_pdfs_print_the_text_literally(hostile: Path) -> None:
    from pypdf import PdfReader

    texts = {
        path.name: " ".join(
            " ".join((page.extract_text() or "").split()) for page in PdfReader(path).pages
        )
        for path in (hostile / "print").rglob("*.pdf")
    }
    directory = next(text for name, text in texts.items() if "annuaire" in name)
    assert "<script>qfqPwned('nom')</script>" in directory
    assert "<script>qfqPwned('conditions')</script>" in directory
    leaflets = [text for name, text in texts.items() if name.startswith("depliant")]
    assert leaflets and all("qfqPwned('nom')" in text for text in leaflets)


def test_published_data_stays_data(hostile: Path) -> None:
    manifest = json.loads((hostile / "manifest.json").read_text("utf-8"))
    assert manifest
    for sitemap in hostile.rglob("sitemap.xml"):
        ET.parse(sitemap)  # well-formed: no text from the data broke it
    structures = json.loads((hostile / "donnees" / "structures.json").read_text("utf-8"))
    # data·inclusion names are at most 150 characters: the export shortens, never escapes
    assert any(s["nom"].startswith(payload("nom", short=True)[:140]) for s in structures)
    for html in hostile.rglob("*.html"):
        text = html.read_text("utf-8")
        for block in re.findall(r'<script type="application/json"[^>]*>(.*?)</script>', text, re.S):
            json.loads(block)  # the JSON inside <script> is whole: `</script>` did not end it


def test_hostile_pages_are_still_valid_html(hostile: Path) -> None:
    """Escaped text never breaks the markup around it (the W3C Nu checker agrees)."""
    from tests.validators import vnu_errors

    assert vnu_errors(hostile) == []
