"""Publishing: the new site replaces the old one in one move; the old copy goes later."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from generator.write import publish_dir, remove_old_copies, staging_dir


def site_with(parent: Path, text: str) -> Path:
    site = parent / "site"
    with staging_dir(site) as stage:
        (stage / "index.html").write_text(text, encoding="utf-8")
        (stage / "deep" / "er").mkdir(parents=True)
        (stage / "deep" / "er" / "page.html").write_text(text, encoding="utf-8")
        publish_dir(stage, site)
    return site


def test_the_replaced_copies_are_removed_after_publication(tmp_path: Path) -> None:
    site = site_with(tmp_path, "one")
    site_with(tmp_path, "two")
    (old,) = tmp_path.glob(".site.old-*")  # the first site, no longer served
    assert (old / "index.html").read_text("utf-8") == "one"
    remove_old_copies(site)
    deadline = time.monotonic() + 30
    while list(tmp_path.glob(".site.old-*")) and time.monotonic() < deadline:
        time.sleep(0.05)  # removed by a process of its own, at the lowest priority
    assert not list(tmp_path.glob(".site.old-*"))
    assert (site / "index.html").read_text("utf-8") == "two"


def test_the_build_does_not_wait_for_the_removal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = site_with(tmp_path, "one")
    site_with(tmp_path, "two")
    started: list[list[str]] = []

    class Recorded:
        def __init__(self, command: list[str], **options: object) -> None:
            started.append(command)
            assert options["start_new_session"] is True

        def poll(self) -> None:
            return None

    monkeypatch.setattr("generator.write.subprocess.Popen", Recorded)
    remove_old_copies(site)
    (command,) = started
    assert command[-4:-1] == [shutil.which("rm"), "-rf", "--"]
    assert command[-1].endswith(tuple(p.name for p in tmp_path.glob(".site.old-*")))
    assert list(tmp_path.glob(".site.old-*"))  # still there: nothing waited for it


def test_without_rm_the_copies_are_removed_in_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = site_with(tmp_path, "one")
    site_with(tmp_path, "two")
    monkeypatch.setattr("generator.write.shutil.which", lambda name: None)
    remove_old_copies(site)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_failed_build_leaves_the_site_and_removes_its_stage(tmp_path: Path) -> None:
    site = site_with(tmp_path, "one")
    with pytest.raises(RuntimeError), staging_dir(site) as stage:
        (stage / "index.html").write_text("half", encoding="utf-8")
        raise RuntimeError("a renderer failed")
    assert (site / "index.html").read_text("utf-8") == "one"
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_mirror_links_unchanged_files_with_their_compressed_copies(tmp_path: Path) -> None:
    """An unchanged file comes from the previous site with its .gz and .br (the same inodes);
    a changed one is copied, without them, and the previous site is never written into."""
    import os

    from generator.write import mirror_tree

    made, previous, stage = tmp_path / "made", tmp_path / "previous", tmp_path / "stage"
    for folder in (made / "a", previous / "a"):
        folder.mkdir(parents=True)
    (made / "a" / "same.html").write_text("same", encoding="utf-8")
    (made / "a" / "new.html").write_text("new text", encoding="utf-8")
    (made / "sitemap.xml").write_text("<urlset/>", encoding="utf-8")
    (made / "sitemap.xml.gz").write_bytes(b"mkdocs' own")
    shutil.copy2(made / "a" / "same.html", previous / "a" / "same.html")
    (previous / "a" / "new.html").write_text("old text", encoding="utf-8")
    for name in ("same.html", "new.html"):
        for suffix in (".gz", ".br"):
            (previous / "a" / (name + suffix)).write_bytes(b"packed " + name.encode())
    copied = mirror_tree(made, stage, previous)
    assert copied == 2  # new.html and sitemap.xml; MkDocs' sitemap.xml.gz is left out
    for name in ("same.html", "same.html.gz", "same.html.br"):
        assert os.path.samefile(stage / "a" / name, previous / "a" / name)
    assert (stage / "a" / "new.html").read_text(encoding="utf-8") == "new text"
    assert not (stage / "a" / "new.html.gz").exists()  # compress_site makes it from the text
    assert (previous / "a" / "new.html").read_text(encoding="utf-8") == "old text"
    assert not (stage / "sitemap.xml.gz").exists()
