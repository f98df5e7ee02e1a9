"""Printed outputs: every QR code decodes to a page of the guide, every script prints with the
project's fonts, the same input gives the same bytes, the right paper in the right direction."""

from __future__ import annotations

import dataclasses
import re
import subprocess
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
import yaml
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from generator import urls
from generator.model import Guide
from generator.pipeline import load_guide
from generator.render.printing import render_print
from generator.render.printing.fonts import FONTS_DIR, print_faces
from generator.render.printing.plan import A3, A4, plan_documents, poster_grid
from generator.render.printing.qr import QUIET_ZONE, make_qr
from generator.render.printing.render import Printer, document_timestamp
from generator.render.printing.texts import PRINT_I18N
from tests.conftest import ROOT, TODAY, require_tool, run_cli

MM = 72 / 25.4  # PDF points per millimetre
LANGUAGES = ["fr", "en", "ar", "fa-AF", "ps", "ti", "uk", "ru", "tr", "pt", "ro", "es"]
# Invisible characters HarfBuzz draws with an empty glyph of the current font.
IGNORABLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]")


# The variant guide has no clip in Tigrinya: a place's code says "read" there and leads to the
# place's page, not to its audio page. In small.yaml every language has its clips, as the
# `print` command plans them (a voice for every language).
SILENT = "ti"


def voiced_but(guide: Guide, silent: str = SILENT) -> frozenset[tuple[str, str]]:
    """Every actor has a clip in every language but `silent`."""
    return frozenset(
        (actor.id, lang.tag)
        for actor in guide.actors
        for lang in guide.languages
        if lang.tag != silent
    )


def render(
    source: Path, out: Path, workers: int | None = None, silent: str = SILENT
) -> tuple[Guide, list[dict]]:
    guide, _ = load_guide(source, TODAY)
    voiced = voiced_but(guide, silent)
    return guide, render_print(
        guide, out, project_dir=ROOT, today=TODAY, workers=workers, voiced=voiced
    )


def variant_source(small_yaml: Path, folder: Path) -> Path:
    """small.yaml with Tigrinya and Ukrainian too, translated in places, French elsewhere."""
    data = yaml.safe_load(small_yaml.read_text(encoding="utf-8"))
    data["guide"]["languages"] = ["fr", "en", "ar", "ti", "uk"]
    rights = data["themes"][0]["title"]
    rights.update({"ti": "መሰላትካ ምርካብ", "uk": "Доступ до прав"})
    description = data["actors"][0]["description"]
    description.update(
        {"ti": "ኣብ ምምሕዳራዊ ጉዳያትኩም ዝሕግዘኩም ቦታ።", "uk": "Місце, де допомагають з документами."}
    )
    path = folder / "variant.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def small_print(tmp_path_factory: pytest.TempPathFactory) -> tuple[Guide, Path, list[dict]]:
    out = tmp_path_factory.mktemp("small-print")
    guide, entries = render(ROOT / "tests" / "data" / "small.yaml", out, workers=2, silent="")
    return guide, out, entries


@pytest.fixture(scope="module")
def variant_print(tmp_path_factory: pytest.TempPathFactory) -> tuple[Guide, Path, list[dict]]:
    folder = tmp_path_factory.mktemp("variant-print")
    source = variant_source(ROOT / "tests" / "data" / "small.yaml", folder)
    guide, entries = render(source, folder / "site", workers=2)
    return guide, folder / "site", entries


def page_urls(guide: Guide) -> set[str]:
    """Every page a printed QR code may open: home, theme and audio pages, in every language."""
    paths = set()
    for lang in guide.languages:
        paths.add(urls.home(guide, lang))
        paths.update(urls.theme_page(guide, lang, theme.id) for theme in guide.themes)
        paths.update(urls.audio_page(guide, lang, actor.id) for actor in guide.actors)
        paths.update(urls.actor_page(guide, lang, actor.id) for actor in guide.actors)
    return {urls.absolute(guide, path) for path in paths}


