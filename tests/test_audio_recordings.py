"""People's recordings: `check` lists what nothing will play and what may say old facts;
`audio --stamp` records what a recording says; the audio page shows it, or says it may differ.

Every recording is made here, in a temporary project, with the project's own encoder: the
repository holds none.
"""

from __future__ import annotations

import html
import io
import re
import wave
from array import array
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.audio.encode import Pcm, encode_mp3, silence
from generator.audio.engines import RecordedEngine
from generator.audio.recordings import (
    Sidecar,
    SidecarError,
    changed_facts,
    is_silent,
    measure,
    read_sidecar,
    recording_facts,
    say_duration,
    sound_problems,
)
from generator.audio.recordings_check import suggest_language
from generator.audio.render import render_audio
from generator.audio.voices import RECORDED
from generator.cli import main
from generator.commands import audio as audio_command
from generator.commands import check as check_command
from generator.commands.check import annotation
from generator.errors import Problem, Severity
from generator.pipeline import load_guide
from tests.conftest import DATA, ROOT, TODAY
from tests.test_audio_cache import tone_pcm

DAY = "2026-11-22"
SMALL = (DATA / "small.yaml").read_text(encoding="utf-8")
CAF_PHONE = '    telephone: "3230"\n'


def speech(seconds: float = 2.0) -> bytes:
    """A short MP3 with sound in it, from the project's encoder."""
    return encode_mp3(Pcm(tone_pcm(seconds, 22_050)))


def long_speech(seconds: int) -> bytes:
    """`seconds` of sound (a one-second tone repeated: quick to make)."""
    second = tone_pcm(1.0, 22_050)
    return encode_mp3(Pcm(array("h", second * seconds)))


