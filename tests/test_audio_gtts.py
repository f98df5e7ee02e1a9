"""The gTTS engine against a local fake of Google's endpoint: never the real network."""

from __future__ import annotations

import base64
import contextlib
import json
import threading
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from generator.audio.engines import (
    MAX_CHUNK,
    CircuitBreaker,
    ClipRequest,
    EngineError,
    EngineUnavailable,
    GttsEngine,
    chunk_text,
    gtts_segments,
)
from generator.audio.script import build_script
from generator.audio.voices import GTTS_VOICES
from generator.languages import language
from generator.pipeline import load_guide
from tests.conftest import DATA, TODAY
from tests.test_audio_cache import tone_mp3

TONE = tone_mp3(seconds=0.6)


def answer_with_audio(mp3: bytes) -> bytes:
    """What Google's batchexecute endpoint answers (the part gTTS reads)."""
    encoded = base64.b64encode(mp3).decode("ascii")
    parts = [["wrb.fr", "jQ1olc", f'["{encoded}"]', None, None, None, "generic"]]
    line = json.dumps(parts, separators=(",", ":"))
    return f")]}}'\n\n{len(line)}\n{line}\n".encode()


@dataclass
class FakeGoogle:
    """Answers each request with the next scripted behaviour (the last one repeats)."""

    behaviours: list[str | int] = field(default_factory=lambda: ["ok"])
    requests: list[tuple[str, str]] = field(default_factory=list)  # (path, text asked)
    failing_domains: set[str] = field(default_factory=set)  # tlds that always answer 503
    port: int = 0

    def next_behaviour(self) -> str | int:
        return self.behaviours.pop(0) if len(self.behaviours) > 1 else self.behaviours[0]

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}/{{tld}}/batchexecute"


def make_handler(fake: FakeGoogle) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"])).decode()
            rpc = json.loads(urllib.parse.unquote(body.removeprefix("f.req=").rstrip("&")))
            text = json.loads(rpc[0][0][1])[0]
            fake.requests.append((self.path, text))
            failing = self.path.split("/")[1] in fake.failing_domains
            behaviour = 503 if failing else fake.next_behaviour()
            if behaviour == "hang":
                time.sleep(1.5)
                behaviour = "ok"
            if isinstance(behaviour, int):
                self.send_response(behaviour)
                self.send_header("Retry-After", "0")
                self.end_headers()
                return
            payload = answer_with_audio(TONE) if behaviour == "ok" else b")]}'\n\n[]\n"
            self.send_response(200)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *_args: object) -> None:
            pass

    return Handler


