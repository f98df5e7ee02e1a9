"""The audio page behind a QR code, in headless Chromium with JavaScript on and off."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from generator.audio.render import render_audio
from generator.pipeline import load_guide
from generator.render.audio_page import relative_url
from tests.conftest import DATA, ROOT, TODAY, require_tool

expect = pytest.importorskip("playwright.sync_api").expect

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
FSC = "france-services-test"

pytestmark = pytest.mark.browser


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The audio of the small guide plus Pashto and Bambara (no voice: pages without clips)."""
    tmp = tmp_path_factory.mktemp("audio-page")
    source = tmp / "guide.yaml"
    text = (DATA / "small.yaml").read_text(encoding="utf-8")
    source.write_text(text.replace("[fr, en, ar]\n", "[fr, en, ar, ps, bm]\n", 1), "utf-8")
    guide = load_guide(source, TODAY)[0]
    out = tmp / "site"
    render_audio(
        guide, out, project_dir=ROOT, cache_dir=tmp / "cache", offline=True, progress=False
    )
    return out


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    handler = functools.partial(QuietHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    require_tool(CHROMIUM)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


def test_relative_links_between_languages() -> None:
    assert relative_url("en/a/x/", "ar/a/x/") == "../../../en/a/x/"
    assert relative_url("a/x/", "ar/a/x/") == "../../../a/x/"
    assert relative_url("ar/a/x/", "a/x/") == "../../ar/a/x/"
    assert relative_url("audio/fr/x.0123456789.mp3", "a/x/") == "../../audio/fr/x.0123456789.mp3"
    assert relative_url("a/x/", "a/x/") == "./"


def test_pages_are_light(site: Path) -> None:
    for page in site.rglob("index.html"):
        html = page.read_text(encoding="utf-8")
        assert len(html.encode("utf-8")) < 20_000, page
        # nothing else to download but the site's icon (phones ask for one)
        assert html.count("<link") == 1 and '<link rel="icon" href="../../' in html, page
        assert 'src="http' not in html


def test_with_javascript_the_big_buttons_play_and_slow_down(browser, base_url: str) -> None:
    """Every assertion waits for the state (labels change on the asynchronous media events)."""
    context = browser.new_context(java_script_enabled=True)  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(f"{base_url}ar/a/{FSC}/")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    play, slow = page.locator("#play"), page.locator("#slow")
    expect(play).to_be_visible()
    expect(slow).to_be_visible()
    expect(play).to_have_text("استمع")
    expect(page.locator("audio#clip[controls]")).to_be_visible()
    play.click()
    page.wait_for_function("() => !document.getElementById('clip').paused", timeout=10_000)
    expect(play).to_have_text("إيقاف مؤقت")
    slow.click()
    expect(slow).to_have_attribute("aria-pressed", "true")
    page.wait_for_function("() => document.getElementById('clip').playbackRate === 0.75")
    play.click()
    page.wait_for_function("() => document.getElementById('clip').paused")
    expect(play).to_have_text("استمع")
    slow.click()
    expect(slow).to_have_attribute("aria-pressed", "false")
    page.wait_for_function("() => document.getElementById('clip').playbackRate === 1")
    page.wait_for_function("() => document.getElementById('clip').duration > 1")
    context.close()


def test_without_javascript_the_native_player_transcript_and_links_work(
    browser, base_url: str
) -> None:
    context = browser.new_context(java_script_enabled=False)  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(f"{base_url}a/{FSC}/")
    assert page.get_attribute("html", "lang") == "fr"
    assert not page.locator("#play").is_visible()  # needs JavaScript: hidden
    assert not page.locator("#slow").is_visible()
    audio = page.locator("audio#clip[controls]")
    assert audio.is_visible()
    clip_url = page.evaluate("document.getElementById('clip').src")
    assert page.request.get(clip_url).headers["content-type"] == "audio/mpeg"
    transcript = page.locator("#transcript").inner_text()
    assert "Un lieu pour vous aider dans vos démarches." in transcript
    assert "du lundi au vendredi, de 9 heures à midi et de 14 heures à 17 heures" in transcript
    assert page.get_attribute("#tel", "href") == "tel:+33261910012"
    assert page.locator("#tel").inner_text() == "02 61 91 00 12"
    full = page.evaluate("document.getElementById('full').href")
    assert full == f"{base_url}acteurs/{FSC}/"
    names = page.locator(".langs a").all_inner_texts()
    assert names == ["Français", "English", "العربية", "پښتو", "Bamanakan"]
    page.locator(".langs a[hreflang=ar]").click()
    page.wait_for_url(f"{base_url}ar/a/{FSC}/")
    assert page.get_attribute("html", "dir") == "rtl"
    assert page.locator("#transcript bdi[lang=fr]").first.inner_text() == "France Services du Test"
    for link in page.locator(".langs a").all():
        href = page.evaluate("(a) => a.href", link.element_handle())
        assert page.request.get(href).ok, href
    context.close()


def test_a_page_without_clip_points_to_the_phone_and_the_full_page(browser, base_url: str) -> None:
    context = browser.new_context(java_script_enabled=True)  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(f"{base_url}bm/a/{FSC}/")
    assert page.locator("audio").count() == 0
    assert page.locator("#play").count() == 0
    missing = page.locator("#missing").inner_text()
    assert "pas encore d'enregistrement" in missing
    assert "Appelez le numéro ci-dessous" in missing
    assert page.get_attribute("#tel", "href") == "tel:+33261910012"
    assert page.evaluate("document.getElementById('full').href") == f"{base_url}bm/acteurs/{FSC}/"
    assert page.locator("a[hreflang=bm]").get_attribute("aria-current") == "page"
    context.close()


def test_without_clip_the_text_still_tells_the_essentials(browser, base_url: str) -> None:
    """Pashto has templates but no voice: the page gives the text (what to record, too)."""
    context = browser.new_context(java_script_enabled=False)  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(f"{base_url}ps/a/{FSC}/")
    assert (page.get_attribute("html", "lang"), page.get_attribute("html", "dir")) == ("ps", "rtl")
    assert page.locator("#missing").inner_text().startswith("په دې ژبه لا تر اوسه غږ نشته.")
    assert page.locator("h2", has_text="په لنډ ډول").count() == 1
    assert "د ټیلیفون شمېره" in page.locator("#transcript").inner_text()
    context.close()
