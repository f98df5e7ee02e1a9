"""Lay out the planned PDFs, in worker processes, splitting leaflets that run over 4 pages.

`render_print` takes the split plan (split.py: which places go in which leaflet, estimated and
laid out only near the limit, kept in the print cache), plans every document
(generator/render/printing/plan.py) and lays out those asked for with `Printer` (render.py),
each once: a leaflet already laid out for the plan is copied. A leaflet that still runs over
4 pages is split again (leaflets.py) and its parts laid out, until every leaflet fits.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any

from generator.model import Guide
from generator.render.printing.fonts import FONTS_DIR, print_faces
from generator.render.printing.leaflets import MAX_PAGES, Part, layout_factor, split_parts
from generator.render.printing.plan import Document, Voiced, estimated_parts, plan_documents
from generator.render.printing.render import Printer
from generator.render.printing.split import plan_key, split_plan


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
        # Read once here: the forked workers inherit the fonts instead of each reading them.
        print_faces(project_dir / FONTS_DIR)

    def recipe(self) -> str:
        """What every PDF is made of besides its HTML (fonts, engine, settings, date)."""
        self.printer = self.printer or Printer(*self.setup)
        return f"{self.printer.recipe}|{self.printer.timestamp}"

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
    `kinds` and `language` keep only those documents (a poster has every language). Which
    places go in which leaflet is the split plan (split.py): estimated, laid out only near
    the limit of 4 pages, and kept in `cache_dir`, so that the same guide gets the same
    leaflets whichever languages are printed. A leaflet laid out here over 4 pages is split
    and laid out again before anything is returned. `owner` keeps the documents of a shard
    of a first build (see `wanted`).
    """
    batch = Batch(
        guide, project_dir, today, cache_dir, voiced, min(workers or default_workers(), 64)
    )
    parts = estimated_parts(guide)
    laid: dict[tuple[str, ...], tuple[dict[str, Any], Path]] = {}  # leaflets, by identity
    entries: dict[str, dict[str, Any]] = {}  # the other documents, by path
    with tempfile.TemporaryDirectory(prefix="qfq-leaflets-") as scratch:

        def lay_out(leaflets: list[Document]) -> list[int]:
            jobs = [(i, Path(scratch)) for i in range(len(leaflets))]
            for document, entry in zip(leaflets, batch.write(leaflets, jobs), strict=True):
                laid[leaflet_key(document)] = (entry, Path(scratch))
            return [laid[leaflet_key(document)][0]["pages"] for document in leaflets]

        if not kinds or "leaflet" in kinds:
            plan_file = None
            if cache_dir is not None:
                key = plan_key(guide, voiced, project_dir, batch.recipe())
                plan_file = cache_dir / "plans" / f"{key[:32]}.json"
            parts = split_plan(guide, parts, lay_out, plan_file)
        # A poster has every language and belongs to the shard of the first one: planning
        # posters makes every code of every language, for nothing when none is wanted.
        posters = (not kinds or "poster" in kinds) and owner in (None, guide.languages[0].tag)
        first = True
        while True:
            documents = plan_documents(guide, voiced, parts, posters=posters)
            jobs: list[tuple[int, Path]] = []
            for i, document in enumerate(documents):
                if not wanted(document, kinds, language, owner):
                    continue
                if document.kind == "leaflet":
                    if leaflet_key(document) not in laid:
                        jobs.append((i, out_dir))
                elif first:
                    jobs.append((i, out_dir))
            first = False
            for (i, _out), entry in zip(jobs, batch.write(documents, jobs), strict=True):
                if documents[i].kind == "leaflet":
                    laid[leaflet_key(documents[i])] = (entry, out_dir)
                else:
                    entries[documents[i].path] = entry
            too_long = {  # estimated under the limit, laid out over it: never published
                leaflet_key(document)[1:]
                for document in documents
                if document.kind == "leaflet"
                and wanted(document, kinds, language, owner)
                and len(document.context["part"].groups) > 1
                and laid[leaflet_key(document)][0]["pages"] > MAX_PAGES
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
                entry, folder = laid[leaflet_key(document)]
                if folder != out_dir:  # laid out for the plan: publish it
                    target = out_dir / entry["path"]
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(folder / entry["path"], target)
                final.append(entry)
            elif document.path in entries:
                final.append(entries[document.path])
    remove_stale(out_dir, laid, {entry["path"] for entry in final})
    return final


def leaflet_key(document: Document) -> tuple[str, ...]:
    """A leaflet's identity: its language, need, label and places."""
    part: Part = document.context["part"]
    return (document.lang.tag, *part.key)


def remove_stale(
    out_dir: Path, laid: dict[tuple[str, ...], tuple[dict[str, Any], Path]], kept: set[str]
) -> None:
    """Remove the leaflets laid out for parts that were split again since."""
    for entry, folder in laid.values():
        if folder == out_dir and entry["path"] not in kept:
            (out_dir / entry["path"]).unlink(missing_ok=True)
