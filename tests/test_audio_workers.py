"""Clips made fast and still the same: the eSpeak NG workers (one per core, a forked child per
clip), the NumPy sums over the samples, and a parallel build that gives the bytes, the manifest
and the warnings of a one-worker build."""

from __future__ import annotations

import math
import operator
import os
import signal
from array import array
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.audio import workers
from generator.audio.encode import (
    ABSOLUTE_GATE,
    BLOCK_SECONDS,
    FULL_SCALE,
    PEAK_CEILING,
    RELATIVE_GATE,
    TARGET_LEVEL,
    TOLERANCE,
    Pcm,
    block_powers,
    limiter_table,
    normalise,
    peak_level,
    to_db,
)
from generator.audio.render import render_audio
from generator.pipeline import load_guide
from tests.conftest import DATA, TODAY
from tests.test_audio_render import project

# The clips of the small guide in French and Arabic, as forked workers and one process make
# them alike (each name ends with the start of the clip's SHA-256): the same bytes as before
# workers were forked and sums ran in NumPy; since, LAME encodes in its fast mode (encode.QUALITY,
# bench/results/audio-quality-2026-12-02.md), which changed every clip once, and a quiet eSpeak
# voice is said once and raised by `normalise` (espeak.speak_at_level), which changed these.
CLIPS_BEFORE = {
    ("france-services-test", "fr"): "audio/fr/france-services-test.56c06cad99.mp3",
    ("france-services-test", "ar"): "audio/ar/france-services-test.775037145c.mp3",
    ("caf-test", "fr"): "audio/fr/caf-test.16433bbce6.mp3",
    ("caf-test", "ar"): "audio/ar/caf-test.00cdd9d233.mp3",
    ("mediatheque-test", "fr"): "audio/fr/mediatheque-test.a70d5a033e.mp3",
    ("mediatheque-test", "ar"): "audio/ar/mediatheque-test.3f73c37c0e.mp3",
}


@pytest.fixture
def fresh_pool() -> Iterator[None]:
    """Workers started for this test only (their number is read when the pool starts)."""
    workers.close_pool()
    yield
    workers.close_pool()


# --- the sums: NumPy gives what plain Python gave ----------------------------------------------


def python_block_powers(pcm: Pcm) -> list[float]:
    """The plain-Python sums that NumPy replaced."""
    size = max(1, int(pcm.rate * BLOCK_SECONDS))
    powers = []
    for start in range(0, len(pcm.samples), size):
        block = pcm.samples[start : start + size]
        powers.append(sum(map(operator.mul, block, block)) / (len(block) * FULL_SCALE**2))
    return powers


def python_normalise(pcm: Pcm) -> array:
    """The plain-Python normalisation that NumPy replaced (level, peak, table look-up)."""
    loud = [p for p in python_block_powers(pcm) if to_db(p) > ABSOLUTE_GATE]
    gate = to_db(sum(loud) / len(loud)) + RELATIVE_GATE
    gated = [p for p in loud if to_db(p) > gate]
    gain_db = TARGET_LEVEL - to_db(sum(gated) / len(gated))
    peak = max(max(pcm.samples), -min(pcm.samples))
    if abs(gain_db) < TOLERANCE and 20 * math.log10(peak / FULL_SCALE) <= PEAK_CEILING:
        return pcm.samples
    table = limiter_table(10 ** (gain_db / 20))
    return array("h", map(table.__getitem__, pcm.samples))


