"""Speech engines behind one interface: a person's recording, eSpeak NG (offline), gTTS (online).

An engine says whether it has a voice for a clip (`voice`), what exact text it would be given
(`source_text`, the cache key's text), whether it can work right now (`ready`: gTTS is not
ready offline or after the network failed), and makes the sound (`synthesize`). A failure is
an `EngineError`: the caller tries the next engine; no engine ever returns a partial sound.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

import requests

from generator.audio import workers
from generator.audio.encode import ClipError, Pcm, decode_audio, join_pcm, make_clip
from generator.audio.script import Script
from generator.audio.voices import (
    ESPEAK,
    ESPEAK_VOICES,
    GTTS,
    GTTS_VOICES,
    RECORDED,
    RECORDED_VOICE,
    Voice,
)

RECORDED_DIR = Path("audio") / "recorded"


class EngineError(Exception):
    """An engine could not make this clip; the next engine in the list is tried."""


class EngineUnavailable(EngineError):
    """The engine cannot work at all now (no network, library missing)."""


class NetworkUnavailable(EngineUnavailable):
    """An online engine cannot reach its service: the build says so once, not per clip."""


@dataclass(frozen=True, slots=True)
class ClipRequest:
    """One clip to make: an actor in a language."""

    actor_id: str
    lang: str
    script: Script | None  # None when the language has no templates
    recorded: Path  # where an editor puts a person's recording


def recorded_path(project_dir: Path, lang: str, actor_id: str) -> Path:
    """`audio/recorded/<lang>/<actor-id>.mp3`: a recording there wins over any engine."""
    return project_dir / RECORDED_DIR / lang / f"{actor_id}.mp3"


class Engine(ABC):
    name: str
    recipe = ""  # part of its clips' cache keys: changed when its clips would change

    @abstractmethod
    def voice(self, request: ClipRequest) -> Voice | None:
        """The voice for this clip, or None when the engine cannot say it."""

    @abstractmethod
    def source_text(self, request: ClipRequest, voice: Voice) -> str:
        """The exact input of the engine: equal inputs give equal clips."""

    def ready(self) -> bool:
        """Whether the engine can make a clip now."""
        return True

    def unreachable(self) -> bool:
        """Whether the engine is not ready because its service cannot be reached (not
        because the build was told to stay offline)."""
        return False

    @abstractmethod
    def synthesize(self, request: ClipRequest, voice: Voice) -> Pcm:
        """The whole sound of the clip; EngineError otherwise."""

    def submit(self, request: ClipRequest, voice: Voice) -> Future[bytes] | None:
        """Start making the clip in the background, if the engine can (else None)."""
        return None

    def clip(
        self, request: ClipRequest, voice: Voice, pending: Future[bytes] | None = None
    ) -> bytes:
        """The finished clip: normalised and encoded (`pending` from `submit`, if started)."""
        return make_clip(self.synthesize(request, voice))


# --- recorded ---------------------------------------------------------------------------------


class RecordedEngine(Engine):
    """A person's recording at audio/recorded/<lang>/<actor-id>.mp3."""

    name = RECORDED

    def voice(self, request: ClipRequest) -> Voice | None:
        return RECORDED_VOICE if request.recorded.is_file() else None

    def source_text(self, request: ClipRequest, voice: Voice) -> str:
        digest = hashlib.sha256(request.recorded.read_bytes()).hexdigest()
        return f"sha256:{digest}"

    def synthesize(self, request: ClipRequest, voice: Voice) -> Pcm:
        try:
            return decode_audio(request.recorded.read_bytes())
        except (OSError, ClipError) as error:
            raise EngineError(f"{request.recorded}: {error}") from error


# --- eSpeak NG --------------------------------------------------------------------------------


def espeak_result(future: Future[bytes]) -> bytes:
    """The bytes of a worker's job, or the EngineError that says why there are none."""
    try:
        return future.result()
    except workers.WorkerStopped as error:
        raise EngineUnavailable(f"eSpeak NG could not run ({error})") from error
    except workers.WorkerError as error:
        raise EngineError(f"eSpeak NG: {error}") from error


def espeak_ssml(script: Script, voice: Voice) -> str:
    """The script as SSML: names in another language are said by that language's voice."""
    sentences = []
    for sentence in script.sentences:
        pieces = []
        for part in sentence.parts:
            text = escape(part.said)
            other = ESPEAK_VOICES.get(part.lang)
            if part.lang != script.lang and other is not None and other.lang != voice.lang:
                pieces.append(f'<voice xml:lang="{other.lang}">{text}</voice>')
            else:
                pieces.append(text)
        sentences.append("".join(pieces))
    return "<speak>" + " ".join(sentences) + "</speak>"