def decode_codes(pdf: Path, folder: Path) -> list[Any]:
    """Every QR code on every page of a PDF, read from a 150 dpi rendering."""
    import zxingcpp
    from PIL import Image

    prefix = folder / pdf.stem
    subprocess.run(
        [require_tool("pdftoppm"), "-r", "150", "-gray", "-png", str(pdf), str(prefix)], check=True
    )
    codes = []
    for png in sorted(folder.glob(f"{pdf.stem}-*.png")):
        with Image.open(png) as image:
            codes += zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    return codes


def text_of(pdf: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(pdf).pages)


def font_cmaps() -> dict[str, set[int]]:
    """The characters of each print family ("Guide-Print-Arabic"), as embedded in PDFs."""
    cmaps: dict[str, set[int]] = {}
    for face in print_faces(ROOT / FONTS_DIR):
        name = face.family.replace(" ", "-")
        cmaps.setdefault(name, set()).update(TTFont(BytesIO(face.data)).getBestCmap())
    return cmaps


def drawn_characters(pdf: Path) -> dict[str, set[str]]:
    """The characters each embedded font draws, read from the fonts' ToUnicode maps."""
    drawn: dict[str, set[str]] = {}
    for page in PdfReader(pdf).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            base = str(font["/BaseFont"]).lstrip("/").split("+", 1)[-1]
            family = re.sub("-(Bold|Oblique|Italic|BoldOblique)$", "", base)
            cmap = font["/ToUnicode"].get_object().get_data().decode("ascii")
            chars = drawn.setdefault(family, set())
            for glyph, hexes in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", cmap):
                if int(glyph, 16) == 0:  # WeasyPrint always lists .notdef (see drawn_notdef)
                    continue
                text = bytes.fromhex(hexes).decode("utf-16-be")
                chars.update(IGNORABLE.sub("", text))
    return drawn


def drawn_notdef(pdf: Path) -> int:
    """How many times a PDF draws glyph 0, the box of a missing character."""
    count = 0
    for page in PdfReader(pdf).pages:
        for operands, operator in page.get_contents().operations:
            if operator not in (b"TJ", b"Tj"):
                continue
            items = operands[0] if operator == b"TJ" else [operands[0]]
            for item in items:
                data = getattr(item, "original_bytes", item)
                if isinstance(data, bytes):  # two-byte glyph ids (Identity-H)
                    count += sum(
                        1 for i in range(0, len(data) - 1, 2) if data[i : i + 2] == b"\0\0"
                    )
    return count


def test_every_planned_pdf_is_written_and_listed(small_print: tuple[Guide, Path, list[dict]]):
    guide, out, entries = small_print
    assert [e["path"] for e in entries] == [d.path for d in plan_documents(guide)]
    kinds = [e["kind"] for e in entries]
    assert kinds.count("leaflet") == len(guide.languages) * len(guide.themes)
    assert kinds.count("directory") == 1
    assert kinds.count("poster") == 2 * (len(guide.actors) + len(guide.themes))
    for entry in entries:
        assert (out / entry["path"]).read_bytes().startswith(b"%PDF-1.7")
    leaflet = next(e for e in entries if e["path"] == "print/ar/depliant-numerique.pdf")
    assert leaflet["language"] == "ar"
    assert leaflet["theme"] == "numerique"
    poster = next(e for e in entries if e["path"] == "print/affiches/lieu-caf-test-a3.pdf")
    assert (poster["actor"], poster["size"]) == ("caf-test", "A3")
    assert poster["language"] == ["fr", "en", "ar"]


def test_every_qr_code_decodes_to_a_page_of_the_guide(
    small_print: tuple[Guide, Path, list[dict]], tmp_path: Path
):
    guide, out, entries = small_print
    pages = page_urls(guide)
    for entry in entries:
        codes = decode_codes(out / entry["path"], tmp_path)
        decoded = [code.text for code in codes]
        assert set(decoded) == set(entry["qr"]), entry["path"]
        assert set(decoded) <= pages, entry["path"]
        assert {code.ec_level for code in codes} == {"Q"}, entry["path"]
    rights = next(e for e in entries if e["path"] == "print/ar/depliant-acces-aux-droits.pdf")
    assert rights["qr"] == [
        "https://guide.example.org/ar/besoins/acces-aux-droits/",
        "https://guide.example.org/ar/a/france-services-test/",
        "https://guide.example.org/ar/a/caf-test/",
    ]
    poster = next(e for e in entries if e["path"] == "print/affiches/theme-numerique-a4.pdf")
    assert poster["qr"] == [
        "https://guide.example.org/besoins/numerique/",
        "https://guide.example.org/en/besoins/numerique/",
        "https://guide.example.org/ar/besoins/numerique/",
    ]


