"""Render the audio of a guide: a clip per actor and language (or the reason there is none),
and the audio page behind each QR code.

For each clip the engines are tried in the guide's order for that language
(generator/audio/maker.py): a cached clip for the exact text is given at once, otherwise the
first engine that can work now makes it; when every engine that could speak failed, the last
good clip of that actor and language is kept, marked as stale. A language no engine speaks and
nobody recorded is listed as needing a human recording.

Requests are taken in a stable order (actor, then language) while the next clips are being
made on every worker (generator/audio/workers.py); clips longer than the budget are made again
from shorter scripts, a round at a time. The outcomes, the manifest, the warnings and the
bytes are the same whatever the number of workers.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from tqdm import tqdm

from generator import urls
from generator.audio import workers
from generator.audio.budget import CLIP_BUDGET_SECONDS, estimate
from generator.audio.cache import ClipCache
from generator.audio.engines import (
    ClipRequest,
    Engine,
    default_engines,
    recorded_path,
)
from generator.audio.maker import REUSED, SYNTHESISED, ClipMaker, Outcome
from generator.audio.recordings import page_record
from generator.audio.script import build_script
from generator.audio.voices import RECORDED
from generator.languages import Language
from generator.model import Actor, Guide
from generator.render.audio_page import AudioPageData, write_audio_page


@dataclass(slots=True)
class AudioResult:
    """What the audio renderer wrote, for the manifest and the build's summary line."""

    entries: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    synthesised: int = 0
    reused: int = 0
    missing: int = 0
    pages: int = 0
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        clips = self.synthesised + self.reused
        return (
            f"Audio: {clips} clips ({self.synthesised} synthesised, {self.reused} reused), "
            f"{self.missing} missing, {self.pages} audio pages."
        )

    def count(self, status: str) -> None:
        if status == SYNTHESISED:
            self.synthesised += 1
        elif status == REUSED:
            self.reused += 1
        else:
            self.missing += 1


# --- the whole guide --------------------------------------------------------------------------


def plan_requests(
    guide: Guide,
    project_dir: Path,
    today: date | None = None,
    languages: frozenset[str] | None = None,
) -> list[tuple[Actor, Language, ClipRequest]]:
    """Every actor in every language (or in `languages`), in a stable order (`today`: whether
    a clip says that its facts may be out of date)."""
    return [
        (
            actor,
            lang,
            ClipRequest(
                actor.id,
                lang.tag,
                build_script(guide, actor, lang, today),
                recorded_path(project_dir, lang.tag, actor.id),
            ),
        )
        for actor in guide.actors
        for lang in guide.languages
        if languages is None or lang.tag in languages
    ]


BUDGET_ATTEMPTS = 3  # shorter scripts tried for a clip longer than the budget


def shorter_request(
    maker: ClipMaker,
    actor: Actor,
    lang: Language,
    request: ClipRequest,
    outcome: Outcome,
    today: date | None,
) -> ClipRequest | None:
    """The request for a shorter clip when a synthesised one lasts longer than the budget.

    The script's length was estimated; the clip's is measured. The new script is estimated
    shorter than the last by what its clip overshot, with 5 % to spare. A person's recording
    is never cut (`check` says when one is too long). None: the clip fits, or nothing more
    can be left out (`check` warns about such a place).
    """
    clip, script = outcome.clip, request.script
    if clip is None or script is None or outcome.engine == RECORDED:
        return None
    if clip.info.seconds <= CLIP_BUDGET_SECONDS:
        return None
    planned = estimate(script.sentences, lang.tag)
    budget = planned * 0.95 * CLIP_BUDGET_SECONDS / clip.info.seconds
    shorter = build_script(maker.guide, actor, lang, today, budget)
    if shorter is None or shorter.canonical() == script.canonical():
        return None
    return replace(request, script=shorter)


def resolve_all(
    maker: ClipMaker, requests: list[ClipRequest], ahead: int, bar: tqdm | None = None
) -> list[Outcome]:
    """The outcome of each request, in their order; the next `ahead` clips to synthesise are
    being made meanwhile on the workers (each result is taken in this order: the same
    outcomes, warnings and cache whatever the number of workers)."""
    outcomes = []
    for index, request in enumerate(requests):
        for later in requests[index : index + ahead]:
            maker.prefetch(later)
        outcomes.append(maker.resolve(request))
        if bar is not None:
            bar.update()
    return outcomes


def manifest_entry(guide: Guide, actor: Actor, lang: Language, outcome: Outcome) -> dict[str, Any]:
    page = urls.index_file(urls.audio_page(guide, lang, actor.id))
    if outcome.clip is None:
        return {"page": page, "clip": None, "needs_recording": outcome.needs_recording}
    digest = outcome.clip.sha256
    entry: dict[str, Any] = {
        "page": page,
        "clip": urls.audio_clip(lang, actor.id, digest),
        "engine": outcome.engine,
        "voice": outcome.voice,
        "bytes": outcome.clip.info.bytes,
        "seconds": outcome.clip.info.seconds,
    }
    if outcome.stale:
        entry["stale"] = True
    return entry


