"""Names said as residents say them: the guide's pronunciation list, on the scripts every engine
is given (eSpeak NG's SSML, gTTS's segments), in every language's clip."""

from __future__ import annotations

import ctypes
import dataclasses
import re
import tempfile
from pathlib import Path

import pytest

from generator.audio.cache import clip_key
from generator.audio.engines import (
    ClipRequest,
    EspeakEngine,
    GttsEngine,
    espeak_ssml,
    gtts_segments,
)
from generator.audio.pronunciation import say_names
from generator.audio.script import NAME, TEXT, Part, Script, Sentence, build_script
from generator.audio.voices import ESPEAK_VOICES, GTTS_VOICES
from generator.languages import language
from generator.model import Guide, Saying
from generator.pipeline import load_guide
from tests.conftest import DATA, ROOT, TODAY


@pytest.fixture(scope="module")
def sample() -> Guide:
    return load_guide(ROOT / "actors.yaml", TODAY)[0]


def script_of(guide: Guide, actor_id: str, tag: str) -> Script:
    script = build_script(guide, guide.actor(actor_id), language(tag))
    assert script is not None
    return script


def parts_of(script: Script, text: str) -> list[Part]:
    return [p for s in script.sentences for p in s.parts if p.text == text]


def ssml(script: Script) -> str:
    return espeak_ssml(script, ESPEAK_VOICES[script.lang])


@pytest.mark.parametrize("tag", ["ar", "uk", "ti"])
def test_caf_is_said_by_the_french_voice_in_every_language(sample: Guide, tag: str) -> None:
    """The CAF's clip mentions CAF inside translated texts (description, service names):
    each time it is a French part, and eSpeak NG is told to say it in French."""
    script = script_of(sample, "caf-loire-atlantique", tag)
    found = parts_of(script, "CAF")
    assert found, script.text
    assert all((p.lang, p.kind, p.spoken) == ("fr", NAME, "") for p in found)
    assert ssml(script).count('<voice xml:lang="fr">CAF</voice>') == len(found)
    own_voice = re.sub(r'<voice xml:lang="fr">[^<]*</voice>', "", ssml(script))
    assert "CAF" not in own_voice  # never read by the clip's own voice
    if tag in GTTS_VOICES:
        segments = gtts_segments(script, GTTS_VOICES[tag])
        assert (GTTS_VOICES["fr"], "CAF") in segments


def test_the_french_clip_says_an_acronym_as_spelled_and_shows_it_as_written(
    sample: Guide,
) -> None:
    script = script_of(sample, "cpam-permanence-tilleuls", "fr")
    assert "CPAM" in script.text and "cé pé a èm" not in script.text  # the transcript…
    assert "cé pé a èm" in script.said  # …and what the voice reads
    assert "CPAM" not in ssml(script) and "CPAM" not in script.said
    assert "améli" in script.said and "Ameli" in script.text


def test_an_editors_spelling_is_read_by_the_clips_own_voice(sample: Guide) -> None:
    """`Ameli: {fr: "améli", ar: "أميلي", uk: "Амелі"}`: the Arabic voice reads أميلي, the
    Ukrainian voice Амелі, and the Tigrinya clip has the French voice say "améli"."""
    said = {tag: script_of(sample, "cpam-permanence-tilleuls", tag) for tag in ("ar", "uk")}
    for tag, spelling in (("ar", "أميلي"), ("uk", "Амелі")):
        script = said[tag]
        assert "Ameli" in script.text and "Ameli" not in script.said
        with_ameli = [p for s in script.sentences for p in s.parts if "Ameli" in p.text]
        assert all((p.lang, p.kind) == (tag, TEXT) and spelling in p.said for p in with_ameli)
        assert spelling in ssml(script) and f'<voice xml:lang="fr">{spelling}' not in ssml(script)
    for tag in ("ti", "en"):
        script = script_of(sample, "cpam-permanence-tilleuls", tag)
        ameli = [p for s in script.sentences for p in s.parts if "Ameli" in p.text]
        assert ameli and all((p.lang, p.kind) == ("fr", NAME) for p in ameli)
        assert all("améli" in p.said and "Ameli" not in p.said for p in ameli)


def caf_guide(small: Guide, *sayings: Saying) -> Guide:
    return dataclasses.replace(small, pronunciation=sayings)


@pytest.fixture(scope="module")
def small() -> Guide:
    return load_guide(DATA / "small.yaml", TODAY)[0]


