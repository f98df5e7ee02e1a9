"""`build`: check, then render every output into a staging folder, then publish it at once.

Like MkDocs' own build, all data is gathered and validated before anything is written; unlike
a plain build, the outputs replace the previous site only when every renderer succeeded.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import sys
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from generator import build_record
from generator.audio.render import AudioResult, render_audio
from generator.compress import compress_site
from generator.dates import epoch_of
from generator.errors import Problem
from generator.model import Guide
from generator.opendata.datainclusion import write_data_inclusion
from generator.pipeline import load_guide
from generator.render.printing import render_print
from generator.render.search import index_languages
from generator.render.site import SiteResult, render_site
from generator.render.site_pages import Outputs
from generator.urls import prefix
from generator.write import COMPANIONS, publish_dir, remove_old_copies, staging_dir

PROJECT_DIR = Path(__file__).resolve().parent.parent
MANIFEST = "manifest.json"
OPEN_DATA = "donnees"  # the data·inclusion export, published with the site


@dataclass(frozen=True, slots=True)
class Shard:
    """A part of a first build, run on its own machine: one stage of one language."""

    stage: str  # "audio", "print" or "pages"
    language: str

    STAGES = ("audio", "print", "pages")


@dataclass(frozen=True, slots=True)
class BuildOptions:
    """What to make besides the pages, and how."""

    audio: bool = True  # clips and audio pages (a first build of the sample takes minutes)
    offline: bool = False  # never try network voices (gTTS)
    progress: bool = False  # progress bars on a terminal
    audio_cache: Path | None = None  # default: <cache>/audio; tests share one across builds
    prints: bool = True  # leaflets, the professionals' directory, posters (PDF)
    site_url: str | None = None  # the public address, in place of guide.site_url (deploys)
    shard: Shard | None = None  # make one stage of one language into the caches, no site
    status: bool = False  # a line on stderr as each long stage starts (the build command)


@dataclass(slots=True)
class BuildReport:
    site_dir: Path
    languages: int
    actors: int
    pages: int
    rendered: int
    seconds: float
    warnings: list[Problem] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    clips: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    pdfs: dict[str, int] = field(default_factory=dict)
    # The language folders whose search index was made again ("" the default, "ar/"…); empty
    # when no language's indexed words changed and every index was kept.
    search_reindexed: tuple[str, ...] = ()
    compressed: int = 0  # text files compressed anew (the others' .gz/.br were kept)
    unchanged: bool = False  # nothing changed since the last build: the site was kept as it is
    shard: str = ""  # "audio:ar"…: a shard of a first build, made into the caches only

    def summary(self) -> str:
        lines = [*self.notes]
        if self.unchanged:
            lines.append(
                f"Nothing changed since the last build: {self.site_dir}/ is kept as it is "
                f"({self.pages} pages, {self.actors} actors in {self.languages} languages; "
                f"checked in {self.seconds:.1f} s)."
            )
            return "\n".join(lines)
        if self.pdfs.get("rendered", 0) + self.pdfs.get("reused", 0):
            lines.append(
                f"Print: {self.pdfs['rendered']} PDFs laid out, {self.pdfs['reused']} unchanged."
            )
        if self.clips:
            lines.append(
                f"Audio: {self.clips['synthesised']} clips synthesised, {self.clips['reused']} "
                f"reused, {self.clips['missing']} missing (need a recording or a voice)."
            )
        if self.shard:
            lines.append(
                f"Shard {self.shard} made into the caches in {self.seconds:.1f} s"
                + (f" ({self.rendered} of {self.pages} pages rendered)" if self.pages else "")
                + "; no site written: a build without --shard assembles it from the caches."
            )
            return "\n".join(lines)
        lines.append(
            f"Built {self.pages} pages ({self.rendered} rendered, the others unchanged): "
            f"{self.actors} actors in {self.languages} languages, into {self.site_dir}/ "
            f"in {self.seconds:.1f} s."
        )
        return "\n".join(lines)


class _Stopwatch:
    """Times the stages of a build, for the report and the benchmark."""

    def __init__(self, status: bool = False) -> None:
        self.timings: dict[str, float] = {}
        self._last = time.monotonic()
        self.status = status

    def say(self, line: str) -> None:
        """What the build is doing now, so a long stage is never a silence."""
        if self.status:
            print(line, file=sys.stderr, flush=True)

    def lap(self, name: str) -> None:
        now = time.monotonic()
        self.timings[name] = round(now - self._last, 3)
        self._last = now


def build_guide_site(
    source: Path,
    site_dir: Path,
    today: date,
    project_dir: Path = PROJECT_DIR,
    cache_dir: Path | None = None,
    options: BuildOptions | None = None,
) -> BuildReport:
    """Validate `source`, render every output and publish them into `site_dir` atomically.

    Everything is checked first; outputs are written to a staging folder that replaces the
    site only when all renderers succeeded. `cache_dir` (default: `.cache/` beside the site)
    keeps what a next build can reuse: audio clips, pages of each language.
    """
    options = options or BuildOptions()
    cache = (cache_dir or site_dir.parent / ".cache").resolve()
    if options.shard is not None:
        from generator.shard import build_shard

        return build_shard(source, site_dir, today, project_dir, cache, options)
    started = time.monotonic()
    watch = _Stopwatch(options.status)
    record = build_record.record_path(cache, site_dir)
    inputs = build_record.fingerprint(source, project_dir, today, _record_options(options))
    if (last := build_record.read_record(record, inputs, site_dir)) is not None:
        watch.lap("validate")
        return _unchanged_report(site_dir, last, time.monotonic() - started, watch.timings)
    guide, warnings = load_guide(source, today, cache)  # raises before anything is written
    if options.site_url:
        guide = dataclasses.replace(guide, site_url=options.site_url.rstrip("/") + "/")
    watch.lap("validate")
    # Same input, same bytes: dates written by MkDocs (sitemap) come from the data itself
    # (from `today` while the guide lists no place yet).
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch_of(guide.last_verified or today))
    notes: list[str] = [note] if (note := example_address_note(guide)) else []
    with staging_dir(site_dir) as stage:
        audio = None
        if options.audio:
            watch.say("Audio: making the clips of every place in every language…")
            audio = render_audio(
                guide,
                stage,
                project_dir=project_dir,
                cache_dir=(options.audio_cache or cache / "audio").resolve(),
                offline=options.offline,
                progress=options.progress,
                today=today,
            )
            notes.extend(audio.warnings)
            watch.lap("audio")
        voiced = voiced_of(audio)
        prints: list[dict[str, Any]] = []
        if options.prints:
            watch.say("Print: laying out leaflets, the directory and posters (PDF)…")
            prints = render_print(
                guide,
                stage,
                project_dir=project_dir,
                today=today,
                cache_dir=cache / "print",
                voiced=voiced,
            )
            watch.lap("print")
        rendered_pdfs = sum(1 for entry in prints if entry.pop("rendered", True))
        outputs = outputs_of(audio, voiced, prints)
        languages = len(guide.languages)
        watch.say(f"Website: {len(guide.actors)} places in {languages} languages…")
        previous = site_dir if site_dir.is_dir() else None
        result = render_site(
            guide,
            stage,
            cache / "pages" / site_dir.name,
            today,
            project_dir,
            outputs,
            previous=previous,
        )
        absolute_404_links(stage, guide)
        watch.lap("site")
        watch.say("Search: indexing the languages whose pages changed…")
        indexed = index_languages(stage, result.language_sites, cache / "search" / site_dir.name)
        watch.lap("search")
        write_data_inclusion(guide, stage / OPEN_DATA, checked=cache / "opendata-valid.json")
        write_manifest(stage, guide, result, audio.entries if audio else {}, prints)
        watch.say("Compressing the files for the web server (gzip, brotli)…")
        compressed = compress_site(stage, previous)
        watch.lap("compress")
        publish_dir(stage, site_dir)
        remove_old_copies(site_dir)  # in the background, not waited for
        watch.lap("publish")
    report = BuildReport(
        site_dir=site_dir,
        languages=len(guide.languages),
        actors=len(guide.actors),
        pages=result.page_count,
        rendered=result.rendered,
        seconds=time.monotonic() - started,
        warnings=warnings,
        timings=watch.timings,
        clips=(
            {"synthesised": audio.synthesised, "reused": audio.reused, "missing": audio.missing}
            if audio
            else {}
        ),
        notes=notes,
        pdfs={"rendered": rendered_pdfs, "reused": len(prints) - rendered_pdfs},
        search_reindexed=tuple(indexed),
        compressed=compressed,
    )
    if audio is None or not audio.warnings:  # a voice that failed is tried again next time
        build_record.write_record(record, inputs, site_dir, _report_record(report))
    return report


def voiced_of(audio: AudioResult | None) -> frozenset[tuple[str, str]]:
    """Where a clip exists: only there do a button, a poster or a code say "listen"."""
    return frozenset(
        (actor_id, tag)
        for actor_id, entries in (audio.entries if audio else {}).items()
        for tag, entry in entries.items()
        if entry.get("clip")
    )


def outputs_of(
    audio: AudioResult | None, voiced: frozenset[tuple[str, str]], prints: list[dict[str, Any]]
) -> Outputs:
    """What the pages link to besides themselves: audio pages, clips, PDFs."""
    return Outputs(
        audio_pages=frozenset(
            (actor_id, tag)
            for actor_id, entries in (audio.entries if audio else {}).items()
            for tag in entries
        ),
        clips=voiced,
        leaflets={
            (entry["theme"], entry["language"], actor_id): entry["path"]
            for entry in prints
            if entry["kind"] == "leaflet"
            for actor_id in entry["actors"]
        },
        prints=tuple(prints),
    )


def _record_options(options: BuildOptions) -> dict[str, Any]:
    """The options that change what a build makes (not how it reports progress)."""
    kept = dataclasses.asdict(options)
    for name in ("progress", "status"):
        kept.pop(name)
    return kept


def _report_record(report: BuildReport) -> dict[str, Any]:
    return {
        "languages": report.languages,
        "actors": report.actors,
        "pages": report.pages,
        "warnings": build_record.problems_to_json(report.warnings),
        "notes": report.notes,
        "clips": report.clips,
        "pdfs": report.pdfs,
    }


def _unchanged_report(
    site_dir: Path, last: dict[str, Any], seconds: float, timings: dict[str, float]
) -> BuildReport:
    """The report of a build that found nothing to do: the last build's, nothing made."""
    clips = dict(last.get("clips") or {})
    if clips:
        clips = {
            "synthesised": 0,
            "reused": clips.get("synthesised", 0) + clips.get("reused", 0),
            "missing": clips.get("missing", 0),
        }
    pdfs = last.get("pdfs") or {}
    return BuildReport(
        site_dir=site_dir,
        languages=last["languages"],
        actors=last["actors"],
        pages=last["pages"],
        rendered=0,
        seconds=seconds,
        warnings=build_record.problems_from_json(last.get("warnings", [])),
        timings=timings,
        clips=clips,
        notes=list(last.get("notes", [])),
        pdfs={"rendered": 0, "reused": pdfs.get("rendered", 0) + pdfs.get("reused", 0)},
        search_reindexed=(),
        compressed=0,
        unchanged=True,
    )


