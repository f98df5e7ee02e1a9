"""A person's recording and its record: what it says, and the facts of the guide it says.

Beside `audio/recorded/<lang>/<actor-id>.mp3` an editor keeps `<actor-id>.yaml`, written by
`.venv/bin/python -m generator audio --stamp <lang> <actor-id>`:

    transcript: |        # what the recording says, as the editor wrote it down
      …
    facts:               # the actor's facts the recording says, when it was made
      nom: "CAF"
      adresse: "3 place des Tilleuls, Ville-Exemple"
      horaires_accueil: "Mo-Fr 09:00-12:00"
      telephone: "3230"
    recording: "sha256:…"   # the very file the transcript and facts are about

`check` compares the facts with actors.yaml (a phone changed since the recording: it may say
the old number) and the file with its digest (a new recording needs its own transcript); the
audio page shows the transcript only for the file it was written for.
"""

from __future__ import annotations

import difflib
import hashlib
import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.audio.budget import CLIP_BUDGET_SECONDS
from generator.audio.encode import ClipError, Pcm, decode_audio, peak_level
from generator.audio.engines import recorded_path
from generator.audio.script import actor_phone
from generator.errors import GuideError
from generator.model import Actor, Guide

MAX_SECONDS = CLIP_BUDGET_SECONDS  # a recording longer than this is too long to listen to
QUIET = 256  # a recording none of whose samples reaches ±256 (-42 dBFS) holds no speech
SIDECAR_SUFFIX = ".yaml"
MAX_SIDECAR_BYTES = 100_000
# The facts a recording says, with their names in messages, in the order of the record.
FACTS = {
    "nom": "name",
    "adresse": "address",
    "horaires_accueil": "opening hours",
    "telephone": "telephone number",
}
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


class SidecarError(GuideError):
    """A recording's record that cannot be read (not YAML, wrong shape)."""


@dataclass(frozen=True, slots=True)
class Sidecar:
    transcript: str | None = None
    facts: dict[str, str] | None = None
    recording: str | None = None  # "sha256:<hex>" of the MP3 it was written for


@dataclass(frozen=True, slots=True)
class Measure:
    seconds: float
    silent: bool
    peak: float | None = None  # dBFS (-inf: digital silence), measured for a silent one only


# --- facts ------------------------------------------------------------------------------------


def recording_facts(actor: Actor) -> dict[str, str]:
    """The actor's facts a recording says, as the clip's script says them (absent ones left out).

    The address is the place the clip names (street, complement, town); the telephone is the
    one the clip gives (the actor's, else its first service's).
    """
    phone = actor_phone(actor)
    place = ", ".join(p for p in (actor.adresse, actor.complement_adresse, actor.commune) if p)
    values = {
        "nom": actor.nom,
        "adresse": place,
        "horaires_accueil": actor.horaires_accueil or "",
        "telephone": phone.display if phone else "",
    }
    return {key: value for key, value in values.items() if value}


def comparable(key: str, value: str) -> str:
    """A fact as it sounds: telephone digits only; other texts without case or spacing."""
    if key == "telephone":
        return "".join(c for c in value if c.isdigit())
    return " ".join(unicodedata.normalize("NFC", value).casefold().split())


def changed_facts(recorded: dict[str, str], now: dict[str, str]) -> list[tuple[str, str, str]]:
    """(key, value recorded, value now) for each fact that sounds different now ("" = none)."""
    changed = []
    for key in FACTS:
        old, new = recorded.get(key, ""), now.get(key, "")
        if comparable(key, old) != comparable(key, new):
            changed.append((key, old, new))
    return changed


# --- the recording itself ---------------------------------------------------------------------


