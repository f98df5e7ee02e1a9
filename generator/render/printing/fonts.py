"""Fonts of the PDFs: the project's own Noto files (overrides/assets/fonts/), one family per script.

The website declares every script file under one family name with `unicode-range`. WeasyPrint
cannot print that: it names a font in the PDF after its family, weight and size, so the Arabic,
Ethiopic and Cyrillic files of "Guide Noto" end up merged into one broken font. Here each script
gets its own family ("Guide Print Arabic"…) and the documents list them, the document's own
script first.

The website files of the non-Latin scripts have no space character (browsers take the space
from the Latin file). Pango keeps the current font for a space, and HarfBuzz then draws it
as a missing-glyph box, so the printing copies get an empty space glyph as wide as the Latin
one. The copies are made in memory, from the shipped files only: the same bytes on every
machine, whatever fonts the system has.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from io import BytesIO
from pathlib import Path

from fontTools.ttLib import TTFont
from fontTools.ttLib.tables._g_l_y_f import Glyph

from generator.errors import BuildError
from generator.fonts import FACES, PRINT_OUT_DIR, PRINT_WEIGHTS, WEIGHTS

FONTS_DIR = Path("overrides") / "assets" / "fonts"
URL_SCHEME = "guide-font:"
SPACES = {0x0020: "space", 0x00A0: "uni00A0"}
# ISO 15924 script -> the shipped file for it (the last part of its name).
SCRIPT_FILES = {"Latn": "latin", "Cyrl": "cyrillic", "Arab": "arabic", "Ethi": "ethiopic"}


@dataclass(frozen=True, slots=True)
class PrintFace:
    """One font file as the PDFs use it."""

    family: str  # "Guide Print Arabic"
    weight: int
    url: str  # what the @font-face rule loads, served from memory by the fetcher
    data: bytes  # TrueType bytes, with a space glyph


def script_key(face_name: str) -> str:
    """`noto-naskh-arabic` -> `arabic`."""
    return face_name.rsplit("-", 1)[-1]


def family_of(key: str) -> str:
    return f"Guide Print {key.capitalize()}"


def read_font(path: Path) -> TTFont:
    if not path.is_file():
        raise BuildError(
            f"the font {path} is missing: run `.venv/bin/python -m generator.fonts` to make the"
            " fonts"
        )
    return TTFont(path, recalcTimestamp=False)  # saving must not write today's date in it


def space_advance(fonts_dir: Path) -> int:
    """The width of a space in the Latin file, in font units."""
    latin = read_font(fonts_dir / "noto-sans-latin-400.woff2")
    return latin["hmtx"][latin.getBestCmap()[0x20]][0]


def add_spaces(font: TTFont, advance: int) -> None:
    """Give a font an empty space and no-break space glyph when it has none."""
    cmap = font.getBestCmap()
    missing = {code: name for code, name in SPACES.items() if code not in cmap}
    if not missing:
        return
    order = list(font.getGlyphOrder())
    for name in missing.values():
        if name not in order:
            order.append(name)
            empty = Glyph()
            empty.numberOfContours = 0
            font["glyf"].glyphs[name] = empty
            font["hmtx"].metrics[name] = (advance, 0)
    font.setGlyphOrder(order)
    font["glyf"].setGlyphOrder(order)
    for table in font["cmap"].tables:
        if table.isUnicode():
            table.cmap.update(missing)


def printable_font(path: Path, advance: int) -> bytes:
    """A shipped WOFF2 file as TrueType bytes with spaces, ready for WeasyPrint."""
    font = read_font(path)
    font.flavor = None
    add_spaces(font, advance)
    out = BytesIO()
    font.save(out)
    return out.getvalue()


@cache
def print_faces(fonts_dir: Path) -> tuple[PrintFace, ...]:
    """Every script and weight of the shipped fonts, as the PDFs use them."""
    advance = space_advance(fonts_dir)
    faces = []
    sources = [(fonts_dir, w) for w in WEIGHTS.values()]
    sources += [(PRINT_OUT_DIR, w) for w in PRINT_WEIGHTS.values()]  # bold, for paper only
    for face in FACES:
        for folder, weight in sources:
            name = f"{face.name}-{weight}"
            data = printable_font(folder / f"{name}.woff2", advance)
            faces.append(
                PrintFace(family_of(script_key(face.name)), weight, URL_SCHEME + name, data)
            )
    return tuple(faces)


def font_face_css(faces: tuple[PrintFace, ...]) -> str:
    """The @font-face rules of the print families."""
    rules = [
        "@font-face {"
        f' font-family: "{face.family}"; font-weight: {face.weight}; font-style: normal;'
        f' src: url("{face.url}") format("truetype"); }}'
        for face in faces
    ]
    return "\n".join(rules) + "\n"


def family_stack(script: str) -> str:
    """The `font-family` value of a document in `script`: its own script's family first."""
    keys = list(dict.fromkeys(script_key(face.name) for face in FACES))
    first = SCRIPT_FILES.get(script, "latin")
    ordered = [first, *(key for key in keys if key != first)]
    return ", ".join(f'"{family_of(key)}"' for key in ordered)
