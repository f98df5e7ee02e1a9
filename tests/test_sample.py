"""The sample guide that ships as actors.yaml: valid, rich enough, translated, buildable."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.model import Guide
from generator.pipeline import load_guide
from tests.conftest import ROOT, TODAY, run_cli

SAMPLE = ROOT / "actors.yaml"
LANGUAGES = ["fr", "en", "ar", "fa-AF", "ps", "ti", "uk", "ru", "tr", "pt", "ro", "es"]


@pytest.fixture(scope="module")
def guide() -> Guide:
    model, _warnings = load_guide(SAMPLE, TODAY)
    return model


def test_sample_check_exits_0() -> None:
    result = run_cli("check", "--today", "2026-11-22")
    assert result.returncode == 0, result.stdout
    assert "error" not in result.stdout.replace("no error", "")


def test_sample_size_and_coverage(guide: Guide) -> None:
    assert [lang.tag for lang in guide.languages] == LANGUAGES
    assert len(guide.actors) >= 25
    assert sum(len(actor.services) for actor in guide.actors) >= 40
    for theme in guide.themes:
        assert len(guide.actors_of(theme)) >= 2, theme.id


def test_every_theme_title_is_in_every_language(guide: Guide) -> None:
    for theme in guide.themes:
        assert all(theme.title.has(tag) for tag in LANGUAGES), theme.id


def test_at_least_five_actors_are_fully_translated(guide: Guide) -> None:
    def complete(actor: object) -> bool:
        texts = [actor.description]  # type: ignore[attr-defined]
        for service in actor.services:  # type: ignore[attr-defined]
            texts += [service.nom, service.description, service.conditions_acces]
        return all(t.has(tag) for t in texts if t is not None for tag in LANGUAGES)

    assert sum(1 for actor in guide.actors if complete(actor)) >= 5


def test_machine_translations_are_marked_as_such(guide: Guide) -> None:
    actor = guide.actor("france-services-tilleuls")
    assert actor.description.get("ar").machine is True
    assert actor.description.get("fr").machine is False


def test_phone_numbers_are_national_or_reserved_for_fiction(guide: Guide) -> None:
    numbers = {
        phone.display
        for actor in guide.actors
        for phone in [actor.telephone, *(s.telephone for s in actor.services)]
        if phone is not None
    }
    assert {"3230", "3646", "3949"} <= numbers
    fiction = re.compile(r"^(02 61 91|01 99 00) \d\d \d\d$")
    assert all(n in {"3230", "3646", "3949"} or fiction.match(n) for n in numbers), numbers


@pytest.mark.slow
def test_sample_builds_a_home_page_per_language(sample_site: Path) -> None:
    site = sample_site
    manifest = json.loads((site / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["languages"] == LANGUAGES
    for lang in LANGUAGES:
        home = site / ("" if lang == "fr" else lang.lower()) / "index.html"
        assert f'<html lang="{lang}"' in home.read_text(encoding="utf-8"), lang


@pytest.mark.slow
def test_every_actor_in_every_language_is_voiced_or_needs_a_recording(sample_site: Path) -> None:
    """Offline: eSpeak NG or a recording for each clip, else an honest `needs_recording`."""
    from mutagen.mp3 import MP3

    manifest = json.loads((sample_site / "manifest.json").read_text(encoding="utf-8"))
    voiced = missing = 0
    for actor in manifest["actors"]:
        assert sorted(actor["audio"]) == sorted(LANGUAGES), actor["id"]
        for tag, entry in actor["audio"].items():
            assert (sample_site / entry["page"]).is_file()
            if entry["clip"] is None:
                assert entry["needs_recording"] is True, (actor["id"], tag)
                missing += 1
                continue
            assert entry["engine"] in ("espeak", "recorded"), entry
            clip = MP3(sample_site / entry["clip"])
            assert clip.info.channels == 1
            assert clip.info.bitrate <= 32_000
            assert clip.info.length > 1.0
            assert entry["bytes"] == (sample_site / entry["clip"]).stat().st_size
            voiced += 1
    assert voiced > 0
    # Pashto has no voice in eSpeak NG's released data: every actor needs a recording.
    pashto = [actor["audio"]["ps"] for actor in manifest["actors"]]
    assert all(entry["clip"] is None for entry in pashto)
