"""Clips: eSpeak NG synthesis, encoding for cheap phones, level normalisation, the cache."""

from __future__ import annotations

import hashlib
import math
import os
from array import array
from pathlib import Path

import lameenc
import miniaudio
import pytest
from mutagen.mp3 import MP3

from generator.audio.cache import ClipCache, clip_key, write_atomic
from generator.audio.encode import (
    BIT_RATE,
    TARGET_LEVEL,
    ClipError,
    Pcm,
    decode_audio,
    make_clip,
    probe_clip,
    speech_level,
)
from generator.audio.engines import ClipRequest, EspeakEngine, espeak_ssml
from generator.audio.render import publish_clip
from generator.audio.script import build_script
from generator.languages import language
from generator.pipeline import load_guide
from tests.conftest import DATA, TODAY


def tone_pcm(seconds: float = 1.5, rate: int = 24_000, amplitude: float = 0.5) -> array:
    """A 440 Hz tone with a pause in the middle, like speech with a breath."""
    samples = array("h")
    for n in range(int(seconds * rate)):
        pause = 0.4 * seconds < n / rate < 0.5 * seconds
        value = 0.0 if pause else amplitude * math.sin(2 * math.pi * 440 * n / rate)
        samples.append(int(value * 32767))
    return samples


def tone_mp3(
    seconds: float = 1.5, rate: int = 24_000, channels: int = 1, bit_rate: int = 32
) -> bytes:
    """An MP3 such as gTTS sends (24 kHz mono) or a person's recording (44.1 kHz stereo)."""
    mono = tone_pcm(seconds, rate)
    samples = mono if channels == 1 else array("h", (s for s in mono for _ in range(channels)))
    encoder = lameenc.Encoder()
    encoder.set_bit_rate(bit_rate)
    encoder.set_in_sample_rate(rate)
    encoder.set_channels(channels)
    encoder.set_quality(7)
    return bytes(encoder.encode(samples.tobytes()) + encoder.flush())


@pytest.fixture(scope="module")
def espeak_clip() -> bytes:
    guide = load_guide(DATA / "small.yaml", TODAY)[0]
    script = build_script(guide, guide.actor("caf-test"), language("fr"))
    request = ClipRequest("caf-test", "fr", script, Path("/nowhere.mp3"))
    engine = EspeakEngine()
    voice = engine.voice(request)
    assert voice is not None
    return make_clip(engine.synthesize(request, voice))


def test_espeak_makes_a_decodable_mono_mp3_of_at_most_32_kbits(espeak_clip: bytes) -> None:
    info = probe_clip(espeak_clip)
    assert info.channels == 1
    assert info.seconds > 1
    assert info.kbit_per_second <= BIT_RATE + 0.5
    mp3 = MP3(fileobj=__import__("io").BytesIO(espeak_clip))
    assert mp3.info.channels == 1
    assert mp3.info.bitrate <= BIT_RATE * 1000
    assert mp3.info.sample_rate == 22_050


def test_clips_of_every_engine_have_the_same_speech_level(espeak_clip: bytes) -> None:
    quiet_recording = decode_audio(tone_mp3(rate=44_100, channels=2, bit_rate=128))
    loud_gtts = decode_audio(tone_mp3())
    levels = [
        speech_level(decode_audio(clip))
        for clip in (espeak_clip, make_clip(quiet_recording), make_clip(loud_gtts))
    ]
    for level in levels:
        assert abs(level - TARGET_LEVEL) < 1.5, levels


def test_the_same_text_gives_the_same_bytes(espeak_clip: bytes) -> None:
    guide = load_guide(DATA / "small.yaml", TODAY)[0]
    script = build_script(guide, guide.actor("caf-test"), language("fr"))
    request = ClipRequest("caf-test", "fr", script, Path("/nowhere.mp3"))
    engine = EspeakEngine()
    assert make_clip(engine.synthesize(request, engine.voice(request))) == espeak_clip  # type: ignore[arg-type]


def test_french_names_in_an_arabic_clip_are_said_by_the_french_voice() -> None:
    guide = load_guide(DATA / "small.yaml", TODAY)[0]
    script = build_script(guide, guide.actor("france-services-test"), language("ar"))
    assert script is not None
    engine = EspeakEngine()
    request = ClipRequest("france-services-test", "ar", script, Path("/nowhere.mp3"))
    ssml = espeak_ssml(script, engine.voice(request))  # type: ignore[arg-type]
    assert ssml.startswith("<speak>")
    assert '<voice xml:lang="fr">France Services du Test</voice>' in ssml
    assert "0 2, 6 1, 9 1, 0 0, 1 2" in ssml


