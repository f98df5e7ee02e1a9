"""Place cards kept between builds: a need page re-renders only the cards that changed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from generator.render.cards import CardMemory

TODAY = date(2026, 11, 22)


@dataclass(frozen=True)
class Entry:
    actor: str
    service: str | None
    facts: tuple[str, ...]


def render_page(path: Path, entries: list[Entry], today: date = TODAY) -> tuple[list[str], int]:
    memory = CardMemory(path, today)
    memory.start_page("besoins/sante/")
    cards = [
        str(memory.card(entry, lambda e: f"<article>{e.actor} {e.facts}</article>"))
        for entry in entries
    ]
    memory.save({"besoins/sante/"})
    return cards, memory.rendered


def test_unchanged_cards_are_kept_and_changed_ones_rendered(tmp_path: Path) -> None:
    path = tmp_path / "cards.json"
    entries = [Entry(f"lieu-{i}", None, ("gratuit",)) for i in range(5)]
    first, rendered = render_page(path, entries)
    assert rendered == 5
    entries[2] = Entry("lieu-2", None, ("payant",))
    again, rendered = render_page(path, entries)
    assert rendered == 1  # the edited place alone
    assert again[2] == "<article>lieu-2 ('payant',)</article>"
    assert again[:2] == first[:2] and again[3:] == first[3:]


def test_another_day_renders_everything_again(tmp_path: Path) -> None:
    """Cards say "may be out of date" and today's opening hours: they depend on the day."""
    path = tmp_path / "cards.json"
    entries = [Entry("lieu", None, ())]
    render_page(path, entries)
    assert render_page(path, entries, date(2026, 11, 23))[1] == 1


def test_a_damaged_cache_only_means_rendering_again(tmp_path: Path) -> None:
    path = tmp_path / "cards.json"
    path.write_text("{oops", encoding="utf-8")
    cards, rendered = render_page(path, [Entry("lieu", None, ())])
    assert rendered == 1 and cards == ["<article>lieu ()</article>"]
