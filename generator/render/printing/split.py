"""The split plan: which places go in which leaflet of each need, the same in every language.

Computed once per guide, before any leaflet is published, then kept in the print cache:

1. The parts are estimated from the length of the texts (leaflets.py: `plan_parts`).
2. Only a part whose estimated height in a language comes near the room of 4 pages
   (`VERIFY_FROM`) is laid out in that language to count its pages; one that runs over is
   split (`split_parts`) and its new parts are checked the same way. A part estimated well
   below the limit is not laid out for the plan: a print shard of one language
   (`--shard print:LANG`) lays out only the few leaflets near the limit in the others.
3. The plan (the places of each leaflet, by id) is written to `<print cache>/plans/<key>.json`,
   `key` being a hash of everything a leaflet's layout depends on (`plan_key`): the next shard
   with the same inputs reads it and lays out nothing of the other languages.

The guarantee stays that of laying out everything: batch.py counts the pages of every leaflet
it publishes and splits again, before publishing, any that runs over (in a shard, the
assembly does, having every language's page counts). Same inputs, same plan: nothing here
depends on the order of layouts, the number of processes or what the cache holds.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable
from pathlib import Path

import generator
from generator.facts import Group, facts_view
from generator.languages import Language
from generator.model import Guide
from generator.render.printing.leaflets import (
    LAYOUT_FACTOR,
    MAX_PAGES,
    OTHER_FACTOR,
    ROOM_MM,
    SCRIPT_FACTOR,
    Part,
    estimate_mm,
    label_parts,
    layout_factor,
    split_parts,
)
from generator.render.printing.plan import Document, Parts, Voiced, leaflet_document

PLAN_VERSION = 1  # raise when the format of a plan file changes
# A part estimated at this share of the room of 4 pages or more, in a language, is laid out
# in that language before the plan is final; below it the estimate is trusted (the layout of
# the published leaflet is still checked). With the factors of leaflets.py, measured on the
# synthetic guide of 50 places in 12 languages (bench/results/print-throughput-2026-12-01.md),
# no leaflet estimated below 1.0 ran over 4 pages: this keeps a 10 % margin. Leaflets.PACK
# stays below it, so that only whole needs tried in one leaflet and uneven parts of a
# commune are laid out for the plan.
VERIFY_FROM = 0.9
VERIFY_FROM_SCRIPT: dict[str, float] = {}  # by ISO 15924 script, where it differs

LayOut = Callable[[list[Document]], list[int]]  # lays out leaflets, returns their page counts


def language_factor(lang: Language) -> float:
    """How much longer than estimated a block is laid out in `lang` (leaflets.py)."""
    return LAYOUT_FACTOR.get(lang.tag, SCRIPT_FACTOR.get(lang.script, OTHER_FACTOR))


def near_limit(part: Part, lang: Language) -> bool:
    """Whether the estimate of a part in `lang` is too close to 4 pages to be trusted."""
    height = sum(estimate_mm(group) for group in part.groups) * language_factor(lang)
    limit = ROOM_MM * VERIFY_FROM_SCRIPT.get(lang.script, VERIFY_FROM)
    return len(part.groups) > 1 and height >= limit


def verify(guide: Guide, parts: Parts, lay_out: LayOut) -> Parts:
    """The estimated `parts`, those near the limit laid out and split until they fit."""
    factor = layout_factor(guide.languages)
    pages: dict[tuple[str, ...], int] = {}
    while True:
        todo = [
            (lang, part)
            for theme_parts in parts.values()
            for part in theme_parts
            for lang in guide.languages
            if near_limit(part, lang) and (lang.tag, *part.key) not in pages
        ]
        counts = lay_out([leaflet_document(lang, part) for lang, part in todo]) if todo else []
        for (lang, part), count in zip(todo, counts, strict=True):
            pages[(lang.tag, *part.key)] = count
        too_long = {
            part.key
            for theme_parts in parts.values()
            for part in theme_parts
            if len(part.groups) > 1
            and any(pages.get((lang.tag, *part.key), 0) > MAX_PAGES for lang in guide.languages)
        }
        if not too_long:
            return parts
        parts = {theme: split_parts(ps, too_long, factor) for theme, ps in parts.items()}


def digest_files(paths: Iterable[Path], root: Path) -> str:
    """A hash of files' relative paths and bytes, in a stable order."""
    digest = hashlib.sha256()
    for path in sorted(p for p in paths if p.is_file()):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def plan_key(guide: Guide, voiced: Voiced, project_dir: Path, recipe: str) -> str:
    """What a leaflet's layout depends on: the guide, its clips ("listen" or "read"), the
    print templates and texts, the generator's code and `recipe` (fonts, engine, date)."""
    code = Path(generator.__file__).parent
    templates = project_dir / "print"
    parts = [
        f"plan {PLAN_VERSION} {VERIFY_FROM} {VERIFY_FROM_SCRIPT}",
        recipe,
        repr(guide),  # every field of every place, theme and text, in a stable order
        repr(sorted(voiced)),
        digest_files(templates.rglob("*"), templates),
        digest_files(code.rglob("*.py"), code),
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def plan_json(parts: Parts) -> str:
    chunks = {
        theme: [[group.actor.id for group in part.groups] for part in theme_parts]
        for theme, theme_parts in parts.items()
    }
    return json.dumps({"version": PLAN_VERSION, "parts": chunks}, ensure_ascii=False, indent=1)


def read_plan(path: Path, guide: Guide) -> Parts | None:
    """The plan kept at `path`, or None when there is none or it does not fit the guide."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("version") != PLAN_VERSION:
        return None
    view = facts_view(guide)
    parts: Parts = {}
    for theme in guide.themes:
        groups = {group.actor.id: group for group in view.groups(theme)}
        chunks: list[list[Group]] = []
        kept = data.get("parts", {}).get(theme.id)
        if not isinstance(kept, list) or not kept:
            return None
        for ids in kept:
            if not isinstance(ids, list) or not all(
                isinstance(i, str) and i in groups for i in ids
            ):
                return None
            chunks.append([groups[i] for i in ids])
        flat = [group.actor.id for chunk in chunks for group in chunk]
        if sorted(flat) != sorted(groups):  # every place of the need, once
            return None
        parts[theme.id] = label_parts(theme, chunks)
    return parts


def write_plan(path: Path, parts: Parts) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(plan_json(parts), encoding="utf-8")
    os.replace(tmp, path)


def split_plan(
    guide: Guide, estimated: Parts, lay_out: LayOut, plan_file: Path | None = None
) -> Parts:
    """The leaflets of every need: read from `plan_file` when it exists, else `estimated`
    checked near the limit (`verify`) and written there."""
    if plan_file is not None and (kept := read_plan(plan_file, guide)) is not None:
        return kept
    parts = verify(guide, estimated, lay_out)
    if plan_file is not None:
        write_plan(plan_file, parts)
    return parts
