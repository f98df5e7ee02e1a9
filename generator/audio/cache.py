"""The clip cache: a clip is made once for a given (engine, voice, exact text), on any machine.

Layout of the cache folder (safe to copy between machines, e.g. kept by CI between runs;
deleting it only costs the time to make the clips again):

    clips/<k[:2]>/<k>.mp3    the finished clip (normalised, encoded)
    clips/<k[:2]>/<k>.json   what it says and how it was made, with the clip's SHA-256
    last/<lang>/<actor>.json the key of the last good clip of an actor in a language

`k` is the SHA-256 of the engine, the voice, the exact text given to the engine and the
encoding format. Every file is written to a temporary name and renamed into place, so a
crash never leaves half a file. A clip enters the cache only if it decodes; an entry whose
clip no longer matches the SHA-256 recorded then (truncated, damaged, replaced) is deleted
and made again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.audio.encode import FORMAT, ClipError, ClipInfo, probe_clip
from generator.write import write_atomic

DEFAULT_CACHE_DIR = Path(".cache") / "audio"


def clip_key(engine: str, voice: str, text: str, recipe: str = "") -> str:
    """The cache key of a clip: equal inputs, equal keys, on every machine. `recipe`: how an
    engine's output becomes a clip, when it changed since the engine's first clips."""
    found = {"engine": engine, "voice": voice, "text": text, "format": FORMAT}
    material = json.dumps(
        found | ({"recipe": recipe} if recipe else {}),
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


def stored_info(meta: dict[str, Any], data: bytes) -> ClipInfo | None:
    """What `put` measured when it checked that the clip decodes (the SHA-256 proves it is
    still the same clip), or None for an entry written without it."""
    try:
        return ClipInfo(
            float(meta["seconds"]), int(meta["channels"]), int(meta["sample_rate"]), len(data)
        )
    except (KeyError, TypeError, ValueError):
        return None


@dataclass(frozen=True, slots=True)
class CachedClip:
    """A clip in the cache: where it is and what it is, not its bytes (a département's first
    build resolves 24,000 clips before writing any: their bytes would take gigabytes)."""

    key: str
    path: Path
    sha256: str
    info: ClipInfo
    meta: dict[str, Any]

    @property
    def data(self) -> bytes:
        return self.path.read_bytes()


class ClipCache:
    """Clips by key in a folder; a damaged entry counts as missing and is removed."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def clip_path(self, key: str) -> Path:
        return self.root / "clips" / key[:2] / f"{key}.mp3"

    def meta_path(self, key: str) -> Path:
        return self.root / "clips" / key[:2] / f"{key}.json"

    def has(self, key: str) -> bool:
        """Whether an entry exists (not checked: for reports that must stay fast)."""
        return self.clip_path(key).is_file() and self.meta_path(key).is_file()

    def get(self, key: str) -> CachedClip | None:
        """The clip of `key` if present and whole; a damaged entry is deleted."""
        if not self.has(key):
            return None
        try:
            meta = json.loads(self.meta_path(key).read_text(encoding="utf-8"))
            data = self.clip_path(key).read_bytes()
            digest = hashlib.sha256(data).hexdigest()
            if digest != meta.get("sha256"):
                raise ClipError("the clip does not match its recorded SHA-256")
            info = stored_info(meta, data) or probe_clip(data)
        except (OSError, ValueError, ClipError):
            self.discard(key)
            return None
        return CachedClip(key, self.clip_path(key), digest, info, meta)

    def put(self, key: str, data: bytes, meta: dict[str, Any]) -> CachedClip:
        """Store a clip (checked first: a clip that does not decode is refused)."""
        info = probe_clip(data)
        record = {
            **meta,
            "sha256": hashlib.sha256(data).hexdigest(),
            "seconds": info.seconds,
            "channels": info.channels,
            "sample_rate": info.sample_rate,
        }
        write_atomic(self.clip_path(key), data)
        text = json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
        write_atomic(self.meta_path(key), text.encode("utf-8"))
        return CachedClip(key, self.clip_path(key), record["sha256"], info, record)

    def discard(self, key: str) -> None:
        for path in (self.meta_path(key), self.clip_path(key)):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()

    # --- the last good clip of each actor and language ---------------------------------------

    def last_path(self, lang: str, actor_id: str) -> Path:
        return self.root / "last" / lang / f"{actor_id}.json"

    def remember_last(self, lang: str, actor_id: str, record: dict[str, Any]) -> None:
        text = json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n"
        write_atomic(self.last_path(lang, actor_id), text.encode("utf-8"))

    def last(self, lang: str, actor_id: str) -> dict[str, Any] | None:
        """What was last published for this actor and language, if its clip is still here."""
        path = self.last_path(lang, actor_id)
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return record if isinstance(record, dict) and self.has(record.get("key", "")) else None
