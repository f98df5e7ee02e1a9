"""The spoken script: golden texts, opening hours said naturally, phone digits, templates."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.audio.script import (
    NAME,
    PHONE,
    build_script,
    hours_sentences,
    load_templates,
    missing_keys,
    placeholders,
    say_slot,
    say_time,
    spoken_phone,
    template_tags,
)
from generator.languages import language
from generator.model import Guide, parse_phone
from generator.pipeline import load_guide
from tests.conftest import DATA, TODAY

GUIDE_LANGUAGES = ("fr", "en", "ar", "fa-AF", "ps", "ti", "uk", "ru", "tr", "pt", "ro", "es")


@pytest.fixture(scope="module")
def guide() -> Guide:
    return load_guide(DATA / "small.yaml", TODAY)[0]


def script_of(guide: Guide, actor_id: str, tag: str):
    script = build_script(guide, guide.actor(actor_id), language(tag))
    assert script is not None
    return script


def test_golden_french(guide: Guide) -> None:
    script = script_of(guide, "france-services-test", "fr")
    assert script.text == (
        "France Services du Test. Un lieu pour vous aider dans vos démarches. "
        "C'est pour tout le monde. C'est gratuit. Vous pouvez venir sans rendez-vous. "
        "L'adresse est : 3 place des Tilleuls, Ville-Test. "
        "C'est ouvert du lundi au vendredi, de 9 heures à midi et de 14 heures à 17 heures. "
        "C'est fermé les jours fériés. À l'accueil, on parle français, arabe et anglais. "
        # the service's own hours, said after the place's
        "Service : Aide aux démarches. C'est ouvert le mardi, de 9 heures à midi. "
        "Le numéro de téléphone est : 02 61 91 00 12. Je répète : 02 61 91 00 12."
    )
    assert script.said.endswith(
        "Le numéro de téléphone est : 0 2, 6 1, 9 1, 0 0, 1 2. Je répète : 0 2, 6 1, 9 1, 0 0, 1 2."
    )


def test_golden_arabic(guide: Guide) -> None:
    script = script_of(guide, "france-services-test", "ar")
    assert script.text == (
        "France Services du Test. مكان يساعدك في إجراءاتك الإدارية. هذه الخدمة للجميع. "
        "الخدمة مجانية. يمكنك الحضور بدون موعد. العنوان: 3 place des Tilleuls, Ville-Test. "
        "المكان مفتوح من الاثنين إلى الجمعة، مِنْ الساعة 9 صباحًا إلى الساعة 12 ظهرًا، "
        "وَمِنْ الساعة 2 إلى الساعة 5 بعد الظهر. المكان مغلق في أيام العطل الرسمية. "
        "في الاستقبال، يتكلمون: الفرنسية والعربية والإنجليزية. "
        "خدمة: المساعدة في الإجراءات. المكان مفتوح يوم الثلاثاء، مِنْ الساعة 9 صباحًا إلى "
        "الساعة 12 ظهرًا. رقم الهاتف: 02 61 91 00 12. أكرر: 02 61 91 00 12."
    )
    # The name and the address are French: marked so that an engine can say them in French.
    names = [p for s in script.sentences for p in s.parts if p.kind == NAME]
    assert [(p.text, p.lang) for p in names] == [
        ("France Services du Test", "fr"),
        ("3 place des Tilleuls, Ville-Test", "fr"),
    ]


def test_golden_ukrainian_uses_the_cases_after_prepositions(guide: Guide) -> None:
    script = script_of(guide, "france-services-test", "uk")
    assert script.text == (
        "France Services du Test. Це для всіх. Це безкоштовно. Можна прийти без запису. "
        "Адреса: 3 place des Tilleuls, Ville-Test. "
        "Працює з понеділка по пʼятницю, з 9 до 12 і з 14 до 17. У святкові дні зачинено. "
        "Мови на рецепції: французька, арабська і англійська. "
        "Послуга: Aide aux démarches. Працює у вівторок, з 9 до 12. "
        "Номер телефону: 02 61 91 00 12. Повторюю: 02 61 91 00 12."
    )


def test_french_only_texts_are_not_read_by_a_foreign_voice(guide: Guide) -> None:
    """caf-test's description exists only in French: the Arabic script leaves it out."""
    arabic = script_of(guide, "caf-test", "ar")
    assert "allocations" not in arabic.text
    assert arabic.said.endswith("رقم الهاتف: 3 2 3 0. أكرر: 3 2 3 0.")
    # Its English script falls back on a translated service name rather than the French text.
    english = script_of(guide, "mediatheque-test", "en")
    assert "They help you with: computer workshops." in english.text
    assert "ordinateurs" not in english.text


def test_a_language_without_templates_has_no_script(guide: Guide) -> None:
    assert build_script(guide, guide.actor("caf-test"), language("bm")) is None
    assert "script.intro" in missing_keys("bm")


