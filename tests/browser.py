"""Support for end-to-end tests: a built site served on localhost and headless Chromium.

Chromium is Debian's (/usr/bin/chromium), driven by Playwright; no browser is downloaded.
Every request the pages make is recorded, so tests can prove none leaves the local server.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.conftest import ROOT, require_tool

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve `folder` on a free localhost port; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class Browser:
    """A Chromium instance and the URLs every page of it requested."""

    base: str
    browser: object
    requests: list[str] = field(default_factory=list)

    def page(self, path: str = "", *, javascript: bool = True, width: int = 390):
        context = self.browser.new_context(  # type: ignore[attr-defined]
            java_script_enabled=javascript, viewport={"width": width, "height": 844}
        )
        page = context.new_page()
        page.on("request", lambda request: self.requests.append(request.url))
        if path is not None:
            page.goto(self.base + path)
        return page

    def foreign_requests(self) -> list[str]:
        """Requests that went anywhere but the local test server."""
        return [url for url in self.requests if not url.startswith(self.base)]


@contextmanager
def chromium(base: str) -> Iterator[Browser]:
    require_tool("/usr/bin/chromium")
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        try:
            yield Browser(base, browser)
        finally:
            browser.close()


def axe_violations(page, impacts: tuple[str, ...] = ("serious", "critical")) -> list[str]:
    """Run axe-core in the page; the violations of the given impacts, one line each."""
    if not AXE.is_file():
        require_tool("npm")
        pytest.fail("axe-core is missing: run `npm ci` (make test does it)")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document)")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in impacts
    ]
