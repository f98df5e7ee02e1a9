"""Validation: each kind of mistake, with its exact message, line and column."""

from __future__ import annotations

import pytest

from generator.errors import Problem
from generator.load import parse_text
from generator.validate import validate_source
from tests.conftest import TODAY

OLD_CAF = "last checked on 2025-06-01"  # the sample's deliberate old entry, a warning


def problems_after(small_text: str, old: str, new: str) -> list[str]:
    assert old in small_text, old
    source, problems = parse_text(small_text.replace(old, new, 1), "small.yaml")
    problems = problems + validate_source(source, TODAY)
    return [p.format() for p in problems if OLD_CAF not in p.message]


def test_the_small_guide_is_valid(small_text: str) -> None:
    source, problems = parse_text(small_text, "small.yaml")
    found = validate_source(source, TODAY)
    assert problems == []
    assert [p.format() for p in found] == [
        "small.yaml:51:24: warning: actors[caf-test].date_verification: last checked on"
        " 2025-06-01, more than 12 months ago — check the facts with the actor, then update"
        " date_verification"
    ]


CASES = [
    pytest.param(
        'telephone: "02 61 91 00 12"',
        'telefone: "02 61 91 00 12"',
        "small.yaml:29:5: actors[france-services-test].telefone: unknown field `telefone`"
        " — did you mean `telephone`?",
        id="unknown-key-did-you-mean",
    ),
    pytest.param(
        "  languages: [fr, en, ar]\n",
        "  languages: [fr, en, ar]\n  colour: blue\n",
        "small.yaml:7:3: guide.colour: unknown field `colour` — remove it, or use one of:"
        " audio, default_language, languages, site_url, territory, verification_max_age_months",
        id="unknown-key-listing",
    ),
    pytest.param(
        '    nom: "CAF"\n',
        "",
        'small.yaml:46:5: actors[caf-test]: `nom` is missing — add `nom: "…" (the name)`',
        id="missing-nom",
    ),
    pytest.param(
        "    date_verification: 2026-09-01\n",
        "",
        "small.yaml:58:5: actors[mediatheque-test]: `date_verification` is missing"
        " — add `date_verification: YYYY-MM-DD (the day someone checked these facts)`",
        id="missing-date",
    ),
    pytest.param(
        'description: {fr: "Les allocations familiales et les aides au logement."}',
        'description: {en: "Benefits."}',
        "small.yaml:48:18: actors[caf-test].description: the French text (`fr`) is missing"
        ' — add `fr: "…"`: French is the source of every translation',
        id="missing-description-fr",
    ),
    pytest.param(
        'description: {fr: "Les allocations familiales et les aides au logement."}',
        'description: "Les allocations"',
        "small.yaml:48:18: actors[caf-test].description: should be a block of fields, not the"
        " text `Les allocations` — give the language of the text:"
        ' `description: {fr: "Les allocations"}`',
        id="text-without-language",
    ),
    pytest.param(
        "        frais: gratuit\n        modes_mobilisation: [se-presenter]",
        "        frais: gratuit\n    modes_mobilisation: [se-presenter]",
        "small.yaml:69:5: actors[mediatheque-test].modes_mobilisation: unknown field"
        " `modes_mobilisation` — `modes_mobilisation` belongs to a service: indent it like the"
        " other fields of the service above (under `services:`)",
        id="service-field-indented-as-actor-field",
    ),
    pytest.param(
        "default_language: fr",
        "default_language: FR",
        "small.yaml:5:21: guide.default_language: `FR` is not a valid language code"
        " — write `fr` (French)",
        id="language-code-in-capitals",
    ),
    pytest.param(
        "langues_parlees: [fr, ar, en]",
        "langues_parlees: [fr, arabe, en]",
        "small.yaml:33:27: actors[france-services-test].langues_parlees[#2]: `arabe` is not a"
        " valid language code — write `ar` (Arabic)",
        id="language-written-as-a-name",
    ),
    pytest.param(
        "thematiques: [numerique--maitriser-les-fondamentaux-du-numerique]\n        frais",
        "thematiques: [numerique]\n        frais",
        "small.yaml:67:23: actors[mediatheque-test].services[ateliers-numeriques].thematiques[#1]:"
        " `numerique` is not a"
        " data·inclusion value for `thematiques` — `numerique` is a category: choose one or"
        " more of its values: numerique--acceder-a-des-services-en-ligne,"
        " numerique--acceder-a-une-connexion-internet, numerique--acquerir-un-equipement,"
        " numerique--maitriser-les-fondamentaux-du-numerique",
        id="category-instead-of-value",
    ),
    pytest.param(
        "  - id: caf-test\n",
        "  - caf-test\n  - id: caf-test\n",
        "small.yaml:46:5: actors[#2]: should be a block of fields, not the text `caf-test`"
        " — start the item with `- id: …` and write its fields on the lines below, indented",
        id="list-item-written-as-text",
    ),
    pytest.param(
        '    telephone: "3230"\n    site_web: "https://www.caf.fr"\n',
        "",
        "small.yaml:46:5: actors[caf-test]: there is no way to find or contact this actor"
        " — add an adresse, or at least one of telephone, courriel or site_web",
        id="no-contact-way",
    ),
    pytest.param(
        "id: caf-test",
        "id: CAF Test",
        "small.yaml:46:9: actors[CAF Test].id: `CAF Test` is not a valid id — write lower-case"
        " letters without accents, digits and dashes, e.g. caf-tilleuls",
        id="bad-id",
    ),
    pytest.param(
        "id: caf-test",
        "id: france-services-test",
        "small.yaml:46:9: actors[france-services-test].id: the actor id `france-services-test`"
        " is already used on line 18 — give each actor its own id",
        id="duplicate-actor-id",
    ),
    pytest.param(
        "id: rendez-vous-caf",
        "id: aide-demarches",
        "small.yaml:53:13: actors[caf-test].services[aide-demarches].id: the service id"
        " `aide-demarches` is already used on line 36 — give each service its own id",
        id="duplicate-service-id",
    ),
    pytest.param(
        'telephone: "02 61 91 00 12"',
        'telephone: "02 61 91 00"',
        "small.yaml:29:16: actors[france-services-test].telephone: `02 61 91 00` is not a valid"
        " telephone number — write a French number of 10 digits (02 61 91 00 12), a short"
        " number (3230), or an international number starting with +",
        id="bad-phone",
    ),
    pytest.param(
        'courriel: "contact@example.org"',
        'courriel: "contact@example"',
        "small.yaml:30:15: actors[france-services-test].courriel: `contact@example` is not a"
        " valid e-mail address (The part after the @-sign is not valid. It should have a"
        " period.) — write it as name@domain.fr, with no space",
        id="bad-email",
    ),
    pytest.param(
        'site_web: "https://example.org"',
        'site_web: "example.org"',
        "small.yaml:31:15: actors[france-services-test].site_web: `example.org` is not a web"
        " address — write the full address, starting with https://",
        id="bad-url",
    ),
    pytest.param(
        'horaires_accueil: "Mo-Fr 09:00-12:00,14:00-17:00; PH off"',
        'horaires_accueil: "Lu-Ve 9h-12h sur RDV"',
        "small.yaml:32:23: actors[france-services-test].horaires_accueil: `Lu-Ve 9h-12h sur RDV`"
        " is not valid opening hours — use the OpenStreetMap syntax, e.g."
        " `Mo-Fr 09:00-12:00,14:00-17:00; PH off` (Mo Tu We Th Fr Sa Su, 24-hour times, `;`"
        " between rules)",
        id="bad-hours",
    ),
    pytest.param(
        'horaires_accueil: "Mo-Fr 09:00-12:00,14:00-17:00; PH off"',
        'horaires_accueil: "mardi 14h-18h"',
        "small.yaml:32:23: actors[france-services-test].horaires_accueil: `mardi 14h-18h` is not"
        " valid opening hours — write `Tu 14:00-18:00` (the same hours in OpenStreetMap syntax)",
        id="bad-hours-french-converted",
    ),
    pytest.param(
        'horaires_accueil: "Mo-Fr 09:00-12:00,14:00-17:00; PH off"',
        'horaires_accueil: "du lundi au vendredi de 9h à 13h et de 14h à 18h (17h le vendredi)"',
        "small.yaml:32:23: actors[france-services-test].horaires_accueil: `du lundi au vendredi"
        " de 9h à 13h et de 14h à 18h (17h le vendredi)` is not valid opening hours — write"
        " `Mo-Th 09:00-13:00,14:00-18:00; Fr 09:00-13:00,14:00-17:00` (the same hours in"
        " OpenStreetMap syntax)",
        id="bad-hours-french-exception-converted",
    ),
    pytest.param(
        'horaires_accueil: "Mo-Fr 09:00-12:00,14:00-17:00; PH off"',
        'horaires_accueil: "Mo-Fr 09:00-12:00; Sx off"',
        "small.yaml:32:23: actors[france-services-test].horaires_accueil:"
        " `Mo-Fr 09:00-12:00; Sx off` is not valid opening hours near `Sx off` — use the"
        " OpenStreetMap syntax, e.g. `Mo-Fr 09:00-12:00,14:00-17:00; PH off` (Mo Tu We Th Fr Sa"
        " Su, 24-hour times, `;` between rules)",
        id="bad-hours-located",
    ),
    pytest.param(
        "langues_parlees: [fr, ar, en]",
        "langues_parlees: [fr, zz, en]",
        "small.yaml:33:27: actors[france-services-test].langues_parlees[#2]: `zz` is not a known"
        " language code — use an ISO 639 code such as fr, ar, uk, bm (Bambara), wo (Wolof),"
        " fa-AF (Dari)",
        id="unknown-language-tag",
    ),
    pytest.param(
        '      ar: "مكان يساعدك في إجراءاتك الإدارية."\n',
        '      de: "Ein Ort."\n',
        "small.yaml:23:7: warning: actors[france-services-test].description.de: `de` is not one"
        " of the guide's languages: this translation is not shown — add de to guide.languages,"
        " or remove this translation",
        id="text-in-other-language",
    ),
    pytest.param(
        "frais: gratuit\n        modes_accueil",
        "frais: gratuite\n        modes_accueil",
        "small.yaml:41:16: actors[france-services-test].services[aide-demarches].frais:"
        " `gratuite` is not a data·inclusion value for `frais` — did you mean `gratuit`?",
        id="enum-did-you-mean",
    ),
    pytest.param(
        "publics: [tous-publics]",
        "publics: [tout-public]",
        "small.yaml:40:19: actors[france-services-test].services[aide-demarches].publics[#1]:"
        " `tout-public` is not a data·inclusion value for `publics` — did you mean"
        " `tous-publics`?",
        id="enum-in-list",
    ),
    pytest.param(
        "thematiques: [numerique--maitriser-les-fondamentaux-du-numerique]\n        frais",
        "thematiques: [aide-informatique]\n        frais",
        "small.yaml:67:23: actors[mediatheque-test].services[ateliers-numeriques]"
        ".thematiques[#1]: `aide-informatique` is not a data·inclusion value for `thematiques`"
        " — use a value of the list in generator/reference/thematiques.json",
        id="enum-long-list",
    ),
    pytest.param(
        "date_verification: 2026-10-15",
        "date_verification: 2026-12-15",
        "small.yaml:34:24: actors[france-services-test].date_verification: `2026-12-15` is in"
        " the future — write the day the facts were checked, 2026-11-22 at the latest",
        id="future-date",
    ),
    pytest.param(
        "date_verification: 2026-10-15",
        "date_verification: 15/10/2026",
        "small.yaml:34:24: actors[france-services-test].date_verification: `15/10/2026` is not a"
        " valid date — write the date as YYYY-MM-DD, e.g. 2026-10-15",
        id="malformed-date",
    ),
    pytest.param(
        "date_verification: 2026-10-15",
        "date_verification: 2026-02-30",
        "small.yaml:34:24: actors[france-services-test].date_verification: `2026-02-30` is not a"
        " real date — write a date as YYYY-MM-DD",
        id="impossible-date",
    ),
    pytest.param(
        'code_postal: "44600"',
        "code_postal: 44600",
        "small.yaml:25:18: actors[france-services-test].code_postal: should be text, not the"
        ' number 44600 — put it in double quotes: "44600"',
        id="number-for-text",
    ),
    pytest.param(
        "languages: [fr, en, ar]",
        "languages: [fr, en, ar, xx]",
        "small.yaml:6:27: guide.languages[#4]: `xx` is not a known language code — use an ISO"
        " 639 code such as fr, ar, uk, bm (Bambara), wo (Wolof), fa-AF (Dari)",
        id="unknown-guide-language",
    ),
    pytest.param(
        "icon: material/laptop",
        "icon: material/no-such-icon",
        "small.yaml:14:11: themes[numerique].icon: there is no pictogram"
        " `material/no-such-icon` — pick a name from https://pictogrammers.com/library/mdi/,"
        " written material/<name>",
        id="unknown-icon",
    ),
    pytest.param(
        'nom: "CAF"',
        'nom: {fr: "CAF"}',
        "small.yaml:47:10: actors[caf-test].nom: should be text, not a block of fields — this"
        ' field is not translated: write the text alone, e.g. `nom: "CAF"`',
        id="untranslated-field-as-map",
    ),
    pytest.param(
        "    services:\n      - id: ateliers-numeriques\n",
        "    services:\n        id: ateliers-numeriques\n",
        "small.yaml:65:9: actors[mediatheque-test].services: should be a list, not a block of"
        " fields — write a list: start each item on its own line with `- `",
        id="list-written-as-block",
    ),
    pytest.param(
        "default_language: fr",
        "default_language: es",
        "small.yaml:5:21: guide.default_language: `es` is not in guide.languages — add es to"
        " guide.languages, or choose one of: fr, en, ar",
        id="default-language-not-listed",
    ),
    pytest.param(
        "thematiques: [numerique--maitriser-les-fondamentaux-du-numerique]\n        frais",
        "thematiques: [numerique--acquerir-un-equipement]\n        frais",
        "small.yaml:67:22: warning: actors[mediatheque-test].services[ateliers-numeriques]"
        ".thematiques: this service appears on no theme page — add one of its thematiques to a"
        " theme, or change its thematiques",
        id="service-on-no-theme-warning",
    ),
    # data·inclusion's own models (generator/validate_datainclusion.py)
    pytest.param(
        "publics: [tous-publics]",
        "publics: [tous-publics, jeunes]",
        "small.yaml:40:18: actors[france-services-test].services[aide-demarches].publics:"
        " `tous-publics` is listed with `jeunes`: data·inclusion refuses the service"
        " — `tous-publics` means everyone: remove it, or remove the other publics",
        id="tous-publics-with-others",
    ),
    pytest.param(
        "date_verification: 2026-10-15",
        "date_verification: 1999-06-01",
        "small.yaml:34:24: actors[france-services-test].date_verification: `1999-06-01` is"
        " before 2000-01-01, which data·inclusion refuses — check the facts with the actor,"
        " then write the day you did (YYYY-MM-DD)",
        id="date-before-2000",
    ),
    pytest.param(
        'site_web: "https://example.org"',
        'site_web: "https://example.org:99999"',
        "small.yaml:31:15: actors[france-services-test].site_web: `https://example.org:99999`"
        " is not a valid web address: `99999` is not a port number (0 to 65535) — correct it:"
        " copy the address from the browser's address bar",
        id="url-bad-port",
    ),
    pytest.param(
        'site_web: "https://example.org"',
        'site_web: "https://exa<mple.org"',
        "small.yaml:31:15: actors[france-services-test].site_web: `https://exa<mple.org` is not"
        " a valid web address: its host contains `<` — correct it: copy the address from the"
        " browser's address bar",
        id="url-forbidden-host-character",
    ),
    pytest.param(
        'site_web: "https://example.org"',
        'site_web: "https://[example.org"',
        "small.yaml:31:15: actors[france-services-test].site_web: `https://[example.org` is not"
        " a valid web address: the `[` of its host has no `]` — correct it: copy the address"
        " from the browser's address bar",
        id="url-unclosed-bracket",
    ),
    pytest.param(
        'nom: "CAF"',
        'nom: "CA"',
        "small.yaml:47:10: warning: actors[caf-test].nom: `CA` is shorter than 3 characters:"
        " data·inclusion refuses it, so this actor and its services are left out of the open"
        " data — write the name in full, with at least 3 characters",
        id="name-too-short-warning",
    ),
    pytest.param(
        'nom: {fr: "Aide aux démarches"',
        'nom: {fr: "Aide aux démarches' + ", aux dossiers" * 10 + '"',
        "small.yaml:37:19: warning: actors[france-services-test].services[aide-demarches]"
        ".nom.fr: the name has 158 characters: the open data cuts it to 150 — shorten the name"
        " to at most 150 characters; say the rest in the description",
        id="name-too-long-warning",
    ),
    pytest.param(
        'nom: {fr: "Aide aux démarches"',
        'nom: {fr: "Aide aux démarches."',
        "small.yaml:37:19: warning: actors[france-services-test].services[aide-demarches]"
        ".nom.fr: the name ends with a full stop, which data·inclusion asks to avoid — remove"
        " the full stop at the end of the name",
        id="name-full-stop-warning",
    ),
    pytest.param(
        "  verification_max_age_months: 12\n",
        "  verification_max_age_months: 12\n  audio:\n    pronunciation:\n      CAF: french\n",
        "small.yaml:10:12: guide.audio.pronunciation.CAF: `french` is not a way to say `CAF`"
        " — write `fr` to have it said by the French voice as written, or a spelling per"
        ' language in braces: `CAF: fr` or `CAF: {fr: "…", ar: "…"}`',
        id="pronunciation-not-fr",
    ),
    pytest.param(
        "  verification_max_age_months: 12\n",
        "  verification_max_age_months: 12\n  audio:\n    pronunciation:\n"
        "      France Travail: {}\n",
        "small.yaml:10:23: guide.audio.pronunciation.France Travail: no spelling is given for"
        " `France Travail` — write `fr` (said by the French voice as written) or spellings:"
        ' `France Travail: fr` or `France Travail: {fr: "…", ar: "…"}`',
        id="pronunciation-empty",
    ),
    pytest.param(
        "  verification_max_age_months: 12\n",
        "  verification_max_age_months: 12\n  audio:\n    pronunciation:\n"
        '      CAF: {fr: "caf", de: "kaf"}\n',
        "small.yaml:10:24: warning: guide.audio.pronunciation.CAF.de: `de` is not one of the"
        " guide's languages: this spelling is never said — add de to guide.languages, or"
        " remove this spelling",
        id="pronunciation-other-language",
    ),
    pytest.param(
        "  verification_max_age_months: 12\n",
        "  verification_max_age_months: 12\n  audio:\n    pronunciation:\n"
        '      CAF: {arabe: "كاف"}\n',
        "small.yaml:10:13: guide.audio.pronunciation.CAF.arabe: `arabe` is not a language code"
        " — write `ar:` (Arabic)",
        id="pronunciation-language-code",
    ),
    pytest.param(
        "  verification_max_age_months: 12\n",
        "  verification_max_age_months: 12\n  audio:\n    pronunciation: [CAF, CPAM]\n",
        "small.yaml:9:20: guide.audio.pronunciation: should be a block of fields, not a list"
        " — write one name per line, then how to say it: `CAF: fr`",
        id="pronunciation-list",
    ),
    pytest.param(
        "  verification_max_age_months: 12\n",
        '  verification_max_age_months: 12\n  audio:\n    pronunciation:\n      "--": fr\n',
        "small.yaml:10:7: guide.audio.pronunciation.--: `--` is not a name or an acronym"
        " — write the name as the texts write it, e.g. CAF or France Travail",
        id="pronunciation-not-a-name",
    ),
]