def speech_like(seconds: float, seed: int, level: float) -> Pcm:
    """A loud, uneven, noisy signal with full-scale peaks and a silent gap (deterministic)."""
    samples = array("h")
    state = seed
    count = int(seconds * 22_050)
    for n in range(count):
        state = (state * 1_103_515_245 + 12_345) % 2**31
        noise = (state / 2**31 - 0.5) * 0.2
        envelope = 0.0 if 0.4 < n / count < 0.5 else 0.3 + 0.7 * abs(math.sin(n / 3000))
        value = level * envelope * (math.sin(2 * math.pi * 180 * n / 22_050) + noise)
        samples.append(max(-32768, min(32767, round(value * 32767))))
    samples[count // 3] = -32768
    samples[count // 3 + 1] = 32767
    return Pcm(samples)


@pytest.mark.parametrize(
    ("seconds", "seed", "level"), [(2.37, 1, 1.0), (1.0, 7, 0.05), (0.05, 3, 0.3)]
)
def test_numpy_sums_equal_the_plain_python_ones(seconds: float, seed: int, level: float) -> None:
    pcm = speech_like(seconds, seed, level)  # 2.37 s: a last block shorter than the others
    assert block_powers(pcm) == python_block_powers(pcm)
    peak = max(max(pcm.samples), -min(pcm.samples))
    assert peak_level(pcm) == 20 * math.log10(peak / FULL_SCALE)
    shaped = normalise(pcm).samples
    assert shaped == python_normalise(pcm)
    assert shaped != pcm.samples  # louder or softer, and the peaks limited


def test_silence_and_an_empty_sound() -> None:
    assert block_powers(Pcm(array("h", bytes(2 * 3000)))) == [0.0, 0.0]
    assert block_powers(Pcm(array("h"))) == []
    assert peak_level(Pcm(array("h"))) == -math.inf
    assert peak_level(Pcm(array("h", bytes(20)))) == -math.inf


# --- the workers ---------------------------------------------------------------------------------

HELLO = "<speak>Bonjour.</speak>"


def test_a_failed_job_says_why_and_the_worker_goes_on(fresh_pool: None) -> None:
    pool = workers.WorkerPool(1)
    try:
        with pytest.raises(workers.WorkerError, match="no voice `nope`"):
            pool.submit({"voice": "nope", "ssml": HELLO, "output": "mp3"}).result()
        with pytest.raises(workers.WorkerError, match="ssml"):
            pool.submit({"voice": "fr", "output": "mp3"}).result()
        clip = pool.submit({"voice": "fr", "ssml": HELLO, "output": "mp3"}).result()
        assert len(pool.started) == 1  # the same worker made all three
    finally:
        pool.close()
    alone = workers.WorkerPool(1)
    try:
        assert alone.submit({"voice": "fr", "ssml": HELLO, "output": "mp3"}).result() == clip
    finally:
        alone.close()


def test_a_worker_that_stops_is_replaced_by_a_new_one(fresh_pool: None) -> None:
    pool = workers.WorkerPool(1)
    job = {"voice": "fr", "ssml": HELLO, "output": "pcm"}
    try:
        samples = pool.submit(job).result()
        first = pool.started[0]
        os.kill(first.process.pid, signal.SIGKILL)
        first.process.wait()
        with pytest.raises(workers.WorkerStopped):
            pool.submit(job).result()
        assert pool.started == []
        assert pool.submit(job).result() == samples
        assert pool.started[0] is not first
    finally:
        pool.close()


def test_the_number_of_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(workers.WORKERS_VARIABLE, "3")
    assert workers.worker_count() == 3
    for wrong in ("0", "two", ""):
        monkeypatch.setenv(workers.WORKERS_VARIABLE, wrong)
        assert workers.worker_count() == len(os.sched_getaffinity(0))


# --- a parallel build is a one-worker build, sooner ---------------------------------------------


def render_with(count: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv(workers.WORKERS_VARIABLE, str(count))
    workers.close_pool()
    started: list[workers.Worker] = []

    class Counted(workers.Worker):
        def __init__(self) -> None:
            super().__init__()
            started.append(self)

    monkeypatch.setattr(workers, "Worker", Counted)
    folder = tmp_path / f"workers-{count}"
    folder.mkdir()
    guide = load_guide(DATA / "small.yaml", TODAY)[0]
    result = render_audio(
        guide,
        folder / "site",
        project_dir=project(folder),
        cache_dir=folder / "cache",
        offline=True,
        progress=False,
        today=TODAY,
        languages=frozenset({"fr", "ar"}),
    )
    assert 1 <= len(started) <= count  # as many clips made at once
    assert all(worker.process.returncode == 0 for worker in started)  # stopped after
    return result, folder, len(started)


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_parallel_clips_equal_one_worker_clips_in_the_same_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_pool: None
) -> None:
    one, one_dir, _one = render_with(1, tmp_path, monkeypatch)
    many, many_dir, started = render_with(3, tmp_path, monkeypatch)
    assert started > 1
    assert many.entries == one.entries
    assert list(many.entries) == list(one.entries)  # the manifest's order
    assert [list(langs) for langs in many.entries.values()] == [
        list(langs) for langs in one.entries.values()
    ]
    assert many.warnings == one.warnings
    assert many.summary() == one.summary()
    clips = {
        (actor, tag): entry["clip"]
        for actor, langs in one.entries.items()
        for tag, entry in langs.items()
        if entry["clip"]
    }
    assert clips == CLIPS_BEFORE  # the same bytes on every machine, whatever the workers
    assert files_of(many_dir / "site") == files_of(one_dir / "site")
    assert files_of(many_dir / "cache") == files_of(one_dir / "cache")
