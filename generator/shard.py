"""A first build spread over machines: one stage of one language per job, then an assembly.

A big guide's first build is mostly clips (audio) and PDFs (print). Each shard makes one
stage of one language into the content-addressed caches, and writes no site:

- `audio:LANG`  the clips of every place in LANG (the audio cache);
- `print:LANG`  the PDFs in LANG (the print cache); posters of every language belong to the
                shard of their first language. Needs the clips of every language (what a
                poster says "listen" to): run it after the audio shards, with their caches;
- `pages:LANG`  the website of LANG and its search index (the page and search caches).
                Needs the audio and print caches (pages show sizes and links of PDFs).

A last `build` with every shard's cache assembles the site and makes nothing again (its
report says 0 clips synthesised, 0 PDFs laid out, 0 pages rendered, no language indexed):
the same bytes as a single build. `.github/workflows/first-build.yml` runs the shards as a
GitHub Actions matrix.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import tempfile
import time
from datetime import date
from pathlib import Path

from generator.audio.render import render_audio
from generator.build import (
    BuildOptions,
    BuildReport,
    Shard,
    outputs_of,
    voiced_of,
)
from generator.dates import epoch_of
from generator.errors import UsageError
from generator.pipeline import load_guide
from generator.render.printing import render_print
from generator.render.search import index_languages
from generator.render.site import render_site


def parse_shard(text: str) -> Shard:
    """`STAGE:LANG` as given on the command line."""
    stage, _, language = text.partition(":")
    if stage not in Shard.STAGES or not language:
        raise UsageError(
            f"--shard {text}: expected STAGE:LANGUAGE with STAGE one of "
            f"{', '.join(Shard.STAGES)} (e.g. --shard audio:ar)"
        )
    return Shard(stage, language)


def build_shard(
    source: Path,
    site_dir: Path,
    today: date,
    project_dir: Path,
    cache: Path,
    options: BuildOptions,
) -> BuildReport:
    """Make one stage of one language into the caches under `cache`; write no site."""
    shard = options.shard
    assert shard is not None
    started = time.monotonic()
    guide, warnings = load_guide(source, today)
    if options.site_url:
        guide = dataclasses.replace(guide, site_url=options.site_url.rstrip("/") + "/")
    tags = [lang.tag for lang in guide.languages]
    if shard.language not in tags:
        raise UsageError(
            f"--shard {shard.stage}:{shard.language}: the guide has no language "
            f"{shard.language!r}; its languages are {', '.join(tags)}"
        )
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch_of(guide.last_verified or today))
    one = frozenset({shard.language})
    audio_cache = (options.audio_cache or cache / "audio").resolve()
    report = BuildReport(site_dir, len(guide.languages), len(guide.actors), 0, 0, 0.0, warnings)
    report.shard = f"{shard.stage}:{shard.language}"
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="shard-", dir=cache) as scratch:
        out = Path(scratch)
        audio = None
        if options.audio:
            audio = render_audio(
                guide,
                None,  # into the cache only
                project_dir=project_dir,
                cache_dir=audio_cache,
                offline=options.offline,
                progress=options.progress,
                today=today,
                languages=one if shard.stage == "audio" else None,
            )
            report.clips = {
                "synthesised": audio.synthesised,
                "reused": audio.reused,
                "missing": audio.missing,
            }
            report.notes.extend(audio.warnings)
        if shard.stage == "audio" or (not options.prints and shard.stage == "print"):
            return _done(report, started)
        voiced = voiced_of(audio)
        prints = []
        if options.prints:
            prints = render_print(
                guide,
                out,
                project_dir=project_dir,
                today=today,
                cache_dir=cache / "print",
                voiced=voiced,
                owner=shard.language if shard.stage == "print" else None,
            )
            laid_out = sum(1 for entry in prints if entry.pop("rendered", True))
            report.pdfs = {"rendered": laid_out, "reused": len(prints) - laid_out}
        if shard.stage == "print":
            return _done(report, started)
        site = render_site(
            guide,
            out,
            cache / "pages" / site_dir.name,
            today,
            project_dir,
            outputs_of(audio, voiced, prints),
            languages=one,
        )
        report.pages, report.rendered = site.page_count, site.rendered
        indexed = index_languages(out, site.language_sites, cache / "search" / site_dir.name)
        report.search_reindexed = tuple(indexed)
        shutil.rmtree(out, ignore_errors=True)
    return _done(report, started)


def _done(report: BuildReport, started: float) -> BuildReport:
    report.seconds = time.monotonic() - started
    return report
