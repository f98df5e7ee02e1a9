"""The explicit map from language tags to each engine's voices, checked against the engines."""

from __future__ import annotations

from gtts.lang import tts_langs

from generator.audio.espeak import EspeakLibrary
from generator.audio.voices import (
    ESPEAK,
    ESPEAK_VOICES,
    GTTS,
    GTTS_VOICES,
    synthetic_engines_for,
    voice_for,
)


def test_gtts_has_no_dari_pashto_or_tigrinya() -> None:
    for tag in ("fa-AF", "ps", "ti"):
        assert voice_for(GTTS, tag) is None
    known = tts_langs()
    assert "ps" not in known and "ti" not in known and "fa" not in known


def test_espeak_says_dari_with_persian_and_has_no_pashto() -> None:
    dari = voice_for(ESPEAK, "fa-AF")
    assert dari is not None and dari.id == "fa" and "Persian" in dari.note
    assert voice_for(ESPEAK, "ps") is None
    assert voice_for(ESPEAK, "ti") is not None  # eSpeak NG 1.52 ships a Tigrinya voice


def test_the_bundled_espeak_data_really_has_or_lacks_these_voices() -> None:
    names = EspeakLibrary.get().voice_names()
    assert "ira/fa" in names and "sem/ti" in names
    assert not any(name.split("/")[-1] == "ps" for name in names)


def test_every_mapped_espeak_voice_speaks_its_language() -> None:
    library = EspeakLibrary.get()
    for tag, voice in ESPEAK_VOICES.items():
        spoken = library.select_voice(voice.id)
        assert spoken.split("-")[0] == voice.id.split("-")[0], (tag, voice.id, spoken)


def test_every_mapped_gtts_voice_is_a_gtts_language() -> None:
    known = tts_langs()
    for tag, voice in GTTS_VOICES.items():
        assert voice.lang in known, tag
        assert voice.tld, tag


def test_the_map_is_explicit_no_guess_from_related_tags() -> None:
    assert voice_for(ESPEAK, "bm") is None
    assert voice_for(GTTS, "fa") is None  # Persian exists in no gTTS list
    assert voice_for(GTTS, "fr-CA") is None  # not listed, not derived from fr
    assert synthetic_engines_for("ps") == ()
    assert synthetic_engines_for("fr") == (ESPEAK, GTTS)
    assert voice_for("unknown-engine", "fr") is None
