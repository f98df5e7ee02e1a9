"""Pre-compressed copies (`.gz`, `.br`) of the site's text files, for static hosts that serve
them as they are (nginx `gzip_static`/`brotli_static`, Netlify, many CDNs): phones on prepaid
data download a third of the bytes, and the server compresses nothing at request time.

A file whose bytes did not change since the previous site gets its compressed copies from
there instead of being compressed again.
"""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import brotli

TEXT_SUFFIXES = {".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".webmanifest"}
MIN_BYTES = 512  # smaller files gain nothing


def compress_site(site: Path, previous: Path | None = None) -> int:
    """Write `.gz` and `.br` beside every text file of `site`; returns how many were made anew."""
    made = 0
    for path in sorted(site.rglob("*")):
        if not path.is_file() or path.suffix not in TEXT_SUFFIXES:
            continue
        data = path.read_bytes()
        if len(data) < MIN_BYTES:
            continue
        if previous is not None and _reuse(path, data, previous / path.relative_to(site)):
            continue
        path.with_name(path.name + ".gz").write_bytes(gzip.compress(data, 9, mtime=0))
        path.with_name(path.name + ".br").write_bytes(brotli.compress(data, quality=9))
        made += 1
    return made


def _reuse(path: Path, data: bytes, old: Path) -> bool:
    """Copy the compressed files of an identical file of the previous site, if there are."""
    old_gz, old_br = old.with_name(old.name + ".gz"), old.with_name(old.name + ".br")
    if not (old.is_file() and old_gz.is_file() and old_br.is_file()):
        return False
    if old.stat().st_size != len(data) or old.read_bytes() != data:
        return False
    shutil.copyfile(old_gz, path.with_name(path.name + ".gz"))
    shutil.copyfile(old_br, path.with_name(path.name + ".br"))
    return True
