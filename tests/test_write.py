"""Publishing: the new site replaces the old one in one move; the old copy goes later."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from generator.write import old_copies_removed, publish_dir, staging_dir


def site_with(parent: Path, text: str) -> Path:
    site = parent / "site"
    with staging_dir(site) as stage:
        (stage / "index.html").write_text(text, encoding="utf-8")
        (stage / "deep" / "er").mkdir(parents=True)
        (stage / "deep" / "er" / "page.html").write_text(text, encoding="utf-8")
        publish_dir(stage, site)
    return site


def test_the_replaced_copy_is_removed_by_the_next_publication(tmp_path: Path) -> None:
    site = site_with(tmp_path, "one")
    with old_copies_removed(site):
        site_with(tmp_path, "two")
    (old,) = tmp_path.glob(".site.old-*")  # the first site, no longer served
    assert (old / "index.html").read_text("utf-8") == "one"
    assert (site / "index.html").read_text("utf-8") == "two"
    with old_copies_removed(site):
        site_with(tmp_path, "three")
    (newer,) = tmp_path.glob(".site.old-*")  # the second one: the first is gone
    assert newer != old and (newer / "index.html").read_text("utf-8") == "two"
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".site.old-")) == [
        "site"
    ]


def test_removal_runs_while_the_build_works_and_is_over_when_it_ends(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = site_with(tmp_path, "one")
    site_with(tmp_path, "two")
    started, release = threading.Event(), threading.Event()
    import shutil

    real_rmtree = shutil.rmtree

    def slow_rmtree(path: Path, ignore_errors: bool = False) -> None:
        started.set()
        release.wait(timeout=10)
        real_rmtree(path, ignore_errors=ignore_errors)

    monkeypatch.setattr("generator.write.shutil.rmtree", slow_rmtree)
    with old_copies_removed(site):
        assert started.wait(timeout=10)  # removing in the background…
        assert list(tmp_path.glob(".site.old-*"))  # …while the build is still at work
        release.set()
    assert not list(tmp_path.glob(".site.old-*"))


def test_a_failed_build_leaves_the_site_and_removes_its_stage(tmp_path: Path) -> None:
    site = site_with(tmp_path, "one")
    with pytest.raises(RuntimeError), old_copies_removed(site), staging_dir(site) as stage:
        (stage / "index.html").write_text("half", encoding="utf-8")
        raise RuntimeError("a renderer failed")
    assert (site / "index.html").read_text("utf-8") == "one"
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_mirror_links_unchanged_files_with_their_compressed_copies(tmp_path: Path) -> None:
    """An unchanged file comes from the previous site with its .gz and .br (the same inodes);
    a changed one is copied, without them, and the previous site is never written into."""
    import os
    import shutil

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