@pytest.mark.parametrize(
    ("tag", "words"),
    [
        ("ar", ["الوصول إلى الحقوق", "يساعدك", "إجراءاتك", "مجاني", "الهاتف"]),
        ("ti", ["መሰላትካ ምርካብ", "ምምሕዳራዊ", "ዝሕግዘኩም", "ብነጻ", "ተሌፎን"]),
        ("uk", ["Доступ до прав", "допомагають", "документами", "Безкоштовно", "Телефон"]),
    ],
)
def test_leaflets_print_every_script_with_the_project_fonts(
    variant_print: tuple[Guide, Path, list[dict]], tag: str, words: list[str]
):
    _, out, _ = variant_print
    pdf = out / f"print/{tag.lower()}/depliant-acces-aux-droits.pdf"
    text = text_of(pdf)
    for word in words:
        assert word in text
    assert "3 place des Tilleuls" in text  # French data, kept in order in any direction
    texts = yaml.safe_load((ROOT / PRINT_I18N / f"{tag}.yaml").read_text("utf-8"))
    # "listen" where a clip exists, "read" elsewhere: one per actor, none left behind
    label, other = ("scan_read", "scan_listen") if tag == SILENT else ("scan_listen", "scan_read")
    assert " ".join(text.split()).count(texts[label]) == 2
    assert texts[other] not in " ".join(text.split())
    cmaps = font_cmaps()
    drawn = drawn_characters(pdf)
    assert set(drawn) <= set(cmaps), f"a system font was used: {set(drawn) - set(cmaps)}"
    for family, chars in drawn.items():
        missing = {c for c in chars if ord(c) not in cmaps[family]}
        assert not missing, f"{family} has no glyph for {missing} (it prints a box)"
    assert drawn_notdef(pdf) == 0


def test_codes_say_listen_only_where_a_clip_exists(
    variant_print: tuple[Guide, Path, list[dict]],
):
    """No Tigrinya clip: Tigrinya codes lead to the place's page and say "read"."""
    _, out, entries = variant_print
    rights = next(e for e in entries if e["path"] == "print/ti/depliant-acces-aux-droits.pdf")
    assert rights["qr"] == [
        "https://guide.example.org/ti/besoins/acces-aux-droits/",
        "https://guide.example.org/ti/acteurs/france-services-test/",
        "https://guide.example.org/ti/acteurs/caf-test/",
    ]
    place = next(e for e in entries if e["path"] == "print/affiches/lieu-caf-test-a4.pdf")
    assert place["qr"] == [
        "https://guide.example.org/a/caf-test/",
        "https://guide.example.org/en/a/caf-test/",
        "https://guide.example.org/ar/a/caf-test/",
        "https://guide.example.org/ti/acteurs/caf-test/",
        "https://guide.example.org/uk/a/caf-test/",
    ]
    said = " ".join(text_of(out / "print/affiches/lieu-caf-test-a4.pdf").split())
    assert "Listen to the information about this place" in said
    assert "ብዛዕባ እዚ ቦታ ዘሎ ሓበሬታ ኣንብቡ" in said  # "read", in Tigrinya
    assert "ብዛዕባ እዚ ቦታ ዘሎ ሓበሬታ ስምዑ" not in said  # never "listen" in Tigrinya


def test_fallback_texts_are_marked_french_with_a_notice(
    variant_print: tuple[Guide, Path, list[dict]],
):
    guide, _, _ = variant_print
    printer = Printer(guide, ROOT, TODAY)
    document = next(d for d in plan_documents(guide) if d.path == "print/ti/depliant-numerique.pdf")
    html, _ = printer.html_of(document)
    assert '<span lang="fr" dir="ltr">Aide au numérique</span>' in html
    assert "(ገና ኣይተተርጎመን)" in html  # "not yet translated", in Tigrinya