EXAMPLE_HOSTS = re.compile(r"(^|\.)example\.(org|com|net)$|^localhost$")


def example_address_note(guide: Guide) -> str | None:
    """A warning while the public address is still the example one: printed QR codes and
    shared links would point to a site that is not the guide."""
    host = urlsplit(guide.site_url or "").hostname or ""
    if not EXAMPLE_HOSTS.search(host):
        return None
    return (
        f"warning: guide.site_url is the example address {guide.site_url}: QR codes on posters"
        " and shared links point to it — set guide.site_url in the guide file to the guide's"
        " public address (or build with --site-url URL)"
    )


def absolute_404_links(site: Path, guide: Guide) -> None:
    """MkDocs writes each 404.html with links from the host's root (`/assets/…`, `/ar/…`), as
    it can be served at any depth. Joined to the public address's scheme and host, they work on
    a project site too (`user.github.io/repo/`): the paths already carry its folder."""
    if not guide.site_url:
        return
    parts = urlsplit(guide.site_url)
    origin = f"{parts.scheme}://{parts.netloc}"
    # Each language's own, where MkDocs puts it (not a search of the whole site's folders).
    for page in (site / prefix(guide, lang) / "404.html" for lang in guide.languages):
        if not page.is_file():
            continue
        text = page.read_text(encoding="utf-8")
        fixed = re.sub(r'(\s(?:href|src)=")/(?!/)', rf"\g<1>{origin}/", text)
        if fixed != text:
            page.unlink()  # it may be linked to the published site's file: never write into it
            page.write_text(fixed, encoding="utf-8")
            for suffix in COMPANIONS:  # compress_site makes them again from the new text
                page.with_name(page.name + suffix).unlink(missing_ok=True)


