"""Sound for cheap phones: mono MP3 at 32 kbit/s, every clip at the same speech level.

Every engine's output (eSpeak NG samples, gTTS MP3, a person's recording in any format
miniaudio reads) becomes 16-bit mono PCM at 22 050 Hz, is brought to the same speech level,
and is encoded once with LAME (lameenc) at a constant 32 kbit/s, in LAME's fast mode
(`QUALITY`). The level is a gated RMS in the manner of EBU R 128 / ITU-R BS.1770 (silent and
quiet blocks ignored), without the K-weighting filter: plenty to make voices from different
engines sound equally loud. The few peaks that the gain would push past -1 dBFS are bent by a
soft-knee limiter.

The sums over samples run in NumPy with the very arithmetic of the plain Python they replaced
(exact integer sums of squares, the same float divisions, the same table look-up), so a clip
keeps its bytes; only the few hundred per-block figures are then handled in Python, in order.
"""

from __future__ import annotations

import math
import sys
from array import array
from dataclasses import dataclass

import lameenc
import miniaudio
import numpy as np

SAMPLE_RATE = 22_050
BIT_RATE = 32  # kbit/s: speech stays clear, a minute weighs 240 kB
TARGET_LEVEL = -19.0  # dBFS, gated RMS of the speech
PEAK_CEILING = -1.0  # dBFS
TOLERANCE = 0.5  # dB: a smaller difference of level is not heard
PADDING = 0.3  # seconds of silence at each end of a clip
KNEE = 0.6  # of the ceiling: where the soft limiting of peaks starts (about -5.4 dBFS)
BLOCK_SECONDS = 0.1
ABSOLUTE_GATE = -55.0  # dBFS: blocks below are silence
RELATIVE_GATE = -10.0  # dB below the mean of the blocks above the absolute gate
FULL_SCALE = 32768.0
QUALITY = 7  # LAME's algorithm quality, 0 (slowest) to 9: see `encode_mp3`
# Changing anything above changes every clip: the cache keys include this.
FORMAT = f"mp3-{BIT_RATE}k-mono-{SAMPLE_RATE}-level{TARGET_LEVEL:g}-limiter-v2-q{QUALITY}"


class ClipError(Exception):
    """Sound data that cannot be decoded, or is not what a clip must be."""


