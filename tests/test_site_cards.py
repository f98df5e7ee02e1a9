"""Place cards kept between builds: a need page re-renders only the cards that changed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from generator.render.cards import CardMemory

TODAY = date(2026, 11, 22)


@dataclass(frozen=True)
class Thing:
    id: str


@dataclass(frozen=True)
class Entry:
    actor: Thing
    service: Thing | None


def entries(count: int) -> list[Entry]:
    return [
        Entry(Thing(f"lieu-{i}"), Thing(f"service-{i}") if i % 2 else None) for i in range(count)
    ]


def render_page(
    path: Path, shown: list[Entry], digests: dict[str, str], today: date = TODAY
) -> tuple[list[str], int]:
    """Render a need page's cards: a card says its place's digest (what its data is)."""
    memory = CardMemory(path, today, lambda place: digests[place])
    memory.start_page("besoins/sante/")
    cards = [
        str(memory.card(entry, lambda e: f"<article>{e.actor.id} {digests[e.actor.id]}</article>"))
        for entry in shown
    ]
    memory.save({"besoins/sante/"})
    return cards, memory.rendered


def test_unchanged_cards_are_kept_and_changed_ones_rendered(tmp_path: Path) -> None:
    path = tmp_path / "cards.json"
    shown = entries(5)
    digests = {entry.actor.id: "v1" for entry in shown}
    first, rendered = render_page(path, shown, digests)
    assert rendered == 5
    digests["lieu-2"] = "v2"  # an editor changed this place
    again, rendered = render_page(path, shown, digests)
    assert rendered == 1  # the edited place alone
    assert again[2] == "<article>lieu-2 v2</article>"
    assert again[:2] == first[:2] and again[3:] == first[3:]


def test_a_removed_page_loses_its_cards(tmp_path: Path) -> None:
    path = tmp_path / "cards.json"
    shown = entries(2)
    digests = {entry.actor.id: "v1" for entry in shown}
    render_page(path, shown, digests)
    memory = CardMemory(path, TODAY, lambda place: digests[place])
    memory.start_page("besoins/emploi/")
    memory.card(shown[0], lambda e: "<article></article>")
    memory.save({"besoins/emploi/"})  # the health need is gone
    memory = CardMemory(path, TODAY, lambda place: digests[place])
    memory.start_page("besoins/sante/")
    memory.card(shown[0], lambda e: "<article></article>")
    assert memory.rendered == 1


def test_another_day_renders_everything_again(tmp_path: Path) -> None:
    """Cards say "may be out of date" and today's opening hours: they depend on the day."""
    path = tmp_path / "cards.json"
    shown = entries(1)
    render_page(path, shown, {"lieu-0": "v1"})
    assert render_page(path, shown, {"lieu-0": "v1"}, date(2026, 11, 23))[1] == 1


def test_a_damaged_cache_only_means_rendering_again(tmp_path: Path) -> None:
    path = tmp_path / "cards.json"
    path.write_text("{oops", encoding="utf-8")
    cards, rendered = render_page(path, entries(1), {"lieu-0": "v1"})
    assert rendered == 1 and cards == ["<article>lieu-0 v1</article>"]


def test_without_digests_every_card_is_rendered(tmp_path: Path) -> None:
    memory = CardMemory(tmp_path / "cards.json", TODAY, None)
    memory.start_page("besoins/sante/")
    for entry in entries(3):
        memory.card(entry, lambda e: "<article></article>")
    assert memory.rendered == 3
