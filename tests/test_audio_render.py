"""render_audio end to end on the small guide: clips, manifest entries, cache reuse, recordings,
languages no engine speaks, fallbacks, and the coverage report."""

from __future__ import annotations

import html
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.audio.cache import ClipCache
from generator.audio.encode import BIT_RATE, probe_clip
from generator.audio.engines import EspeakEngine, GttsEngine, RecordedEngine
from generator.audio.render import AudioResult, render_audio, show_progress
from generator.audio.voices import ESPEAK, GTTS, RECORDED
from generator.model import Guide
from generator.pipeline import load_guide
from tests.conftest import DATA, ROOT, TODAY, run_cli
from tests.test_audio_cache import tone_mp3
from tests.test_audio_gtts import FakeGoogle, running

ACTORS = ("france-services-test", "caf-test", "mediatheque-test")
LANGUAGES = ("fr", "en", "ar")


@pytest.fixture
def google() -> Iterator[FakeGoogle]:
    """A local stand-in for Google's endpoint (see test_audio_gtts.py)."""
    with running(FakeGoogle()) as fake:
        yield fake


def guide_from(text: str, tmp_path: Path, name: str = "guide.yaml") -> Guide:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_guide(path, TODAY)[0]


def project(tmp_path: Path) -> Path:
    """A project folder: the real page template, and room for recordings."""
    folder = tmp_path / "project"
    folder.mkdir(exist_ok=True)
    if not (folder / "overrides").exists():
        (folder / "overrides").symlink_to(ROOT / "overrides")
    return folder


def render(guide: Guide, tmp_path: Path, cache: Path, out: str = "site", **options: object):
    out_dir = tmp_path / out
    result = render_audio(
        guide,
        out_dir,
        project_dir=options.pop("project_dir", project(tmp_path)),  # type: ignore[arg-type]
        cache_dir=cache,
        offline=bool(options.pop("offline", True)),
        progress=False,
        today=options.pop("today", TODAY),  # as the build and `audio --report` say it
        **options,  # type: ignore[arg-type]
    )
    return result, out_dir


@pytest.fixture(scope="module")
def first(tmp_path_factory: pytest.TempPathFactory) -> tuple[AudioResult, Path, Path]:
    """The small guide rendered offline into an empty cache."""
    tmp = tmp_path_factory.mktemp("audio")
    guide = load_guide(DATA / "small.yaml", TODAY)[0]
    result, out = render(guide, tmp, tmp / "cache")
    return result, out, tmp / "cache"


