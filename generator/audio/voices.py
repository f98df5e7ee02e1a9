"""Which voice each engine uses for each language: an explicit map from BCP 47 tags, no guessing.

A tag that is not listed has no voice in that engine, even if a related tag has one: Dari
(`fa-AF`) is listed for eSpeak NG on purpose (its Persian voice reads Dari text well enough),
Pashto (`ps`) is listed nowhere because no released engine speaks it. gTTS has no Dari,
Pashto or Tigrinya; the eSpeak NG data shipped in the `espeakng-loader` wheel (1.52) has
Tigrinya (`ti`, marked "testing") and Persian, but no Pashto. Tests check every entry against
the engines' own lists.
"""

from __future__ import annotations

from dataclasses import dataclass

ESPEAK = "espeak"
GTTS = "gtts"
RECORDED = "recorded"


@dataclass(frozen=True, slots=True)
class Voice:
    """One engine's voice for one language."""

    engine: str
    id: str  # stable identifier, part of the cache key: "fr", "ar", "en:co.uk"
    lang: str  # the language code the engine is given: "fr", "zh-CN"
    tld: str = ""  # gTTS only: the Google domain, which picks the accent
    note: str = ""  # what a listener should know, shown in the coverage report


# eSpeak NG voice names (files under espeak-ng-data/lang/ in the wheel).
ESPEAK_VOICES: dict[str, Voice] = {
    tag: Voice(ESPEAK, name, name, note=note)
    for tag, name, note in (
        ("fr", "fr", ""),
        ("en", "en", ""),
        ("ar", "ar", "Modern Standard Arabic"),
        ("fa", "fa", ""),
        ("fa-AF", "fa", "Dari read by the Persian voice"),
        ("ti", "ti", "eSpeak NG marks its Tigrinya voice as being tested"),
        ("uk", "uk", ""),
        ("ru", "ru", ""),
        ("tr", "tr", ""),
        ("pt", "pt", "European Portuguese"),
        ("pt-BR", "pt-br", ""),
        ("ro", "ro", ""),
        ("es", "es", ""),
        ("am", "am", ""),
        ("de", "de", ""),
        ("it", "it", ""),
        ("pl", "pl", ""),
        ("bg", "bg", ""),
        ("sq", "sq", ""),
        ("ka", "ka", ""),
        ("hy", "hy", ""),
        ("ku", "ku", "Kurmanji"),
        ("sw", "sw", ""),
        ("vi", "vi", ""),
        ("bn", "bn", ""),
        ("ur", "ur", ""),
        ("hi", "hi", ""),
        ("ta", "ta", ""),
        ("zh", "cmn", "Mandarin"),
    )
}

# gTTS languages (gtts.lang.tts_langs()) and the Google domain that gives the wanted accent.
GTTS_VOICES: dict[str, Voice] = {
    tag: Voice(GTTS, f"{lang}:{tld}", lang, tld)
    for tag, lang, tld in (
        ("fr", "fr", "fr"),
        ("en", "en", "co.uk"),
        ("ar", "ar", "com"),
        ("uk", "uk", "com"),
        ("ru", "ru", "com"),
        ("tr", "tr", "com"),
        ("pt", "pt", "pt"),
        ("pt-BR", "pt", "com.br"),
        ("ro", "ro", "com"),
        ("es", "es", "es"),
        ("am", "am", "com"),
        ("de", "de", "de"),
        ("it", "it", "it"),
        ("pl", "pl", "pl"),
        ("bg", "bg", "com"),
        ("sq", "sq", "com"),
        ("sw", "sw", "com"),
        ("vi", "vi", "com"),
        ("bn", "bn", "com"),
        ("ur", "ur", "com"),
        ("hi", "hi", "com"),
        ("ta", "ta", "com"),
        ("zh", "zh-CN", "com"),
    )
}

RECORDED_VOICE = Voice(RECORDED, "human", "")

VOICES: dict[str, dict[str, Voice]] = {ESPEAK: ESPEAK_VOICES, GTTS: GTTS_VOICES}


def voice_for(engine: str, tag: str) -> Voice | None:
    """The voice `engine` uses for the language `tag`, or None when it has none."""
    return VOICES.get(engine, {}).get(tag)


def synthetic_engines_for(tag: str) -> tuple[str, ...]:
    """The synthetic engines that speak `tag` (for the coverage report)."""
    return tuple(engine for engine, voices in VOICES.items() if tag in voices)