def test_same_input_gives_the_same_bytes(
    small_print: tuple[Guide, Path, list[dict]], tmp_path: Path
):
    _, out, entries = small_print
    result = run_cli(
        "print",
        "--source",
        str(ROOT / "tests" / "data" / "small.yaml"),
        "--out",
        str(tmp_path),
        "--today",
        TODAY.isoformat(),
        "--jobs",
        "1",
    )
    assert result.returncode == 0, result.stderr
    assert "Wrote 17 PDFs (6 leaflets, the directory, 10 posters)" in result.stdout
    for entry in entries:
        assert (tmp_path / entry["path"]).read_bytes() == (out / entry["path"]).read_bytes()


def test_posters_stay_one_page(small_print: tuple[Guide, Path, list[dict]]):
    _, out, entries = small_print
    posters = [e for e in entries if e["kind"] == "poster"]
    assert posters
    for entry in posters:
        assert entry["pages"] == len(PdfReader(out / entry["path"]).pages) == 1, entry["path"]


def test_leaflets_of_a_small_guide_keep_their_path(small_print: tuple[Guide, Path, list[dict]]):
    """A need whose places fit in 4 pages has one leaflet, where it always was."""
    guide, _, entries = small_print
    leaflets = [e for e in entries if e["kind"] == "leaflet"]
    for entry in leaflets:
        assert entry["pages"] <= 4 and "label" not in entry
        lang = next(lang for lang in guide.languages if lang.tag == entry["language"])
        assert entry["path"] == urls.leaflet(lang, entry["theme"])


def test_paper_sizes_and_orientation(small_print: tuple[Guide, Path, list[dict]]):
    _, out, entries = small_print
    expected = {
        "leaflet": (297, 210),
        "directory": (297, 210),
        "poster-A4": (210, 297),
        "poster-A3": (297, 420),
    }
    for entry in entries:
        key = entry["kind"] + (f"-{entry['size']}" if entry["kind"] == "poster" else "")
        pages = PdfReader(out / entry["path"]).pages
        for page in pages:
            size = (float(page.mediabox.width) / MM, float(page.mediabox.height) / MM)
            assert size == pytest.approx(expected[key], abs=0.5), entry["path"]
        if entry["kind"] == "poster":
            assert len(pages) == 1, entry["path"]


def cover_title_x(pdf: Path, title: str) -> float:
    """Where the theme's title starts on the first page, in millimetres from the left."""
    found: list[float] = []

    def visit(text: str, cm: list[float], tm: list[float], font: Any, size: Any) -> None:
        if title in text or (text.strip() in title and len(text.strip()) > 3):
            found.append(cm[4] + tm[4])

    PdfReader(pdf).pages[0].extract_text(visitor_text=visit)
    return min(found) / MM


def test_right_to_left_leaflets_are_mirrored(small_print: tuple[Guide, Path, list[dict]]):
    _, out, _ = small_print
    left = cover_title_x(out / "print/fr/depliant-acces-aux-droits.pdf", "Accès aux droits")
    right = cover_title_x(out / "print/ar/depliant-acces-aux-droits.pdf", "الوصول إلى الحقوق")
    assert left < 99 < 198 < right  # the cover is the first panel: left in French, right in Arabic


def test_qr_codes_have_a_quiet_zone_and_error_correction_q():
    from PIL import Image

    code = make_qr("https://guide.example.org/ar/a/caf-test/")
    size = code.modules + 2 * QUIET_ZONE
    with Image.open(BytesIO(code.png)) as image:  # one pixel per module, black and white
        assert image.size == (size, size)
        assert image.mode == "1"
        assert image.getpixel((0, 0)) == image.getpixel((QUIET_ZONE - 1, size - 1)) == 255
        assert image.getpixel((QUIET_ZONE, QUIET_ZONE)) == 0  # a finder pattern's corner
    assert code.image_mm(40) == pytest.approx(40 * size / code.modules)


