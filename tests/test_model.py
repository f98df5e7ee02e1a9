"""The model: what renderers read, built once from a valid source."""

from __future__ import annotations

from datetime import time
from pathlib import Path

from generator.hours import typical_week
from generator.model import Guide, Text, Translation, normalise_text, parse_phone
from generator.pipeline import load_guide
from tests.conftest import TODAY


def small_guide(path: Path) -> Guide:
    guide, _warnings = load_guide(path, TODAY)
    return guide


def test_guide_settings_and_languages(small_yaml: Path) -> None:
    guide = small_guide(small_yaml)
    assert guide.territory == "Quartier Test — Ville-Test"
    assert guide.site_url == "https://guide.example.org/"
    assert [lang.tag for lang in guide.languages] == ["fr", "en", "ar"]
    arabic = guide.languages[2]
    assert (arabic.autonym, arabic.direction, arabic.slug) == ("العربية", "rtl", "ar")
    assert guide.default_language.tag == "fr"


def test_translations_fall_back_to_french_visibly(small_yaml: Path) -> None:
    actor = small_guide(small_yaml).actor("caf-test")
    shown = actor.description.get("ar")
    assert shown.text == "Les allocations familiales et les aides au logement."
    assert (shown.lang, shown.requested, shown.is_fallback) == ("fr", "ar", True)
    translated = small_guide(small_yaml).actor("france-services-test").description.get("ar")
    assert (translated.lang, translated.is_fallback) == ("ar", False)


def test_machine_translations_are_marked(small_yaml: Path) -> None:
    theme = small_guide(small_yaml).themes[1]
    assert theme.title.get("en").machine is True
    assert theme.title.get("fr").machine is False
    text = Text({"fr": Translation("Bonjour"), "en": Translation("Hello", machine=True)})
    assert text.fr == "Bonjour" and text.has("en") and not text.has("ar")


def test_themes_gather_actors_through_thematiques(small_yaml: Path) -> None:
    guide = small_guide(small_yaml)
    rights, digital = guide.themes
    assert [a.id for a in guide.actors_of(rights)] == ["france-services-test", "caf-test"]
    assert [a.id for a in guide.actors_of(digital)] == ["mediatheque-test"]
    assert [t.id for t in guide.themes_of(guide.actor("mediatheque-test"))] == ["numerique"]


def test_verification_age(small_yaml: Path) -> None:
    guide = small_guide(small_yaml)
    assert guide.is_out_of_date(guide.actor("caf-test"), TODAY) is True
    assert guide.is_out_of_date(guide.actor("france-services-test"), TODAY) is False
    assert guide.last_verified.isoformat() == "2026-10-15"
    assert guide.actor("caf-test").line == 46


def test_phones_have_display_and_link_forms() -> None:
    local = parse_phone("02 61 91 00 12")
    assert (local.display, local.uri, local.e164) == (
        "02 61 91 00 12",
        "tel:+33261910012",
        "+33261910012",
    )
    short = parse_phone("32 30")
    assert (short.display, short.uri, short.e164) == ("3230", "tel:3230", None)
    abroad = parse_phone("+32 2 555 12 12")
    assert abroad.display.startswith("+32") and abroad.uri == "tel:+3225551212"


def test_typical_week_groups_slots_by_day() -> None:
    week = typical_week("Mo-Fr 09:00-12:00,14:00-17:00; Sa 10:00-12:00; PH off")
    assert week.days[0] == ((time(9), time(12)), (time(14), time(17)))
    assert week.days[5] == ((time(10), time(12)),)
    assert week.days[6] == ()
    assert week.closed_on_holidays is True


PLACE_WITHOUT_SERVICE = """\
  - id: permanence-logement
    nom: "Permanence logement"
    adresse: "5 rue des Lilas"
    commune: "Ville-Test"
    horaires_accueil_texte: {fr: "lundi au vendredi 9h-17h (16h le vendredi)"}
    thematiques: [difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits]
    source: cd35
    source_id: "cd35--734"
    lien_source: "https://example.org/structures/734"
    date_verification: 2026-09-01
"""


def test_an_actor_without_service_or_description_is_placed_by_its_own_thematiques(
    tmp_path: Path, small_text: str
) -> None:
    path = tmp_path / "guide.yaml"
    path.write_text(small_text + PLACE_WITHOUT_SERVICE, encoding="utf-8")
    guide, warnings = load_guide(path, TODAY)
    assert not any(w.is_error for w in warnings)
    actor = guide.actor("permanence-logement")
    assert actor.description is None and actor.services == ()
    assert actor.horaires_accueil is None
    assert actor.horaires_accueil_texte is not None
    assert actor.horaires_accueil_texte.get("en").is_fallback
    assert (actor.source, actor.source_id) == ("cd35", "cd35--734")
    rights = guide.themes[0]
    assert guide.actors_of(rights)[-1] is actor
    assert actor.theme_ids == ("acces-aux-droits",)
    # An address and no telephone: a place to walk in, said as a warning.
    assert any("residents can only walk in" in w.message for w in warnings)


def test_an_empty_guide_has_no_update_date(tmp_path: Path) -> None:
    path = tmp_path / "empty.yaml"
    path.write_text(
        'guide: {territory: "Vide", default_language: fr, languages: [fr]}\n'
        "themes: []\nactors: []\n",
        encoding="utf-8",
    )
    guide, warnings = load_guide(path, TODAY)
    assert warnings == [] and guide.actors == () and guide.last_verified is None


def test_free_texts_are_normalised_when_loading(small_text: str, tmp_path: Path) -> None:
    """YAML escapes let controls through `check`'s scan of the file: the model drops them."""
    escaped = r'"\x02Un lieu\r\npour vous\taider.  \n\n\n\nDeux\u00a0!\u202e"'
    source = tmp_path / "actors.yaml"
    source.write_text(
        small_text.replace('"Un lieu pour vous aider dans vos démarches."', escaped),
        encoding="utf-8",
    )
    description = small_guide(source).actor("france-services-test").description
    assert description.fr == "Un lieu\npour vous aider.\n\nDeux\u00a0!"


def test_the_quick_path_of_normalise_text_changes_nothing() -> None:
    """A tidy text is returned as it is; any other goes through every rule, as before."""
    import random

    from generator.model import BLANK_LINES, CONTROLS, LEADING_TABS, TRAILING_SPACES

    def every_rule(text: str) -> str:
        text = CONTROLS.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
        text = TRAILING_SPACES.sub("", text)
        text = LEADING_TABS.sub(lambda tabs: "    " * len(tabs.group()), text).replace("\t", " ")
        return BLANK_LINES.sub("\n\n", text).strip()

    alphabet = ["a", "é", " ", "\n", "\t", "\r", "\x02", "\xa0", "\u202e", "\x85", "\u2028", "ب"]
    rng = random.Random(7)
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        assert normalise_text(text) == every_rule(text), repr(text)
