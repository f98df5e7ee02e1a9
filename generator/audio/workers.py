"""The eSpeak NG workers of a build: one `python -m generator.audio.espeak --serve` per core.

Each worker process starts Python and the library once and makes every job it is given in a
child forked from that untouched state (see generator/audio/espeak.py), so a clip costs its
synthesis and encoding, not a Python start-up, and is the same whichever worker made it and
whatever it made before. Jobs run on as many workers at once as `worker_count()` says; the
caller gathers the results in its own order.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import queue
import subprocess
import sys
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import IO

from generator.audio.espeak import FAILED, JOB_TIMEOUT, read_exact

WORKERS_VARIABLE = "QFQ_AUDIO_WORKERS"  # how many clips at once (default: the cores)


class WorkerError(Exception):
    """The job failed: the message of the worker (eSpeak NG could not say the text…)."""


class WorkerStopped(WorkerError):
    """The worker process could not be started or stopped answering."""


def worker_count() -> int:
    """`$QFQ_AUDIO_WORKERS` if set to a whole number of at least 1, else the usable cores."""
    value = os.environ.get(WORKERS_VARIABLE, "").strip()
    if value.isdigit() and int(value) >= 1:
        return int(value)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def worker_environment() -> dict[str, str]:
    """The environment of a worker: this generator importable whatever the current folder."""
    root = str(Path(__file__).resolve().parents[2])
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH", "")) if p)
    return env


class Worker:
    """One `--serve` process, used by one thread at a time."""

    def __init__(self) -> None:
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "generator.audio.espeak", "--serve"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,  # every failure is answered in the protocol
                env=worker_environment(),
            )
        except OSError as error:
            raise WorkerStopped(f"could not start ({error})") from error

    def run(self, job: dict[str, str]) -> bytes:
        body = json.dumps(job).encode("utf-8")
        stdin, stdout = self.streams()
        try:
            stdin.write(len(body).to_bytes(4, "big") + body)
            stdin.flush()
        except OSError as error:
            raise WorkerStopped(f"stopped ({error})") from error
        header = read_exact(stdout, 5)
        data = read_exact(stdout, int.from_bytes(header[1:], "big")) if header else None
        if header is None or data is None:
            raise WorkerStopped(f"stopped (exit status {self.process.poll()})")
        if header[0] == FAILED:
            raise WorkerError(data.decode("utf-8", "replace"))
        return data

    def streams(self) -> tuple[IO[bytes], IO[bytes]]:
        assert self.process.stdin is not None and self.process.stdout is not None
        return self.process.stdin, self.process.stdout

    def close(self) -> None:
        """End the worker: the end of its input stops it; killed if it does not stop."""
        if self.process.stdin is not None:
            with contextlib.suppress(OSError):
                self.process.stdin.close()
        try:
            self.process.wait(timeout=JOB_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()


class WorkerPool:
    """`size` workers started on demand, each job run on whichever is free."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.idle: queue.SimpleQueue[Worker] = queue.SimpleQueue()
        self.started: list[Worker] = []
        self.lock = threading.Lock()
        self.threads = ThreadPoolExecutor(max_workers=size, thread_name_prefix="espeak")

    def submit(self, job: dict[str, str]) -> Future[bytes]:
        return self.threads.submit(self.run, job)

    def run(self, job: dict[str, str]) -> bytes:
        worker = self.take()
        try:
            data = worker.run(job)
        except WorkerError as error:
            if isinstance(error, WorkerStopped):
                self.drop(worker)
            else:
                self.idle.put(worker)  # the job failed, the worker goes on
            raise
        except BaseException:
            self.drop(worker)  # in an unknown state: not used again
            raise
        self.idle.put(worker)
        return data

    def take(self) -> Worker:
        try:
            return self.idle.get_nowait()
        except queue.Empty:
            worker = Worker()  # no more than `size` at once: one per thread of the pool
            with self.lock:
                self.started.append(worker)
            return worker

    def drop(self, worker: Worker) -> None:
        worker.close()
        with self.lock:
            self.started.remove(worker)

    def close(self) -> None:
        self.threads.shutdown(wait=True)
        with self.lock:
            workers, self.started = self.started, []
        for worker in workers:
            worker.close()
        self.idle = queue.SimpleQueue()


_pool: WorkerPool | None = None
_pool_lock = threading.Lock()


def pool() -> WorkerPool:
    """The pool of this process, started on first use (closed when Python exits)."""
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = WorkerPool(worker_count())
        return _pool


def close_pool() -> None:
    """Stop the workers (a later job starts new ones)."""
    global _pool
    with _pool_lock:
        current, _pool = _pool, None
    if current is not None:
        current.close()


atexit.register(close_pool)


def submit(voice: str, ssml: str, output: str) -> Future[bytes]:
    """Make `ssml` said by `voice` on a worker: the samples (`"pcm"`) or the clip (`"mp3"`)."""
    return pool().submit({"voice": voice, "ssml": ssml, "output": output})