def file_digest(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def is_silent(pcm: Pcm) -> bool:
    """No sample reaches ±QUIET: the high byte of every little-endian sample is 0x00 or 0xFF.

    Read on the bytes, at C speed: a Python loop over a minute and a half of samples takes a
    third of a second, and `check` reads every recording.
    """
    return not pcm.little_endian()[1::2].translate(None, b"\x00\xff")


def measure(data: bytes) -> Measure:
    """How long a recording is and whether it is silent; ClipError when it is not sound."""
    pcm = decode_audio(data)
    silent = is_silent(pcm)
    return Measure(round(pcm.seconds, 1), silent, peak_level(pcm) if silent else None)


def say_duration(seconds: float) -> str:
    """`2 min 05 s`, `48 s`."""
    whole = round(seconds)
    minutes, rest = divmod(whole, 60)
    return f"{minutes} min {rest:02d} s" if minutes else f"{rest} s"


def unreadable() -> tuple[str, str]:
    """(what is wrong, how to fix it) for a file that is not sound."""
    return (
        "cannot be read as sound: it is not an MP3, or it is damaged",
        "export it again as MP3 from the recording app (or Audacity: File > Export > "
        "Export as MP3), then replace the file",
    )


def sound_problems(found: Measure) -> list[tuple[str, str]]:
    """(what is wrong, how to fix it) for a recording that is silent or too long."""
    problems = []
    if found.silent:
        peak = found.peak if found.peak is not None else float("-inf")
        loudest = "no sound at all" if peak == float("-inf") else f"{peak:.0f} dBFS"
        problems.append(
            (
                f"is silent (its loudest moment: {loudest}): nothing would be heard",
                "record it again, checking that the microphone works and is not muted",
            )
        )
    if found.seconds > MAX_SECONDS:
        problems.append(
            (
                f"lasts {say_duration(found.seconds)}, longer than the {MAX_SECONDS:.0f} s "
                "a clip may last: listeners give up before the phone number",
                f"record a shorter version (at most {MAX_SECONDS:.0f} s): who they are, what "
                "they help with, where and when, the phone number twice",
            )
        )
    return problems


# --- the record beside it ---------------------------------------------------------------------


def sidecar_path(recording: Path) -> Path:
    """`audio/recorded/<lang>/<actor-id>.yaml` beside the MP3."""
    return recording.with_suffix(SIDECAR_SUFFIX)


def clean_transcript(text: str) -> str:
    """Paragraphs as typed, without control characters, trailing spaces or runs of blank lines."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = CONTROL.sub("", text.replace("\t", " "))
    lines = [line.rstrip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def paragraphs(transcript: str) -> list[str]:
    """The transcript's paragraphs (separated by blank lines), each on one line."""
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", transcript) if p.strip()]


def read_sidecar(path: Path) -> Sidecar:
    """The record of a recording; SidecarError says what is wrong with it."""
    data = path.read_bytes()
    if len(data) > MAX_SIDECAR_BYTES:
        raise SidecarError(f"is larger than {MAX_SIDECAR_BYTES // 1000} kB: not a record")
    try:
        content = yaml.safe_load(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise SidecarError("is not UTF-8 text") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" on line {mark.line + 1}" if mark is not None else ""
        raise SidecarError(f"is not valid YAML{where}") from None
    except (ValueError, RecursionError):  # an impossible date; brackets nested thousands deep
        raise SidecarError("is not a record of a recording: it holds something else") from None
    if content is None:
        return Sidecar()
    if not isinstance(content, dict):
        raise SidecarError("should hold `transcript:`, `facts:` and `recording:`")
    transcript = content.get("transcript")
    facts = content.get("facts")
    recording = content.get("recording")
    if transcript is not None and not isinstance(transcript, str):
        raise SidecarError("`transcript:` should be text")
    if facts is not None and not (
        isinstance(facts, dict) and all(isinstance(v, (str, int, float)) for v in facts.values())
    ):
        raise SidecarError("`facts:` should be a block of `name: value` lines")
    if recording is not None and not isinstance(recording, str):
        raise SidecarError("`recording:` should be text")
    return Sidecar(
        clean_transcript(transcript) or None if transcript else None,
        {str(k): str(v) for k, v in facts.items()} if facts is not None else None,
        recording,
    )


class _Dumper(yaml.SafeDumper):
    pass


def _represent_text(dumper: yaml.SafeDumper, value: str) -> Any:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_text)


def sidecar_text(sidecar: Sidecar, recording: str, command: str) -> str:
    """The record as written to disk, with a comment saying what it is."""
    body: dict[str, Any] = {}
    if sidecar.transcript:
        body["transcript"] = sidecar.transcript
    body["facts"] = sidecar.facts or {}
    body["recording"] = sidecar.recording
    header = (
        f"# What {recording} says (`transcript`, written down by a person who\n"
        "# listened to it) and the facts of actors.yaml it says. `check` warns when those\n"
        "# facts change: listen to the recording, record it again if needed, then run\n"
        f"# `{command}`.\n"
    )
    dumped = yaml.dump(body, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    return header + dumped


# --- stamping: the editor says what the recording says ----------------------------------------


class RecordingError(GuideError):
    """A stamp that cannot be done: unknown language or actor, no recording, bad transcript."""


@dataclass(frozen=True, slots=True)
class Stamped:
    path: Path  # the record written
    sidecar: Sidecar
    notes: tuple[str, ...]  # what the editor should know (sound problems, kept transcript)


def read_transcript(path: Path) -> str:
    """The text of a transcript file (`-`: standard input), cleaned; RecordingError if unusable."""
    try:
        raw = sys.stdin.buffer.read() if str(path) == "-" else path.read_bytes()
        text = raw.decode("utf-8-sig")
    except FileNotFoundError:
        raise RecordingError(f"{path}: there is no such file — check the path") from None
    except UnicodeDecodeError:
        raise RecordingError(
            f'{path}: is not UTF-8 text — save it again as UTF-8 ("Unicode") text'
        ) from None
    if len(text) > MAX_SIDECAR_BYTES // 2:
        raise RecordingError(f"{path}: is too long for the transcript of a clip")
    cleaned = clean_transcript(text)
    if not cleaned:
        raise RecordingError(f"{path}: is empty — write down what the recording says")
    return cleaned


def stamp_recording(
    guide: Guide,
    project_dir: Path,
    lang: str,
    actor_id: str,
    transcript: str | None,
    command: str,
) -> Stamped:
    """Write the record of `audio/recorded/<lang>/<actor-id>.mp3`: its transcript (given, or
    the one already recorded), the actor's facts now, and the file's digest."""
    tags = [language.tag for language in guide.languages]
    if lang not in tags:
        close = difflib.get_close_matches(lang, tags, n=1, cutoff=0.5)
        hint = f"did you mean `{close[0]}`?" if close else f"use one of: {', '.join(tags)}"
        raise RecordingError(f"`{lang}` is not one of the guide's languages — {hint}")
    ids = [actor.id for actor in guide.actors]
    if actor_id not in ids:
        close = difflib.get_close_matches(actor_id, ids, n=1, cutoff=0.6)
        hint = f"did you mean `{close[0]}`?" if close else "give the `id:` of an actor"
        raise RecordingError(f"no actor has the id `{actor_id}` — {hint}")
    recording = recorded_path(project_dir, lang, actor_id)
    shown = recording.relative_to(project_dir).as_posix()
    if not recording.is_file():
        raise RecordingError(
            f"there is no recording at {shown} — put the MP3 there first (see CONTRIBUTING.md)"
        )
    data = recording.read_bytes()
    try:
        found = measure(data)
    except ClipError:
        message, fix = unreadable()
        raise RecordingError(f"{shown} {message} — {fix}") from None
    notes = [f"{shown} {message} — {fix}" for message, fix in sound_problems(found)]
    record = sidecar_path(recording)
    digest = file_digest(data)
    if transcript is None and record.is_file():
        try:
            previous = read_sidecar(record)
        except SidecarError as error:
            raise RecordingError(
                f"{record.relative_to(project_dir).as_posix()} {error} — correct it, or give "
                "the transcript again with --transcript FILE"
            ) from None
        transcript = previous.transcript
        if transcript and previous.recording not in (None, digest):
            notes.append(
                "kept the transcript written for the previous recording: check that it says "
                "what this one says (or give it with --transcript FILE)"
            )
    sidecar = Sidecar(transcript, recording_facts(guide.actor(actor_id)), digest)
    record.write_text(sidecar_text(sidecar, shown, command), encoding="utf-8", newline="\n")
    return Stamped(record, sidecar, tuple(notes))


# --- what the audio page knows of a recording -------------------------------------------------


@dataclass(frozen=True, slots=True)
class PageRecord:
    """A published recording as its audio page tells it."""

    transcript: str | None = None  # its own transcript, written for this very file
    facts_changed: bool = False  # the facts it was recorded with are no longer the guide's


def page_record(recording: Path, actor: Actor) -> PageRecord:
    """The recording's own transcript, when its record was written for this file; and whether
    the facts it says changed since. Without a readable record, nothing is claimed."""
    record = sidecar_path(recording)
    try:
        sidecar = read_sidecar(record) if record.is_file() else None
        digest = file_digest(recording.read_bytes())
    except (SidecarError, OSError):
        return PageRecord()
    if sidecar is None or sidecar.recording != digest:
        return PageRecord()
    changed = sidecar.facts is not None and bool(
        changed_facts(sidecar.facts, recording_facts(actor))
    )
    return PageRecord(sidecar.transcript, changed)
