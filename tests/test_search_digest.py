"""Each language's search index is made again only when the words it holds changed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.render.search import indexed_digest

PAGE = (
    '<!doctype html><html lang="ar" dir="rtl"><head><title>T</title></head><body>'
    '<nav><a href="/x/">menu</a></nav>'
    '<div data-pagefind-body><h1 data-pagefind-meta="title">مكان</h1>'
    '<p lang="fr" dir="ltr" data-pagefind-ignore>Texte français non traduit.</p>'
    "<p>نص عربي</p>"
    '<p class="qfq-card__contact">02 99 00 00 00</p>'
    '<span data-pagefind-ignore data-pagefind-filter="gratuit">oui</span>'
    "</div></body></html>"
)


def digest(text: str) -> str:
    return indexed_digest(text.encode("utf-8"))


def test_what_pagefind_does_not_read_does_not_count() -> None:
    same = [
        PAGE.replace("Texte français non traduit.", "Texte français modifié."),  # fallback
        PAGE.replace("02 99 00 00 00", "02 99 11 11 11"),  # excluded contact line
        PAGE.replace('href="/x/">menu', 'href="/y/">menu 2'),  # outside the search region
        PAGE.replace("<title>T</title>", "<title>U</title>"),
    ]
    assert {digest(page) for page in same} == {digest(PAGE)}


def test_what_pagefind_reads_counts() -> None:
    changed = [
        PAGE.replace("نص عربي", "نص آخر"),  # the page's own words
        PAGE.replace(">مكان<", ">مكان آخر<"),  # its title
        PAGE.replace('data-pagefind-filter="gratuit"', 'data-pagefind-filter="payant"'),
        PAGE.replace('lang="ar"', 'lang="fa"'),  # another stemmer
        PAGE.replace("data-pagefind-ignore>Texte", ">Texte"),  # now indexed
    ]
    digests = {digest(page) for page in changed}
    assert len(digests) == len(changed) and digest(PAGE) not in digests


def test_text_that_is_not_html_is_digested_as_bytes() -> None:
    assert indexed_digest(b"") != indexed_digest(b" ")


def test_a_french_fallback_is_shown_but_left_out_of_another_language_index(
    sample_site: Path,
) -> None:
    """The sample's "Coup de Pouce Tilleuls" has no Tigrinya description: the Tigrinya page
    shows the French one (marked as French) and its index leaves it out; the French page and
    the English one (translated) index it."""
    import lxml.html

    def description(lang_dir: str) -> lxml.html.HtmlElement:
        page = sample_site / lang_dir / "acteurs" / "accompagnement-scolarite-tilleuls"
        root = lxml.html.document_fromstring((page / "index.html").read_bytes())
        (body,) = root.xpath("//*[@data-pagefind-body]")
        (element,) = body.xpath(".//*[contains(concat(' ', @class, ' '), ' qfq-lead ')]")
        return element

    french, shown, english = description(""), description("ti"), description("en")
    assert shown.get("lang") == "fr" and shown.text_content() == french.text_content()
    assert shown.get("data-pagefind-ignore") is not None
    for indexed in (french, english):
        assert indexed.get("data-pagefind-ignore") is None and indexed.get("lang") is None
    assert "homework" in english.text_content()


def test_pages_rewritten_with_the_same_words_are_not_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page written again (new time) whose indexed words are the same keeps the index, and
    its new time is recorded: the build after does not read it again."""
    from generator.render import search

    pages, cache = tmp_path / "ar", tmp_path / "cache"
    (pages / "lieu").mkdir(parents=True)
    page = pages / "lieu" / "index.html"
    page.write_text(PAGE, encoding="utf-8")
    assert search._index_language("ar/", pages, cache)  # indexed
    page.write_text(PAGE.replace("Texte français non traduit.", "Autre texte."), "utf-8")
    os.utime(page, ns=(1, 1))  # another time, whatever the clock
    assert not search._index_language("ar/", pages, cache)  # same words: kept
    read: list[bytes] = []
    monkeypatch.setattr(search, "indexed_digest", lambda data: read.append(data) or "x")
    assert not search._index_language("ar/", pages, cache)
    assert read == []  # its size and time were recorded: not read again


def test_pages_pagefind_does_not_index_do_not_change_the_index() -> None:
    """Once a page has `data-pagefind-body`, Pagefind indexes only such pages: the print page
    (its table of PDF sizes) changing does not make the language be indexed again."""
    from generator.render.search import index_key

    def files(print_page: str) -> dict[str, list[object]]:
        return {
            "lieu/index.html": [1, 1, digest(PAGE)],
            "imprimer/index.html": [1, 1, digest(print_page)],
        }

    plain = "<html lang='ar'><body><table><td>12 Ko</td></table></body></html>"
    assert index_key(files(plain)) == index_key(files(plain.replace("12", "13")))
    with_body = plain.replace("<table>", "<div data-pagefind-body>x</div><table>")
    assert index_key(files(plain)) != index_key(files(with_body))
    assert digest(plain) != digest(plain.replace("12", "13"))  # its own digest still says
