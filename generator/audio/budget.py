"""How long a clip may last, and how long a script takes to say before it is synthesised.

A clip lasts at most CLIP_BUDGET_SECONDS: a resident listens to it standing in front of a
poster. A script aims at TARGET_SECONDS, a little below, because its length is estimated: the
characters said at each language's pace, plus a pause at each punctuation mark (a model fitted
on the clips of the sample guide, within about 11 %). The build measures every synthesised clip
and makes a shorter one when a clip still lasts longer than the budget.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from generator.audio.sentences import Sentence
from generator.languages import language

CLIP_BUDGET_SECONDS = 90.0
TARGET_SECONDS = 84.0
# Characters said per second, and seconds of pause per punctuation mark, for each language
# (eSpeak NG, measured on the sample guide; gTTS speaks at a similar pace).
PACE = {
    "ar": (12.2, 0.71),
    "en": (12.1, 0.05),
    "es": (15.0, 0.36),
    "fa-AF": (10.7, 0.19),
    "fr": (12.6, 0.05),
    "ps": (10.7, 0.19),  # no voice yet: the pace of Dari, the nearest language measured
    "pt": (14.0, 0.32),
    "ro": (13.2, 0.33),
    "ru": (14.5, 0.27),
    "ti": (6.0, 0.05),
    "tr": (13.4, 0.46),
    "uk": (9.7, 0.48),
}
PACE_OF_SCRIPT = {
    "Latn": (12.0, 0.35),
    "Cyrl": (9.7, 0.48),
    "Arab": (10.7, 0.71),
    "Ethi": (6.0, 0.1),
}
SLOW_PACE = (6.0, 0.7)  # a script not measured: the slowest pace known
MARKS = re.compile(r"[.!?؟።:,،;]")


def pace(tag: str) -> tuple[float, float]:
    """(characters per second, seconds per punctuation mark) of a language."""
    if tag in PACE:
        return PACE[tag]
    return PACE_OF_SCRIPT.get(language(tag).script, SLOW_PACE)


def estimate_text(said: str, tag: str) -> float:
    """The seconds it takes to say `said` (as the engine reads it) in `tag`."""
    rate, pause = pace(tag)
    return len(said) / rate + len(MARKS.findall(said)) * pause


def estimate(sentences: Iterable[Sentence], tag: str) -> float:
    """The seconds it takes to say these sentences, one after the other."""
    return estimate_text(" ".join(sentence.said for sentence in sentences), tag)