def test_poster_codes_are_as_large_as_the_page_allows():
    twelve = poster_grid(12, 1.25)
    assert twelve.columns * twelve.cell_width_mm == pytest.approx(A4.width_mm - 24)
    assert 30 <= twelve.code_mm <= 45  # read from 30–45 cm on A4, 42–64 cm on A3
    assert A3.scale == pytest.approx(2**0.5, abs=0.01)
    assert poster_grid(1, 1.25).code_mm == 100  # 1 m: no use being larger on A4


def test_print_texts_exist_in_every_language():
    reference = yaml.safe_load((ROOT / PRINT_I18N / "fr.yaml").read_text(encoding="utf-8"))
    shared = {key for key in reference if not key.startswith("directory_")}
    for tag in LANGUAGES:
        texts = yaml.safe_load((ROOT / PRINT_I18N / f"{tag}.yaml").read_text(encoding="utf-8"))
        assert shared <= set(texts), f"{tag}: missing {shared - set(texts)}"
        for key in shared:
            assert re.findall(r"{\w+}", texts[key]) == re.findall(r"{\w+}", reference[key]), key


def test_pdfs_carry_the_print_date_and_each_place_its_own(
    small_print: tuple[Guide, Path, list[dict]],
):
    """The build's date is the print date (and the creation date inside); each place shows
    its verification date; the newest verification date is never shown as "updated"."""
    _, out, _ = small_print
    assert document_timestamp(TODAY) == "2026-11-22T00:00:00Z"
    reader = PdfReader(out / "print/annuaire-professionnels.pdf")
    assert reader.metadata["/CreationDate"] == "D:20261122000000Z"
    for path in ("print/fr/depliant-acces-aux-droits.pdf", "print/annuaire-professionnels.pdf"):
        text = " ".join(text_of(out / path).split())
        assert "Imprimé le 22 novembre 2026." in text, path
        assert "Informations vérifiées le 15 octobre 2026." in text, path  # France Services
        assert "Informations vérifiées le 1 juin 2025." in text, path  # the CAF, out of date
        assert "mis à jour" not in text, path
    arabic = " ".join(text_of(out / "print/ar/depliant-acces-aux-droits.pdf").split())
    assert "طُبع في" in arabic


def test_without_a_public_address_no_code_is_printed(small_print: tuple[Guide, Path, list[dict]]):
    guide, _, _ = small_print
    offline = dataclasses.replace(guide, site_url=None)
    printer = Printer(offline, ROOT, TODAY)
    for document in plan_documents(offline)[:1]:
        html, codes = printer.html_of(document)
        assert codes == []
        assert "<img" not in html


def test_a_new_verification_date_lays_out_only_the_documents_showing_that_place(
    tmp_path: Path,
):
    """No guide-wide date in a document: re-checking the médiathèque (now the newest date)
    lays out its need's leaflets and the directory again, and copies every other PDF."""
    source = tmp_path / "actors.yaml"
    text = (ROOT / "tests" / "data" / "small.yaml").read_text(encoding="utf-8")
    source.write_text(text, encoding="utf-8")
    cache = tmp_path / "cache"

    def laid_out(site: Path) -> set[str]:
        guide, _ = load_guide(source, TODAY)
        entries = render_print(
            guide, site, project_dir=ROOT, today=TODAY, workers=2, cache_dir=cache
        )
        return {entry["path"] for entry in entries if entry["rendered"]}

    first = laid_out(tmp_path / "one")
    assert len(first) == 17
    edited = text.replace("date_verification: 2026-09-01", "date_verification: 2026-11-20")
    assert edited != text
    source.write_text(edited, encoding="utf-8")
    assert laid_out(tmp_path / "two") == {
        "print/fr/depliant-numerique.pdf",
        "print/en/depliant-numerique.pdf",
        "print/ar/depliant-numerique.pdf",
        "print/annuaire-professionnels.pdf",
    }
    leaflet = " ".join(text_of(tmp_path / "two/print/fr/depliant-numerique.pdf").split())
    assert "Informations vérifiées le 20 novembre 2026." in leaflet
