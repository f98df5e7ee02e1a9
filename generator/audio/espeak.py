"""eSpeak NG through ctypes: the library and data shipped in the espeakng-loader wheel.

The C library keeps state from one synthesis to the next (its pitch flutter runs on), so in
one process the same text gives slightly different samples depending on what was said
before. Each clip is therefore made by a fresh worker process, `python -m
generator.audio.espeak`, which reads `{"voice", "ssml", "output"}` as JSON on stdin and writes
the samples or the finished MP3 on stdout: equal texts give equal bytes, on every machine and
in any order, and clips can be made on every core at once.
"""

from __future__ import annotations

import ctypes
import json
import sys
import threading
from typing import Any

from generator.audio.encode import SAMPLE_RATE, ClipError, Pcm, make_clip, safe_gain

AUDIO_OUTPUT_SYNCHRONOUS = 2
INITIALIZE_DONT_EXIT = 0x8000
POS_CHARACTER = 1
CHARS_UTF8 = 1
SSML = 0x10
PARAMETER_RATE = 1
PARAMETER_VOLUME = 2
RATE = 150  # words per minute; eSpeak's default 175 is hurried for learners
SynthCallback = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p
)


class EspeakFailure(Exception):
    """eSpeak NG is missing or could not say the text."""


class EspeakVoiceStruct(ctypes.Structure):
    _fields_ = (
        ("name", ctypes.c_char_p),
        ("languages", ctypes.c_char_p),
        ("identifier", ctypes.c_char_p),
        ("gender", ctypes.c_ubyte),
        ("age", ctypes.c_ubyte),
        ("variant", ctypes.c_ubyte),
        ("xx1", ctypes.c_ubyte),
        ("score", ctypes.c_int),
        ("spare", ctypes.c_void_p),
    )


class EspeakLibrary:
    """libespeak-ng and its bundled data; one instance per process, used under a lock."""

    _instance: EspeakLibrary | None = None
    _lock = threading.Lock()

    def __init__(self) -> None:
        import espeakng_loader

        self.lib = ctypes.CDLL(espeakng_loader.get_library_path())
        self._declare()
        data = espeakng_loader.get_data_path().encode()
        self.rate = self.lib.espeak_Initialize(
            AUDIO_OUTPUT_SYNCHRONOUS, 0, data, INITIALIZE_DONT_EXIT
        )
        if self.rate <= 0:
            raise EspeakFailure("eSpeak NG could not start (its data was not found)")
        self.chunks: list[bytes] = []
        self.callback = SynthCallback(self._collect)  # kept: the library calls it later
        self.lib.espeak_SetSynthCallback(self.callback)

    def _declare(self) -> None:
        lib = self.lib
        lib.espeak_Initialize.argtypes = (ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int)
        lib.espeak_Initialize.restype = ctypes.c_int
        lib.espeak_SetVoiceByName.argtypes = (ctypes.c_char_p,)
        lib.espeak_SetVoiceByName.restype = ctypes.c_int
        lib.espeak_SetParameter.argtypes = (ctypes.c_int, ctypes.c_int, ctypes.c_int)
        lib.espeak_Synth.argtypes = (
            ctypes.c_void_p,
            ctypes.c_size_t,
            ctypes.c_uint,
            ctypes.c_int,
            ctypes.c_uint,
            ctypes.c_uint,
            ctypes.c_void_p,
            ctypes.c_void_p,
        )
        lib.espeak_Synth.restype = ctypes.c_int
        lib.espeak_Synchronize.restype = ctypes.c_int
        lib.espeak_GetCurrentVoice.restype = ctypes.POINTER(EspeakVoiceStruct)
        lib.espeak_ListVoices.argtypes = (ctypes.c_void_p,)
        lib.espeak_ListVoices.restype = ctypes.POINTER(ctypes.POINTER(EspeakVoiceStruct))

    @classmethod
    def get(cls) -> EspeakLibrary:
        with cls._lock:
            if cls._instance is None:
                try:
                    cls._instance = cls()
                except (ImportError, OSError) as error:
                    raise EspeakFailure(f"eSpeak NG is not installed ({error})") from error
            return cls._instance

    def _collect(self, wav: Any, count: int, _events: Any) -> int:
        if count > 0:
            self.chunks.append(ctypes.string_at(wav, count * 2))
        return 0

    def select_voice(self, name: str) -> str:
        """Switch to voice `name`; returns the language it really speaks."""
        if self.lib.espeak_SetVoiceByName(name.encode()) != 0:
            raise EspeakFailure(f"eSpeak NG has no voice `{name}`")
        current = self.lib.espeak_GetCurrentVoice()
        languages = current.contents.languages or b""
        return languages[1:].split(b"\0", 1)[0].decode()  # the first byte is a priority

    def voice_names(self) -> list[str]:
        """The identifiers of every voice in the bundled data ("roa/fr", "sem/ti"…)."""
        voices = self.lib.espeak_ListVoices(None)
        names = []
        index = 0
        while voices[index]:
            names.append(voices[index].contents.identifier.decode())
            index += 1
        return names

    def speak(self, voice: str, ssml: str, volume: int = 100) -> bytes:
        """Little-endian 16-bit samples of `ssml` said by `voice` (volume 100: eSpeak's own)."""
        with self._lock:
            self.select_voice(voice)
            self.lib.espeak_SetParameter(PARAMETER_RATE, RATE, 0)
            self.lib.espeak_SetParameter(PARAMETER_VOLUME, volume, 0)
            self.chunks = []
            text = ssml.encode("utf-8") + b"\0"
            status = self.lib.espeak_Synth(
                text, len(text), 0, POS_CHARACTER, 0, CHARS_UTF8 | SSML, None, None
            )
            self.lib.espeak_Synchronize()
            samples = b"".join(self.chunks)
            self.chunks = []
        if status != 0:
            raise EspeakFailure(f"eSpeak NG failed (status {status})")
        if len(samples) < 2 * self.rate // 10:
            raise EspeakFailure("eSpeak NG produced no sound")
        return samples


def speak_at_level(voice: str, ssml: str) -> bytes:
    """Said once, measured, then said again at the volume that hits the target level.

    eSpeak's volume scales the amplitude linearly up to clipping (then it clips hard), so
    the volume goes only as high as the peaks allow; `normalise` does the rest.
    """
    library = EspeakLibrary.get()
    if library.rate != SAMPLE_RATE:
        raise EspeakFailure(f"eSpeak NG speaks at {library.rate} Hz, not {SAMPLE_RATE}")
    samples = library.speak(voice, ssml, 100)
    try:
        gain_db = safe_gain(Pcm.from_bytes(samples))
    except ClipError as error:
        raise EspeakFailure(str(error)) from error
    volume = max(10, min(200, round(100 * 10 ** (gain_db / 20))))
    return samples if volume == 100 else library.speak(voice, ssml, volume)


def run_job(job: dict[str, str]) -> bytes:
    """What a worker makes: the samples (`"output": "pcm"`) or the finished clip (`"mp3"`)."""
    samples = speak_at_level(job["voice"], job["ssml"])
    if job.get("output") == "pcm":
        return samples
    try:
        return make_clip(Pcm.from_bytes(samples))
    except ClipError as error:
        raise EspeakFailure(str(error)) from error


def main() -> int:
    """The worker: one job from stdin, its bytes on stdout, a message on stderr on failure."""
    try:
        data = run_job(json.loads(sys.stdin.buffer.read()))
    except (EspeakFailure, ValueError, KeyError) as error:
        print(error, file=sys.stderr)
        return 1
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
