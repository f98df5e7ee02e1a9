"""The clips' speech quality, scored by a tool nobody here wrote: PESQ wide-band (ITU-T
P.862.2). LAME's fast mode (encode.QUALITY) must not sound worse than its default."""

from __future__ import annotations

import pytest

from bench.audio_quality import sample_texts, score, spoken
from generator.audio.encode import QUALITY, encode_mp3

# PESQ-WB is a mean opinion score from 1 to 4.64; at 32 kbit/s, eSpeak NG's clips scored 3.48
# to 3.97 in LAME's fast mode (bench/results/audio-quality-2026-12-02.md).
LOWEST = 3.3


@pytest.mark.parametrize("lang", ["fr", "ar", "uk"])
def test_a_published_clip_keeps_the_speech_clear(lang: str) -> None:
    text = next(text for tag, text in sample_texts(40) if tag == lang)
    pcm = spoken(lang, text)
    published = score(pcm, encode_mp3(pcm))
    assert published >= LOWEST
    lame_default = score(pcm, encode_mp3(pcm, 3))
    assert published >= lame_default - 0.05, f"quality {QUALITY} sounds worse than 3"
