"""Pre-compressed copies (`.gz`, `.br`) of the site's text files, for static hosts that serve
them as they are (nginx `gzip_static`/`brotli_static`, Netlify, many CDNs): phones on prepaid
data download a third of the bytes, and the server compresses nothing at request time.

A file whose bytes did not change since the previous site gets its compressed copies from
there instead of being compressed again.
"""

from __future__ import annotations

import gzip
import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import brotli

from generator.write import COMPANIONS, link_or_copy

TEXT_SUFFIXES = {".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".webmanifest"}
MIN_BYTES = 512  # smaller files gain nothing
# Measured on the guide's pages: quality 8 gives files 0.2 % larger than quality 9 in a tenth
# of the time (9 is where brotli's cost jumps); 11 saves 9 % more but is 40 times slower.
BROTLI_QUALITY = 8
BATCH = 200  # files per task given to a worker process


def compress_site(site: Path, previous: Path | None = None, jobs: int | None = None) -> int:
    """Write `.gz` and `.br` beside every text file of `site`; returns how many were made anew."""
    todo: list[Path] = []
    # os.scandir gives each entry's type and size without more system calls: a département's
    # site is tens of thousands of files, most of them linked unchanged from the previous one.
    for folder, entries in _walk(str(site)):
        relative = os.path.relpath(folder, site)
        names = {entry.name for entry in entries}
        for entry in entries:
            if os.path.splitext(entry.name)[1] not in TEXT_SUFFIXES:
                continue
            if all(entry.name + suffix in names for suffix in COMPANIONS):
                continue  # linked with the file from the previous site (write.mirror_tree)
            if not entry.is_file() or entry.stat().st_size < MIN_BYTES:
                continue
            old = previous / relative / entry.name if previous is not None else None
            if old is not None and _reuse(entry, old):
                continue
            todo.append(Path(entry.path))
    todo.sort()
    batches = [todo[i : i + BATCH] for i in range(0, len(todo), BATCH)]
    workers = max(1, min(len(batches), jobs or os.cpu_count() or 1))
    if workers == 1:
        for batch in batches:
            compress_files(batch)
    else:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            list(pool.map(compress_files, batches))
    return len(todo)


def compress_files(paths: list[Path]) -> None:
    """Write the `.gz` and `.br` copies of each file (same bytes on every run: no timestamp)."""
    for path in paths:
        data = path.read_bytes()
        for suffix, packed in (
            (".gz", gzip.compress(data, 9, mtime=0)),
            (".br", brotli.compress(data, quality=BROTLI_QUALITY)),
        ):
            copy = path.with_name(path.name + suffix)
            copy.unlink(missing_ok=True)  # it may be linked to the published site's copy
            copy.write_bytes(packed)


def _walk(top: str) -> Iterator[tuple[str, list[os.DirEntry[str]]]]:
    """Each folder under `top` with its entries (files and folders), folders first."""
    with os.scandir(top) as listing:
        entries = list(listing)
    yield top, entries
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(entry.path)


def _reuse(entry: os.DirEntry[str], old: Path) -> bool:
    """Share the compressed files of an identical file of the previous site, if there are.

    A file linked from the previous site (the same inode) is identical without being read."""
    old_gz, old_br = old.with_name(old.name + ".gz"), old.with_name(old.name + ".br")
    try:
        old_stat = old.stat()
    except OSError:
        return False
    if not (old_gz.is_file() and old_br.is_file()):
        return False
    new_stat = entry.stat()
    linked = (new_stat.st_ino, new_stat.st_dev) == (old_stat.st_ino, old_stat.st_dev)
    if not linked and (
        old_stat.st_size != new_stat.st_size or old.read_bytes() != _read(entry.path)
    ):
        return False
    link_or_copy(old_gz, entry.path + ".gz")
    link_or_copy(old_br, entry.path + ".br")
    return True


def _read(path: str) -> bytes:
    with open(path, "rb") as handle:
        return handle.read()
