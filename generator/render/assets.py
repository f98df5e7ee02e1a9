"""One copy of the site's static assets (CSS, JavaScript, fonts, icon) for every language.

Each language is its own MkDocs site, and MkDocs would copy the theme's files into each of them:
12 identical copies, downloaded again by a reader who switches language. Instead the files are
written once under the site root's `assets/`, and every page of every language links there
(relatively: the site works under a sub-path and from the file system).

Their names carry a digest of their bytes (`guide.3f2a1b9c.css`; Material's own style sheets
already do): a browser may keep them as long as it likes, and a changed file gets a new name,
so it is fetched again. A style sheet's links to other assets (fonts.css to the fonts) are
rewritten to those names before its own digest is taken. Same sources, same names and bytes.
"""

from __future__ import annotations

import functools
import hashlib
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

from generator.errors import BuildError
from generator.icons import icons_root

ASSETS = "assets"
# What the guide uses of the theme's files: its two compiled style sheets and its icon. Not its
# JavaScript bundle, lunr search, workers or source maps (overrides/main.html says why).
THEME_FILES = ("stylesheets/main.*.min.css", "stylesheets/palette.*.min.css", "images/favicon.png")
FAVICON = f"{ASSETS}/images/favicon.png"
HASHED = re.compile(r"\.[0-9a-f]{8}(\.min)?\.[a-z0-9]+$")  # already named by its content
UNHASHED_SUFFIXES = {".txt"}  # licences: read by people, never loaded by a page
CSS_URL = re.compile(r"""url\((["']?)([^"')]+)\1\)""")


@dataclass(frozen=True, slots=True)
class SharedAssets:
    """The published files: logical path (`assets/stylesheets/guide.css`) → published path
    (`assets/stylesheets/guide.3f2a1b9c.css`) and the bytes to write there."""

    names: dict[str, str]
    contents: dict[str, bytes]  # published path → bytes

    def url(self, logical: str, root: str) -> str:
        """The link to an asset from a page whose way back to the site root is `root`."""
        name = self.names.get(logical.lstrip("/"))
        if name is None:
            known = ", ".join(sorted(self.names))
            raise BuildError(
                f"a template links the asset {logical!r}, which is neither in overrides/assets/ "
                f"nor among the theme files the guide uses ({known}): add the file to "
                "overrides/assets/, or fix the path (extra_css in mkdocs.yml, or the template)"
            )
        return root.removeprefix("./") + name

    def digest(self) -> str:
        """Changes when any published name changes (every page links them)."""
        return hashlib.sha256(repr(sorted(self.names.items())).encode()).hexdigest()

    def write(self, site: Path) -> None:
        """Write every asset under `site` (the site root)."""
        for name, data in sorted(self.contents.items()):
            path = site / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)


def theme_dir() -> Path:
    """Material's templates folder: its `assets/` hold the compiled CSS and the icon."""
    return icons_root().parent


def asset_sources(project_dir: Path) -> dict[str, Path]:
    """Logical path → source file: the theme files the guide uses, then `overrides/assets/`
    (which wins, as MkDocs' `custom_dir` does)."""
    sources: dict[str, Path] = {}
    theme_assets = theme_dir() / ASSETS
    for pattern in THEME_FILES:
        for path in sorted(theme_assets.glob(pattern)):
            sources[f"{ASSETS}/{path.relative_to(theme_assets).as_posix()}"] = path
    own = project_dir / "overrides" / ASSETS
    for path in sorted(own.rglob("*")):
        if path.is_file():
            sources[f"{ASSETS}/{path.relative_to(own).as_posix()}"] = path
    return sources


def shared_assets(project_dir: Path) -> SharedAssets:
    """The assets of `project_dir`, made again only when a source file changed."""
    sources = asset_sources(project_dir)
    signature = tuple(
        (logical, str(path), path.stat().st_mtime_ns, path.stat().st_size)
        for logical, path in sources.items()
    )
    return _make(signature)


@functools.lru_cache(maxsize=4)
def _make(signature: tuple[tuple[str, str, int, int], ...]) -> SharedAssets:
    raw = {logical: Path(source).read_bytes() for logical, source, _, _ in signature}
    names: dict[str, str] = {}
    contents: dict[str, bytes] = {}
    # Style sheets last: they link the others, by the names those get.
    for logical in sorted(raw, key=lambda name: (name.endswith(".css"), name)):
        data = raw[logical]
        if logical.endswith(".css"):
            data = _relink(logical, data.decode("utf-8"), names).encode("utf-8")
        names[logical] = published_name(logical, data)
        contents[names[logical]] = data
    return SharedAssets(names, contents)


def published_name(logical: str, data: bytes) -> str:
    """`assets/x/guide.css` → `assets/x/guide.<8 hex of sha256>.css`."""
    folder, name = posixpath.split(logical)
    if HASHED.search(name) or posixpath.splitext(name)[1] in UNHASHED_SUFFIXES:
        return logical
    stem, suffix = posixpath.splitext(name)
    return posixpath.join(folder, f"{stem}.{hashlib.sha256(data).hexdigest()[:8]}{suffix}")


def _relink(logical: str, css: str, names: dict[str, str]) -> str:
    """Point a style sheet's `url(…)` to the published names of the assets it links."""
    folder = posixpath.dirname(logical)
    published_folder = posixpath.dirname(names.get(logical, logical))

    def replace(match: re.Match[str]) -> str:
        quote, target = match.group(1), match.group(2)
        if ":" in target or target.startswith(("/", "#")):
            return match.group(0)  # data: URIs, absolute and in-document links
        path, _, rest = target.partition("?")
        resolved = posixpath.normpath(posixpath.join(folder, path))
        if resolved not in names:
            return match.group(0)
        link = posixpath.relpath(names[resolved], published_folder)
        return f"url({quote}{link}{'?' + rest if rest else ''}{quote})"

    return CSS_URL.sub(replace, css)
