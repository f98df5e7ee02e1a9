"""What WeasyPrint 70 needs to make PDFs that pass PDF/UA-1's image and table checks.

Pictograms. WeasyPrint tags every `<img>` and inline `<svg>` as a /Figure, which PDF/UA-1 (7.3)
requires to carry alternative text; `alt=""`, `aria-hidden` or `role="presentation"` change
nothing (it only reads `alt`, or an SVG's `<title>`). A decorative image must be an /Artifact
instead, and WeasyPrint paints CSS backgrounds as artifacts: `icon(name)` draws the pictogram
as the background of an empty inline block. A pictogram that tells something no text beside it
says gets `icon(name, alt=…)`: an inline SVG with a `<title>`, which WeasyPrint writes as /Alt.

Table headers. WeasyPrint gives every header cell an /ID and every data cell the /Headers it
belongs to, but no /Scope on the header cells (PDF/UA-1 7.5). `add_table_scopes`, given to
`write_pdf(finisher=…)`, adds it from the cell's HTML `scope`.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from typing import Any

from markupsafe import Markup, escape

from generator.icons import read_icon


def icon(name: str | None, alt: str | None = None) -> Markup:
    """A pictogram: decorative (a PDF artifact) by default, a figure described by `alt`."""
    if not name:
        return Markup("")
    svg = read_icon(name)
    if alt is None:
        data = base64.b64encode(svg.encode()).decode("ascii")
        return Markup(
            f'<span class="icon" style="background-image: url(data:image/svg+xml;base64,{data})">'
            "</span>"
        )
    head, _, rest = svg.partition(">")  # the <svg …> start tag
    return Markup(f"{head}><title>{escape(alt)}</title>{rest}")


def boxes_of(box: Any) -> Iterator[Any]:
    """A box and every box inside it."""
    yield box
    for child in getattr(box, "children", ()):
        yield from boxes_of(child)


def add_table_scopes(document: Any, pdf: Any) -> None:
    """Give every tagged header cell a /Scope: /Row for `<th scope="row">`, else /Column.

    WeasyPrint keeps the structure element it made for a table cell on the cell's box (`mark`)
    and reads `scope="row"` as a row header, anything else as a column header: the same here,
    so that /Scope and its own /Headers agree. `mark` and `_page_box` are WeasyPrint's
    internals (pinned at 70.0): tests/test_pdf_validators.py fails if they change.
    """
    for page in document.pages:
        for box in boxes_of(page._page_box):
            element = getattr(box, "mark", None)
            if element is None or box.element_tag != "th" or "A" not in element:
                continue
            row = box.element.get("scope") == "row"
            element["A"]["Scope"] = "/Row" if row else "/Column"