class EspeakEngine(Engine):
    """eSpeak NG, offline, from the espeakng-loader wheel."""

    name = ESPEAK
    recipe = "raised-by-normalise"  # a quiet voice is said once (espeak.speak_at_level)

    def voice(self, request: ClipRequest) -> Voice | None:
        return ESPEAK_VOICES.get(request.lang) if request.script else None

    def source_text(self, request: ClipRequest, voice: Voice) -> str:
        assert request.script is not None
        return espeak_ssml(request.script, voice)

    def synthesize(self, request: ClipRequest, voice: Voice) -> Pcm:
        job = workers.submit(voice.id, self.source_text(request, voice), "pcm")
        return Pcm.from_bytes(espeak_result(job))

    def submit(self, request: ClipRequest, voice: Voice) -> Future[bytes] | None:
        return workers.submit(voice.id, self.source_text(request, voice), "mp3")

    def clip(
        self, request: ClipRequest, voice: Voice, pending: Future[bytes] | None = None
    ) -> bytes:
        """The finished clip, normalised and encoded by the worker itself."""
        future = pending or workers.submit(voice.id, self.source_text(request, voice), "mp3")
        return espeak_result(future)


# --- gTTS -------------------------------------------------------------------------------------

GOOGLE_ENDPOINT = "https://translate.google.{tld}/_/TranslateWebserverUi/data/batchexecute"
MAX_CHUNK = 100  # characters Google accepts in one request
SENTENCE_END = re.compile(r"(?<=[.!?؟።])\s+")
CLAUSE_END = re.compile(r"(?<=[,;:،؛፣፤፥])\s+")
AUDIO_LINE = re.compile(r'jQ1olc","\[\\"(.*)\\"]')
CHUNK_PAUSE = 0.25  # seconds of silence between two requests' sounds


def split_long(text: str, limit: int = MAX_CHUNK) -> list[str]:
    """Pieces of at most `limit` characters: at clause ends, else between words."""
    if len(text) <= limit:
        return [text]
    for pattern in (CLAUSE_END, re.compile(r"\s+")):
        pieces = pattern.split(text)
        if len(pieces) > 1:
            return [chunk for piece in pack(pieces, limit) for chunk in split_long(piece, limit)]
    return [text[i : i + limit] for i in range(0, len(text), limit)]


def pack(pieces: list[str], limit: int) -> list[str]:
    """Join consecutive pieces with spaces while they fit in `limit`."""
    packed: list[str] = []
    for piece in pieces:
        if packed and len(packed[-1]) + 1 + len(piece) <= limit:
            packed[-1] += " " + piece
        else:
            packed.append(piece)
    return packed


def chunk_text(text: str, limit: int = MAX_CHUNK) -> list[str]:
    """Chunks of at most `limit` characters: whole sentences, packed together while they fit.

    Only a sentence longer than `limit` is cut (at its clauses, else between words), and its
    pieces are never merged with the next sentence.
    """
    chunks: list[str] = []
    whole = False  # whether the last chunk ends with a whole sentence
    for sentence in SENTENCE_END.split(text.strip()):
        if not sentence:
            continue
        if len(sentence) > limit:
            chunks += split_long(sentence, limit)
            whole = False
        elif whole and len(chunks[-1]) + 1 + len(sentence) <= limit:
            chunks[-1] += " " + sentence
        else:
            chunks.append(sentence)
            whole = True
    return [chunk for chunk in chunks if any(c.isalnum() for c in chunk)]


LEADING_PUNCTUATION = re.compile(r"^[\s.,;:!?؟،؛።፣]+")


def gtts_segments(script: Script, voice: Voice) -> list[tuple[Voice, str]]:
    """Runs of text for one voice each: a French name in an Arabic script is said in French.

    Punctuation that follows a name stays with it ("France Services du Test."), so that no
    request starts with a full stop.
    """
    runs: list[tuple[Voice, str]] = []
    for sentence in script.sentences:
        for part in sentence.parts:
            other = GTTS_VOICES.get(part.lang)
            chosen = other if part.lang != script.lang and other is not None else voice
            text = part.said
            if runs and runs[-1][0] == chosen:
                runs[-1] = (chosen, runs[-1][1] + text)
                continue
            lead = LEADING_PUNCTUATION.match(text)
            if runs and lead:
                runs[-1] = (runs[-1][0], runs[-1][1] + lead.group().rstrip())
                text = text[lead.end() :]
            runs.append((chosen, text))
        if runs:
            runs[-1] = (runs[-1][0], runs[-1][1] + " ")
    return [(v, text.strip()) for v, text in runs if any(c.isalnum() for c in text)]


