"""The build: every language's pages, the manifest, atomic publishing, identical rebuilds."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path

import pytest

from generator import build as build_module
from generator.build import BuildOptions, build_guide_site
from generator.errors import ValidationFailed
from tests.conftest import DATA, TODAY


def snapshot(folder: Path) -> dict[str, str]:
    """Every file of a folder with the hash of its bytes."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, build_options: BuildOptions) -> Path:
    site = tmp_path_factory.mktemp("build") / "site"
    build_guide_site(DATA / "small.yaml", site, TODAY, options=build_options)
    return site


def editable_copy(tmp_path: Path) -> tuple[Path, str]:
    """A copy of small.yaml that a test may edit, and its text."""
    text = (DATA / "small.yaml").read_text(encoding="utf-8")
    source = tmp_path / "actors.yaml"
    source.write_text(text, encoding="utf-8")
    return source, text


def read(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def test_every_language_has_home_theme_actor_and_info_pages(built: Path) -> None:
    for prefix in ("", "en/", "ar/"):
        for page in (
            "index.html",
            "besoins/acces-aux-droits/index.html",
            "besoins/numerique/index.html",
            "acteurs/france-services-test/index.html",
            "acteurs/caf-test/index.html",
            "acteurs/mediatheque-test/index.html",
            "a-propos/index.html",
            "accessibilite/index.html",
        ):
            assert (built / prefix / page).is_file(), prefix + page


def test_pages_carry_their_language_and_direction(built: Path) -> None:
    assert '<html lang="fr"' in read(built, "index.html")
    arabic = read(built, "ar/acteurs/france-services-test/index.html")
    assert '<html lang="ar"' in arabic
    assert '<body dir="rtl"' in arabic
    assert "مكان يساعدك في إجراءاتك الإدارية." in arabic


def test_french_fallback_is_marked_and_isolated(built: Path) -> None:
    arabic = read(built, "ar/acteurs/caf-test/index.html")
    fallback = (
        '<p class="qfq-lead" lang="fr" dir="ltr" data-pagefind-ignore>Les allocations familiales'
        ' et les aides au logement.</p> <small class="qfq-note" data-pagefind-ignore>'
        "(لم تتم الترجمة بعد)</small>"
    )
    assert fallback in arabic  # shown, marked French, left out of the Arabic search index


def test_actor_page_shows_contacts_hours_and_freshness(built: Path) -> None:
    page = read(built, "acteurs/france-services-test/index.html")
    assert 'href="tel:+33261910012"' in page and ">02 61 91 00 12<" in page
    assert 'href="geo:47.27,-2.21?q=47.27,-2.21(France%20Services%20du%20Test)"' in page
    assert '<th scope="row">lundi – vendredi</th><td>09:00 – 12:00, 14:00 – 17:00</td>' in page
    assert "Fermé les jours fériés" in page
    assert "Informations vérifiées le 15 octobre 2026." in page
    assert "Sans rendez-vous" in page and "Gratuit" in page
    assert '<li><span lang="ar" dir="rtl">العربية</span></li>' in page
    old = read(built, "acteurs/caf-test/index.html")
    assert "elles ne sont peut-être plus à jour" in old
    assert 'href="tel:3230"' in old
    assert "peut-être plus à jour" not in page


def test_theme_page_lists_its_actors_only(built: Path) -> None:
    page = read(built, "en/besoins/acces-aux-droits/index.html")
    assert "France Services du Test" in page and "CAF" in page
    assert "Médiathèque du Test" not in page


def test_language_switcher_keeps_the_same_page(built: Path) -> None:
    page = read(built, "ar/acteurs/caf-test/index.html")
    assert 'href="../../../en/acteurs/caf-test/" hreflang="en"' in page
    assert 'href="../../../acteurs/caf-test/" hreflang="fr"' in page


def test_no_third_party_font_or_script(built: Path) -> None:
    for path in built.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text, path


def test_manifest_indexes_outputs(built: Path) -> None:
    manifest = json.loads(read(built, "manifest.json"))
    assert manifest["site_url"] == "https://guide.example.org/"
    assert manifest["default_language"] == "fr"
    assert manifest["languages"] == ["fr", "en", "ar"]
    first = manifest["actors"][0]
    assert first["id"] == "france-services-test"
    assert first["pages"] == {
        "fr": "acteurs/france-services-test/index.html",
        "en": "en/acteurs/france-services-test/index.html",
        "ar": "ar/acteurs/france-services-test/index.html",
    }
    for actor in manifest["actors"]:
        for page in actor["pages"].values():
            assert (built / page).is_file()
    assert {entry["kind"] for entry in manifest["print"]} == {"leaflet", "directory", "poster"}
    for entry in manifest["print"]:
        assert (built / entry["path"]).is_file(), entry["path"]
        for url in entry["qr"]:  # every QR code leads to a page that exists in this site
            path = url.removeprefix(manifest["site_url"])
            assert (built / path / "index.html").is_file(), url


def test_two_builds_are_byte_identical(
    build_options: BuildOptions, built: Path, tmp_path: Path
) -> None:
    again = tmp_path / "site"
    build_guide_site(DATA / "small.yaml", again, TODAY, options=build_options)
    assert snapshot(again) == snapshot(built)


def test_failed_render_leaves_previous_site(
    build_options: BuildOptions, built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    build_guide_site(DATA / "small.yaml", site, TODAY, options=build_options)
    before = snapshot(site)

    def explode(*args: object) -> None:
        raise RuntimeError("renderer crashed half-way")

    monkeypatch.setattr(build_module, "write_manifest", explode)  # after all pages are rendered
    source, text = editable_copy(tmp_path)
    source.write_text(text.replace("Médiathèque", "Bibliothèque"), encoding="utf-8")
    with pytest.raises(RuntimeError, match="half-way"):
        build_guide_site(source, site, TODAY, options=build_options)
    assert snapshot(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".cache", "actors.yaml", "site"]


def test_invalid_source_leaves_previous_site(build_options: BuildOptions, tmp_path: Path) -> None:
    site = tmp_path / "site"
    build_guide_site(DATA / "small.yaml", site, TODAY, options=build_options)
    before = snapshot(site)
    with pytest.raises(ValidationFailed) as failure:
        build_guide_site(DATA / "broken.yaml", site, TODAY, options=build_options)
    assert len([p for p in failure.value.problems if p.is_error]) == 20
    assert snapshot(site) == before


def test_incremental_rebuild_renders_only_what_changed(
    build_options: BuildOptions, tmp_path: Path
) -> None:
    # A cache of its own, so that "synthesised" counts what this test made.
    build_options = dataclasses.replace(build_options, audio_cache=tmp_path / "audio")
    source, _text = editable_copy(tmp_path)
    site = tmp_path / "site"
    first = build_guide_site(source, site, TODAY, options=build_options)
    assert first.rendered == first.pages
    again = build_guide_site(source, site, TODAY, options=build_options)
    assert again.unchanged  # the same inputs: nothing is read again, nothing made
    assert again.rendered == 0
    assert again.clips["synthesised"] == 0
    assert again.pdfs == {"rendered": 0, "reused": first.pdfs["rendered"]}
    assert not again.search_reindexed
    assert again.compressed == 0
    assert "Nothing changed since the last build" in again.summary()
    # A comment changes the file but not what it says: every stage runs and keeps its outputs.
    source.write_text("# relu\n" + source.read_text(encoding="utf-8"), encoding="utf-8")
    kept = build_guide_site(source, site, TODAY, options=build_options)
    assert not kept.unchanged
    assert kept.rendered == 0
    assert kept.clips["synthesised"] == 0
    assert kept.pdfs == {"rendered": 0, "reused": first.pdfs["rendered"]}
    assert not kept.search_reindexed  # no page changed: each language's index is kept
    assert kept.compressed == 0  # and so are the .gz/.br copies
    edited = source.read_text(encoding="utf-8").replace(
        "Des ordinateurs en libre accès et des ateliers.", "Des ordinateurs et du wifi."
    )
    source.write_text(edited, encoding="utf-8")
    third = build_guide_site(source, site, TODAY, options=build_options)
    # the actor's page and its need page, in each of the 3 languages, and the print page
    # (it shows the size of the need's leaflets, laid out again)
    assert third.rendered == 9
    # its clips in French (changed text) and in the languages that read the French text
    assert third.clips["synthesised"] == 1
    # French alone is indexed again: the other languages show the French text untranslated,
    # and a fallback is not in their index (it would be stemmed by their rules)
    assert third.search_reindexed == ("",)
    assert 0 < third.compressed < first.compressed / 4
    assert "Des ordinateurs et du wifi." in read(site, "ar/acteurs/mediatheque-test/index.html")
    clean = tmp_path / "clean" / "site"
    build_guide_site(source, clean, TODAY, options=build_options)
    assert snapshot(site) == snapshot(clean)  # the same bytes as a build from scratch


def test_removed_actor_disappears_from_an_incremental_build(
    build_options: BuildOptions, tmp_path: Path
) -> None:
    source, text = editable_copy(tmp_path)
    site = tmp_path / "site"
    build_guide_site(source, site, TODAY, options=build_options)
    start = text.index("  - id: mediatheque-test")
    source.write_text(text[:start], encoding="utf-8")
    build_guide_site(source, site, TODAY, options=build_options)
    assert not (site / "acteurs/mediatheque-test").exists()
    assert not (site / "ar/acteurs/mediatheque-test").exists()
    clean = tmp_path / "clean" / "site"
    build_guide_site(source, clean, TODAY, options=build_options)
    assert snapshot(site) == snapshot(clean)


def test_stale_translation_is_flagged_on_the_page(
    build_options: BuildOptions, tmp_path: Path
) -> None:
    """A translation made from an older French text says so, on that field only."""
    from generator.model import source_hash

    text = (DATA / "small.yaml").read_text(encoding="utf-8")
    old = source_hash("Un lieu pour vous aider dans vos démarches.")
    text = text.replace(
        '      ar: "مكان يساعدك في إجراءاتك الإدارية."',
        f'      ar: {{text: "مكان يساعدك في إجراءاتك الإدارية.", source: "{old}"}}',
    ).replace("Un lieu pour vous aider dans vos démarches.", "Un lieu pour tous vos papiers.")
    source = tmp_path / "actors.yaml"
    source.write_text(text, encoding="utf-8")
    site = tmp_path / "site"
    build_guide_site(source, site, TODAY, options=build_options)
    page = read(site, "ar/acteurs/france-services-test/index.html")
    assert page.count('class="qfq-note qfq-note--stale"') == 1
    assert 'مكان يساعدك في إجراءاتك الإدارية.</p> <small class="qfq-note qfq-note--stale"' in page


def test_open_data_is_published_with_the_site(built: Path) -> None:
    manifest = json.loads(read(built, "manifest.json"))
    structures = json.loads(read(built, manifest["open_data"]["structures"]))
    services = json.loads(read(built, manifest["open_data"]["services"]))
    assert len(structures) == 3 and len(services) == 3


def test_a_language_without_interface_texts_still_gets_its_pages(
    build_options: BuildOptions, tmp_path: Path
) -> None:
    """Bambara: no interface translation, no Material partial; pages exist, honestly marked."""
    text = (DATA / "small.yaml").read_text(encoding="utf-8")
    source = tmp_path / "actors.yaml"
    source.write_text(text.replace("languages: [fr, en, ar]", "languages: [fr, en, ar, bm]"))
    site = tmp_path / "site"
    report = build_guide_site(source, site, TODAY, options=build_options)
    assert any("not translated into `bm`" in w.message for w in report.warnings)
    page = read(site, "bm/acteurs/caf-test/index.html")
    assert '<html lang="bm" dir="ltr"' in page
    assert '<p lang="fr" dir="ltr">Ce site n&#39;est pas encore traduit dans votre langue' in page


def test_text_files_are_pre_compressed_for_static_hosts(built: Path) -> None:
    import gzip

    import brotli

    page = built / "acteurs/france-services-test/index.html"
    assert gzip.decompress((built / (str(page) + ".gz")).read_bytes()) == page.read_bytes()
    assert brotli.decompress((built / (str(page) + ".br")).read_bytes()) == page.read_bytes()
    assert not list(built.rglob("*.mp3.gz")) and not list(built.rglob("*.pdf.gz"))


def test_moving_an_actor_in_the_file_renders_nothing_again(
    build_options: BuildOptions, tmp_path: Path
) -> None:
    """Line numbers are for messages only: a comment added at the top changes no page."""
    source, text = editable_copy(tmp_path)
    site = tmp_path / "site"
    build_guide_site(source, site, TODAY, options=build_options)
    source.write_text("# A comment an editor added.\n\n" + text, encoding="utf-8")
    again = build_guide_site(source, site, TODAY, options=build_options)
    assert again.rendered == 0