@pytest.mark.parametrize(
    ("tag", "expression", "said"),
    [
        (
            "en",
            "Mo-Fr 09:00-12:00,14:00-17:00",
            "from Monday to Friday, from 9 a.m. to noon and from 2 to 5 p.m.",
        ),
        (
            "en",
            "Mo,We,Fr 08:30-12:00; Tu,Th 13:30-16:30",
            "on Monday, Wednesday, and Friday, from 8:30 a.m. to noon",
        ),
        (
            "fr",
            "Mo-Th 08:30-12:00; Fr 08:30-11:00",
            "C'est ouvert le vendredi, de 8 heures 30 à 11 heures.",
        ),
        ("fr", "Mo-Su 10:00-18:00", "C'est ouvert tous les jours, de 10 heures à 18 heures."),
        ("ru", "Tu,Th 14:00-18:00", "Работает во вторник и в четверг, с 14 до 18."),
        ("tr", "Mo-Fr 09:00-12:30", "Pazartesiden Cumaya kadar açık: saat 9 ile 12:30 arası."),
        ("pt", "Sa 09:30-12:00", "Está aberto ao sábado, das 9 horas e 30 às 12 horas."),
        ("ti", "Mo-Fr 09:00-12:00", "ካብ ሰኑይ ክሳብ ዓርቢ ክፉት እዩ፣ ካብ ሰዓት 9 ክሳብ ሰዓት 12።"),
    ],
)
def test_opening_hours_are_said_naturally(tag: str, expression: str, said: str) -> None:
    templates = load_templates(tag)
    assert templates is not None
    text = " ".join(s.text for s in hours_sentences(expression, templates, tag))
    assert said in text


def test_closed_on_holidays_is_said_once() -> None:
    templates = load_templates("fr")
    assert templates is not None
    sentences = [s.text for s in hours_sentences("Tu 09:00-12:00; PH off", templates, "fr")]
    assert sentences == [
        "C'est ouvert le mardi, de 9 heures à midi.",
        "C'est fermé les jours fériés.",
    ]


def test_times_in_twelve_and_twenty_four_hours() -> None:
    from datetime import time

    english = load_templates("en").data["hours"]  # type: ignore[union-attr]
    assert say_time(time(17, 30), english) == "5:30 p.m."
    assert say_slot((time(9), time(11, 45)), english) == "from 9 to 11:45 a.m."
    arabic = load_templates("ar").data["hours"]  # type: ignore[union-attr]
    assert say_slot((time(18), time(20)), arabic) == "مِنْ الساعة 6 إلى الساعة 8 مساءً"


def test_phone_numbers_are_read_digit_by_digit_in_groups() -> None:
    assert spoken_phone(parse_phone("02 61 91 00 12")) == "0 2, 6 1, 9 1, 0 0, 1 2"  # type: ignore[arg-type]
    assert spoken_phone(parse_phone("3230")) == "3 2 3 0"  # type: ignore[arg-type]


def test_the_phone_part_shows_the_number_and_says_the_digits(guide: Guide) -> None:
    script = script_of(guide, "caf-test", "fr")
    phones = [p for s in script.sentences for p in s.parts if p.kind == PHONE]
    assert {(p.text, p.spoken) for p in phones} == {("3230", "3 2 3 0")}


def test_every_guide_language_has_complete_templates() -> None:
    assert set(GUIDE_LANGUAGES) <= set(template_tags())
    for tag in GUIDE_LANGUAGES:
        assert missing_keys(tag) == [], tag


def test_templates_keep_the_placeholders_of_the_reference() -> None:
    reference = load_templates("fr")
    assert reference is not None
    for tag in template_tags():
        templates = load_templates(tag)
        assert templates is not None
        for key in reference.dotted_keys():
            value, own = reference.get(key), templates.get(key)
            if not (isinstance(value, str) and isinstance(own, str)):
                continue
            if key.startswith("hours.time"):  # a clock may say {h} or {h12} {period}
                assert placeholders(own) <= {"h", "h12", "m", "mm", "period"}, f"{tag}: {key}"
            else:
                assert placeholders(own) == placeholders(value), f"{tag}: {key}"


def test_day_forms_have_seven_days() -> None:
    for tag in template_tags():
        forms = load_templates(tag).get("hours.forms") or {}  # type: ignore[union-attr]
        for role, names in forms.items():
            assert role in {"first", "last", "day", "list"}, f"{tag}: {role}"
            assert len(names) == 7, f"{tag}: {role}"


def test_template_files_are_plain_yaml(tmp_path: Path) -> None:
    """Keys YAML 1.1 reads as booleans (on, off, yes, no) would silently break a template."""
    for tag in template_tags():
        templates = load_templates(tag)
        assert templates is not None
        for section in ("script", "hours", "page"):
            assert all(isinstance(key, str) for key in templates.data[section]), tag


