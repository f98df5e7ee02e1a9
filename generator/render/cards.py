"""Place cards kept between builds: a need page lists every place of the need, so one
edited place would otherwise re-render hundreds of unchanged cards in every language.

A card's HTML is kept per page, under the digest of its place's inputs (everything the place's
own page shows: its data, its services and their facts' sources, its links, the day of the
build; computed once per build for every language, see `site.render_site`) and the service's
id. The page's template and the language are fixed for one language's cache folder, which is
emptied whenever the templates or the interface change (see `site.build_language`). A card
found there is the card rendering would make, byte for byte.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from markupsafe import Markup

from generator.write import write_atomic

VERSION = "cards-2"


class CardMemory:
    """Rendered cards by page URL and card digest, loaded from and saved to `path`."""

    def __init__(
        self, path: Path | None, today: date, place_digest: Callable[[str], str] | None
    ) -> None:
        self.path = path
        self.place_digest = place_digest  # a place's id -> the digest of its inputs (or None)
        self.today = today.isoformat()
        self.kept: dict[str, dict[str, str]] = {}
        self.fresh: dict[str, dict[str, str]] = {}
        self.page = ""
        self.rendered = 0  # cards rendered by this build (the others were kept)
        if path is not None and path.is_file():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except ValueError:
                data = {}  # a damaged cache only means rendering again
            if data.get("version") == VERSION and data.get("today") == self.today:
                self.kept = data.get("pages", {})

    def start_page(self, url: str) -> None:
        """The page about to be rendered: its cards are kept anew from what it shows now."""
        self.page = url
        self.fresh[url] = {}

    def card(self, entry: Any, render: Callable[[Any], Any]) -> Markup:
        """The HTML of `render(entry)`, from the cache when this page showed the same card."""
        if self.place_digest is None:  # nothing to tell cards apart by: render each
            self.rendered += 1
            return Markup(str(render(entry)))
        service = entry.service.id if entry.service is not None else ""
        key = f"{entry.actor.id}/{service}/{self.place_digest(entry.actor.id)}"
        html = self.kept.get(self.page, {}).get(key)
        if html is None:
            html = str(render(entry))
            self.rendered += 1
        self.fresh.setdefault(self.page, {})[key] = html
        return Markup(html)

    def save(self, pages: set[str]) -> None:
        """Keep the cards of the pages that still exist (`pages`: their URLs)."""
        if self.path is None or not any(self.fresh.values()):
            return
        kept = {url: cards for url, cards in self.kept.items() if url in pages}
        kept.update({url: cards for url, cards in self.fresh.items() if cards})
        data = {"version": VERSION, "today": self.today, "pages": dict(sorted(kept.items()))}
        write_atomic(self.path, json.dumps(data, ensure_ascii=False).encode("utf-8"))
