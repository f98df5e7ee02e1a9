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
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import brotli

from generator.write import link_or_copy

TEXT_SUFFIXES = {".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".webmanifest"}
MIN_BYTES = 512  # smaller files gain nothing
# Measured on the guide's pages: quality 8 gives files 0.2 % larger than quality 9 in a tenth
# of the time (9 is where brotli's cost jumps); 11 saves 9 % more but is 40 times slower.
BROTLI_QUALITY = 8
BATCH = 200  # files per task given to a worker process


def compress_site(site: Path, previous: Path | None = None, jobs: int | None = None) -> int:
    """Write `.gz` and `.br` beside every text file of `site`; returns how many were made anew."""
    todo: list[Path] = []
    for path in sorted(site.rglob("*")):
        if path.suffix not in TEXT_SUFFIXES or not path.is_file():
            continue
        if path.stat().st_size < MIN_BYTES:
            continue
        if previous is not None and _reuse(path, previous / path.relative_to(site)):
            continue
        todo.append(path)
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
        path.with_name(path.name + ".gz").write_bytes(gzip.compress(data, 9, mtime=0))
        path.with_name(path.name + ".br").write_bytes(brotli.compress(data, quality=BROTLI_QUALITY))


def _reuse(path: Path, old: Path) -> bool:
    """Share the compressed files of an identical file of the previous site, if there are.

    A file linked from the previous site (the same inode) is identical without being read."""
    old_gz, old_br = old.with_name(old.name + ".gz"), old.with_name(old.name + ".br")
    if not (old.is_file() and old_gz.is_file() and old_br.is_file()):
        return False
    if not os.path.samefile(path, old):
        new_stat = path.stat()
        if old.stat().st_size != new_stat.st_size or old.read_bytes() != path.read_bytes():
            return False
    link_or_copy(old_gz, path.with_name(path.name + ".gz"))
    link_or_copy(old_br, path.with_name(path.name + ".br"))
    return True
