"""Lay out the planned PDFs, in worker processes, splitting leaflets that run over 4 pages.

`render_print` plans every document (generator/render/printing/plan.py), lays them out with
`Printer` (render.py), then splits again the leaflets that are too long in any language
(leaflets.py) and lays out only those, until every leaflet fits.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any

from generator.model import Guide
from generator.render.printing.leaflets import MAX_PAGES, Part, layout_factor, split_parts
from generator.render.printing.plan import Document, Voiced, estimated_parts, plan_documents
from generator.render.printing.render import Printer


def wanted(
    document: Document,
    kinds: frozenset[str] | None,
    language: str | None,
    owner: str | None = None,
) -> bool:
    """Whether `print --kind … --language …` asked for this document; with `owner`, only
    the documents a shard of that language makes (a poster of every language belongs to the
    shard of its first language)."""
    if kinds and document.kind not in kinds:
        return False
    tags = document.manifest.get("language")
    if owner is not None:
        return owner == (tags if isinstance(tags, str) else (tags or [None])[0])
    if language is None:
        return True
    return language == tags if isinstance(tags, str) else language in (tags or [])


def default_workers() -> int:
    """One process per processor (WeasyPrint is single-threaded), at most 8."""
    return max(1, min(os.cpu_count() or 1, 8))


def can_fork() -> bool:
    """Worker processes are forked, so that they share the guide without pickling it."""
    return sys.platform == "linux" and "fork" in multiprocessing.get_all_start_methods()


_worker: tuple[Printer, list[Document]] | None = None


def start_worker(
    guide: Guide,
    project_dir: Path,
    today: date,
    cache_dir: Path | None,
    voiced: Voiced,
    documents: list[Document],
) -> None:
    """Set up one worker process: its own fonts and templates, the parent's plan (forked)."""
    global _worker
    _worker = (Printer(guide, project_dir, today, cache_dir, voiced), documents)


def write_planned(index: int, out_dir: Path) -> dict[str, Any]:
    """Render the planned document `index` under `out_dir` in a worker process."""
    assert _worker is not None, "start_worker() runs first in every worker"
    printer, documents = _worker
    return printer.write(documents[index], out_dir)


class Batch:
    """Lays out documents, in worker processes when there are several."""

    def __init__(
        self,
        guide: Guide,
        project_dir: Path,
        today: date,
        cache_dir: Path | None,
        voiced: Voiced,
        workers: int,
    ) -> None:
        self.setup = (guide, project_dir, today, cache_dir, voiced)
        self.workers = workers
        self.printer: Printer | None = None

    def write(self, documents: list[Document], jobs: list[tuple[int, Path]]) -> list[dict]:
        """Write `documents[i]` under each job's folder; the entries in the order of `jobs`."""
        count = min(self.workers, len(jobs))
        if count <= 1 or not can_fork():
            self.printer = self.printer or Printer(*self.setup)
            return [self.printer.write(documents[i], out) for i, out in jobs]
        # The costliest first (the directory, then leaflets), so that no process is left alone
        # with a long document at the end.
        cost = {"directory": 0, "leaflet": 1, "poster": 2}
        order = sorted(range(len(jobs)), key=lambda j: (cost[documents[jobs[j][0]].kind], j))
        with ProcessPoolExecutor(
            count,
            mp_context=multiprocessing.get_context("fork"),
            initializer=start_worker,
            initargs=(*self.setup, documents),
        ) as pool:
            futures = {j: pool.submit(write_planned, *jobs[j]) for j in order}
            try:
                return [futures[j].result() for j in range(len(jobs))]
            except BaseException:
                pool.shutdown(cancel_futures=True)  # one failure: don't render the rest for nothing
                raise


def render_print(
    guide: Guide,
    out_dir: Path,
    *,
    project_dir: Path,
    today: date,
    workers: int | None = None,
    cache_dir: Path | None = None,
    kinds: frozenset[str] | None = None,
    language: str | None = None,
    voiced: Voiced = frozenset(),
    owner: str | None = None,
) -> list[dict[str, Any]]:
    """Write every PDF of the guide under `out_dir` (the site root); their manifest entries.

    Each entry: kind (leaflet | directory | poster), language (a tag, or the list of tags of
    a poster), theme or actor (ids), size (posters: "A4" or "A3"), path (relative to the site
    root), qr (the absolute URLs its QR codes encode, in order), bytes and pages. A leaflet
    also has actors (the ids of its places) and, when its need is split, communes, label
    ("Rennes (1/3)") and part ([1, 3] for a part of a commune). Entries come in a stable
    order whatever the number of `workers` (processes; default: one per processor).
    With a `cache_dir`, a PDF whose HTML, fonts and settings are unchanged is copied from the
    last build instead of laid out again (entries say `"rendered": false`). `voiced` lists the
    (actor id, language tag) that have a clip: a place's code says "listen" and opens its
    audio page only there; elsewhere it says "read" and opens the place's page.
    `kinds` and `language` keep only those documents (a poster has every language). Leaflets
    are split where they run over 4 pages in any language (leaflets.py): to split them as a
    whole build does, the leaflets of every language are laid out (the others in a scratch
    folder, or copied from the cache). `owner` keeps the documents of a shard of a first
    build (see `wanted`).
    """
    batch = Batch(
        guide, project_dir, today, cache_dir, voiced, min(workers or default_workers(), 64)
    )
    parts = estimated_parts(guide)
    written: dict[tuple[str, ...], dict[str, Any]] = {}  # leaflets laid out, by part and language
    entries: dict[str, dict[str, Any]] = {}  # the other documents, by path
    first = True
    with tempfile.TemporaryDirectory(prefix="qfq-leaflets-") as scratch:
        while True:
            documents = plan_documents(guide, voiced, parts)
            jobs: list[tuple[int, Path]] = []
            for i, document in enumerate(documents):
                keep = wanted(document, kinds, language, owner)
                if document.kind == "leaflet" and (keep or not kinds or "leaflet" in kinds):
                    if leaflet_key(document) not in written:
                        jobs.append((i, out_dir if keep else Path(scratch)))
                elif keep and first:
                    jobs.append((i, out_dir))
            first = False
            for (i, _out), entry in zip(jobs, batch.write(documents, jobs), strict=True):
                if documents[i].kind == "leaflet":
                    written[leaflet_key(documents[i])] = entry
                else:
                    entries[documents[i].path] = entry
            too_long = {
                part.key
                for theme_parts in parts.values()
                for part in theme_parts
                if len(part.groups) > 1
                and any(
                    written.get((lang.tag, *part.key), {}).get("pages", 0) > MAX_PAGES
                    for lang in guide.languages
                )
            }
            if not too_long:
                break
            parts = {
                theme: split_parts(theme_parts, too_long, layout_factor(guide.languages))
                for theme, theme_parts in parts.items()
            }
    final = []
    for document in documents:
        if document.kind == "leaflet" and wanted(document, kinds, language, owner):
            final.append(written[leaflet_key(document)])
        elif document.path in entries:
            final.append(entries[document.path])
    remove_stale(out_dir, written, {entry["path"] for entry in final})
    return final


def leaflet_key(document: Document) -> tuple[str, ...]:
    """A leaflet's identity: its language, need, label and places."""
    part: Part = document.context["part"]
    return (document.lang.tag, *part.key)


def remove_stale(
    out_dir: Path, written: dict[tuple[str, ...], dict[str, Any]], kept: set[str]
) -> None:
    """Remove the leaflets laid out for parts that were split again since."""
    for entry in written.values():
        if entry["path"] not in kept:
            (out_dir / entry["path"]).unlink(missing_ok=True)