@dataclass(frozen=True, slots=True)
class Pcm:
    """Signed 16-bit mono samples in machine byte order."""

    samples: array
    rate: int = SAMPLE_RATE

    @property
    def seconds(self) -> float:
        return len(self.samples) / self.rate

    @classmethod
    def from_bytes(cls, data: bytes, rate: int = SAMPLE_RATE) -> Pcm:
        """From little-endian 16-bit samples (what eSpeak NG and miniaudio give)."""
        samples = array("h")
        samples.frombytes(data[: len(data) // 2 * 2])
        if sys.byteorder == "big":
            samples.byteswap()
        return cls(samples, rate)

    def little_endian(self) -> bytes:
        if sys.byteorder == "big":
            swapped = array("h", self.samples)
            swapped.byteswap()
            return swapped.tobytes()
        return self.samples.tobytes()


@dataclass(frozen=True, slots=True)
class ClipInfo:
    seconds: float
    channels: int
    sample_rate: int
    bytes: int

    @property
    def kbit_per_second(self) -> float:
        return self.bytes * 8 / 1000 / self.seconds if self.seconds else 0.0


def silence(seconds: float, rate: int = SAMPLE_RATE) -> Pcm:
    return Pcm(array("h", bytes(2 * round(seconds * rate))), rate)


def join_pcm(pieces: list[Pcm], pause: float) -> Pcm:
    """Pieces one after the other with `pause` seconds of silence between them."""
    joined = array("h")
    gap = silence(pause).samples
    for index, piece in enumerate(pieces):
        if index:
            joined.extend(gap)
        joined.extend(piece.samples)
    return Pcm(joined)


def decode_audio(data: bytes) -> Pcm:
    """Any sound file miniaudio reads (MP3, WAV, FLAC, Ogg Vorbis), as mono PCM at 22 050 Hz."""
    try:
        decoded = miniaudio.decode(
            data,
            output_format=miniaudio.SampleFormat.SIGNED16,
            nchannels=1,
            sample_rate=SAMPLE_RATE,
        )
    except miniaudio.DecodeError as error:
        raise ClipError(f"cannot decode the sound ({error})") from error
    if decoded.num_frames == 0:
        raise ClipError("the sound is empty")
    return Pcm(array("h", decoded.samples))


def samples_of(pcm: Pcm) -> np.ndarray:
    """The samples as a NumPy array (no copy)."""
    return np.frombuffer(pcm.samples, dtype=np.int16)


def block_powers(pcm: Pcm) -> list[float]:
    """Mean square of each 100 ms block, relative to full scale.

    Each block's sum of squares is an exact integer (at most 2205 × 2^30 in int64), divided
    as a float by the block's length times full scale squared, as Python would.
    """
    size = max(1, int(pcm.rate * BLOCK_SECONDS))
    samples = samples_of(pcm).astype(np.int64)
    whole = len(samples) // size * size
    full = samples[:whole].reshape(-1, size)
    sums = (full * full).sum(axis=1).tolist()
    powers = [total / (size * FULL_SCALE**2) for total in sums]
    rest = samples[whole:]
    if len(rest):
        powers.append(int(np.dot(rest, rest)) / (len(rest) * FULL_SCALE**2))
    return powers


def to_db(power: float) -> float:
    return 10 * math.log10(power) if power > 0 else -math.inf


def speech_level(pcm: Pcm) -> float:
    """The gated RMS level of the speech in dBFS (-inf for silence)."""
    loud = [p for p in block_powers(pcm) if to_db(p) > ABSOLUTE_GATE]
    if not loud:
        return -math.inf
    gate = to_db(sum(loud) / len(loud)) + RELATIVE_GATE
    gated = [p for p in loud if to_db(p) > gate]
    return to_db(sum(gated) / len(gated))


def peak_level(pcm: Pcm) -> float:
    if not pcm.samples:
        return -math.inf
    samples = samples_of(pcm)
    peak = max(int(samples.max()), -int(samples.min()))
    return 20 * math.log10(peak / FULL_SCALE) if peak else -math.inf


def gain_to_target(pcm: Pcm, target: float = TARGET_LEVEL) -> float:
    """The gain in dB that brings the speech to `target`."""
    level = speech_level(pcm)
    if level == -math.inf:
        raise ClipError("the sound is silent")
    return target - level


def safe_gain(pcm: Pcm, target: float = TARGET_LEVEL) -> float:
    """The gain towards `target` that no peak would push over the ceiling."""
    return min(gain_to_target(pcm, target), PEAK_CEILING - peak_level(pcm))


def limiter_table(gain: float) -> list[int]:
    """Every 16-bit sample value after `gain` and a soft knee: nothing over the ceiling.

    Below the knee the gain is plain; above it, peaks bend smoothly (tanh) towards the
    ceiling. Indexed by the sample itself: negative samples use Python's negative indexes.
    """
    ceiling = 10 ** (PEAK_CEILING / 20)
    knee = KNEE * ceiling

    def shape(sample: int) -> int:
        level = abs(sample) * gain / FULL_SCALE
        if level > knee:
            level = knee + (ceiling - knee) * math.tanh((level - knee) / (ceiling - knee))
        return round(math.copysign(level, sample) * FULL_SCALE)

    return [shape(s) for s in range(32768)] + [shape(s) for s in range(-32768, 0)]


def normalise(pcm: Pcm, target: float = TARGET_LEVEL) -> Pcm:
    """Bring the speech to `target` dBFS; the rare peaks that would clip are softly limited.

    A voice with sharp peaks (eSpeak's Ukrainian or Spanish) would otherwise stay quieter
    than the others, the gain being held back by a few samples.
    """
    gain_db = gain_to_target(pcm, target)
    if abs(gain_db) < TOLERANCE and peak_level(pcm) <= PEAK_CEILING:
        return pcm  # already there (eSpeak NG mostly speaks at the right volume already)
    table = np.array(limiter_table(10 ** (gain_db / 20)), dtype=np.int16)
    shaped = array("h")
    shaped.frombytes(table[samples_of(pcm).view(np.uint16)].tobytes())
    return Pcm(shaped, pcm.rate)


def encode_mp3(pcm: Pcm, quality: int = QUALITY) -> bytes:
    """Constant 32 kbit/s mono MP3 (MPEG-2 layer III at 22 050 Hz); same samples, same bytes."""
    encoder = lameenc.Encoder()
    encoder.set_bit_rate(BIT_RATE)
    encoder.set_in_sample_rate(pcm.rate)
    encoder.set_out_sample_rate(SAMPLE_RATE)
    encoder.set_channels(1)
    # LAME's quality 7 (its fast mode) instead of its default 3: measured with PESQ-WB (ITU-T
    # P.862.2, the `pesq` package) on 29 eSpeak NG clips in 7 languages, every clip scored
    # higher than at 3 (mean 3.76 against 3.57, the lowest 3.48 against 3.11), in 2.5 times
    # less CPU (bench/results/audio-quality-2026-12-02.md; tests/test_audio_quality.py).
    encoder.set_quality(quality)
    data = bytes(encoder.encode(pcm.little_endian()) + encoder.flush())
    if not data:
        raise ClipError("the encoder produced nothing")
    return data


def pad(pcm: Pcm, seconds: float = PADDING) -> Pcm:
    """Silence before and after: some phones cut the first instant of a sound."""
    edge = silence(seconds, pcm.rate).samples
    return Pcm(edge + pcm.samples + edge, pcm.rate)


def make_clip(pcm: Pcm) -> bytes:
    """The published clip of some speech: normalised, padded, then encoded."""
    return encode_mp3(pad(normalise(pcm)))


def probe_clip(data: bytes) -> ClipInfo:
    """Check that `data` is a whole MP3 clip and describe it; ClipError otherwise."""
    try:
        info = miniaudio.mp3_get_info(data)
        decoded = miniaudio.mp3_read_s16(data)
    except (miniaudio.DecodeError, miniaudio.MiniaudioError) as error:
        raise ClipError(f"not a readable MP3 ({error})") from error
    if decoded.num_frames == 0 or info.num_frames == 0:
        raise ClipError("the MP3 holds no sound")
    seconds = decoded.num_frames / decoded.sample_rate
    return ClipInfo(round(seconds, 2), decoded.nchannels, decoded.sample_rate, len(data))
