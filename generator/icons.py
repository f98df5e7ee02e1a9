"""Pictograms: the SVG icon sets bundled with mkdocs-material (MDI, Font Awesome, Octicons…).

Themes name an icon as `material/scale-balance`; renderers inline the SVG, so pages and
leaflets need no icon font and no third-party request.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from pathlib import Path


@cache
def icons_root() -> Path:
    return Path(str(files("material"))) / "templates" / ".icons"


def icon_path(name: str) -> Path:
    return icons_root() / f"{name}.svg"


def icon_exists(name: str) -> bool:
    return ".." not in name and icon_path(name).is_file()


@cache
def read_icon(name: str) -> str:
    """The SVG markup of an icon, for inlining."""
    return icon_path(name).read_text(encoding="utf-8")