def test_editing_the_list_changes_the_script_and_the_cache_key(small: Guide) -> None:
    """Whole words are found; what each engine is given, hence the clip's cache key, follows
    the list; the transcript does not change."""
    sentence = Sentence((Part("Aidez-moi avec la CAF et ameli, pas le CAFÉ ni CAF2.", "ar"),))
    script = Script("ar", (sentence,))
    before = say_names(script, ())
    assert before == script  # an empty list changes nothing

    french = say_names(script, (Saying("CAF"), Saying("Ameli")))
    assert [(p.text, p.lang, p.kind, p.spoken) for p in french.sentences[0].parts] == [
        ("Aidez-moi avec la ", "ar", TEXT, ""),
        ("CAF", "fr", NAME, ""),
        (" et ", "ar", TEXT, ""),
        ("ameli", "fr", NAME, ""),  # a name with lower-case letters: found in any case
        (", pas le CAFÉ ni CAF2.", "ar", TEXT, ""),  # whole words only
    ]
    spelled = say_names(script, (Saying("CAF", (("ar", "كاف"),)),))
    assert spelled.said == "Aidez-moi avec la كاف et ameli, pas le CAFÉ ni CAF2."
    assert spelled.text == script.text  # the transcript is unchanged
    assert [p.lang for p in spelled.sentences[0].parts] == ["ar"]  # one voice: one part

    engine, voice = EspeakEngine(), ESPEAK_VOICES["ar"]
    keys = {
        clip_key(engine.name, voice.id, engine.source_text(request(s), voice))
        for s in (script, french, spelled)
    }
    assert len(keys) == 3
    gtts = GttsEngine(offline=True)
    assert gtts.source_text(request(french), GTTS_VOICES["ar"]) != gtts.source_text(
        request(spelled), GTTS_VOICES["ar"]
    )


def request(script: Script) -> ClipRequest:
    return ClipRequest("caf-test", script.lang, script, Path("/nonexistent.mp3"))


def test_an_acronym_keeps_its_case_and_a_name_beside_another_script_is_found() -> None:
    sayings = (Saying("RSA"), Saying("France Travail"), Saying("France"))
    script = Script("ar", (Sentence((Part("وRSA وrsa وFrance  Travail وFrance.", "ar"),)),))
    parts = say_names(script, sayings).sentences[0].parts
    assert [(p.text, p.lang) for p in parts] == [
        ("و", "ar"),
        ("RSA", "fr"),
        (" وrsa و", "ar"),  # an acronym is found only in capitals
        ("France  Travail", "fr"),  # the longest name first, whatever the spaces
        (" و", "ar"),
        ("France", "fr"),
        (".", "ar"),
    ]


def test_a_name_in_a_french_name_takes_the_languages_spelling(small: Guide) -> None:
    """The CAF's name is French: in the Arabic clip the editor's Arabic spelling wins,
    elsewhere the French voice still says it; a phone number is never touched."""
    listed = caf_guide(small, Saying("CAF", (("ar", "كاف"),)), Saying("3230", (("ar", "x"),)))
    arabic = script_of(listed, "caf-test", "ar")
    assert arabic.sentences[0].parts == (Part("CAF.", "ar", TEXT, "كاف."),)
    assert "3 2 3 0" in arabic.said and "x" not in arabic.said
    english = script_of(listed, "caf-test", "en")
    assert parts_of(english, "CAF") == [Part("CAF", "fr", NAME, "")]
    unlisted = script_of(small, "caf-test", "ar")
    assert parts_of(unlisted, "CAF") == [Part("CAF", "fr", NAME, "")]  # as before: a name


# --- what eSpeak NG says -------------------------------------------------------------------


def espeak_phonemes(voice: str, ssml_text: str) -> str:
    """eSpeak NG's phoneme mnemonics for an SSML text (as `espeak-ng -q -x` prints them)."""
    from generator.audio.espeak import CHARS_UTF8, POS_CHARACTER, SSML, EspeakLibrary

    library = EspeakLibrary.get()
    libc = ctypes.CDLL(None)
    libc.fopen.restype = ctypes.c_void_p
    libc.fopen.argtypes = (ctypes.c_char_p, ctypes.c_char_p)
    libc.fclose.argtypes = (ctypes.c_void_p,)
    library.lib.espeak_SetPhonemeTrace.argtypes = (ctypes.c_int, ctypes.c_void_p)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "phonemes.txt"
        trace = libc.fopen(str(path).encode(), b"w")
        with library._lock:
            library.lib.espeak_SetPhonemeTrace(1, trace)
            library.select_voice(voice)
            data = ssml_text.encode() + b"\0"
            library.lib.espeak_Synth(
                data, len(data), 0, POS_CHARACTER, 0, CHARS_UTF8 | SSML, None, None
            )
            library.lib.espeak_Synchronize()
            library.lib.espeak_SetPhonemeTrace(0, None)
        libc.fclose(trace)
        return path.read_text(encoding="utf-8").strip()


@pytest.mark.parametrize("tag", ["ar", "uk"])
def test_espeak_no_longer_reads_caf_with_english_rules(tag: str) -> None:
    pytest.importorskip("espeakng_loader")
    sentence = Sentence((Part("CAF", tag),))
    unlisted = ssml(Script(tag, (sentence,)))
    listed = ssml(say_names(Script(tag, (sentence,)), (Saying("CAF"),)))
    assert espeak_phonemes(tag, unlisted) == f"(en)k'af({tag})"  # the English voice's /kæf/
    assert espeak_phonemes(tag, listed) == "k'af"  # the French voice's /kaf/
    ameli = ssml(say_names(Script(tag, (Sentence((Part("Ameli", tag),)),)), (Saying("Ameli"),)))
    assert espeak_phonemes(tag, ameli) == "aml'i"  # French rules (an `améli` spelling: amel'i)
