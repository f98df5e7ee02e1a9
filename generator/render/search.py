"""The search index: Pagefind, one index per language, in its folder, loaded in small chunks.

Material's own search (lunr) drops queries in non-Latin scripts and mixes languages; Pagefind
indexes each language apart, so an Arabic page only ever finds Arabic pages. The binary ships
in the `pagefind_bin` wheel: no network, no system package.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from importlib.metadata import version
from pathlib import Path
from typing import Any

import lxml.html
from lxml import etree

from generator.errors import BuildError
from generator.write import link_or_copy, write_atomic

INDEX_DIR = "pagefind"
ENTRY = "pagefind-entry.json"


def index_languages(
    site: Path, languages: dict[str, Path], cache: Path, jobs: int | None = None
) -> list[str]:
    """Give `site` its search index, `site/pagefind/`, made language by language.

    `languages` maps each language's folder in the site ("" for the default language,
    "ar/"…) to the folder holding that language's pages alone. Each language is indexed on
    its own into `cache`, again only when its HTML changed since the last build (its files'
    digests are kept there); the bundles are then put together into one, as Pagefind itself
    makes for a multilingual site: its index and fragment files are named by language and
    content, its entry file lists every language. One copy of Pagefind's script for all
    languages, cached once by the browser. Returns the folders indexed anew.
    """
    cache.mkdir(parents=True, exist_ok=True)
    work = sorted(languages.items())
    with ThreadPoolExecutor(max_workers=max(1, jobs or os.cpu_count() or 1)) as pool:
        made = list(pool.map(lambda item: _index_language(*item, cache), work))
    merge_bundles([cache / _slug(folder) / INDEX_DIR for folder, _ in work], site / INDEX_DIR)
    return [folder for (folder, _pages), fresh in zip(work, made, strict=True) if fresh]


def merge_bundles(bundles: list[Path], target: Path) -> None:
    """One Pagefind bundle from bundles of one language each (files linked, not copied).

    Files of the same name in two bundles are the same file (Pagefind names its index and
    fragment files by their content; its script and WebAssembly are the same for all): the
    first one is linked. Listed with `os.scandir`: ~2,000 files per language."""
    entry: dict[str, Any] = {}
    linked: set[str] = set()
    for bundle in bundles:
        data = json.loads((bundle / ENTRY).read_text(encoding="utf-8"))
        languages = {**entry.get("languages", {}), **data["languages"]}
        entry = {**data, "languages": languages}
        folders = [""]
        while folders:
            relative = folders.pop()
            if relative not in linked:
                os.makedirs(os.path.join(target, relative), exist_ok=True)
                linked.add(relative)
            with os.scandir(os.path.join(bundle, relative)) as listing:
                for item in listing:
                    name = os.path.join(relative, item.name)
                    if item.is_dir(follow_symlinks=False):
                        folders.append(name)
                    elif item.name != ENTRY and name not in linked:
                        link_or_copy(item.path, os.path.join(target, name))
                        linked.add(name)
    text = json.dumps(entry, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    (target / ENTRY).write_text(text, encoding="utf-8")


def _slug(folder: str) -> str:
    return folder.strip("/") or "_default"


def _index_language(folder: str, pages: Path, cache: Path) -> bool:
    """Index one language's pages into the cache unless they are those already indexed."""
    record = cache / f"{_slug(folder)}.json"
    bundle = cache / _slug(folder) / INDEX_DIR
    old = json.loads(record.read_text(encoding="utf-8")) if record.is_file() else {}
    files = html_digests(pages, old.get("files", {}))
    key = index_key(files)
    if old.get("key") == key and (bundle / ENTRY).is_file():
        if files != old.get("files"):  # pages written again with the same indexed words:
            write_atomic(record, json.dumps({"key": key, "files": files}).encode("utf-8"))
        return False  # their new times are kept, so the next build does not read them again
    record.unlink(missing_ok=True)  # an index that stops half-way is made again next time
    shutil.rmtree(bundle, ignore_errors=True)
    run_pagefind(pages, bundle)
    record.write_text(json.dumps({"key": key, "files": files}), encoding="utf-8")
    return True


