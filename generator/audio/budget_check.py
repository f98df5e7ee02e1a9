"""`check`: clips that would last longer than the budget.

A script is fitted into the budget when it is built (generator/audio/script.py), and the build
makes a shorter one when a synthesised clip still lasts too long. What every clip says (the
name, the warning, how to get in, the address, the phone) may alone be too long: that is what
`check` warns about. Its length is estimated from the characters at the language's pace, and
corrected by the measured length of the clip when the cache already holds it. A person's
recording is checked by recordings_check.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from generator.audio.budget import CLIP_BUDGET_SECONDS, estimate
from generator.audio.cache import ClipCache
from generator.audio.engines import default_engines
from generator.audio.maker import ClipMaker
from generator.audio.render import plan_requests
from generator.audio.script import build_script
from generator.audio.voices import RECORDED
from generator.errors import Problem, Severity
from generator.load import Source
from generator.model import Guide


@dataclass(slots=True)
class ActorClips:
    """What `check` says about the clips of one actor."""

    too_long: dict[str, float] = field(default_factory=dict)  # language -> seconds
    measured: set[str] = field(default_factory=set)  # languages corrected by a measured clip


def clip_lengths(
    guide: Guide, project_dir: Path, cache_dir: Path, today: date
) -> dict[str, ActorClips]:
    """The actors whose shortest clip would last longer than the budget, in some languages."""
    maker = ClipMaker(guide, default_engines(offline=True), ClipCache(cache_dir))
    found: dict[str, ActorClips] = {}
    for actor, lang, request in plan_requests(guide, project_dir, today):
        script = request.script
        if script is None or request.recorded.is_file():
            continue
        least = build_script(guide, actor, lang, today, budget=0.0)  # what is always said
        assert least is not None
        seconds, measured = estimate(least.sentences, lang.tag), False
        for engine, _voice, key in maker.candidates(request):
            cached = maker.cache.get(key) if engine.name != RECORDED else None
            if cached is not None:  # the estimate, corrected by what this engine measured
                planned = estimate(script.sentences, lang.tag)
                seconds, measured = seconds * cached.info.seconds / planned, True
                break
        if seconds > CLIP_BUDGET_SECONDS:
            clips = found.setdefault(actor.id, ActorClips())
            clips.too_long[lang.tag] = seconds
            if measured:
                clips.measured.add(lang.tag)
    return found


def budget_problems(
    guide: Guide, source: Source, project_dir: Path, cache_dir: Path, today: date
) -> list[Problem]:
    """A warning per actor whose clips would last longer than the budget."""
    problems = []
    index = {actor.id: i for i, actor in enumerate(guide.actors)}
    for actor_id, clips in clip_lengths(guide, project_dir, cache_dir, today).items():
        if not clips.too_long:
            continue
        where = ("actors", index[actor_id])
        position = source.position(where)
        said = ", ".join(
            f"{tag}: about {seconds:.0f} s{' (measured)' if tag in clips.measured else ''}"
            for tag, seconds in clips.too_long.items()
        )
        problems.append(
            Problem(
                source.file,
                position.line,
                position.column,
                source.describe(where),
                f"its clip would last longer than {CLIP_BUDGET_SECONDS:.0f} s ({said}), even "
                "saying only its name, how to get in, its address and its phone",
                "shorten its name or its address, or record a shorter clip by hand "
                "(audio/recorded/<language>/<actor-id>.mp3)",
                Severity.WARNING,
            )
        )
    return problems
