"""Speech quality of the clips against LAME's algorithm quality, measured by PESQ-WB.

`python -m bench.audio_quality [--qualities 3 5 7] [--clips 29]`: texts of the sample's places
in 7 languages are said by eSpeak NG as a build says them (`speak_at_level`, `normalise`,
`pad`), encoded at 32 kbit/s at each LAME quality, decoded again, aligned with the samples
they were made from, and scored by PESQ wide-band (ITU-T P.862.2, the `pesq` package: a
mean opinion score from 1 to 4.64). CPU seconds of the encoder are given per second of
sound. The figures of 2026-12-02 are in bench/results/audio-quality-2026-12-02.md.
"""

from __future__ import annotations

import argparse
import io
import statistics
import time
import wave

import miniaudio
import numpy as np
import yaml
from pesq import pesq

from bench.synthetic import SAMPLE
from generator.audio.encode import Pcm, encode_mp3, normalise, pad
from generator.audio.espeak import speak_at_level

RATE = 16_000  # PESQ-WB's sample rate
LANGUAGES = ("fr", "ar", "uk", "es", "ru", "tr", "en")  # eSpeak NG voices of the sample


def sample_texts(count: int) -> list[tuple[str, str]]:
    """(language, text) of the sample's places' descriptions, every third one."""
    data = yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))
    texts = []
    for actor in data["actors"]:
        for lang in LANGUAGES:
            text = actor["description"].get(lang)
            text = text.get("text") if isinstance(text, dict) else text
            if text:
                texts.append((lang, text))
    return texts[::3][:count]


def spoken(lang: str, text: str) -> Pcm:
    """What a build encodes: eSpeak NG's samples at the speech level, padded."""
    return pad(normalise(Pcm.from_bytes(speak_at_level(lang, f"<speak>{text}</speak>"))))


def at_16k(data: bytes) -> np.ndarray:
    """Any sound file miniaudio reads, as samples at 16 kHz."""
    decoded = miniaudio.decode(
        data, output_format=miniaudio.SampleFormat.SIGNED16, nchannels=1, sample_rate=RATE
    )
    return np.array(decoded.samples, dtype=np.float64)


def wav(pcm: Pcm) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(pcm.rate)
        out.writeframes(pcm.little_endian())
    return buffer.getvalue()


def score(pcm: Pcm, mp3: bytes) -> float:
    """PESQ-WB of `mp3` against the samples it was made from, the encoder's delay taken off
    (found by cross-correlation over the first two seconds)."""
    reference, degraded = at_16k(wav(pcm)), at_16k(mp3)
    window = 2 * RATE
    lag = int(np.argmax(np.correlate(degraded[: window + RATE], reference[:window], "valid")))
    degraded = degraded[lag:]
    length = min(len(reference), len(degraded))
    return float(pesq(RATE, reference[:length], degraded[:length], "wb"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--qualities", type=int, nargs="+", default=[3, 5, 7])
    parser.add_argument("--clips", type=int, default=29)
    args = parser.parse_args()
    cpu: dict[int, list[float]] = {q: [] for q in args.qualities}
    scores: dict[int, list[float]] = {q: [] for q in args.qualities}
    for lang, text in sample_texts(args.clips):
        pcm = spoken(lang, text)
        line = [f"{lang:3} {pcm.seconds:5.1f} s"]
        for quality in args.qualities:
            start = time.process_time()
            mp3 = encode_mp3(pcm, quality)
            cpu[quality].append((time.process_time() - start) / pcm.seconds)
            scores[quality].append(score(pcm, mp3))
            line.append(f"q{quality} {scores[quality][-1]:.2f}")
        print("  ".join(line), flush=True)
    print("\n| LAME quality | encoder CPU ms per s of sound | PESQ-WB mean | median | lowest |")
    print("|---|---|---|---|---|")
    for quality in args.qualities:
        found = scores[quality]
        print(
            f"| {quality} | {statistics.mean(cpu[quality]) * 1000:.2f} | "
            f"{statistics.mean(found):.3f} | {statistics.median(found):.3f} | {min(found):.3f} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