def wav_bytes() -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as file:
        file.setnchannels(1)
        file.setsampwidth(2)
        file.setframerate(22_050)
        file.writeframes(tone_pcm(1.0, 22_050).tobytes())
    return out.getvalue()


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder for recordings, used by `check` and `audio --stamp`."""
    folder = tmp_path / "project"
    (folder / "audio" / "recorded").mkdir(parents=True)
    (folder / "overrides").symlink_to(ROOT / "overrides")
    monkeypatch.setattr(check_command, "PROJECT_DIR", folder)
    monkeypatch.setattr(audio_command, "PROJECT_DIR", folder)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    return folder


def put(project: Path, relative: str, data: bytes) -> Path:
    path = project / "audio" / "recorded" / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def write_guide(folder: Path, text: str = SMALL) -> Path:
    path = folder / "actors.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def recording_lines(out: str) -> list[str]:
    """The lines of `check` about recordings (not the languages that need some)."""
    return [
        line for line in out.splitlines() if "audio/recorded" in line and "no voice" not in line
    ]


# --- check: files nothing will play -----------------------------------------------------------


def test_check_lists_every_file_nothing_will_play(project: Path, capsys: Any) -> None:
    source = write_guide(project.parent, SMALL.replace("[fr, en, ar]", "[fr, en, ar, ps]", 1))
    put(project, "pashto/caf-test.mp3", speech())
    put(project, "fr/caf-tset.mp3", speech())
    put(project, "fr/mediatheque-test.wav", wav_bytes())
    put(project, "fr/france-services-test.MP3", speech())
    put(project, "en/caf-test.mp3", b"<html>not a sound</html>")
    put(project, "en/mediatheque-test.mp3", encode_mp3(silence(2.0)))
    put(project, "ar/caf-test.mp3", long_speech(95))
    put(project, "ar/old/caf-test.mp3", speech())
    put(project, "caf-test.mp3", speech())
    put(project, "fr/notes.txt", b"to do")
    put(project, ".gitkeep", b"")
    put(project, "README.md", b"# Recordings")
    code, out, _ = run(capsys, "check", "--source", str(source), "--today", DAY)
    assert code == 0  # warnings: the site can still be built
    lines = recording_lines(out)
    never = "is never played"
    assert lines == [
        "audio/recorded/ar/caf-test.mp3: warning: has no record of what it says"
        " (audio/recorded/ar/caf-test.yaml): its audio page cannot show its text, and nobody is"
        " told when the facts it says change — listen to it, write down what it says in a text"
        " file, then run `.venv/bin/python -m generator audio --stamp ar caf-test"
        " --transcript FILE"
        f" --source {source}`",
        "audio/recorded/ar/caf-test.mp3: warning: lasts 1 min 35 s, longer than the 90 s a clip"
        " may last: listeners give up before the phone number — record a shorter version (at"
        " most 90 s): who they are, what they help with, where and when, the phone number twice",
        "audio/recorded/ar/old/caf-test.mp3: warning: is in a sub-folder: only"
        " audio/recorded/<language>/<actor-id>.mp3 is played — move it into audio/recorded/ar/",
        "audio/recorded/caf-test.mp3: warning: is not in a language folder: it is never played"
        " — move it into audio/recorded/<language>/ (the guide's languages: fr, en, ar, ps)",
        "audio/recorded/en/caf-test.mp3: warning: cannot be read as sound: it is not an MP3, or"
        " it is damaged — export it again as MP3 from the recording app (or Audacity: File >"
        " Export > Export as MP3), then replace the file",
        "audio/recorded/en/mediatheque-test.mp3: warning: is silent (its loudest moment: no"
        " sound at all): nothing would be heard — record it again, checking that the"
        " microphone works and is not muted",
        "audio/recorded/fr/caf-tset.mp3: warning: no actor has the id `caf-tset`: this"
        " recording is never used — did you mean `caf-test`? rename it caf-test.mp3",
        "audio/recorded/fr/france-services-test.MP3: warning: ends with `.MP3`: only `.mp3` in"
        " lower case is played — rename it france-services-test.mp3",
        "audio/recorded/fr/mediatheque-test.wav: warning: is a .wav file: only MP3 recordings"
        " are played — convert it to MP3 (Audacity: File > Export > Export as MP3), save it as"
        " audio/recorded/fr/mediatheque-test.mp3, then remove this file",
        "audio/recorded/fr/notes.txt: warning: is not a recording: only <actor-id>.mp3 and its"
        " record <actor-id>.yaml belong here, nothing reads this file — remove it",
        f"audio/recorded/pashto/: warning: `pashto` is not one of the guide's languages: the"
        f" file in this folder {never} — rename the folder `ps` (Pashto)",
    ]
    assert f"{source}: no error, {len(lines) + 2} warnings." in out  # + CAF's date, + ps voice


def test_a_folder_for_a_language_the_guide_lacks_says_to_add_it(project: Path, capsys: Any) -> None:
    source = write_guide(project.parent)
    put(project, "bm/caf-test.mp3", speech())
    put(project, "bm/mediatheque-test.mp3", speech())
    put(project, "brouillons/caf-test.mp3", speech())
    _, out, _ = run(capsys, "check", "--source", str(source), "--today", DAY)
    assert recording_lines(out) == [
        "audio/recorded/bm/: warning: `bm` is not one of the guide's languages: the 2 files in"
        " this folder are never played — add `bm` (Bambara) to guide.languages in actors.yaml,"
        " or move the files to the folder of one of the guide's languages: fr, en, ar",
        "audio/recorded/brouillons/: warning: `brouillons` is not one of the guide's"
        " languages: the file in this folder is never played — name the folder after one of"
        " the guide's languages: fr, en, ar",
    ]


def test_folder_names_meant_as_a_guide_language() -> None:
    tags = ["fr", "en", "ar", "ps", "fa-AF"]
    assert suggest_language("pashto", tags) == "ps"
    assert suggest_language("FR", tags) == "fr"
    assert suggest_language("fa_af", tags) == "fa-AF"
    assert suggest_language("arabic", tags) == "ar"
    assert suggest_language("zz-top", tags) is None


def test_a_recording_the_engines_never_reach_is_listed(project: Path, capsys: Any) -> None:
    text = SMALL.replace(
        "  verification_max_age_months: 12\n",
        "  verification_max_age_months: 12\n  audio:\n    engines: [espeak, recorded]\n"
        "    languages: {en: [espeak]}\n",
    )
    source = write_guide(project.parent, text)
    put(project, "fr/caf-test.mp3", speech())
    put(project, "en/caf-test.mp3", speech())
    _, out, _ = run(capsys, "check", "--source", str(source), "--today", DAY)
    lines = [line for line in recording_lines(out) if "audio engines" in line]
    assert lines == [
        "audio/recorded/en/caf-test.mp3: warning: is never played: the guide's audio engines"
        " for `en` do not include `recorded` (espeak) — put `recorded` first in guide.audio"
        " (engines, or languages.en)",
        "audio/recorded/fr/caf-test.mp3: warning: is played only when espeak cannot speak: the"
        " guide's audio engines for `fr` list `recorded` after espeak — put `recorded` first in"
        " guide.audio (engines, or languages.fr)",
    ]


def test_whole_file_problems_have_no_line_in_text_and_annotations() -> None:
    problem = Problem(
        "audio/recorded/fr/x.mp3", 0, 0, "", "is silent", "record it again", Severity.WARNING
    )
    assert problem.format() == "audio/recorded/fr/x.mp3: warning: is silent — record it again"
    assert annotation(problem, False, "audio/recorded/fr/x.mp3") == (
        "::warning file=audio/recorded/fr/x.mp3,title=x.mp3::is silent — record it again"
    )


# --- stamping what a recording says, and facts that change ------------------------------------


def stamp(capsys: Any, source: Path, *args: str) -> tuple[int, str, str]:
    return run(capsys, "audio", "--source", str(source), "--today", DAY, "--stamp", *args)


def test_a_stamped_recording_is_quiet_until_its_phone_changes(
    project: Path, capsys: Any, tmp_path: Path
) -> None:
    source = write_guide(project.parent)
    recording = put(project, "fr/caf-test.mp3", speech())
    transcript = tmp_path / "caf.txt"
    transcript.write_text("La CAF.\r\n\r\n\r\nAppelez le 32 30.  \n", encoding="utf-8")
    code, out, _ = stamp(capsys, source, "fr", "caf-test", "--transcript", str(transcript))
    assert code == 0
    assert out.splitlines() == [
        "wrote audio/recorded/fr/caf-test.yaml, with the facts the recording should say:",
        "  nom: CAF",
        "  telephone: 3230",
        "Its transcript (6 words) is shown on its audio page.",
    ]
    record = recording.with_suffix(".yaml")
    text = record.read_text(encoding="utf-8")
    assert text.startswith("# What audio/recorded/fr/caf-test.mp3 says")
    assert (
        "`.venv/bin/python -m generator audio --stamp fr caf-test`" in text
    )  # no local path in it
    assert yaml.safe_load(text)["transcript"] == "La CAF.\n\nAppelez le 32 30."
    assert read_sidecar(record).facts == {"nom": "CAF", "telephone": "3230"}
    _, out, _ = run(capsys, "check", "--source", str(source), "--today", DAY)
    assert recording_lines(out) == []

    changed = write_guide(project.parent, SMALL.replace(CAF_PHONE, '    telephone: "3646"\n'))
    _, out, _ = run(capsys, "check", "--source", str(changed), "--today", DAY)
    assert recording_lines(out) == [
        f"{changed}:49:16: warning: actors[caf-test].telephone: the recording"
        " audio/recorded/fr/caf-test.mp3 may say the old telephone number: it was recorded with"
        " `3230`, it is now `3646` — listen to it, record it again if needed, and once it is"
        f" right run `.venv/bin/python -m generator audio --stamp fr caf-test --source {changed}`",
    ]
    assert stamp(capsys, changed, "fr", "caf-test")[0] == 0  # listened: it was re-recorded
    assert read_sidecar(record).transcript == "La CAF.\n\nAppelez le 32 30."  # kept
    _, out, _ = run(capsys, "check", "--source", str(changed), "--today", DAY)
    assert recording_lines(out) == []


def test_facts_added_removed_and_said_the_same_way(project: Path, capsys: Any) -> None:
    source = write_guide(project.parent)
    put(project, "en/france-services-test.mp3", speech())
    assert stamp(capsys, source, "en", "france-services-test")[0] == 0
    moved = SMALL.replace('    horaires_accueil: "Mo-Fr', '    horaires_accueil: "Mo-Th', 1)
    moved = moved.replace(
        '    adresse: "3 place des Tilleuls"\n', '    adresse: "3  Place des Tilleuls"\n'
    )  # said the same: no warning
    moved = moved.replace('    telephone: "02 61 91 00 12"\n', "", 1)
    changed = write_guide(project.parent, moved)
    _, out, _ = run(capsys, "check", "--source", str(changed), "--today", DAY)
    lines = [line for line in recording_lines(out) if line.startswith(str(changed))]
    assert [line.split(": warning: ")[1].split(" — ")[0] for line in lines] == [
        "actors[france-services-test].telephone: the recording"
        " audio/recorded/en/france-services-test.mp3 may give the telephone number"
        " `02 61 91 00 12`, which is no longer in the guide",
        "actors[france-services-test].horaires_accueil: the recording"
        " audio/recorded/en/france-services-test.mp3 may say the old opening hours: it was"
        " recorded with `Mo-Fr 09:00-12:00,14:00-17:00; PH off`, it is now"
        " `Mo-Th 09:00-12:00,14:00-17:00; PH off`",
    ]
    assert lines[0].startswith(f"{changed}:18:5: ")  # the telephone is gone: the actor's line


def test_fact_comparison_hears_what_a_listener_hears() -> None:
    guide = load_guide(DATA / "small.yaml", TODAY)[0]
    facts = recording_facts(guide.actor("france-services-test"))
    assert facts == {
        "nom": "France Services du Test",
        "adresse": "3 place des Tilleuls, Ville-Test",
        "horaires_accueil": "Mo-Fr 09:00-12:00,14:00-17:00; PH off",
        "telephone": "02 61 91 00 12",
    }
    same = {**facts, "telephone": "0261910012", "nom": "FRANCE  Services du Test"}
    assert changed_facts(same, facts) == []
    assert changed_facts({**facts, "telephone": "02 61 91 00 13"}, facts) == [
        ("telephone", "02 61 91 00 13", "02 61 91 00 12")
    ]
    without_phone = {k: v for k, v in facts.items() if k != "telephone"}
    assert changed_facts(without_phone, facts) == [("telephone", "", "02 61 91 00 12")]
    assert say_duration(125) == "2 min 05 s" and say_duration(48.4) == "48 s"


def test_a_replaced_recording_or_a_missing_transcript_is_said(project: Path, capsys: Any) -> None:
    source = write_guide(project.parent)
    recording = put(project, "ar/caf-test.mp3", speech())
    assert stamp(capsys, source, "ar", "caf-test")[0] == 0
    _, out, _ = run(capsys, "check", "--source", str(source), "--today", DAY)
    assert recording_lines(out) == [
        "audio/recorded/ar/caf-test.mp3: warning: has no transcript in"
        " audio/recorded/ar/caf-test.yaml: its audio page says that the text shown may differ"
        " from the recording — listen to it, write down what it says in a text file, then run"
        " `.venv/bin/python -m generator audio --stamp ar caf-test --transcript FILE"
        f" --source {source}`",
    ]
    recording.write_bytes(speech(3.0))
    _, out, _ = run(capsys, "check", "--source", str(source), "--today", DAY)
    assert recording_lines(out) == [
        "audio/recorded/ar/caf-test.mp3: warning: was replaced since its record was written"
        " (audio/recorded/ar/caf-test.yaml): the transcript and facts there are those of the"
        " previous recording — listen to it, correct `transcript:` in"
        " audio/recorded/ar/caf-test.yaml (or give the new one with --transcript FILE), then"
        f" run `.venv/bin/python -m generator audio --stamp ar caf-test --source {source}`",
    ]


def test_a_broken_record_is_located(project: Path, capsys: Any) -> None:
    source = write_guide(project.parent)
    put(project, "fr/caf-test.mp3", speech())
    put(project, "fr/caf-test.yaml", b"transcript: |\n  ok\nfacts: [unclosed\n")
    put(project, "fr/mediatheque-test.yaml", b"transcript: hello\n")
    put(project, "fr/cfa-test.yaml", b"transcript: hello\n")
    _, out, _ = run(capsys, "check", "--source", str(source), "--today", DAY)
    assert recording_lines(out) == [
        "audio/recorded/fr/caf-test.yaml: warning: is not valid YAML on line 4 — correct it,"
        " or write it again with `.venv/bin/python -m generator audio --stamp fr caf-test"
        " --transcript"
        f" FILE --source {source}`",
        "audio/recorded/fr/cfa-test.yaml: warning: no actor has the id `cfa-test`: this record"
        " of a recording is never used — did you mean `caf-test`? rename it caf-test.yaml",
        "audio/recorded/fr/mediatheque-test.yaml: warning: is the record of a recording that"
        " is not there (audio/recorded/fr/mediatheque-test.mp3) — add the recording, or remove"
        " this file",
    ]


def test_stamp_refuses_what_it_cannot_record(project: Path, capsys: Any, tmp_path: Path) -> None:
    source = write_guide(project.parent)
    put(project, "en/mediatheque-test.mp3", b"not a sound")
    empty = tmp_path / "empty.txt"
    empty.write_text(" \n\n", encoding="utf-8")
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Médiathèque".encode("latin-1"))
    expected = {
        ("english", "caf-test"): "error: `english` is not one of the guide's languages — use"
        " one of: fr, en, ar",
        ("fr", "caf-tst"): "error: no actor has the id `caf-tst` — did you mean `caf-test`?",
        ("fr", "caf-test"): "error: there is no recording at audio/recorded/fr/caf-test.mp3 —"
        " put the MP3 there first (see CONTRIBUTING.md)",
        ("en", "mediatheque-test"): "error: audio/recorded/en/mediatheque-test.mp3 cannot be"
        " read as sound: it is not an MP3, or it is damaged — export it again as MP3 from the"
        " recording app (or Audacity: File > Export > Export as MP3), then replace the file",
    }
    for (lang, actor), message in expected.items():
        code, out, err = stamp(capsys, source, lang, actor)
        assert (code, out, err.strip()) == (1, "", message)
    put(project, "en/caf-test.mp3", speech())
    code, _, err = stamp(capsys, source, "en", "caf-test", "--transcript", str(empty))
    assert (code, err.strip()) == (
        1,
        f"error: {empty}: is empty — write down what the recording says",
    )
    code, _, err = stamp(capsys, source, "en", "caf-test", "--transcript", str(latin))
    assert code == 1 and "is not UTF-8 text — save it again as UTF-8" in err
    assert not (project / "audio" / "recorded" / "en" / "caf-test.yaml").exists()
    code, _, err = run(capsys, "audio", "--source", str(source), "--transcript", str(empty))
    assert (code, err.strip()) == (1, "error: --transcript goes with --stamp LANG ACTOR_ID")


def test_stamping_a_long_recording_warns_but_records(project: Path, capsys: Any) -> None:
    source = write_guide(project.parent)
    put(project, "fr/caf-test.mp3", long_speech(92))
    code, out, _ = stamp(capsys, source, "fr", "caf-test")
    assert code == 0
    assert out.splitlines()[-1] == (
        "warning: audio/recorded/fr/caf-test.mp3 lasts 1 min 32 s, longer than the 90 s a clip"
        " may last: listeners give up before the phone number — record a shorter version (at"
        " most 90 s): who they are, what they help with, where and when, the phone number twice"
    )


# --- the audio page -------------------------------------------------------------------------


def page_of(project: Path, tmp_path: Path, actor: str, lang: str, text: str = SMALL) -> str:
    guide_path = tmp_path / "guide.yaml"
    guide_path.write_text(text, encoding="utf-8")
    guide = load_guide(guide_path, TODAY)[0]
    out = tmp_path / "site"
    result = render_audio(
        guide,
        out,
        project_dir=project,
        cache_dir=tmp_path / "cache",
        offline=True,
        progress=False,
        engines={RECORDED: RecordedEngine()},  # only recordings: nothing to synthesise
    )
    entry = result.entries[actor][lang]
    assert entry["engine"] == RECORDED
    return html.unescape((out / entry["page"]).read_text(encoding="utf-8"))


def transcript_block(page: str) -> str:
    found = re.search(r'<div id="transcript"[^>]*>(.*?)</div>', page, re.S)
    assert found is not None
    return found.group(0)


def test_the_audio_page_shows_the_recordings_own_transcript(
    project: Path, tmp_path: Path, capsys: Any
) -> None:
    put(project, "ar/caf-test.mp3", speech())
    source = write_guide(project.parent)
    said = tmp_path / "said.txt"
    said.write_text("مرحبا، هذه الـCAF.\n\nاتصلوا على <b>3230</b>.", encoding="utf-8")
    assert stamp(capsys, source, "ar", "caf-test", "--transcript", str(said))[0] == 0
    page = page_of(project, tmp_path, "caf-test", "ar")
    block = transcript_block(page)
    assert '<div id="transcript" lang="ar" dir="rtl">' in block
    assert "<p>مرحبا، هذه الـCAF.</p>" in block
    assert "<p>اتصلوا على <b>3230</b>.</p>" in block  # shown as typed…
    raw = (tmp_path / "site" / "ar" / "a" / "caf-test" / "index.html").read_text("utf-8")
    assert "&lt;b&gt;3230&lt;/b&gt;" in raw and "<b>" not in raw  # …never as markup
    assert "<h2>نص التسجيل</h2>" in page  # "What the recording says"
    assert 'id="written-for-page"' not in page
    assert "قد لا يكون هذا التسجيل محدّثًا" not in page  # not stale: facts unchanged

    changed = SMALL.replace(CAF_PHONE, '    telephone: "3646"\n')
    page = page_of(project, tmp_path, "caf-test", "ar", changed)
    assert "قد لا يكون هذا التسجيل محدّثًا" in page  # may be out of date
    assert "<p>مرحبا، هذه الـCAF.</p>" in page  # still what it says


def test_without_its_own_transcript_the_page_says_the_text_may_differ(
    project: Path, tmp_path: Path
) -> None:
    put(project, "fr/caf-test.mp3", speech())
    page = page_of(project, tmp_path, "caf-test", "fr")
    assert "<h2>L'essentiel</h2>" in page
    assert "<h2>Ce que dit l'enregistrement</h2>" not in page
    assert (
        '<p class="note" id="written-for-page">Ce texte a été écrit pour la page :'
        " l'enregistrement peut dire les choses autrement.</p>"
    ) in page
    assert "CAF" in transcript_block(page)  # the script written for the page
    # a record written for another file is not this recording's transcript
    put(project, "fr/caf-test.yaml", b"transcript: Autre chose.\nrecording: sha256:00\n")
    page = page_of(project, tmp_path, "caf-test", "fr")
    assert "Autre chose." not in page and 'id="written-for-page"' in page


def test_every_audio_template_says_the_text_may_differ() -> None:
    from generator.audio.script import load_templates, template_tags

    texts = {tag: load_templates(tag).get("page.written_for_page") for tag in template_tags()}
    assert all(isinstance(text, str) and len(text) > 20 for text in texts.values()), texts
    assert len(set(texts.values())) == len(texts)  # a real translation in each language


def test_a_sidecar_is_plain_text_to_read(project: Path) -> None:
    path = put(project, "fr/caf-test.yaml", 'transcript: "\\aBonjour\\tà tous"\n'.encode())
    assert read_sidecar(path) == Sidecar("Bonjour à tous", None, None)


def test_silence_is_no_sample_reaching_minus_42_dbfs() -> None:
    for value, silent in ((255, True), (-256, True), (256, False), (-257, False)):
        assert is_silent(Pcm(array("h", [0, value, 0]))) is silent, value
    hum = Pcm(tone_pcm(1.0, 22_050, amplitude=0.005))  # a faint tone, at -46 dBFS
    found = measure(encode_mp3(hum))
    assert found.silent and found.peak is not None and -55 < found.peak < -42
    assert sound_problems(found)[0][0] == (
        f"is silent (its loudest moment: {found.peak:.0f} dBFS): nothing would be heard"
    )
    assert not measure(speech()).silent and sound_problems(measure(speech())) == []


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (b"- a list\n", "should hold `transcript:`, `facts:` and `recording:`"),
        (b"transcript: [a, b]\n", "`transcript:` should be text"),
        (b"facts: [a]\n", "`facts:` should be a block of `name: value` lines"),
        (b"facts: {nom: 2026-02-30}\n", "is not a record of a recording: it holds something else"),
        (b"[" * 5000 + b"]" * 5000, "is not a record of a recording: it holds something else"),
        ("transcript: é".encode("latin-1"), "is not UTF-8 text"),
    ],
)
def test_a_hostile_record_is_refused_with_a_reason(project: Path, content: bytes, why: str) -> None:
    path = put(project, "fr/caf-test.yaml", content)
    with pytest.raises(SidecarError) as refused:
        read_sidecar(path)
    assert str(refused.value) == why
