"""How the site renderer runs MkDocs for a département: what it need not do again."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from mkdocs.structure.files import File, Files

_THEME_FILES: dict[tuple[Any, ...], list[tuple[str, str]]] = {}


@contextlib.contextmanager
def theme_files_listed_once() -> Iterator[None]:
    """MkDocs lists the theme's files (Material's thousands of icons among them) on every
    build; a worker builds several languages with the same theme: list them once."""
    original = Files.add_files_from_theme

    def listed_once(files: Files, env: Any, config: Any) -> None:
        key = (tuple(config.theme.dirs), tuple(config.theme.static_templates))
        if key not in _THEME_FILES:
            found = Files([])
            original(found, env, config)
            _THEME_FILES[key] = [(file.src_uri, file.src_dir) for file in found]
        for path, folder in _THEME_FILES[key]:
            if files.get_file_from_path(path) is None:
                files.append(File(path, folder, config.site_dir, config.use_directory_urls))

    Files.add_files_from_theme = listed_once  # type: ignore[method-assign]
    try:
        yield
    finally:
        Files.add_files_from_theme = original  # type: ignore[method-assign]
