"""`check`'s recordings pass: every file under audio/recorded/ that nothing will play as it is,
and every recording whose facts changed since it was recorded.

A recording is played when it is `audio/recorded/<lang>/<actor-id>.mp3` with `<lang>` one of
`guide.languages`, `<actor-id>` an actor's id, and sound in it. Anything else there is listed
with the fix: a folder named after the language (`pashto/` for `ps`), a typo in the id (with the
id meant), another format (`.wav`), a file that is not sound, silence, a clip over the budget.
Each recording's record (generator/audio/recordings.py) is compared with the guide: a phone
number changed since the recording gets a warning on its line of actors.yaml.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from pathlib import Path

import langcodes

from generator.audio.encode import ClipError
from generator.audio.engines import RECORDED_DIR
from generator.audio.recordings import (
    FACTS,
    Sidecar,
    SidecarError,
    changed_facts,
    file_digest,
    measure,
    read_sidecar,
    recording_facts,
    sidecar_path,
    sound_problems,
    unreadable,
)
from generator.audio.voices import RECORDED
from generator.errors import Problem, Severity
from generator.languages import language_name, suggest_tag
from generator.load import PathKey, Source
from generator.model import Actor, Guide

# Sound files people send instead of MP3 (phones record .m4a, .amr, .3gp; WhatsApp .opus).
AUDIO_SUFFIXES = frozenset(
    {".wav", ".m4a", ".aac", ".ogg", ".oga", ".opus", ".flac", ".amr", ".3gp", ".wma", ".webm"}
)


def stamp_command(lang: str, actor_id: str, source_file: str, transcript: bool = False) -> str:
    """The command that records what a recording says (with --source when not the default)."""
    source = "" if source_file == "actors.yaml" else f" --source {source_file}"
    extra = " --transcript FILE" if transcript else ""
    return f".venv/bin/python -m generator audio --stamp {lang} {actor_id}{extra}{source}"


class RecordingsCheck:
    """Walks audio/recorded/ of `project_dir` and says what is wrong, file by file."""

    def __init__(self, guide: Guide, source: Source, project_dir: Path) -> None:
        self.guide = guide
        self.source = source
        self.project_dir = project_dir
        self.root = project_dir / RECORDED_DIR
        self.tags = [lang.tag for lang in guide.languages]
        self.actors = {actor.id: (i, actor) for i, actor in enumerate(guide.actors)}
        self.problems: list[Problem] = []

    def shown(self, path: Path) -> str:
        try:
            return path.relative_to(self.project_dir).as_posix()
        except ValueError:
            return path.as_posix()

    def warn(self, path: Path | str, message: str, fix: str) -> None:
        where = path if isinstance(path, str) else self.shown(path)
        self.problems.append(Problem(where, 0, 0, "", message, fix, Severity.WARNING))

    def run(self) -> list[Problem]:
        if not self.root.is_dir():
            return []
        files = sorted(
            p
            for p in self.root.rglob("*")
            if p.is_file() and not is_ignored(p.relative_to(self.root))
        )
        folders: dict[str, list[Path]] = {}
        for path in files:
            parts = path.relative_to(self.root).parts
            if len(parts) == 1:
                self.warn(
                    path,
                    "is not in a language folder: it is never played",
                    f"move it into audio/recorded/<language>/ (the guide's languages: "
                    f"{', '.join(self.tags)})",
                )
            else:
                folders.setdefault(parts[0], []).append(path)
        for folder, inside in folders.items():
            if folder in self.tags:
                for path in inside:
                    self.check_file(folder, path)
            else:
                self.unknown_folder(folder, inside)
        return self.problems

    def unknown_folder(self, folder: str, inside: Sequence[Path]) -> None:
        files = (
            f"the {len(inside)} files in this folder are"
            if len(inside) > 1
            else ("the file in this folder is")
        )
        meant = suggest_language(folder, self.tags)
        tag = suggest_tag(folder) or folder
        if meant is not None:
            fix = f"rename the folder `{meant}` ({language_name(meant)})"
        elif langcodes.tag_is_valid(tag):
            fix = (
                f"add `{tag}` ({language_name(tag)}) to guide.languages in actors.yaml, or move "
                f"the files to the folder of one of the guide's languages: {', '.join(self.tags)}"
            )
        else:
            fix = f"name the folder after one of the guide's languages: {', '.join(self.tags)}"
        self.warn(
            f"{self.shown(self.root / folder)}/",
            f"`{folder}` is not one of the guide's languages: {files} never played",
            fix,
        )

    def check_file(self, lang: str, path: Path) -> None:
        parts = path.relative_to(self.root).parts
        if len(parts) > 2:
            self.warn(
                path,
                "is in a sub-folder: only audio/recorded/<language>/<actor-id>.mp3 is played",
                f"move it into audio/recorded/{lang}/",
            )
            return
        suffix = path.suffix
        if suffix == ".yaml":
            self.check_lonely_sidecar(lang, path)
            return
        if suffix.lower() == ".mp3" and suffix != ".mp3":
            self.warn(
                path,
                f"ends with `{suffix}`: only `.mp3` in lower case is played",
                f"rename it {path.stem}.mp3",
            )
            return
        if suffix.lower() in AUDIO_SUFFIXES:
            self.warn(
                path,
                f"is a {suffix} file: only MP3 recordings are played",
                f"convert it to MP3 (Audacity: File > Export > Export as MP3), save it as "
                f"audio/recorded/{lang}/{path.stem}.mp3, then remove this file",
            )
            return
        if suffix != ".mp3":
            self.warn(
                path,
                "is not a recording: only <actor-id>.mp3 and its record <actor-id>.yaml "
                "belong here, nothing reads this file",
                "remove it",
            )
            return
        found = self.actors.get(path.stem)
        if found is None:
            self.unknown_actor(path, "this recording")
            return
        self.check_recording(lang, path, *found)

    def unknown_actor(self, path: Path, what: str) -> None:
        close = difflib.get_close_matches(path.stem.lower(), list(self.actors), n=1, cutoff=0.6)
        fix = (
            f"did you mean `{close[0]}`? rename it {close[0]}{path.suffix}"
            if close
            else f"rename it <actor-id>{path.suffix}, with the `id:` of the actor in actors.yaml"
        )
        self.warn(path, f"no actor has the id `{path.stem}`: {what} is never used", fix)

    def check_lonely_sidecar(self, lang: str, path: Path) -> None:
        if path.stem not in self.actors:
            self.unknown_actor(path, "this record of a recording")
        elif not path.with_suffix(".mp3").is_file():
            self.warn(
                path,
                f"is the record of a recording that is not there "
                f"(audio/recorded/{lang}/{path.stem}.mp3)",
                "add the recording, or remove this file",
            )

    def check_recording(self, lang: str, path: Path, index: int, actor: Actor) -> None:
        engines = self.guide.engines_for(lang)
        if RECORDED not in engines:
            self.warn(
                path,
                f"is never played: the guide's audio engines for `{lang}` do not include "
                f"`{RECORDED}` ({', '.join(engines)})",
                f"put `{RECORDED}` first in guide.audio (engines, or languages.{lang})",
            )
        elif engines[0] != RECORDED:
            before = ", ".join(engines[: engines.index(RECORDED)])
            self.warn(
                path,
                f"is played only when {before} cannot speak: the guide's audio engines for "
                f"`{lang}` list `{RECORDED}` after {before}",
                f"put `{RECORDED}` first in guide.audio (engines, or languages.{lang})",
            )
        data = path.read_bytes()
        try:
            found = measure(data)
        except ClipError:
            self.warn(path, *unreadable())
            return  # nothing plays it: its record does not matter yet
        for message, fix in sound_problems(found):
            self.warn(path, message, fix)
        if found.silent:
            return
        record = sidecar_path(path)
        command = stamp_command(lang, actor.id, self.source.file, transcript=True)
        if not record.is_file():
            self.warn(
                path,
                f"has no record of what it says ({self.shown(record)}): its audio page cannot "
                "show its text, and nobody is told when the facts it says change",
                f"listen to it, write down what it says in a text file, then run `{command}`",
            )
            return
        try:
            sidecar = read_sidecar(record)
        except SidecarError as error:
            self.warn(
                record,
                f"{error}",
                f"correct it, or write it again with `{command}`",
            )
            return
        self.compare(lang, path, index, actor, sidecar, file_digest(data))

    def compare(
        self, lang: str, path: Path, index: int, actor: Actor, sidecar: Sidecar, digest: str
    ) -> None:
        record = self.shown(sidecar_path(path))
        again = stamp_command(lang, actor.id, self.source.file)
        if sidecar.recording is not None and sidecar.recording != digest:
            self.warn(
                path,
                f"was replaced since its record was written ({record}): the transcript and "
                "facts there are those of the previous recording",
                f"listen to it, correct `transcript:` in {record} (or give the new one with "
                f"--transcript FILE), then run `{again}`",
            )
            return
        if not sidecar.transcript:
            self.warn(
                path,
                f"has no transcript in {record}: its audio page says that the text shown may "
                "differ from the recording",
                "listen to it, write down what it says in a text file, then run "
                f"`{stamp_command(lang, actor.id, self.source.file, transcript=True)}`",
            )
        if sidecar.facts is None or sidecar.recording is None:
            self.warn(
                path,
                f"{record} does not say which facts it was recorded with: nobody is told "
                "when its phone number or hours change",
                f"check that the recording says the facts of actors.yaml, then run `{again}`",
            )
            return
        for key, old, new in changed_facts(sidecar.facts, recording_facts(actor)):
            self.fact_changed(lang, path, index, actor, key, old, new)

    def fact_changed(
        self, lang: str, path: Path, index: int, actor: Actor, key: str, old: str, new: str
    ) -> None:
        where = fact_path(index, actor, key)
        position = self.source.position(where)
        said = FACTS[key]
        recording = self.shown(path)
        if not old:
            message = (
                f"the recording {recording} does not give the {said} `{new}`: there was none "
                "when it was recorded"
            )
        elif not new:
            message = (
                f"the recording {recording} may give the {said} `{old}`, which is no longer "
                "in the guide"
            )
        else:
            message = (
                f"the recording {recording} may say the old {said}: it was recorded with "
                f"`{old}`, it is now `{new}`"
            )
        self.problems.append(
            Problem(
                self.source.file,
                position.line,
                position.column,
                self.source.describe(where),
                message,
                f"listen to it, record it again if needed, and once it is right run "
                f"`{stamp_command(lang, actor.id, self.source.file)}`",
                Severity.WARNING,
            )
        )


def fact_path(index: int, actor: Actor, key: str) -> PathKey:
    """Where a fact stands in actors.yaml (the service whose phone the clip gives, if so)."""
    if key == "telephone" and actor.telephone is None:
        for j, service in enumerate(actor.services):
            if service.telephone is not None:
                return ("actors", index, "services", j, "telephone")
    return ("actors", index, key)


def is_ignored(relative: Path) -> bool:
    """Hidden files (.gitkeep, .DS_Store) and READMEs are not recordings, nor mistakes."""
    name = relative.name
    return any(part.startswith(".") for part in relative.parts) or name.lower().startswith("readme")


def suggest_language(folder: str, tags: Sequence[str]) -> str | None:
    """The guide language a folder name means: `pashto` → ps, `FR` → fr, `fa_af` → fa-AF."""
    meant = suggest_tag(folder)
    if meant in tags:
        return meant
    by_case = {tag.casefold(): tag for tag in tags}
    if (found := by_case.get(folder.replace("_", "-").casefold())) is not None:
        return found
    close = difflib.get_close_matches(folder, list(tags), n=1, cutoff=0.6)
    return close[0] if close else None


def recorded_file_problems(guide: Guide, source: Source, project_dir: Path) -> list[Problem]:
    """Every file under audio/recorded/ that will not play as it is, and stale recordings."""
    return RecordingsCheck(guide, source, project_dir).run()