@pytest.mark.parametrize(("old", "new", "expected"), CASES)
def test_each_mistake_is_explained(small_text: str, old: str, new: str, expected: str) -> None:
    assert problems_after(small_text, old, new) == [expected]


def test_all_mistakes_are_reported_at_once(small_text: str) -> None:
    text = small_text
    edits = [
        ('telephone: "02 61 91 00 12"', 'telephone: "02 61 91"'),
        ("frais: gratuit\n        modes_accueil", "frais: gratos\n        modes_accueil"),
        ("date_verification: 2026-09-01", "date_verification: 2027-01-01"),
        ('    nom: "CAF"\n', ""),
    ]
    for old, new in edits:
        text = text.replace(old, new, 1)
    source, _problems = parse_text(text, "small.yaml")
    found = [p for p in validate_source(source, TODAY) if p.is_error]
    assert [(p.line, p.path) for p in found] == [
        (29, "actors[france-services-test].telephone"),
        (41, "actors[france-services-test].services[aide-demarches].frais"),
        (46, "actors[caf-test]"),
        (62, "actors[mediatheque-test].date_verification"),
    ]


def test_problem_format_is_file_line_column_path_message_fix() -> None:
    problem = Problem("a.yaml", 3, 7, "actors[x].nom", "is empty", "write the name")
    assert problem.format() == "a.yaml:3:7: actors[x].nom: is empty — write the name"


def test_empty_file(small_text: str) -> None:
    source, _ = parse_text("# nothing yet\n", "empty.yaml")
    assert [p.format() for p in validate_source(source, TODAY)] == [
        "empty.yaml:1:1: the file is empty — start from the sample actors.yaml: it needs"
        " `guide:`, `themes:` and `actors:`"
    ]


def test_wrong_shapes_do_not_crash() -> None:
    for text in ("[]\n", "guide: 3\nthemes: x\nactors: {a: 1}\n", "actors:\n  - 3\n  - [x]\n"):
        source, _ = parse_text(text, "odd.yaml")
        problems = validate_source(source, TODAY)
        assert problems and all(p.is_error for p in problems)


def test_fast_and_explaining_schema_validators_agree(small_text: str) -> None:
    """The compiled validator says valid exactly when the explaining one finds no error."""
    from generator import validate_schema

    for old, new, _expected in (case.values for case in CASES):
        source, _ = parse_text(small_text.replace(old, new, 1), "small.yaml")
        explained = list(validate_schema._schema_validator().iter_errors(source.data))
        assert validate_schema._fast_schema_validator().is_valid(source.data) == (not explained)
