"""Stage 5, write: outputs go to a staging folder, then replace the old site in one move.

A build that fails anywhere before the move leaves the previous site exactly as it was. The
replaced copy is removed after the move by a low-priority process the build does not wait for:
removing a département's site (tens of thousands of files) costs more than a small edit's build.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def staging_dir(target: Path) -> Iterator[Path]:
    """A fresh folder beside `target` (same file system), removed if the build fails."""
    target.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
    try:
        yield stage
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise


def publish_dir(stage: Path, target: Path) -> Path | None:
    """Put `stage` in the place of `target`: two renames. Returns the replaced copy (None if
    there was none), left beside the site as `.<site>.old-…`: `remove_old_copies` removes it
    (or remove it yourself: it is no longer served)."""
    os.chmod(stage, 0o755)  # mkdtemp makes it private; a site folder is served to everyone
    old: Path | None = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f"{OLD_PREFIX % target.name}", dir=target.parent))
        old.rmdir()
        target.rename(old)
    try:
        stage.rename(target)
    except BaseException:
        if old is not None:
            old.rename(target)
        raise
    return old


OLD_PREFIX = ".%s.old-"


def remove_old_copies(target: Path, *, wait: bool = False) -> None:
    """Remove the copies of `target` that publications replaced, at the lowest priority, in a
    process of its own that the build does not wait for (as `git gc --auto` does): removing a
    département's site, tens of thousands of files, costs seconds of a small edit's build.
    A copy whose removal was cut short is removed by the next call. Without `rm` (or with
    `wait`), in this process."""
    olds = sorted(target.parent.glob(f"{OLD_PREFIX % target.name}*"))
    if not olds:
        return
    remover = shutil.which("rm")
    if remover is None or wait:
        for old in olds:
            shutil.rmtree(old, ignore_errors=True)
        return
    command = [remover, "-rf", "--", *map(str, olds)]
    if nice := shutil.which("nice"):
        command = [nice, "-n", "19", *command]
    if ionice := shutil.which("ionice"):
        command = [ionice, "-c", "3", *command]
    _REMOVERS[:] = [process for process in _REMOVERS if process.poll() is None]  # reaped
    try:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # not stopped with the build, not waited for
        )
    except OSError:
        for old in olds:
            shutil.rmtree(old, ignore_errors=True)
        return
    _REMOVERS.append(process)


# The removals under way, kept so that a long-running process (`serve`, the tests) reaps them.
_REMOVERS: list[subprocess.Popen[bytes]] = []


def write_atomic(path: Path, data: bytes) -> None:
    """Write a file through a temporary file and a rename, so that readers see the old file or
    the new one, never half of it (a crash leaves the old file whole). Keeps the file's mode."""
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def link_or_copy(source: Path | str, target: Path | str) -> None:
    """Share a file of the previous site with the new one: a hard link where the file system
    allows it (a published site is only ever removed whole, never written into), else a copy."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


COMPANIONS = (".gz", ".br")  # the compressed copies of a file, beside it (generator/compress.py)


def mirror_tree(source: Path, destination: Path, previous: Path | None) -> int:
    """Copy `source` into `destination`, sharing the files the previous site already holds.

    A file of the previous site with the same size and modification time as the source file
    was copied from it by an earlier build (copies keep the time) and is linked instead, with
    its compressed copies (`.gz`, `.br`) when it has both; the others are copied. Returns how
    many files were copied. Folders are listed with `os.scandir` and paths kept as text: this
    runs for every page of a département's site on every build.
    """
    copied = 0
    folders = [""]
    while folders:
        relative = folders.pop()
        origin_dir = os.path.join(source, relative)
        target_dir = os.path.join(destination, relative)
        os.makedirs(target_dir, exist_ok=True)
        old: dict[str, os.DirEntry[str]] = {}
        if previous is not None:
            with contextlib.suppress(OSError), os.scandir(os.path.join(previous, relative)) as it:
                old = {entry.name: entry for entry in it}
        with os.scandir(origin_dir) as it:
            entries = list(it)
        names = {entry.name for entry in entries}
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                folders.append(os.path.join(relative, entry.name))
                continue
            if entry.name[-3:] in COMPANIONS and entry.name[:-3] in names:
                continue  # MkDocs' own sitemap.xml.gz: compress_site makes the site's copies
            target = os.path.join(target_dir, entry.name)
            kept = old.get(entry.name)
            if kept is not None and _same_file(entry, kept) and _link(kept.path, target):
                companions = [old.get(entry.name + suffix) for suffix in COMPANIONS]
                if all(companions):
                    for companion, suffix in zip(companions, COMPANIONS, strict=True):
                        assert companion is not None
                        _link(companion.path, target + suffix)
                continue
            with contextlib.suppress(FileNotFoundError):
                os.unlink(target)  # never write into a file shared with the published site
            shutil.copy2(entry.path, target)
            copied += 1
    return copied


def _link(origin: str, target: str) -> bool:
    try:
        os.link(origin, target)
    except OSError:
        return False
    return True


def _same_file(new: os.DirEntry[str], old: os.DirEntry[str]) -> bool:
    try:
        new_stat, old_stat = new.stat(), old.stat()
    except OSError:
        return False
    return new_stat.st_size == old_stat.st_size and new_stat.st_mtime_ns == old_stat.st_mtime_ns
