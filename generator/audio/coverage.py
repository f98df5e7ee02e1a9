"""Audio coverage: per language, which actors have a clip, from which engine, and what is missing.

Nothing is synthesised: the report reads the templates, the recordings under
audio/recorded/ and the cache, and says what the next build would do.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from generator.audio.cache import ClipCache
from generator.audio.engines import default_engines
from generator.audio.maker import CACHED, NEEDS_RECORDING, TO_MAKE, WAITING, ClipMaker
from generator.audio.render import plan_requests
from generator.audio.script import load_templates, missing_keys
from generator.audio.voices import ESPEAK, GTTS, RECORDED, VOICES
from generator.model import Guide

ENGINES = (RECORDED, GTTS, ESPEAK)


@dataclass(slots=True)
class LanguageCoverage:
    tag: str
    actors: int = 0
    ready: Counter[str] = field(default_factory=Counter)  # engine -> clips in the cache
    to_make: Counter[str] = field(default_factory=Counter)  # engine -> clips the build makes
    waiting: list[str] = field(default_factory=list)  # actor ids: an engine could, not now
    needs_recording: list[str] = field(default_factory=list)  # actor ids
    template_file: bool = True
    template_missing: list[str] = field(default_factory=list)  # keys lacking in the file
    reviewed: bool = False

    @property
    def voiced(self) -> int:
        return sum(self.ready.values()) + sum(self.to_make.values())

    def from_engine(self, engine: str) -> int:
        return self.ready[engine] + self.to_make[engine]


@dataclass(slots=True)
class Coverage:
    languages: list[LanguageCoverage]
    actors: int
    cache_dir: Path
    offline: bool
    voice_notes: list[str]


def coverage(
    guide: Guide,
    *,
    project_dir: Path,
    cache_dir: Path,
    offline: bool,
    today: date | None = None,
) -> Coverage:
    """What every actor × language has, or would get from the next build."""
    maker = ClipMaker(guide, default_engines(offline=offline), ClipCache(cache_dir))
    by_tag = {lang.tag: language_templates(lang.tag) for lang in guide.languages}
    for actor, lang, request in plan_requests(guide, project_dir, today):
        entry = by_tag[lang.tag]
        entry.actors += 1
        status, engine = maker.plan(request)
        if status == CACHED and engine:
            entry.ready[engine] += 1
        elif status == TO_MAKE and engine:
            entry.to_make[engine] += 1
        elif status == WAITING:
            entry.waiting.append(actor.id)
        elif status == NEEDS_RECORDING:
            entry.needs_recording.append(actor.id)
    notes = [
        f"{lang.tag}: {voice.note} ({engine})"
        for lang in guide.languages
        for engine, voices in VOICES.items()
        if (voice := voices.get(lang.tag)) is not None and voice.note
    ]
    return Coverage(list(by_tag.values()), len(guide.actors), cache_dir, offline, notes)


def voiced_plan(
    guide: Guide, *, project_dir: Path, cache_dir: Path, offline: bool, today: date | None = None
) -> frozenset[tuple[str, str]]:
    """The (actor id, language tag) whose clip the next build would publish (in the cache, or
    an engine ready to make it): where printed codes may say "listen"."""
    maker = ClipMaker(guide, default_engines(offline=offline), ClipCache(cache_dir))
    return frozenset(
        (actor.id, lang.tag)
        for actor, lang, request in plan_requests(guide, project_dir, today)
        if maker.plan(request)[0] in (CACHED, TO_MAKE)
    )


def language_templates(tag: str) -> LanguageCoverage:
    templates = load_templates(tag)
    return LanguageCoverage(
        tag,
        template_file=templates is not None,
        template_missing=missing_keys(tag) if templates is not None else [],
        reviewed=templates.reviewed if templates is not None else False,
    )


def template_state(entry: LanguageCoverage) -> str:
    if not entry.template_file:
        return "missing"
    if entry.template_missing:
        return f"{len(entry.template_missing)} keys missing"
    return "ok" if entry.reviewed else "ok, not reviewed"


def format_report(report: Coverage) -> str:
    """The coverage as the `audio --report` command prints it."""
    mode = "offline" if report.offline else "online"
    lines = [
        f"Audio coverage: {report.actors} actors × {len(report.languages)} languages "
        f"(cache {report.cache_dir}, {mode}).",
        "",
        f"{'language':<9}{'voiced':>8}{'recorded':>10}{'gtts':>6}{'espeak':>8}"
        f"{'to make':>9}{'waiting':>9}{'need rec.':>11}  templates",
    ]
    for entry in report.languages:
        lines.append(
            f"{entry.tag:<9}{entry.voiced:>4}/{entry.actors:<3}{entry.from_engine(RECORDED):>10}"
            f"{entry.from_engine(GTTS):>6}{entry.from_engine(ESPEAK):>8}"
            f"{sum(entry.to_make.values()):>9}{len(entry.waiting):>9}"
            f"{len(entry.needs_recording):>11}  {template_state(entry)}"
        )
    lines += [
        "",
        "voiced: clips in the cache or made by the next build, by engine; to make: not in the "
        "cache yet; waiting: only an online engine could speak them.",
    ]
    lines += details(report)
    return "\n".join(lines)


def details(report: Coverage) -> list[str]:
    lines: list[str] = []
    recordings = [e for e in report.languages if e.needs_recording]
    if recordings:
        lines += [
            "",
            "Need a human recording (an MP3 at audio/recorded/<language>/<actor-id>.mp3):",
        ]
        lines += [f"  {e.tag}: {', '.join(e.needs_recording)}" for e in recordings]
    waiting = [e for e in report.languages if e.waiting]
    if waiting:
        lines += ["", "Waiting for the network (build online, or add espeak to the engines):"]
        lines += [f"  {e.tag}: {', '.join(e.waiting)}" for e in waiting]
    missing = [e for e in report.languages if not e.template_file or e.template_missing]
    if missing:
        lines += ["", "Templates missing (no script, so no synthetic voice):"]
        for e in missing:
            path = f"generator/audio/templates/{e.tag}.yaml"
            what = (
                f"add {path} (copy fr.yaml and translate it)"
                if not e.template_file
                else f"add {', '.join(e.template_missing)} to {path}"
            )
            lines.append(f"  {e.tag}: {what}")
    unreviewed = [e.tag for e in report.languages if e.template_file and not e.reviewed]
    if unreviewed:
        lines += [
            "",
            "Templates not yet reviewed by a fluent speaker (set `reviewed: true` after review): "
            + ", ".join(unreviewed),
        ]
    if report.voice_notes:
        lines += ["", "Voices to know about:"] + [f"  {note}" for note in report.voice_notes]
    return lines
