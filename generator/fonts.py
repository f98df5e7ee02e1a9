"""Make the self-hosted web fonts (Noto, SIL OFL 1.1) from Debian's `fonts-noto-core`.

`.venv/bin/python -m generator.fonts` writes subset WOFF2 files and their `@font-face` rules into
`overrides/assets/`; the results are committed, so builds need neither the system fonts nor the
network. Each script gets its own file and `unicode-range`: a browser downloads only the fonts
of the scripts a page really uses.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

SYSTEM_DIR = Path("/usr/share/fonts/truetype/noto")
PROJECT = Path(__file__).resolve().parent.parent
OUT_DIR = PROJECT / "overrides" / "assets" / "fonts"
CSS = PROJECT / "overrides" / "assets" / "stylesheets" / "fonts.css"
FAMILY = "Guide Noto"


@dataclass(frozen=True)
class Face:
    source: str  # file name in SYSTEM_DIR, with {weight} for Regular/Bold
    name: str  # output stem
    ranges: str  # CSS unicode-range


FACES = (
    Face(
        "NotoSans-{weight}.ttf",
        "noto-sans-latin",
        "U+0000-024F, U+0259, U+02BB-02BC, U+02C6, U+02DA, U+02DC, U+0300-036F, "
        "U+2000-206F, U+20AC, U+2122, U+2190-2193, U+2212",
    ),
    Face("NotoSans-{weight}.ttf", "noto-sans-cyrillic", "U+0400-052F, U+2116"),
    Face(
        "NotoNaskhArabic-{weight}.ttf",
        "noto-naskh-arabic",
        "U+0600-06FF, U+0750-077F, U+08A0-08FF, U+200C-200F, U+FB50-FDFF, U+FE70-FEFF",
    ),
    Face(
        "NotoSansEthiopic-{weight}.ttf",
        "noto-sans-ethiopic",
        "U+1200-139F, U+2D80-2DDF, U+AB00-AB2F",
    ),
)
# Regular only on the web: browsers draw bold from it. A bold file per script would double
# what a phone downloads (the actor page budget is 150 KB, fonts included).
WEIGHTS = {"Regular": 400}
# PDFs need real bold (WeasyPrint does not fake it): print-only files, never sent to phones.
PRINT_WEIGHTS = {"Bold": 700}
PRINT_OUT_DIR = PROJECT / "print" / "fonts"


def parse_ranges(ranges: str) -> list[int]:
    codepoints: list[int] = []
    for part in ranges.replace("U+", "").split(","):
        first, _, last = part.strip().partition("-")
        codepoints.extend(range(int(first, 16), int(last or first, 16) + 1))
    return codepoints


def make_face(face: Face, weight: str, out_dir: Path = OUT_DIR) -> Path:
    """Subset one system font to its script's range and save it as WOFF2."""
    font = TTFont(SYSTEM_DIR / face.source.format(weight=weight), recalcTimestamp=False)
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]  # keep Arabic joining, marks, kerning
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False  # phones render unhinted outlines well; saves a third of the size
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=parse_ranges(face.ranges))
    subsetter.subset(font)
    out = out_dir / f"{face.name}-{(WEIGHTS | PRINT_WEIGHTS)[weight]}.woff2"
    font.flavor = "woff2"
    font.save(out)
    return out


def font_css() -> str:
    rules = [
        "/* Self-hosted Noto fonts (SIL Open Font License 1.1, see ../fonts/OFL.txt).\n"
        "   Made by `.venv/bin/python -m generator.fonts`; one file per script, loaded only when"
        " used. */"
    ]
    for face in FACES:
        for weight in WEIGHTS.values():
            rules.append(
                "@font-face {\n"
                f'  font-family: "{FAMILY}";\n'
                f"  font-weight: {weight};\n"
                "  font-style: normal;\n"
                "  font-display: swap;\n"
                f'  src: url("../fonts/{face.name}-{weight}.woff2") format("woff2");\n'
                f"  unicode-range: {face.ranges};\n"
                "}"
            )
    return "\n".join(rules) + "\n"


def main() -> int:
    if not SYSTEM_DIR.is_dir():
        print("install Debian's fonts-noto-core first (apt-get install fonts-noto-core)")
        return 1
    for out_dir, weights in ((OUT_DIR, WEIGHTS), (PRINT_OUT_DIR, PRINT_WEIGHTS)):
        out_dir.mkdir(parents=True, exist_ok=True)
        for face in FACES:
            for weight in weights:
                out = make_face(face, weight, out_dir)
                print(f"{out.relative_to(PROJECT)}: {out.stat().st_size // 1024} KiB")
    CSS.write_text(font_css(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