def manifest_data(
    guide: Guide,
    site: SiteResult,
    audio: dict[str, dict[str, dict[str, Any]]],
    prints: list[dict[str, Any]],
) -> dict[str, Any]:
    """The public index of outputs; paths are relative to the site folder."""
    return {
        "site_url": guide.site_url,
        "default_language": guide.default_language.tag,
        "languages": [lang.tag for lang in guide.languages],
        "home": {lang.tag: f"{prefix(guide, lang)}index.html" for lang in guide.languages},
        "actors": [
            {
                "id": actor.id,
                "nom": actor.nom,
                "date_verification": actor.date_verification.isoformat(),
                "themes": list(actor.theme_ids),
                "pages": site.pages[actor.id],
                "audio": audio.get(actor.id, {}),
            }
            for actor in guide.actors
        ],
        "print": prints,
        "open_data": {
            "format": "data·inclusion v1",
            "structures": f"{OPEN_DATA}/structures.json",
            "services": f"{OPEN_DATA}/services.json",
        },
    }


def write_manifest(
    out_dir: Path,
    guide: Guide,
    site: SiteResult,
    audio: dict[str, dict[str, dict[str, Any]]],
    prints: list[dict[str, Any]],
) -> None:
    data = manifest_data(guide, site, audio, prints)
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    (out_dir / MANIFEST).write_text(text, encoding="utf-8")
