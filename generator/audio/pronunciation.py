"""Names said as residents say them: the guide's pronunciation list applied to a script.

`guide.audio.pronunciation` in actors.yaml lists acronyms and French names (CAF, CPAM, Ameli,
France Travail…) and how every clip says them: by the French voice (as written, or as its `fr`
spelling), or, in a language that has its own spelling, by that language's voice reading the
editor's spelling. Each occurrence in a script — in a template, a translated description, a
service name, an actor's name or an address — becomes a part of its own: the transcript still
shows the written form, the engines say it in French (eSpeak NG switches voice, gTTS asks the
French voice) or read the spelling. What an engine reads is its cache key, so editing the
list makes the clips that say those names again, and only those.

Matching is by whole word: `CAF` is not found in `CAFÉ` nor in `CAF2`, but is in `l'CAF`,
`(CAF)` and next to a letter of another script (`وCAF`). An acronym (no lower-case letter) is
matched with its exact case; a name with lower-case letters (`Ameli`, `France Travail`) in any
case (`ameli`, `AMELI`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from generator.audio.sentences import NAME, PHONE, TEXT, Part, Script, Sentence
from generator.model import Saying

# Letters and digits of the Latin script: a Latin name is a whole word when none touches it.
LATIN_WORD = "0-9A-Za-z\u00aa\u00b5\u00ba\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff"


def is_latin(char: str) -> bool:
    return re.fullmatch(f"[{LATIN_WORD}]", char) is not None


def is_acronym(written: str) -> bool:
    """No lower-case letter: CAF, CPAM, PMI (matched with this exact case)."""
    return not any(char.islower() for char in written)


def word_pattern(written: str) -> str:
    """A regular expression for `written` as a whole word (its own group)."""
    before = f"(?<![{LATIN_WORD}])" if is_latin(written[0]) else r"(?<!\w)"
    after = f"(?![{LATIN_WORD}])" if is_latin(written[-1]) else r"(?!\w)"
    body = r"\s+".join(re.escape(word) for word in written.split())
    flags = "" if is_acronym(written) else "(?i:"
    return f"{before}({flags}{body}{')' if flags else ''}){after}"


@dataclass(frozen=True, slots=True)
class Matcher:
    """One pattern for the whole list, the longest name first (`France Travail` before
    `France`); `sayings[i]` is what group `i + 1` found."""

    pattern: re.Pattern[str]
    sayings: tuple[Saying, ...]

    def split(self, part: Part, lang: str) -> list[Part]:
        """`part` cut around each listed name, each name a part said as the list says."""
        if part.kind == PHONE or part.spoken:
            return [part]
        pieces: list[Part] = []
        start = 0
        for found in self.pattern.finditer(part.text):
            assert found.lastindex is not None
            saying = self.sayings[found.lastindex - 1]
            if found.start() > start:
                pieces.append(Part(part.text[start : found.start()], part.lang, part.kind))
            written = found.group()
            voice, spelling = saying.said_in(lang)
            spelled = voice in dict(saying.spellings)  # else read as found (`ameli`)
            spoken = spelling if spelled and spelling != written else ""
            pieces.append(Part(written, voice, TEXT if voice == lang else NAME, spoken))
            start = found.end()
        if not pieces:
            return [part]
        if start < len(part.text):
            pieces.append(Part(part.text[start:], part.lang, part.kind))
        return pieces


@cache
def matcher(sayings: tuple[Saying, ...]) -> Matcher | None:
    if not sayings:
        return None
    ordered = tuple(sorted(sayings, key=lambda saying: -len(saying.written)))
    pattern = "|".join(word_pattern(saying.written) for saying in ordered)
    return Matcher(re.compile(pattern), ordered)


def join_neighbours(parts: list[Part]) -> tuple[Part, ...]:
    """Neighbouring parts said by the same voice in the same way become one part."""
    joined: list[Part] = []
    for part in parts:
        last = joined[-1] if joined else None
        if last and part.kind != PHONE and (last.lang, last.kind) == (part.lang, part.kind):
            spoken = last.said + part.said if last.spoken or part.spoken else ""
            joined[-1] = Part(last.text + part.text, part.lang, part.kind, spoken)
        else:
            joined.append(part)
    return tuple(joined)


def say_sentences(
    sentences: list[Sentence], lang: str, sayings: tuple[Saying, ...]
) -> list[Sentence]:
    """The sentences of a `lang` script with every listed name said as the list says."""
    found = matcher(sayings)
    if found is None:
        return sentences
    return [
        Sentence(join_neighbours([p for part in s.parts for p in found.split(part, lang)]))
        for s in sentences
    ]


def say_names(script: Script, sayings: tuple[Saying, ...]) -> Script:
    """The whole script with every listed name said as the guide's pronunciation list says."""
    sentences = say_sentences(list(script.sentences), script.lang, sayings)
    return Script(script.lang, tuple(sentences), cut=script.cut)
