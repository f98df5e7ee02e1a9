"""Every PDF of the sample guide passes pdfua (the machine-checkable part of PDF/UA-1 and the
WCAG criteria a PDF alone decides): tagged, in its language, titled, every figure described,
every table header scoped. Any finding fails, warnings included, and so does a rule that could
not run."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pdfua.document
import pdfua.rules.structure
import pikepdf
import pytest
from pdfua import validate
from weasyprint import HTML

from generator.render.printing.tagging import add_table_scopes, icon


def whole_number(value: object) -> int | None:
    """pdfua 0.1.3's `as_integer`, without its crash on arrays (a heading's /K is one here).

    It asks `getattr(value, "is_integer", False)`, and pikepdf 10 raises ValueError, not
    AttributeError, for a missing key of an array: the empty-heading rule (UA-14-001) would
    be skipped on every PDF. pikepdf gives numbers as Python ints.
    """
    return int(value) if isinstance(value, int) and not isinstance(value, bool) else None


@pytest.fixture
def pdfua_checks_headings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdfua.document, "as_integer", whole_number)
    monkeypatch.setattr(pdfua.rules.structure, "as_integer", whole_number)


@pytest.mark.slow
def test_every_pdf_of_the_sample_passes_pdfua(sample_site: Path, pdfua_checks_headings: None):
    manifest = json.loads((sample_site / "manifest.json").read_text(encoding="utf-8"))
    entries = manifest["print"]
    on_disk = {p.relative_to(sample_site).as_posix() for p in sample_site.glob("print/**/*.pdf")}
    assert on_disk == {entry["path"] for entry in entries}, "the manifest lists every PDF"
    assert set(Counter(entry["kind"] for entry in entries)) == {"leaflet", "directory", "poster"}

    problems: list[str] = []
    by_rule: Counter[str] = Counter()
    for entry in entries:
        report = validate(str(sample_site / entry["path"]))
        for outcome in report.skipped:
            problems.append(
                f"{entry['path']}: {outcome.rule_id} could not run: {outcome.skipped_reason}"
            )
            by_rule[f"{outcome.rule_id} (not run)"] += 1
        for finding in report.findings:
            problems.append(
                f"{entry['path']}: {finding.severity.name} {finding.rule_id}"
                f" ({finding.location.describe()}): {finding.message}"
            )
            by_rule[f"{finding.rule_id} {finding.severity.name}"] += 1
    summary = ", ".join(f"{rule}: {count}" for rule, count in sorted(by_rule.items()))
    shown = "\n".join(problems[:40]) + ("\n…" if len(problems) > 40 else "")
    assert not problems, (
        f"{len(problems)} pdfua problems in {len(entries)} PDFs ({summary}):\n{shown}"
    )


def tagged_elements(pdf_path: Path) -> list[tuple[str, str | None, str | None]]:
    """(role, /Alt, /Scope) of every structure element of a tagged PDF, in document order."""
    found: list[tuple[str, str | None, str | None]] = []

    def walk(node: object) -> None:
        if isinstance(node, pikepdf.Array):
            for kid in node:
                walk(kid)
        elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
            attributes = node.get("/A")
            scope = attributes.get("/Scope") if isinstance(attributes, pikepdf.Dictionary) else None
            alt = node.get("/Alt")
            found.append((str(node.S), None if alt is None else str(alt), scope and str(scope)))
            walk(node.get("/K"))

    with pikepdf.open(pdf_path) as pdf:
        walk(pdf.Root.StructTreeRoot.K)
    return found


def artifact_paints(pdf_path: Path) -> int:
    """How many images or drawings (`Do`) the first page paints inside an /Artifact sequence."""
    count, artifact = 0, []
    with pikepdf.open(pdf_path) as pdf:
        for operands, operator in pikepdf.parse_content_stream(pdf.pages[0]):
            name = str(operator)
            if name in ("BMC", "BDC"):
                artifact.append(str(operands[0]) == "/Artifact")
            elif name == "EMC":
                artifact.pop()
            elif name == "Do" and any(artifact):
                count += 1
    return count


def test_pictograms_are_artifacts_or_described_and_headers_are_scoped(
    tmp_path: Path, pdfua_checks_headings: None
):
    home = "material/home-outline"
    html = (
        '<html lang="fr"><head><title>Essai</title><style>'
        ".icon { display: inline-block; width: 8mm; height: 8mm; background: no-repeat 0 0 / 100% }"
        "</style></head><body>"
        f"<h1>{icon(home)} Logement</h1><p>{icon(home, alt='Logement & budget')}</p>"
        '<table><thead><tr><th scope="col">Jour</th><th scope="col">Heures</th></tr></thead>'
        '<tbody><tr><th scope="row">Lundi</th><td>9 h – 12 h</td></tr></tbody></table>'
        "</body></html>"
    )
    pdf = tmp_path / "essai.pdf"
    HTML(string=html).write_pdf(pdf, pdf_variant="pdf/ua-1", finisher=add_table_scopes)

    elements = tagged_elements(pdf)
    assert [alt for role, alt, _ in elements if role == "/Figure"] == ["Logement & budget"]
    assert [scope for role, _, scope in elements if role == "/TH"] == ["/Column", "/Column", "/Row"]
    assert artifact_paints(pdf) == 1  # the decorative pictogram
    report = validate(str(pdf))
    assert not report.skipped, report.skipped
    assert not report.findings, [finding.message for finding in report.findings]
