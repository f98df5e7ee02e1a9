"""An actor's checks remembered from an earlier build give the problems a full check gives,
placed where the actor stands now."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import validate
from generator.pipeline import check_source
from tests.conftest import DATA, ROOT, TODAY


def count_checked_actors(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """From now on, the index of every actor checked one by one, in order."""
    checked: list[int] = []
    original = validate._Checker.check_actor

    def counting(self, path, actor, topics):  # type: ignore[no-untyped-def]
        checked.append(path[1])
        return original(self, path, actor, topics)

    monkeypatch.setattr(validate._Checker, "check_actor", counting)
    return checked


def problems_of(source: Path, cache: Path | None):  # type: ignore[no-untyped-def]
    return check_source(source, TODAY, cache)[1]


@pytest.mark.parametrize("name", ["actors.yaml", "tests/data/broken.yaml"])
def test_remembered_checks_give_the_full_checks_problems(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = (ROOT / name).read_text(encoding="utf-8")
    source = tmp_path / "actors.yaml"
    source.write_text(text, encoding="utf-8")
    cache = tmp_path / "cache"
    full = problems_of(source, None)
    assert problems_of(source, cache) == full  # checked, and remembered
    checked = count_checked_actors(monkeypatch)
    assert problems_of(source, cache) == full
    if name == "actors.yaml":
        assert checked == []  # every actor's checks were remembered
    # Lines added above every actor: each is placed where it stands now.
    moved = text.replace("\nactors:\n", "\nactors:\n# a comment\n# and another\n", 1)
    source.write_text(moved, encoding="utf-8")
    checked.clear()
    assert problems_of(source, cache) == problems_of(source, None)


def test_an_edited_actor_is_checked_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = (DATA / "small.yaml").read_text(encoding="utf-8")
    source = tmp_path / "actors.yaml"
    source.write_text(text, encoding="utf-8")
    cache = tmp_path / "cache"
    problems_of(source, cache)
    edited = text.replace("02 61 91 00 12", "02 61")
    assert edited != text
    source.write_text(edited, encoding="utf-8")
    found = problems_of(source, cache)
    assert found == problems_of(source, None)
    assert any("`02 61`" in problem.message for problem in found)


def test_another_day_checks_everything_again(tmp_path: Path) -> None:
    from datetime import timedelta

    source = tmp_path / "actors.yaml"
    source.write_text((ROOT / "actors.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    cache = tmp_path / "cache"
    check_source(source, TODAY, cache)
    later = TODAY + timedelta(days=400)  # everything is old by then
    assert check_source(source, later, cache)[1] == check_source(source, later)[1]


def test_an_actor_that_grows_by_a_line_is_the_only_one_checked_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = (ROOT / "actors.yaml").read_text(encoding="utf-8")
    source = tmp_path / "actors.yaml"
    first = text.index("\nactors:\n") + len("\nactors:\n")
    line_end = text.index("\n", first)
    below = text[line_end + 1 : text.index("\n", line_end + 1)]
    indent = below[: len(below) - len(below.lstrip())]  # the item's keys line up
    grown = text[:line_end] + f"\n{indent}siret: '13002526500013'" + text[line_end:]
    source.write_text(grown, encoding="utf-8")
    expected = problems_of(source, None)
    source.write_text(text, encoding="utf-8")
    cache = tmp_path / "cache"
    problems_of(source, cache)
    checked = count_checked_actors(monkeypatch)
    source.write_text(grown, encoding="utf-8")
    found = problems_of(source, cache)
    assert found == expected  # the others placed a line lower
    assert not any(problem.is_error for problem in found)
    assert checked == [0]