@contextlib.contextmanager
def running(fake: FakeGoogle) -> Iterator[FakeGoogle]:
    """The fake endpoint, listening on a free local port while the block runs."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(fake))
    server.daemon_threads = True
    fake.port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def fake_google() -> Iterator[FakeGoogle]:
    with running(FakeGoogle()) as fake:
        yield fake


def engine_for(fake: FakeGoogle, **options: object) -> GttsEngine:
    settings: dict[str, object] = {"throttle": 0, "backoff": 0.01, "timeout": 2.0, "retries": 2}
    settings.update(options)
    return GttsEngine(endpoint=fake.endpoint, **settings)  # type: ignore[arg-type]


def request_for(actor_id: str, tag: str) -> ClipRequest:
    guide = load_guide(DATA / "small.yaml", TODAY)[0]
    script = build_script(guide, guide.actor(actor_id), language(tag))
    return ClipRequest(actor_id, tag, script, Path("/nowhere.mp3"))


def test_chunks_are_cut_at_sentence_ends_and_never_exceed_100_characters() -> None:
    text = (
        "Première phrase courte. Deuxième phrase, un peu plus longue, qui continue encore "
        "et encore pour dépasser largement la limite de cent caractères de Google. Fin."
    )
    chunks = chunk_text(text)
    assert all(len(chunk) <= MAX_CHUNK for chunk in chunks)
    assert chunks[0] == "Première phrase courte."
    assert chunks[-1].endswith("Fin.")
    assert " ".join(chunks).split() == text.split()  # nothing lost, nothing added


def test_a_french_name_in_an_arabic_clip_goes_to_the_french_voice() -> None:
    request = request_for("france-services-test", "ar")
    assert request.script is not None
    segments = gtts_segments(request.script, GTTS_VOICES["ar"])
    voices = {text: voice.id for voice, text in segments}
    assert voices["France Services du Test."] == "fr:fr"
    assert voices["3 place des Tilleuls, Ville-Test."] == "fr:fr"
    assert not any(text.startswith(".") for _voice, text in segments)


def test_success(fake_google: FakeGoogle) -> None:
    engine = engine_for(fake_google)
    request = request_for("caf-test", "fr")
    voice = engine.voice(request)
    assert voice is not None and voice.id == "fr:fr"
    pcm = engine.synthesize(request, voice)
    asked = [text for _path, text in fake_google.requests]
    assert all(len(text) <= MAX_CHUNK for text in asked)
    assert " ".join(asked) == request.script.said  # type: ignore[union-attr]
    assert asked[0].startswith("CAF. ")  # gTTS's own pre-processing would drop such stops
    assert all(path == "/fr/batchexecute" for path, _ in fake_google.requests)
    assert pcm.seconds > 0.6 * len(asked)


def test_429_then_success(fake_google: FakeGoogle) -> None:
    fake_google.behaviours = [429, "ok"]
    engine = engine_for(fake_google)
    request = request_for("mediatheque-test", "en")
    pcm = engine.synthesize(request, engine.voice(request))  # type: ignore[arg-type]
    assert pcm.seconds > 0.6
    chunks = len(fake_google.requests) - 1
    assert fake_google.requests[0] == fake_google.requests[1]  # the same chunk, asked again
    assert chunks >= 1


def test_persistent_5xx_gives_up_after_the_retries(fake_google: FakeGoogle) -> None:
    fake_google.behaviours = [503]
    engine = engine_for(fake_google, retries=2)
    request = request_for("caf-test", "fr")
    with pytest.raises(EngineError) as failure:
        engine.synthesize(request, engine.voice(request))  # type: ignore[arg-type]
    assert not isinstance(failure.value, EngineUnavailable)  # the server answers: not the network
    assert len(fake_google.requests) == 3  # the first chunk, tried three times
    assert engine.ready()


def test_a_hanging_server_times_out_and_the_breaker_opens(fake_google: FakeGoogle) -> None:
    fake_google.behaviours = ["hang"]
    engine = engine_for(fake_google, timeout=0.3, breaker=CircuitBreaker(threshold=2))
    request = request_for("caf-test", "fr")
    started = time.monotonic()
    with pytest.raises(EngineUnavailable):
        engine.synthesize(request, engine.voice(request))  # type: ignore[arg-type]
    assert time.monotonic() - started < 1.5
    assert not engine.ready()
    sent = engine.requests_sent
    with pytest.raises(EngineUnavailable):
        engine.synthesize(request, engine.voice(request))  # type: ignore[arg-type]
    assert engine.requests_sent == sent  # the next clip does not wait on the network


def test_an_unreachable_network_stops_the_engine_at_once() -> None:
    engine = GttsEngine(endpoint="http://127.0.0.1:9/{tld}", throttle=0, backoff=0.01, timeout=1)
    request = request_for("caf-test", "fr")
    with pytest.raises(EngineUnavailable):
        engine.synthesize(request, engine.voice(request))  # type: ignore[arg-type]
    assert engine.requests_sent == 2 and not engine.ready()


def test_unsupported_languages_are_never_asked(fake_google: FakeGoogle) -> None:
    engine = engine_for(fake_google)
    for tag in ("fa-AF", "ps", "ti"):
        assert engine.voice(request_for("caf-test", tag)) is None
    assert fake_google.requests == []


def test_an_answer_without_audio_is_a_failure(fake_google: FakeGoogle) -> None:
    fake_google.behaviours = ["no audio"]
    engine = engine_for(fake_google)
    request = request_for("caf-test", "fr")
    with pytest.raises(EngineError, match="no audio"):
        engine.synthesize(request, engine.voice(request))  # type: ignore[arg-type]


def test_offline_the_engine_is_not_ready_and_sends_nothing(fake_google: FakeGoogle) -> None:
    engine = engine_for(fake_google, offline=True)
    assert not engine.ready()
    request = request_for("caf-test", "fr")
    with pytest.raises(EngineUnavailable):
        engine.synthesize(request, engine.voice(request))  # type: ignore[arg-type]
    assert fake_google.requests == []