def test_hours_known_only_as_text_are_said_by_a_french_voice_when_not_translated(
    guide: Guide,
) -> None:
    from dataclasses import replace

    from generator.model import Text, Translation

    hours = Text({"fr": Translation("du lundi au vendredi de 9h à 17h.")})
    actor = replace(guide.actor("mediatheque-test"), horaires_accueil=None)
    actor = replace(actor, horaires_accueil_texte=hours)
    french = build_script(guide, actor, language("fr"))
    english = build_script(guide, actor, language("en"))
    assert french is not None and english is not None
    assert "Horaires d'ouverture : du lundi au vendredi de 9h à 17h." in french.text
    assert "Opening hours: du lundi au vendredi de 9h à 17h." in english.text
    spoken = next(s for s in english.sentences if "Opening hours" in s.text)
    said_in_french = [p for p in spoken.parts if p.lang == "fr"]
    assert [p.text for p in said_in_french] == ["du lundi au vendredi de 9h à 17h"]
    assert said_in_french[0].kind == NAME
    translated = Text({**hours.translations, "en": Translation("Monday to Friday, 9 to 5")})
    english = build_script(guide, replace(actor, horaires_accueil_texte=translated), language("en"))
    assert english is not None and "Opening hours: Monday to Friday, 9 to 5." in english.text
    assert all(p.lang == "en" for s in english.sentences if "Opening" in s.text for p in s.parts)


def edited(tmp_path: Path, edit) -> Guide:  # type: ignore[no-untyped-def]
    import yaml

    data = yaml.safe_load((DATA / "small.yaml").read_text(encoding="utf-8"))
    edit(data)
    source = tmp_path / "actors.yaml"
    source.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return load_guide(source, TODAY)[0]


def test_unknown_fees_and_access_are_not_said_but_asked(tmp_path: Path) -> None:
    def edit(data: dict) -> None:
        service = data["actors"][1]["services"][0]
        del service["frais"], service["modes_mobilisation"]

    guide = edited(tmp_path, edit)
    text = script_of(guide, "caf-test", "fr").text
    assert "Appelez pour savoir s'il faut un rendez-vous." in text
    assert "gratuit" not in text and "payant" not in text
    assert "Il faut prendre" not in text and "sans rendez-vous" not in text
    # with the data, it is said: by appointment, by phone
    known = script_of(load_guide(DATA / "small.yaml", TODAY)[0], "caf-test", "fr").text
    assert "C'est gratuit. Appelez avant de venir, pour avoir un rendez-vous." in known
    assert "Appelez pour savoir" not in known


def test_a_place_checked_too_long_ago_says_so_first(guide: Guide) -> None:
    caf = guide.actor("caf-test")  # checked on 2025-06-01
    script = build_script(guide, caf, language("fr"), TODAY)
    assert script is not None
    assert script.sentences[1].text == (
        "Ces informations ont été vérifiées il y a plus de 12 mois : elles ne sont peut-être "
        "plus à jour. Appelez avant de vous déplacer."
    )
    arabic = build_script(guide, caf, language("ar"), TODAY)
    assert arabic is not None and "ربما لم تعد صحيحة" in arabic.sentences[1].text
    fresh = build_script(guide, guide.actor("france-services-test"), language("fr"), TODAY)
    assert fresh is not None and "vérifiées il y a plus" not in fresh.text
    assert "vérifiées" not in script_of(guide, "caf-test", "fr").text  # no date, no notice


def test_a_long_description_is_cut_at_a_sentence_with_more_on_the_page(tmp_path: Path) -> None:
    from generator.audio.budget import TARGET_SECONDS, estimate

    sentences = [f"Voici la phrase numéro {n} de cette longue description." for n in range(40)]

    def edit(data: dict) -> None:
        data["actors"][0]["description"] = {"fr": " ".join(sentences)}

    guide = edited(tmp_path, edit)
    script = script_of(guide, "france-services-test", "fr")
    assert script.cut
    said = [s.text for s in script.sentences]
    kept = [s for s in said if s.startswith("Voici la phrase")]
    assert kept == sentences[: len(kept)] and 0 < len(kept) < 40  # whole sentences, in order
    assert said[-3:] == [
        "Vous trouverez plus d'informations sur la page de ce lieu.",
        "Le numéro de téléphone est : 02 61 91 00 12.",
        "Je répète : 02 61 91 00 12.",
    ]
    assert estimate(script.sentences, "fr") <= TARGET_SECONDS

    # a short summary is said first, and whole
    def summary(data: dict) -> None:
        edit(data)
        data["actors"][0]["resume"] = {"fr": "Un lieu pour vos papiers, gratuit."}

    short = script_of(edited(tmp_path, summary), "france-services-test", "fr")
    assert short.sentences[1].text == "Un lieu pour vos papiers, gratuit."
    assert "Voici la phrase" not in short.text and not short.cut


def test_every_sample_script_fits_the_budget() -> None:
    from generator.audio.budget import TARGET_SECONDS, estimate

    guide = load_guide(DATA.parent.parent / "actors.yaml", TODAY)[0]
    for actor in guide.actors:
        for lang in guide.languages:
            script = build_script(guide, actor, lang, TODAY)
            assert script is not None
            assert estimate(script.sentences, lang.tag) <= TARGET_SECONDS, (actor.id, lang.tag)
