"""Each clip request resolved through the engines, the cache and the last good clips.

An engine that has a voice and a cached clip for the exact text gives it at once, even
offline; otherwise it synthesises (if it can work now) and the clip enters the cache. When
every engine that could speak failed, the last good clip of that actor and language is kept,
marked as stale.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any

from generator.audio.cache import CachedClip, ClipCache, clip_key
from generator.audio.encode import ClipError
from generator.audio.engines import ClipRequest, Engine, EngineError, NetworkUnavailable
from generator.audio.script import Part, Script, Sentence
from generator.audio.voices import Voice
from generator.model import Guide

SYNTHESISED = "synthesised"
REUSED = "reused"
MISSING = "missing"
CACHED = "cached"
TO_MAKE = "to make"
WAITING = "waiting"
NEEDS_RECORDING = "needs recording"


@dataclass(frozen=True, slots=True)
class Outcome:
    """The clip chosen for one request, or why there is none."""

    status: str  # synthesised | reused | missing
    clip: CachedClip | None = None
    engine: str | None = None
    voice: str | None = None
    transcript: Script | None = None
    stale: bool = False
    needs_recording: bool = False


# --- transcripts kept with the last good clip -------------------------------------------------


def script_record(script: Script | None) -> list[list[list[str]]] | None:
    if script is None:
        return None
    return [[[p.text, p.lang, p.kind, p.spoken] for p in s.parts] for s in script.sentences]


def script_from_record(lang: str, record: Any) -> Script | None:
    if not isinstance(record, list):
        return None
    try:
        sentences = tuple(Sentence(tuple(Part(*part) for part in s)) for s in record)
    except TypeError:
        return None
    return Script(lang, sentences)


# --- choosing or making each clip -------------------------------------------------------------


class ClipMaker:
    """Resolves each clip request through the engines, the cache and the last good clips."""

    def __init__(self, guide: Guide, engines: Mapping[str, Engine], cache: ClipCache) -> None:
        self.guide = guide
        self.engines = engines
        self.cache = cache
        self.warnings: list[str] = []
        self.pending: dict[str, Future[bytes]] = {}  # clips being made in the background
        self.no_network: set[str] = set()  # languages an online engine could not voice

    def network_note(self) -> str | None:
        """One line for the whole build when an online engine could not reach its service."""
        if not self.no_network:
            return None
        tags = ", ".join(sorted(self.no_network))
        return (
            f"no internet: the offline voice is used ({tags}); "
            "`--offline` skips trying the online voice"
        )

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    def candidates(self, request: ClipRequest) -> Iterator[tuple[Engine, Voice, str]]:
        """Engines with a voice for the request, in the guide's order, with their cache key."""
        for name in self.guide.engines_for(request.lang):
            engine = self.engines.get(name)
            voice = engine.voice(request) if engine else None
            if engine is None or voice is None:
                continue
            try:
                text = engine.source_text(request, voice)
            except OSError as error:
                self.warn(f"{request.lang}/{request.actor_id}: {name}: {error}")
                continue
            yield engine, voice, clip_key(engine.name, voice.id, text, engine.recipe)

    def plan(self, request: ClipRequest) -> tuple[str, str | None]:
        """What `resolve` would do, without making anything: (status, engine).

        Status: `cached` (a clip is ready), `to make` (the engine would synthesise now),
        `waiting` (engines could speak but cannot work now), `needs recording`.
        """
        tried = False
        for engine, _voice, key in self.candidates(request):
            tried = True
            if self.cache.has(key):
                return CACHED, engine.name
            if engine.ready():
                return TO_MAKE, engine.name
        return (WAITING, None) if tried else (NEEDS_RECORDING, None)

    def resolve(self, request: ClipRequest) -> Outcome:
        tried = False
        for engine, voice, key in self.candidates(request):
            tried = True
            cached = self.cache.get(key)
            if cached is not None:
                return self.publish(request, cached, engine, voice, REUSED)
            if not engine.ready():
                if engine.unreachable():
                    self.no_network.add(request.lang)
                continue
            made = self.make(request, engine, voice, key)
            if made is not None:
                return self.publish(request, made, engine, voice, SYNTHESISED)
        return self.fallback(request) if tried else Outcome(MISSING, needs_recording=True)

    def prefetch(self, request: ClipRequest) -> None:
        """Start making the clip now if the plan is to synthesise it (eSpeak: in parallel)."""
        for engine, voice, key in self.candidates(request):
            if self.cache.has(key):
                return
            if engine.ready():
                if key not in self.pending:
                    future = engine.submit(request, voice)
                    if future is not None:
                        self.pending[key] = future
                return

    def make(
        self, request: ClipRequest, engine: Engine, voice: Voice, key: str
    ) -> CachedClip | None:
        try:
            data = engine.clip(request, voice, self.pending.pop(key, None))
            meta = {
                "engine": engine.name,
                "voice": voice.id,
                "lang": request.lang,
                "actor": request.actor_id,
                "text": engine.source_text(request, voice),
            }
            return self.cache.put(key, data, meta)
        except NetworkUnavailable:
            self.no_network.add(request.lang)  # said once for the build: `network_note`
            return None
        except (EngineError, ClipError, OSError) as error:
            self.warn(f"{request.lang}/{request.actor_id}: {engine.name}: {error}")
            return None

    def publish(
        self, request: ClipRequest, clip: CachedClip, engine: Engine, voice: Voice, status: str
    ) -> Outcome:
        """Remember the clip as the last good one of this actor and language."""
        record = {
            "key": clip.key,
            "engine": engine.name,
            "voice": voice.id,
            "transcript": script_record(request.script),
        }
        if self.cache.last(request.lang, request.actor_id) != record:
            self.cache.remember_last(request.lang, request.actor_id, record)
        return Outcome(status, clip, engine.name, voice.id, request.script)

    def fallback(self, request: ClipRequest) -> Outcome:
        """Every engine that could speak failed: keep the last good clip, marked stale."""
        record = self.cache.last(request.lang, request.actor_id)
        clip = self.cache.get(record["key"]) if record else None
        if record is None or clip is None:
            return Outcome(MISSING)
        transcript = script_from_record(request.lang, record.get("transcript"))
        self.warn(
            f"{request.lang}/{request.actor_id}: kept the previous clip (no engine could speak)"
        )
        return Outcome(
            REUSED, clip, record.get("engine"), record.get("voice"), transcript, stale=True
        )
