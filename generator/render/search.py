"""The search index: Pagefind, one index per `<html lang>`, loaded in small chunks.

Material's own search (lunr) drops queries in non-Latin scripts and mixes languages; Pagefind
indexes each language apart, so an Arabic page only ever finds Arabic pages. The binary ships
in the `pagefind_bin` wheel: no network, no system package.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

from generator.errors import BuildError
from generator.write import link_or_copy

INDEX_DIR = "pagefind"
ENTRY = "pagefind-entry.json"


def index_site(site: Path, previous: Path | None = None, record: Path | None = None) -> bool:
    """Give `site` its search index; returns False when the previous site's index was reused.

    Pagefind always indexes every page. When no page changed since the build that made
    `previous` (the digest of the pages is kept in `record`), its index is copied instead.
    """
    pages = pages_digest(site)
    old_entry = previous / INDEX_DIR / ENTRY if previous else None
    if record and old_entry and old_entry.is_file() and record.is_file():
        kept = json.loads(record.read_text(encoding="utf-8"))
        if kept == {"pages": pages, "entry": file_digest(old_entry)}:
            shutil.copytree(
                old_entry.parent,
                site / INDEX_DIR,
                ignore=shutil.ignore_patterns("*.gz", "*.br"),  # remade or shared by compress
                copy_function=link_or_copy,
            )
            return False
    run_pagefind(site)
    if record:
        record.parent.mkdir(parents=True, exist_ok=True)
        entry = file_digest(site / INDEX_DIR / ENTRY)
        record.write_text(json.dumps({"pages": pages, "entry": entry}), encoding="utf-8")
    return True


def pages_digest(site: Path) -> str:
    """A digest of what Pagefind reads: every HTML page (path and bytes) and its own version."""
    hasher = hashlib.sha256(version("pagefind").encode())
    for path in sorted(site.rglob("*.html")):
        hasher.update(str(path.relative_to(site)).encode() + b"\0")
        hasher.update(hashlib.sha256(path.read_bytes()).digest())
    return hasher.hexdigest()


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_pagefind(site: Path) -> None:
    """Index every page marked `data-pagefind-body` under `site` into `site/pagefind/`."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-subdir", INDEX_DIR]
    # A need page's cards glue interface labels to values ("الهاتف3230"); the place's own page
    # carries its phone and address, labels left out of the index (data-pagefind-ignore).
    command += ["--exclude-selectors", EXCLUDED]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BuildError(f"the search index could not be built: {result.stderr.strip()}")
    sort_entry(site / INDEX_DIR / ENTRY)
    for unused in UNUSED_FILES:  # the ready-made UIs: the guide has its own small one
        (site / INDEX_DIR / unused).unlink(missing_ok=True)


EXCLUDED = ".qfq-card__contact"
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
