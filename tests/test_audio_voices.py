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


def test_a_quiet_voice_is_said_once_and_a_loud_one_again_more_quietly(monkeypatch) -> None:
    """Raising a voice is `normalise`'s linear gain (a second synthesis would cost a quarter of
    a clip's CPU for the same samples); lowering one is eSpeak's volume, since at its default
    volume eSpeak may already clip (its German voice reaches full scale)."""
    import numpy as np

    from generator.audio.encode import (
        PEAK_CEILING,
        TARGET_LEVEL,
        TOLERANCE,
        Pcm,
        normalise,
        peak_level,
        speech_level,
    )
    from generator.audio.espeak import speak_at_level

    library = EspeakLibrary.get()
    volumes: list[int] = []
    speak = library.speak

    def counted(voice: str, ssml: str, volume: int = 100) -> bytes:
        volumes.append(volume)
        return speak(voice, ssml, volume)

    monkeypatch.setattr(library, "speak", counted)
    text = "<speak>" + "Bonjour ! Le centre social vous accueille le lundi matin. " * 6 + "</speak>"
    quiet = speak_at_level("fr", text)  # eSpeak's French is about 2 dB under the target
    assert volumes == [100]
    loud = speak_at_level("de", text.replace("Bonjour", "Guten Tag"))
    assert volumes[1] == 100 and volumes[2:] and volumes[2] < 100
    assert np.abs(np.frombuffer(loud, dtype="<i2").astype(int)).max() < 32767
    for samples in (quiet, loud):
        said = normalise(Pcm.from_bytes(samples))  # as `make_clip` has it before encoding
        assert abs(speech_level(said) - TARGET_LEVEL) <= TOLERANCE
        assert peak_level(said) <= PEAK_CEILING + 0.01