class CircuitBreaker:
    """Stops calling a service that keeps failing, then tries again after `cooldown` seconds."""

    def __init__(
        self,
        threshold: int = 2,
        cooldown: float = 120.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.threshold = threshold
        self.cooldown = cooldown
        self.clock = clock
        self.failures = 0
        self.opened_at: float | None = None

    @property
    def is_open(self) -> bool:
        return self.opened_at is not None and self.clock() - self.opened_at < self.cooldown

    def record_failure(self) -> None:
        self.failures += 1
        if self.failures >= self.threshold:
            self.opened_at = self.clock()

    def record_success(self) -> None:
        self.failures = 0
        self.opened_at = None


class GttsEngine(Engine):
    """Google Translate's voice through gTTS; needs the internet, so it is careful with it.

    Each request has a timeout; requests are spaced by `throttle` seconds; a 429 or 5xx answer
    is retried with exponential backoff (or the server's Retry-After); after `breaker`
    consecutive network failures the engine stops trying for the rest of the build.
    """

    name = GTTS

    def __init__(
        self,
        *,
        offline: bool = False,
        timeout: float = 10.0,
        throttle: float = 0.5,
        retries: int = 3,
        backoff: float = 1.0,
        max_delay: float = 30.0,
        endpoint: str = GOOGLE_ENDPOINT,
        session: requests.Session | None = None,
        breaker: CircuitBreaker | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.offline = offline
        self.timeout = timeout
        self.throttle = throttle
        self.retries = retries
        self.backoff = backoff
        self.max_delay = max_delay
        self.endpoint = endpoint
        self.session = session or requests.Session()
        self.breaker = breaker or CircuitBreaker()
        self.sleep = sleep
        self.last_request = -float("inf")
        self.requests_sent = 0

    def voice(self, request: ClipRequest) -> Voice | None:
        return GTTS_VOICES.get(request.lang) if request.script else None

    def source_text(self, request: ClipRequest, voice: Voice) -> str:
        assert request.script is not None
        segments = gtts_segments(request.script, voice)
        return json.dumps([[v.id, text] for v, text in segments], ensure_ascii=False)

    def ready(self) -> bool:
        return not self.offline and not self.breaker.is_open

    def unreachable(self) -> bool:
        return not self.offline and self.breaker.is_open

    def synthesize(self, request: ClipRequest, voice: Voice) -> Pcm:
        assert request.script is not None
        if not self.ready():
            raise EngineUnavailable("gTTS is not used: offline, or the network failed")
        pieces = [
            self.fetch(chunk, segment_voice)
            for segment_voice, text in gtts_segments(request.script, voice)
            for chunk in chunk_text(text)
        ]
        if not pieces:
            raise EngineError("nothing to say")
        return join_pcm(pieces, CHUNK_PAUSE)

    def fetch(self, chunk: str, voice: Voice) -> Pcm:
        """The sound of one chunk of at most 100 characters."""
        from gtts import gTTS

        # No gTTS pre-processing: the text is ready, and its "abbreviations" step drops the
        # full stop after any word ending in "st" or "dr" ("du Test." -> "du Test").
        tts = gTTS(chunk, lang=voice.lang, tld=voice.tld, lang_check=False, pre_processor_funcs=[])
        parts = [self.post(body, voice) for body in tts.get_bodies()]
        try:
            return decode_audio(b"".join(parts))
        except ClipError as error:
            raise EngineError(f"gTTS sent sound that does not decode ({error})") from error

    def wait_turn(self) -> None:
        delay = self.last_request + self.throttle - time.monotonic()
        if delay > 0:
            self.sleep(delay)
        self.last_request = time.monotonic()

    def post(self, body: str, voice: Voice) -> bytes:
        """One request, retried on 429/5xx and network errors; the MP3 bytes it returns."""
        from gtts import gTTS

        url = self.endpoint.format(tld=voice.tld)
        for attempt in range(self.retries + 1):
            if self.breaker.is_open:
                raise NetworkUnavailable("gTTS: the network failed, not trying again")
            self.wait_turn()
            self.requests_sent += 1
            try:
                response = self.session.post(
                    url, data=body, headers=gTTS.GOOGLE_TTS_HEADERS, timeout=self.timeout
                )
            except (requests.ConnectionError, requests.Timeout) as error:
                self.breaker.record_failure()
                if attempt == self.retries or self.breaker.is_open:
                    raise NetworkUnavailable(f"gTTS: cannot reach {url} ({error})") from error
                self.sleep(self.retry_delay(attempt, None))
                continue
            status = response.status_code
            if status == 429 or status >= 500:
                if attempt == self.retries:
                    raise EngineError(f"gTTS: {status} from {url} after {attempt + 1} tries")
                self.sleep(self.retry_delay(attempt, response.headers.get("Retry-After")))
                continue
            if status != 200:
                raise EngineError(f"gTTS: {status} from {url}")
            self.breaker.record_success()
            return audio_of(response.text)
        raise EngineError("gTTS: no answer")  # not reached: the loop returns or raises

    def retry_delay(self, attempt: int, retry_after: str | None) -> float:
        if retry_after and retry_after.strip().isdigit():
            return min(float(retry_after), self.max_delay)
        return min(self.backoff * 2**attempt, self.max_delay)


def audio_of(answer: str) -> bytes:
    """The MP3 bytes in a batchexecute answer (what gTTS itself looks for)."""
    for line in answer.splitlines():
        if "jQ1olc" in line:
            found = AUDIO_LINE.search(line)
            if found:
                try:
                    return base64.b64decode(found.group(1).encode("ascii"), validate=True)
                except ValueError as error:
                    raise EngineError("gTTS: the audio in the answer is damaged") from error
    raise EngineError("gTTS: no audio in the answer (language not supported?)")


def default_engines(*, offline: bool) -> dict[str, Engine]:
    """One engine of each kind, as a build uses them."""
    return {RECORDED: RecordedEngine(), ESPEAK: EspeakEngine(), GTTS: GttsEngine(offline=offline)}
