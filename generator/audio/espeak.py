"""eSpeak NG through ctypes: the library and data shipped in the espeakng-loader wheel.

The C library keeps state from one synthesis to the next (its pitch flutter runs on), so in
one process the same text gives slightly different samples depending on what was said
before. Each clip is therefore made in a fresh state: equal texts give equal bytes, on every
machine and in any order, and clips can be made on every core at once.

`python -m generator.audio.espeak` makes one job: it reads `{"voice", "ssml", "output"}` as
JSON on stdin and writes the samples or the finished MP3 on stdout. `--serve` is what the
build runs, one per core (generator/audio/workers.py): the process starts Python and the
library once, then makes each job it reads in a child forked from that untouched state (the
state a fresh process would have, in a few milliseconds instead of a Python start-up).
Framing, both ways: a job is 4 bytes of length (big-endian) then its JSON; an answer is one
status byte (0: the bytes asked for; 1: a message saying what failed), 4 bytes of length,
then the bytes.
"""

from __future__ import annotations

import ctypes
import json
import os
import signal
import sys
import threading
from typing import Any, BinaryIO

from generator.audio.encode import SAMPLE_RATE, ClipError, Pcm, make_clip, safe_gain

AUDIO_OUTPUT_SYNCHRONOUS = 2
INITIALIZE_DONT_EXIT = 0x8000
POS_CHARACTER = 1
CHARS_UTF8 = 1
SSML = 0x10
PARAMETER_RATE = 1
PARAMETER_VOLUME = 2
RATE = 150  # words per minute; eSpeak's default 175 is hurried for learners
JOB_TIMEOUT = 300  # seconds for one clip: a long script takes a second or two
OK, FAILED = 0, 1  # the status byte of an answer
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
    """Said once and measured; said again, more quietly, only when its peaks are too high.

    eSpeak's volume scales the amplitude linearly up to clipping (then it clips hard: its
    German or Polish voices reach full scale at its default volume), so a voice too loud is
    said again at the volume its peaks allow. A voice too quiet is not: `normalise` raises it
    by the same linear gain, without a second synthesis (a quarter of a clip's CPU).
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
    return samples if volume >= 100 else library.speak(voice, ssml, volume)


def run_job(job: dict[str, str]) -> bytes:
    """What a worker makes: the samples (`"output": "pcm"`) or the finished clip (`"mp3"`)."""
    samples = speak_at_level(job["voice"], job["ssml"])
    if job.get("output") == "pcm":
        return samples
    try:
        return make_clip(Pcm.from_bytes(samples))
    except ClipError as error:
        raise EspeakFailure(str(error)) from error


def read_exact(stream: BinaryIO, size: int) -> bytes | None:
    """`size` bytes from `stream`, or None at its end (a shorter tail counts as the end)."""
    chunks = []
    while size:
        chunk = stream.read(size)
        if not chunk:
            return None
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def frame(status: int, data: bytes) -> bytes:
    """An answer: its status byte, its length, its bytes."""
    return bytes([status]) + len(data).to_bytes(4, "big") + data


def forked_job(job: dict[str, str]) -> tuple[int, bytes]:
    """Make `job` in a child forked from this process: (status, bytes or message)."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: one job, then gone without running any clean-up of the parent
        os.close(read_end)
        signal.alarm(JOB_TIMEOUT)
        try:
            answer = bytes([OK]) + run_job(job)
        except (EspeakFailure, ValueError, KeyError) as error:
            answer = bytes([FAILED]) + str(error).encode("utf-8")
        except BaseException as error:
            answer = bytes([FAILED]) + f"{type(error).__name__}: {error}".encode()
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(answer)
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        answer = pipe.read()
    _pid, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGALRM:
        return FAILED, f"took more than {JOB_TIMEOUT} s".encode()
    if status != 0 or not answer:
        return FAILED, f"the worker stopped (wait status {status})".encode()
    return answer[0], answer[1:]


def serve(jobs: BinaryIO, answers: BinaryIO) -> int:
    """Answer every job read from `jobs` until its end, each made in a forked child."""
    try:
        EspeakLibrary.get()  # loaded and initialised once: every child starts from here
        missing = None
    except EspeakFailure as error:
        missing = str(error).encode("utf-8")
    while (header := read_exact(jobs, 4)) is not None:
        body = read_exact(jobs, int.from_bytes(header, "big"))
        if body is None:
            break
        if missing is not None:
            status, data = FAILED, missing
        else:
            try:
                status, data = forked_job(json.loads(body))
            except (ValueError, OSError) as error:
                status, data = FAILED, str(error).encode("utf-8")
        answers.write(frame(status, data))
        answers.flush()
    return 0


def main() -> int:
    """One job from stdin, its bytes on stdout, a message on stderr on failure; with
    `--serve`, every job framed on stdin, every answer framed on stdout."""
    if sys.argv[1:] == ["--serve"]:
        return serve(sys.stdin.buffer, sys.stdout.buffer)
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