def publish_clip(cached: Path, target: Path) -> None:
    """The cache's clip at its place in the site: a hard link (no copy of 24,000 clips at a
    département's scale), a copy across file systems. The cache never writes into a file it
    has published (it replaces files by renaming), so the site's clip cannot change."""
    target.unlink(missing_ok=True)
    try:
        os.link(cached, target)
    except OSError:
        shutil.copyfile(cached, target)


def show_progress(progress: bool) -> bool:
    """A progress bar on a terminal only, never in CI."""
    return progress and sys.stderr.isatty() and os.environ.get("CI") != "true"


def remake_too_long(
    maker: ClipMaker,
    requests: list[tuple[Actor, Language, ClipRequest]],
    chosen: list[ClipRequest],
    results: list[Outcome],
    ahead: int,
    today: date | None,
) -> None:
    """Clips longer than the budget made again from shorter scripts (`chosen` and `results`
    updated in place): all of a round at once, on every worker; each clip's own attempts stay
    one after the other."""
    pending = list(range(len(requests)))
    for _attempt in range(BUDGET_ATTEMPTS):
        again = []
        for index in pending:
            actor, lang, _request = requests[index]
            shorter = shorter_request(maker, actor, lang, chosen[index], results[index], today)
            if shorter is not None:
                chosen[index] = shorter
                again.append(index)
        remade = resolve_all(maker, [chosen[index] for index in again], ahead)
        for index, outcome in zip(again, remade, strict=True):
            results[index] = outcome
        pending = again


def make_clips(
    guide: Guide,
    *,
    project_dir: Path,
    cache_dir: Path,
    offline: bool,
    progress: bool,
    engines: Mapping[str, Engine] | None = None,
    today: date | None = None,
    languages: frozenset[str] | None = None,
) -> tuple[list[tuple[Actor, Language, ClipRequest, Outcome]], list[str]]:
    """Resolve every clip of the guide (into the cache); the outcomes and the warnings."""
    chosen = engines if engines is not None else default_engines(offline=offline)
    maker = ClipMaker(guide, chosen, ClipCache(cache_dir))
    requests = plan_requests(guide, project_dir, today, languages)
    bar = tqdm(
        total=len(requests),
        desc="Audio",
        unit="clip",
        disable=not show_progress(progress),
        file=sys.stderr,
    )
    ahead = 2 * workers.worker_count()  # clips made in parallel while one is stored
    chosen_requests = [request for _actor, _lang, request in requests]
    try:
        results = resolve_all(maker, chosen_requests, ahead, bar)
        bar.close()
        remake_too_long(maker, requests, chosen_requests, results, ahead, today)
    finally:
        workers.close_pool()  # their memory is free for the next stage (PDFs)
    outcomes = [
        (actor, lang, chosen_requests[index], results[index])
        for index, (actor, lang, _request) in enumerate(requests)
    ]
    note = maker.network_note()
    return outcomes, [note, *maker.warnings] if note else maker.warnings


def render_audio(
    guide: Guide,
    out_dir: Path | None,
    *,
    project_dir: Path,
    cache_dir: Path,
    offline: bool,
    progress: bool,
    engines: Mapping[str, Engine] | None = None,
    today: date | None = None,
    languages: frozenset[str] | None = None,
) -> AudioResult:
    """Write every clip and every audio page of `guide` under `out_dir`.

    Clips go to `urls.audio_clip(...)`, pages to `urls.index_file(urls.audio_page(...))`;
    `result.entries[actor_id][lang]` is the manifest entry of each. `engines` replaces the
    default engines (tests give a gTTS engine that talks to a local server). With `today`,
    a clip and its page say so first when the facts may be out of date. Without `out_dir`,
    clips are only made into the cache (a shard of a first build); `languages` keeps those.
    """
    outcomes, warnings = make_clips(
        guide,
        project_dir=project_dir,
        cache_dir=cache_dir,
        offline=offline,
        progress=progress,
        engines=engines,
        today=today,
        languages=languages,
    )
    result = AudioResult(warnings=warnings)
    pages: list[AudioPageData] = []
    for actor, lang, request, outcome in outcomes:
        result.count(outcome.status)
        entry = manifest_entry(guide, actor, lang, outcome)
        result.entries.setdefault(actor.id, {})[lang.tag] = entry
        if outcome.clip is not None and out_dir is not None:
            path = out_dir / entry["clip"]
            path.parent.mkdir(parents=True, exist_ok=True)
            publish_clip(outcome.clip.path, path)
        transcript = outcome.transcript if outcome.clip is not None else request.script
        record = None
        if outcome.engine == RECORDED and not outcome.stale:
            record = page_record(request.recorded, actor)
        outdated = today is not None and guide.is_out_of_date(actor, today)
        pages.append(AudioPageData(guide, actor, lang, transcript, entry, record, outdated))
    if out_dir is not None:
        for page in pages:
            write_audio_page(page, out_dir, project_dir)
    result.pages = len(pages)
    return result
