"""The split plan (generator/render/printing/split.py): which places go in which leaflet of each
need is decided once, laid out only near the limit of 4 pages, kept in the print cache and read
again by a print shard of another language, which then lays out its own language only. Whatever
the estimate says, no published leaflet has more than 4 pages; any number of processes makes
the same bytes."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from pypdf import PdfReader

from generator.model import Guide
from generator.pipeline import load_guide
from generator.render.printing import leaflets, render_print, split
from generator.render.printing.leaflets import MAX_PAGES
from generator.render.printing.plan import estimated_parts
from generator.render.printing.render import Printer
from tests.conftest import ROOT, TODAY
from tests.test_leaflets import many_places

LEAFLETS = frozenset({"leaflet"})


def count_layouts(monkeypatch: pytest.MonkeyPatch, log: Path) -> None:
    """Note the path of every PDF laid out in `log`, from every worker process (forked: they
    inherit the patch and append to the same file)."""
    render_pdf = Printer.render_pdf

    def counted(self: Printer, html: str, target: Path, document: Any) -> int:
        with log.open("a", encoding="utf-8") as out:
            out.write(document.path + "\n")
        return render_pdf(self, html, target, document)

    monkeypatch.setattr(Printer, "render_pdf", counted)


def laid_out(log: Path) -> list[str]:
    lines = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
    log.unlink(missing_ok=True)
    return lines


def parts_of(entries: list[dict[str, Any]]) -> list[list[str]]:
    return [entry["actors"] for entry in entries if entry["kind"] == "leaflet"]


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> tuple[Guide, Path]:
    folder = tmp_path_factory.mktemp("plan")
    guide, _ = load_guide(many_places(folder), TODAY)
    return guide, folder


def test_a_kept_plan_is_read_again_and_a_changed_guide_does_not_use_it(tmp_path: Path) -> None:
    source = many_places(tmp_path)
    guide, _ = load_guide(source, TODAY)
    parts = estimated_parts(guide)
    plan_file = tmp_path / "plans" / "key.json"
    split.write_plan(plan_file, parts)
    kept = split.read_plan(plan_file, guide)
    assert kept is not None
    assert {t: [p.key for p in ps] for t, ps in kept.items()} == {
        t: [p.key for p in ps] for t, ps in parts.items()
    }
    assert [p.label("-") for p in kept["acces-aux-droits"]] == [
        p.label("-") for p in parts["acces-aux-droits"]
    ]
    # The same places but one: the kept plan lists a place the guide no longer has.
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    del data["actors"][0]
    fewer = tmp_path / "fewer.yaml"
    fewer.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    smaller, _ = load_guide(fewer, TODAY)
    assert split.read_plan(plan_file, smaller) is None
    plan_file.write_text("{not json", encoding="utf-8")
    assert split.read_plan(plan_file, guide) is None


@pytest.mark.slow
def test_a_second_shard_reads_the_plan_and_lays_out_only_its_language(
    many: tuple[Guide, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    guide, _ = many
    log = tmp_path / "layouts.txt"
    count_layouts(monkeypatch, log)
    first_cache = tmp_path / "cache-fr"
    french = render_print(
        guide,
        tmp_path / "fr",
        project_dir=ROOT,
        today=TODAY,
        workers=2,
        cache_dir=first_cache,
        kinds=LEAFLETS,
        owner="fr",
    )
    first = laid_out(log)
    plans = sorted((first_cache / "plans").glob("*.json"))
    assert len(plans) == 1, "the plan is kept in the print cache"
    assert {e["language"] for e in french} == {"fr"}
    assert sum(path.startswith("print/fr/") for path in first) == len(french)  # each once
    # A shard of Arabic on another machine: a fresh cache holding the plan alone.
    second_cache = tmp_path / "cache-ar"
    shutil.copytree(first_cache / "plans", second_cache / "plans")
    arabic = render_print(
        guide,
        tmp_path / "ar",
        project_dir=ROOT,
        today=TODAY,
        workers=2,
        cache_dir=second_cache,
        kinds=LEAFLETS,
        owner="ar",
    )
    second = laid_out(log)
    assert second, "the Arabic leaflets were laid out"
    assert all(path.startswith("print/ar/") for path in second), second
    assert sorted(second) == sorted(e["path"] for e in arabic)  # each once
    assert parts_of(arabic) == parts_of(french), "the same places in the same leaflets"
    assert len(arabic) > 2, "66 places are split by commune"
    for entry in arabic:
        assert entry["pages"] == len(PdfReader(tmp_path / "ar" / entry["path"]).pages)
        assert entry["pages"] <= MAX_PAGES, entry["path"]
    # One process makes the same bytes as two.
    alone = tmp_path / "ar-alone"
    shutil.copytree(first_cache / "plans", tmp_path / "cache-alone" / "plans")
    again = render_print(
        guide,
        alone,
        project_dir=ROOT,
        today=TODAY,
        workers=1,
        cache_dir=tmp_path / "cache-alone",
        kinds=LEAFLETS,
        owner="ar",
    )
    assert again == arabic
    for entry in arabic:
        assert (alone / entry["path"]).read_bytes() == (
            tmp_path / "ar" / entry["path"]
        ).read_bytes()


@pytest.mark.slow
def test_a_leaflet_estimated_short_but_laid_out_long_is_split_before_publishing(
    many: tuple[Guide, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An estimate far too short (every need in one leaflet) and no verification for the plan:
    the leaflets laid out for publishing are counted, split and laid out again."""
    guide, _ = many
    monkeypatch.setattr(leaflets, "TRY_WHOLE", 1000.0)
    monkeypatch.setattr(split, "VERIFY_FROM", 1000.0)
    monkeypatch.setattr(split, "VERIFY_FROM_SCRIPT", {})
    out = tmp_path / "site"
    entries = render_print(
        guide, out, project_dir=ROOT, today=TODAY, workers=2, kinds=LEAFLETS, language="fr"
    )
    assert len(entries) > 1, "the need's single leaflet ran over 4 pages and was split"
    for entry in entries:
        assert entry["pages"] == len(PdfReader(out / entry["path"]).pages) <= MAX_PAGES
    on_disk = {p.relative_to(out).as_posix() for p in out.rglob("*.pdf")}
    assert on_disk == {entry["path"] for entry in entries}, "the long leaflet is not left"
    places = sorted(actor for entry in entries for actor in entry["actors"])
    assert places == sorted(actor.id for actor in guide.actors)