def test_undecodable_sound_is_refused() -> None:
    with pytest.raises(ClipError):
        probe_clip(b"ID3" + bytes(500))
    with pytest.raises(ClipError):
        decode_audio(b"not a sound at all")
    with pytest.raises(ClipError):
        make_clip(Pcm(array("h", bytes(44_100))))  # one second of silence


# --- the cache -------------------------------------------------------------------------------


def test_keys_depend_on_engine_voice_and_exact_text() -> None:
    key = clip_key("espeak", "fr", "Bonjour.")
    assert key == clip_key("espeak", "fr", "Bonjour.")
    assert len({key, clip_key("gtts", "fr", "Bonjour."), clip_key("espeak", "en", "Bonjour.")}) == 3
    assert key != clip_key("espeak", "fr", "Bonjour !")


def test_a_stored_clip_is_found_again(tmp_path: Path) -> None:
    cache = ClipCache(tmp_path)
    data = tone_mp3()
    key = clip_key("espeak", "fr", "un texte")
    assert cache.get(key) is None
    cache.put(key, data, {"engine": "espeak", "text": "un texte"})
    hit = ClipCache(tmp_path).get(key)  # another build, same folder
    assert hit is not None and hit.data == data
    assert hit.meta["text"] == "un texte" and hit.info.seconds > 1


def test_a_damaged_clip_is_discarded(tmp_path: Path) -> None:
    cache = ClipCache(tmp_path)
    key = clip_key("espeak", "fr", "texte")
    cache.put(key, tone_mp3(), {})
    path = cache.clip_path(key)
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])  # truncated
    assert cache.get(key) is None
    assert not path.exists() and not cache.meta_path(key).exists()
    cache.put(key, tone_mp3(), {})
    cache.clip_path(key).write_bytes(b"garbage" * 100)
    assert cache.get(key) is None


def test_a_clip_that_does_not_decode_never_enters_the_cache(tmp_path: Path) -> None:
    cache = ClipCache(tmp_path)
    key = clip_key("gtts", "fr:fr", "texte")
    with pytest.raises(ClipError):
        cache.put(key, b"\xff\xfb" + bytes(300), {})
    assert not cache.has(key)


def test_writes_are_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "clips" / "ab" / "clip.mp3"
    write_atomic(target, b"old")

    def crash(*_args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError):
        write_atomic(target, b"new and longer")
    assert target.read_bytes() == b"old"
    assert [p.name for p in target.parent.iterdir()] == ["clip.mp3"]  # no temporary left


def test_deleting_the_cache_only_costs_time(tmp_path: Path) -> None:
    cache = ClipCache(tmp_path / "cache")
    key = clip_key("espeak", "fr", "x")
    cache.put(key, tone_mp3(), {})
    for path in sorted((tmp_path / "cache").rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    assert cache.get(key) is None
    assert miniaudio.mp3_get_info(cache.put(key, tone_mp3(), {}).data).nchannels == 1


def test_a_resolved_clip_holds_where_it_is_not_its_bytes(tmp_path: Path) -> None:
    """24,000 clips are resolved before any is written: none keeps its bytes in memory."""
    cache = ClipCache(tmp_path / "cache")
    data = tone_mp3()
    key = clip_key("espeak", "fr", "un texte")
    for clip in (cache.put(key, data, {}), cache.get(key)):
        assert clip is not None
        assert not any(isinstance(getattr(clip, name), bytes) for name in clip.__slots__)
        assert clip.sha256 == hashlib.sha256(data).hexdigest() and clip.data == data


def test_a_published_clip_is_linked_and_never_written_through(tmp_path: Path) -> None:
    cache = ClipCache(tmp_path / "cache")
    key = clip_key("espeak", "fr", "un texte")
    first = tone_mp3(1.5)
    clip = cache.put(key, first, {})
    target = tmp_path / "site" / "clip.mp3"
    target.parent.mkdir()
    target.write_bytes(b"an older clip")  # replaced, not written into
    publish_clip(clip.path, target)
    assert target.stat().st_ino == clip.path.stat().st_ino  # no copy
    cache.put(key, tone_mp3(2.0), {})  # the cache replaces its file by renaming
    assert target.read_bytes() == first