def copy_cache(cache: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "cache-copy"
    shutil.copytree(cache, copy)
    return copy


def test_every_actor_in_every_language_is_voiced_offline(first) -> None:
    result, out, _cache = first
    assert (result.synthesised, result.reused, result.missing) == (9, 0, 0)
    assert result.summary() == "Audio: 9 clips (9 synthesised, 0 reused), 0 missing, 9 audio pages."
    for actor in ACTORS:
        for tag in LANGUAGES:
            entry = result.entries[actor][tag]
            assert entry["engine"] == ESPEAK and entry["voice"] == tag
            assert entry["page"] == ("" if tag == "fr" else f"{tag}/") + f"a/{actor}/index.html"
            assert (out / entry["page"]).is_file()
            data = (out / entry["clip"]).read_bytes()
            assert entry["clip"].startswith(f"audio/{tag}/{actor}.") and entry["bytes"] == len(data)
            info = probe_clip(data)
            assert info.channels == 1 and info.seconds > 1
            assert info.kbit_per_second <= BIT_RATE + 0.5
            assert entry["seconds"] == info.seconds


def test_a_second_render_synthesises_nothing_and_writes_the_same_bytes(first, tmp_path) -> None:
    result, out, cache = first
    guide = load_guide(DATA / "small.yaml", TODAY)[0]
    again, out_again = render(guide, tmp_path, cache)
    assert (again.synthesised, again.reused) == (0, 9)
    assert again.entries == result.entries
    for path in out.rglob("*"):
        if path.is_file():
            assert (out_again / path.relative_to(out)).read_bytes() == path.read_bytes(), path


def test_clips_made_one_by_one_equal_clips_made_in_a_batch(first, tmp_path) -> None:
    """eSpeak NG keeps state between syntheses: each clip is made in a fresh process."""
    result, _out, cache = first
    partial = copy_cache(cache, tmp_path)
    store = ClipCache(partial)
    removed = [p for p in sorted((partial / "clips").rglob("*.mp3"))][::3]
    for path in removed:
        store.discard(path.stem)
    guide = load_guide(DATA / "small.yaml", TODAY)[0]
    again, _ = render(guide, tmp_path, partial)
    assert again.synthesised == len(removed)
    assert again.entries == result.entries


def test_editing_a_description_remakes_exactly_that_actors_clips(first, tmp_path) -> None:
    result, _out, cache = first
    text = (DATA / "small.yaml").read_text(encoding="utf-8")
    text = text.replace("vos démarches.", "vos démarches et vos papiers.")
    text = text.replace("with paperwork.", "with paperwork and forms.")
    text = text.replace("الإدارية.", "الإدارية والورقية.")
    edited = guide_from(text, tmp_path)
    again, _ = render(edited, tmp_path, copy_cache(cache, tmp_path))
    assert (again.synthesised, again.reused) == (3, 6)
    changed = {
        (actor, tag)
        for actor in ACTORS
        for tag in LANGUAGES
        if again.entries[actor][tag]["clip"] != result.entries[actor][tag]["clip"]
    }
    assert changed == {("france-services-test", tag) for tag in LANGUAGES}


def test_a_recording_wins_over_every_engine(first, tmp_path) -> None:
    _result, _out, cache = first
    folder = project(tmp_path)
    recording = folder / "audio" / "recorded" / "en" / "caf-test.mp3"
    recording.parent.mkdir(parents=True)
    recording.write_bytes(tone_mp3(seconds=2.0, rate=44_100, channels=2, bit_rate=128))
    guide = load_guide(DATA / "small.yaml", TODAY)[0]
    result, out = render(guide, tmp_path, copy_cache(cache, tmp_path), project_dir=folder)
    entry = result.entries["caf-test"]["en"]
    assert (entry["engine"], entry["voice"]) == (RECORDED, "human")
    info = probe_clip((out / entry["clip"]).read_bytes())
    assert info.channels == 1 and info.kbit_per_second <= BIT_RATE + 0.5
    assert 2.5 < info.seconds < 2.9  # two seconds, plus 0.3 s of silence at each end
    assert "Enregistré par une personne" not in (out / entry["page"]).read_text()  # English page
    assert "Recorded by a person." in (out / entry["page"]).read_text()
    assert result.synthesised == 1 and result.reused == 8


def test_a_language_no_engine_speaks_needs_a_recording(tmp_path) -> None:
    text = (DATA / "small.yaml").read_text(encoding="utf-8")
    guide = guide_from(text.replace("[fr, en, ar]\n", "[fr, en, ar, bm]\n", 1), tmp_path)
    folder = project(tmp_path)
    result, out = render(guide, tmp_path, tmp_path / "cache", project_dir=folder, engines={})
    for actor in ACTORS:
        entry = result.entries[actor]["bm"]
        assert entry == {"page": f"bm/a/{actor}/index.html", "clip": None, "needs_recording": True}
        page = html.unescape((out / entry["page"]).read_text(encoding="utf-8"))
        assert "Il n'y a pas encore d'enregistrement dans cette langue." in page
        assert '<html lang="fr" dir="ltr">' in page  # the page's texts are in French
        assert "<audio" not in page
    assert result.missing == 12  # engines={}: not even French is voiced
    recording = folder / "audio" / "recorded" / "bm" / "caf-test.mp3"
    recording.parent.mkdir(parents=True)
    recording.write_bytes(tone_mp3())
    result, out = render(guide, tmp_path, tmp_path / "cache", project_dir=folder)
    assert result.entries["caf-test"]["bm"]["engine"] == RECORDED
    assert result.entries["mediatheque-test"]["bm"]["needs_recording"] is True
    assert result.entries["caf-test"]["fr"]["engine"] == ESPEAK


def test_gtts_first_then_espeak_when_google_fails(google: FakeGoogle, tmp_path) -> None:
    guide = load_guide(DATA / "small.yaml", TODAY)[0]
    google.failing_domains = {"com"}  # the Arabic voice's domain: always 503
    engines = {
        RECORDED: RecordedEngine(),
        ESPEAK: EspeakEngine(),
        GTTS: GttsEngine(endpoint=google.endpoint, throttle=0, backoff=0.01, retries=1),
    }
    result, _ = render(guide, tmp_path, tmp_path / "cache", offline=False, engines=engines)
    for actor in ACTORS:
        assert result.entries[actor]["fr"]["engine"] == GTTS
        assert result.entries[actor]["en"]["engine"] == GTTS
        assert result.entries[actor]["ar"]["engine"] == ESPEAK  # Google failed: eSpeak NG
    assert result.missing == 0 and any("503" in w for w in result.warnings)


def test_no_internet_is_said_once_for_the_whole_build(first, tmp_path) -> None:
    """Google unreachable (a refused connection here; a name that does not resolve in a
    real build): one line, not a message per clip naming some clip; eSpeak NG speaks."""
    _result, _out, cache = first
    guide = load_guide(DATA / "small.yaml", TODAY)[0]
    unreachable = GttsEngine(endpoint="http://127.0.0.1:9/{tld}", throttle=0, backoff=0.01)
    engines = {RECORDED: RecordedEngine(), ESPEAK: EspeakEngine(), GTTS: unreachable}
    result, _ = render(guide, tmp_path, copy_cache(cache, tmp_path), offline=False, engines=engines)
    assert result.warnings == [
        "no internet: the offline voice is used (ar, en, fr); "
        "`--offline` skips trying the online voice"
    ]
    assert unreachable.requests_sent == 2  # the first clip's tries; then never again
    assert {e["engine"] for entries in result.entries.values() for e in entries.values()} == {
        ESPEAK
    }
    told, _ = render(guide, tmp_path, copy_cache(cache, tmp_path / "b"), out="site2", offline=True)
    assert told.warnings == []  # `--offline`: nothing to say


def test_when_every_engine_fails_the_last_good_clip_is_kept(google: FakeGoogle, tmp_path) -> None:
    text = (
        (DATA / "small.yaml")
        .read_text(encoding="utf-8")
        .replace(
            "  verification_max_age_months: 12\n",
            "  verification_max_age_months: 12\n  audio:\n    engines: [recorded, gtts]\n",
        )
    )
    guide = guide_from(text, tmp_path)

    def engines() -> dict[str, object]:
        gtts = GttsEngine(endpoint=google.endpoint, throttle=0, backoff=0.01, retries=1)
        return {RECORDED: RecordedEngine(), GTTS: gtts}

    cache = tmp_path / "cache"
    first, _ = render(guide, tmp_path, cache, offline=False, engines=engines())
    assert first.entries["caf-test"]["fr"]["engine"] == GTTS
    google.behaviours = [503]
    edited = guide_from(text.replace("aides au logement", "aides pour le logement"), tmp_path)
    again, out = render(edited, tmp_path, cache, out="site2", offline=False, engines=engines())
    entry = again.entries["caf-test"]["fr"]
    assert entry["stale"] is True
    assert entry["clip"] == first.entries["caf-test"]["fr"]["clip"]
    page = (out / entry["page"]).read_text(encoding="utf-8")
    assert "aides au logement" in page  # the transcript of what the clip really says
    assert "peut-être plus à jour" in page
    offline, _ = render(guide, tmp_path, tmp_path / "empty", out="site3", engines=engines())
    assert offline.entries["caf-test"]["fr"] == {
        "page": "a/caf-test/index.html",
        "clip": None,
        "needs_recording": False,  # a voice exists: it only waits for the network
    }


def test_the_coverage_report_synthesises_nothing(first, tmp_path) -> None:
    _result, _out, cache = first
    empty = tmp_path / "empty-cache"
    shown = run_cli(
        "audio", "--report", "--offline", "--source", str(DATA / "small.yaml"),
        "--cache-dir", str(empty), "--today", "2026-11-22",
    )  # fmt: skip
    assert shown.returncode == 0, shown.stderr
    assert "fr          3/3           0     0       3        3" in shown.stdout
    assert not empty.exists()
    cached = run_cli(
        "audio", "--report", "--offline", "--source", str(DATA / "small.yaml"),
        "--cache-dir", str(cache), "--today", "2026-11-22",
    )  # fmt: skip
    assert "ar          3/3           0     0       3        0" in cached.stdout


def test_the_coverage_report_lists_missing_templates_and_recordings(tmp_path) -> None:
    text = (DATA / "small.yaml").read_text(encoding="utf-8")
    source = tmp_path / "guide.yaml"
    source.write_text(text.replace("[fr, en, ar]\n", "[fr, en, ar, ps, bm]\n", 1), "utf-8")
    shown = run_cli(
        "audio", "--report", "--offline", "--source", str(source),
        "--cache-dir", str(tmp_path / "cache"), "--today", "2026-11-22",
    )  # fmt: skip
    assert shown.returncode == 0, shown.stderr
    assert "  ps: france-services-test, caf-test, mediatheque-test" in shown.stdout
    assert "  bm: add generator/audio/templates/bm.yaml" in shown.stdout
    assert "bm          0/3 " in shown.stdout and "missing" in shown.stdout


def test_the_progress_bar_shows_on_a_terminal_only(monkeypatch: pytest.MonkeyPatch) -> None:
    class Terminal:
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr("sys.stderr", Terminal())
    monkeypatch.delenv("CI", raising=False)
    assert show_progress(True)
    assert not show_progress(False)
    monkeypatch.setenv("CI", "true")
    assert not show_progress(True)
    monkeypatch.delenv("CI")
    monkeypatch.setattr("sys.stderr", __import__("io").StringIO())
    assert not show_progress(True)


class SlowVoice(EspeakEngine):
    """A voice three times slower than eSpeak's French (4 characters a second): a clip its
    script's estimate puts under the budget lasts longer than 90 seconds."""

    def synthesize(self, request, voice):  # type: ignore[no-untyped-def]
        from generator.audio.encode import SAMPLE_RATE, Pcm
        from tests.test_audio_cache import tone_pcm

        assert request.script is not None
        seconds = len(request.script.said) / 4.0
        return Pcm(tone_pcm(seconds, SAMPLE_RATE), SAMPLE_RATE)

    def submit(self, request, voice):  # type: ignore[no-untyped-def]
        return None

    def clip(self, request, voice, pending=None):  # type: ignore[no-untyped-def]
        from generator.audio.encode import make_clip

        return make_clip(self.synthesize(request, voice))


def test_a_clip_longer_than_the_budget_is_made_again_shorter(tmp_path: Path) -> None:
    from generator.audio.budget import CLIP_BUDGET_SECONDS

    guide = load_guide(DATA / "small.yaml", TODAY)[0]
    result, out = render(
        guide, tmp_path, tmp_path / "cache", engines={ESPEAK: SlowVoice()}, today=TODAY
    )
    from generator.audio.script import build_script
    from generator.languages import language

    full = build_script(guide, guide.actor("france-services-test"), language("fr"), TODAY)
    assert full is not None and len(full.said) / 4.0 > CLIP_BUDGET_SECONDS  # the first try
    entry = result.entries["france-services-test"]["fr"]
    assert entry["engine"] == ESPEAK
    assert entry["seconds"] <= CLIP_BUDGET_SECONDS  # measured, after a shorter script
    page = (out / "a/france-services-test/index.html").read_text(encoding="utf-8")
    assert "Vous trouverez plus d&#39;informations sur la page de ce lieu." in page
    assert all(
        lang["seconds"] <= CLIP_BUDGET_SECONDS
        for actor in result.entries.values()
        for lang in actor.values()
        if lang.get("clip")
    )
