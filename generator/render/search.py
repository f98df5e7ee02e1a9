"""The search index: Pagefind, one index per `<html lang>`, loaded in small chunks.

Material's own search (lunr) drops queries in non-Latin scripts and mixes languages; Pagefind
indexes each language apart, so an Arabic page only ever finds Arabic pages. The binary ships
in the `pagefind_bin` wheel: no network, no system package.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from generator.errors import BuildError

INDEX_DIR = "pagefind"


def index_site(site: Path) -> None:
    """Index every page marked `data-pagefind-body` under `site` into `site/pagefind/`."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-subdir", INDEX_DIR]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BuildError(f"the search index could not be built: {result.stderr.strip()}")
    sort_entry(site / INDEX_DIR / "pagefind-entry.json")
    for unused in UNUSED_FILES:  # the ready-made UIs: the guide has its own small one
        (site / INDEX_DIR / unused).unlink(missing_ok=True)


UNUSED_FILES = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)


def sort_entry(entry: Path) -> None:
    """Pagefind lists languages in a random order: sort them, so rebuilds give the same bytes."""
    data = json.loads(entry.read_text(encoding="utf-8"))
    entry.write_text(
        json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")),
        encoding="utf-8",
    )
