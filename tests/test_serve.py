"""`serve`: the preview rebuilds what changed and keeps serving the last good site."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from tests.conftest import DATA, ROOT


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def wait_for(predicate, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.3)
    raise AssertionError("timed out")


def test_serve_rebuilds_on_change_and_survives_a_mistake(tmp_path: Path) -> None:
    source = tmp_path / "actors.yaml"
    text = (DATA / "small.yaml").read_text(encoding="utf-8")
    source.write_text(text, encoding="utf-8")
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "generator",
            "serve",
            "--source",
            str(source),
            "--site-dir",
            str(tmp_path / "site"),
            "--port",
            str(port),
            "--today",
            "2026-11-22",
            "--interval",
            "0.3",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(process.stdout), daemon=True)
    reader.start()
    try:
        page = f"http://127.0.0.1:{port}/acteurs/mediatheque-test/"
        wait_for(lambda: _up(page))
        source.write_text(text.replace("et des ateliers.", "et du wifi gratuit."), "utf-8")
        wait_for(lambda: "du wifi gratuit" in fetch(page))
        # Saved straight away, possibly while the previous rebuild is still finishing.
        source.write_text(text.replace('telephone: "3230"', 'telephone: "32"'), "utf-8")
        wait_for(lambda: any("Not rebuilt: fix the file" in line for line in lines))
        assert "du wifi gratuit" in fetch(page)  # the mistake did not break the preview
    finally:
        process.terminate()
        process.wait(timeout=30)
        reader.join(timeout=10)
    output = "".join(lines)
    builds = re.findall(r"Built (\d+) pages \((\d+) rendered", output)
    assert len(builds) >= 2, output
    total, rendered = map(int, builds[-1])
    assert rendered < total, output  # the edit re-rendered only the pages it touches
    assert "telephone" in output  # the mistake is named
    assert "stopped" in output  # SIGTERM stops the preview cleanly
    assert "Traceback" not in output


def _up(url: str) -> bool:
    try:
        return "Médiathèque" in fetch(url)
    except OSError:
        return False


def test_the_preview_never_replaces_site(tmp_path: Path) -> None:
    """Without --all the preview (no clips, no PDFs) goes to .cache/preview/, never to site/:
    a copy of site/ stays a whole site."""
    source = tmp_path / "actors.yaml"
    source.write_text((DATA / "small.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    published = tmp_path / "site"
    published.mkdir()
    (published / "index.html").write_text("the whole site", encoding="utf-8")
    port = free_port()
    command = [sys.executable, "-m", "generator", "serve", "--source", str(source)]
    process = subprocess.Popen(
        [*command, "--port", str(port), "--today", "2026-11-22"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        wait_for(lambda: _up(f"http://127.0.0.1:{port}/acteurs/mediatheque-test/"))
    finally:
        process.terminate()
        output = process.communicate(timeout=30)[0]
    assert (tmp_path / ".cache" / "preview" / "acteurs" / "mediatheque-test").is_dir(), output
    assert [p.name for p in published.iterdir()] == ["index.html"]
    assert (published / "index.html").read_text(encoding="utf-8") == "the whole site"
    refused = subprocess.run(
        [*command, "--site-dir", "site"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert "--all" in refused.stderr and ".cache/preview" in refused.stderr
    assert (published / "index.html").read_text(encoding="utf-8") == "the whole site"
