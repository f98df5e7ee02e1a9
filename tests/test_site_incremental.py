"""A build after a small edit makes only the pages that changed and shows MkDocs only those."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.pipeline import load_guide
from generator.render import site as site_module
from generator.render.site import unchanged_places, write_docs
from generator.render.site_pages import Outputs, digest, page_inputs, plan_pages
from tests.conftest import DATA, ROOT, TODAY


def inputs_of(guide, pages):  # type: ignore[no-untyped-def]
    return {page.src: digest(page_inputs(guide, page, TODAY, Outputs())) for page in pages}


def test_a_page_made_from_the_same_inputs_is_not_made_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    guide, _ = load_guide(DATA / "small.yaml", TODAY)
    lang = guide.languages[0]
    pages = plan_pages(guide)
    inputs = inputs_of(guide, pages)
    first = write_docs(guide, lang, pages, tmp_path, ROOT, inputs)
    assert first.changed == len(pages)
    made: list[str] = []
    original = site_module.page_markdown

    def counting(guide, lang, page, *args, **kwargs):  # type: ignore[no-untyped-def]
        made.append(page.src)
        return original(guide, lang, page, *args, **kwargs)

    monkeypatch.setattr(site_module, "page_markdown", counting)
    again = write_docs(guide, lang, pages, tmp_path, ROOT, inputs, first.digests, first.made_from)
    assert again.changed == 0 and again.digests == first.digests
    # Places and needs are not made again; the pages that show editors' texts are.
    assert made and not any(src.startswith(("acteurs/", "besoins/")) for src in made)
    actor = next(page for page in pages if page.kind == "actor")
    edited = {**inputs, actor.src: "another digest"}
    made.clear()
    third = write_docs(guide, lang, pages, tmp_path, ROOT, edited, again.digests, again.made_from)
    assert third.written == {actor.src}
    assert actor.src in made
    assert "another digest" in (tmp_path / actor.src).read_text(encoding="utf-8")


def test_mkdocs_is_shown_only_the_places_that_changed(tmp_path: Path) -> None:
    guide, _ = load_guide(DATA / "small.yaml", TODAY)
    pages = plan_pages(guide)
    actors = [page for page in pages if page.kind == "actor"]
    for page in actors[:-1]:  # the last one's HTML is missing: it must be made
        (tmp_path / page.url).mkdir(parents=True)
        (tmp_path / page.url / "index.html").write_text("<html></html>", encoding="utf-8")
    kept = unchanged_places(pages, {actors[0].src}, tmp_path)
    assert kept == {page.src for page in actors[1:-1]}