def html_digests(pages: Path, known: dict[str, list[Any]]) -> dict[str, list[Any]]:
    """Each HTML file's size, time and the digest of what Pagefind reads of it.

    A file with the size and time of the last build keeps its digest without being read (the
    renderer writes only changed pages). The digest covers the page's search regions, not the
    rest: a page whose visible French fallback changed, but whose indexed words did not, does
    not make its language be indexed again."""
    files: dict[str, list[Any]] = {}
    folders = [""]
    while folders:  # os.scandir: each page is a folder of its own, thousands per language
        relative_folder = folders.pop()
        with os.scandir(os.path.join(pages, relative_folder)) as listing:
            for entry in listing:
                relative = os.path.join(relative_folder, entry.name)
                if entry.is_dir(follow_symlinks=False):
                    folders.append(relative)
                    continue
                if not entry.name.endswith(".html"):
                    continue
                stat = entry.stat()
                last = known.get(relative)
                if last and last[0] == stat.st_size and last[1] == stat.st_mtime_ns:
                    files[relative] = last
                    continue
                with open(entry.path, "rb") as handle:
                    digest = indexed_digest(handle.read())
                files[relative] = [stat.st_size, stat.st_mtime_ns, digest]
    return dict(sorted(files.items()))


def indexed_digest(data: bytes) -> str:
    """A digest of what Pagefind takes from a page: its language, every `data-pagefind-*`
    attribute (filters, metadata, sorts), and its `data-pagefind-body` regions without what
    is ignored (`data-pagefind-ignore`, the excluded selector). Markup is kept (a changed link
    counts as a change): it errs on the side of indexing again."""
    hasher = hashlib.sha256()
    try:
        root = lxml.html.document_fromstring(data)
    except (etree.ParserError, ValueError):
        hasher.update(data)  # not HTML Pagefind can read either: its bytes decide
        return WHOLE + hasher.hexdigest()
    hasher.update((root.get("lang") or "").encode())
    for element in TAGGED(root):
        for attribute, value in sorted(element.attrib.items()):
            if attribute.startswith("data-pagefind-") and attribute != "data-pagefind-body":
                hasher.update(f"{element.tag}[{attribute}={value}]".encode())
    bodies = root.xpath("//*[@data-pagefind-body]")
    hasher.update(b"body" if bodies else b"whole")
    for body in bodies or [root]:
        for dropped in body.xpath(f"./descendant::*[@data-pagefind-ignore]|{EXCLUDED_XPATH}"):
            if dropped.getparent() is not None:
                dropped.drop_tree()
        hasher.update(etree.tostring(body, method="html", encoding="utf-8"))
    return (BODY if bodies else WHOLE) + hasher.hexdigest()


# A page digest says whether the page has `data-pagefind-body` regions: once one page of a
# language has, Pagefind indexes only such pages, and the others (the print page and its
# table of PDF sizes, the 404 page…) do not change the index.
BODY, WHOLE = "body:", "whole:"


def index_key(files: dict[str, list[Any]]) -> str:
    """What the index of a language is made from: the digests of the pages Pagefind reads."""
    bodies = any(entry[2].startswith(BODY) for entry in files.values())
    read = sorted(
        (name, entry[2]) for name, entry in files.items() if not bodies or entry[2].startswith(BODY)
    )
    return hashlib.sha256(json.dumps([version("pagefind"), EXCLUDED, read]).encode()).hexdigest()


def run_pagefind(site: Path, bundle: Path) -> None:
    """Index every page marked `data-pagefind-body` under `site` into `bundle`."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(bundle)]
    command += ["--silent"]
    # A need page's cards glue interface labels to values ("الهاتف3230"); the place's own page
    # carries its phone and address, labels left out of the index (data-pagefind-ignore).
    command += ["--exclude-selectors", EXCLUDED]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BuildError(f"the search index could not be built: {result.stderr.strip()}")
    sort_entry(bundle / ENTRY)
    for unused in UNUSED_FILES:  # the ready-made UIs: the guide has its own small one
        (bundle / unused).unlink(missing_ok=True)


# The elements that carry a `data-pagefind-*` attribute (found by libxml2, not by Python).
TAGGED = etree.XPath("//*[@*[starts-with(name(), 'data-pagefind-')]]")
EXCLUDED_CLASS = "qfq-card__contact"
EXCLUDED = f".{EXCLUDED_CLASS}"  # for Pagefind; below, the same for the digest
EXCLUDED_XPATH = f"./descendant::*[contains(concat(' ', @class, ' '), ' {EXCLUDED_CLASS} ')]"
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
