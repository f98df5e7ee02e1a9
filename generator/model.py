"""Stage 3, model: the guide as plain typed objects, built once from validated data.

Renderers (site, audio, print) read these objects and never the YAML. Translated texts know
their French fallback; every object knows what the renderers need to show it honestly
(verification date and age, machine-made translations).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import phonenumbers
from phonenumbers import PhoneNumberFormat

from generator.areas import named_areas
from generator.dates import months_between
from generator.languages import Language, language

SOURCE_LANGUAGE = "fr"
DEFAULT_AUDIO_ENGINES = ("recorded", "gtts", "espeak")
SOURCE_HASH_LENGTH = 8  # hex digits of the French text's hash recorded beside a translation


def source_hash(french: str) -> str:
    """A short hash of a French text, blind to Unicode form and to spacing changes."""
    normalised = " ".join(unicodedata.normalize("NFC", french).split())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:SOURCE_HASH_LENGTH]


SOURCE_HASH_RE = re.compile(rf"[0-9a-f]{{{SOURCE_HASH_LENGTH}}}")


@dataclass(frozen=True, slots=True)
class Translation:
    text: str
    machine: bool = False  # machine-made and not yet reviewed by a person
    source: str | None = None  # hash of the French text it was made from, when recorded


@dataclass(frozen=True, slots=True)
class Localized:
    """A text as shown in one language: the translation, or the French text as a fallback."""

    text: str
    lang: str  # the language the text is actually in
    requested: str  # the language the reader asked for
    machine: bool = False
    stale: bool = False  # the translation was made from an older French text

    @property
    def is_fallback(self) -> bool:
        return self.lang != self.requested

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True, slots=True, eq=False)
class Text:
    """A translatable text: French (the source) and its translations."""

    translations: Mapping[str, Translation]

    @property
    def fr(self) -> str:
        return self.translations[SOURCE_LANGUAGE].text

    def has(self, lang: str) -> bool:
        return lang in self.translations

    def get(self, lang: str) -> Localized:
        """The text in `lang`, or the French text marked as a fallback."""
        chosen = lang if lang in self.translations else SOURCE_LANGUAGE
        translation = self.translations[chosen]
        return Localized(translation.text, chosen, lang, translation.machine, self.is_stale(chosen))

    def is_stale(self, lang: str) -> bool:
        """The translation records a French text that is no longer the current one."""
        translation = self.translations.get(lang)
        if lang == SOURCE_LANGUAGE or translation is None or translation.source is None:
            return False
        return translation.source != source_hash(self.fr)


@dataclass(frozen=True, slots=True)
class Phone:
    raw: str
    display: str  # French national format: "02 61 91 00 12", "3230"
    uri: str  # "tel:+33261910012", or "tel:3230" for a French short number
    e164: str | None  # None for a short number, which has no international form


@dataclass(frozen=True, slots=True, eq=False)
class Service:
    id: str
    nom: Text
    thematiques: tuple[str, ...]
    description: Text | None = None
    resume: Text | None = None  # a short summary, said and shown before the description
    type: str | None = None
    publics: tuple[str, ...] = ()
    publics_precisions: Text | None = None
    frais: str | None = None
    frais_precisions: Text | None = None
    modes_accueil: tuple[str, ...] = ()
    modes_mobilisation: tuple[str, ...] = ()
    mobilisable_par: tuple[str, ...] = ()
    mobilisation_precisions: Text | None = None
    lien_mobilisation: str | None = None
    conditions_acces: Text | None = None
    horaires_accueil: str | None = None
    horaires_accueil_texte: Text | None = None  # the hours as the source wrote them
    telephone: Phone | None = None
    courriel: str | None = None
    langues_parlees: tuple[Language, ...] = ()  # at this service's desk, when not the actor's
    zone_eligibilite: tuple[str, ...] = ()
    source: str | None = None  # the producer, when imported (data·inclusion `source`)
    source_id: str | None = None  # the producer's id (data·inclusion `id`)
    lien_source: str | None = None
    date_verification: date | None = None  # its own date, when the source gives one


@dataclass(frozen=True, slots=True, eq=False)
class Actor:
    id: str
    nom: str
    description: Text | None
    date_verification: date
    resume: Text | None = None  # a short summary, said and shown before the description
    services: tuple[Service, ...] = ()
    adresse: str | None = None
    complement_adresse: str | None = None
    code_postal: str | None = None
    code_insee: str | None = None
    commune: str | None = None
    # The sector editors set to split a large territory's leaflets ("Rennes Nord"): leaflets
    # go by sector where places have one, by commune otherwise.
    secteur: str | None = None
    # Its commune and its area (sector, else commune) in the one spelling the guide uses for
    # each (generator/areas.py: `RENNES` and `Rennes` are one commune); "" when it has none.
    commune_name: str = ""
    area: str = ""
    latitude: float | None = None
    longitude: float | None = None
    telephone: Phone | None = None
    courriel: str | None = None
    site_web: str | None = None
    horaires_accueil: str | None = None
    horaires_accueil_texte: Text | None = None  # the hours as the source wrote them
    langues_parlees: tuple[Language, ...] = ()
    accessibilite_lieu: str | None = None
    siret: str | None = None
    reseaux_porteurs: tuple[str, ...] = ()
    own_thematiques: tuple[str, ...] = ()  # the actor's own, besides its services'
    source: str | None = None  # the producer, when imported (data·inclusion `source`)
    source_id: str | None = None  # the producer's id (data·inclusion `id`)
    lien_source: str | None = None
    theme_ids: tuple[str, ...] = ()  # the themes whose pages list this actor, in guide order
    line: int = field(default=0, repr=False, compare=False)  # where it starts, for messages

    @property
    def thematiques(self) -> tuple[str, ...]:
        """Its own thematiques, then its services', each once."""
        seen: dict[str, None] = dict.fromkeys(self.own_thematiques)
        for service in self.services:
            seen.update(dict.fromkeys(service.thematiques))
        return tuple(seen)

    def months_since_verification(self, today: date) -> int:
        return months_between(self.date_verification, today)


@dataclass(frozen=True, slots=True, eq=False)
class Theme:
    id: str
    title: Text
    thematiques: tuple[str, ...]
    icon: str | None = None
    description: Text | None = None


@dataclass(frozen=True, slots=True)
class Saying:
    """How clips say one written name or acronym (`guide.audio.pronunciation`).

    In a clip in a language with its own spelling, that spelling is read by that language's
    voice; in every other clip the French voice says the name, as `fr` spells it if given.
    """

    written: str  # as texts write it: CAF, Ameli, France Travail
    spellings: tuple[tuple[str, str], ...] = ()  # (language, how to write it for its voice)

    def said_in(self, lang: str) -> tuple[str, str]:
        """(language of the voice that says it in a `lang` clip, the text that voice reads)."""
        own = dict(self.spellings)
        if lang in own:
            return lang, own[lang]
        return SOURCE_LANGUAGE, own.get(SOURCE_LANGUAGE, self.written)


@dataclass(frozen=True, slots=True, eq=False)
class Guide:
    territory: str
    default_language: Language
    languages: tuple[Language, ...]
    themes: tuple[Theme, ...]
    actors: tuple[Actor, ...]
    verification_max_age_months: int = 12
    site_url: str | None = None
    audio_engines: tuple[str, ...] = DEFAULT_AUDIO_ENGINES
    audio_engines_by_language: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    pronunciation: tuple[Saying, ...] = ()
    _by_theme: Mapping[str, tuple[Actor, ...]] = field(default_factory=dict, repr=False)
    _by_id: Mapping[str, Actor] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {actor.id: actor for actor in self.actors})

    def engines_for(self, lang: str) -> tuple[str, ...]:
        """The audio engines to try for a language, in order."""
        return self.audio_engines_by_language.get(lang, self.audio_engines)

    def actors_of(self, theme: Theme) -> tuple[Actor, ...]:
        return self._by_theme.get(theme.id, ())

    def themes_of(self, actor: Actor) -> tuple[Theme, ...]:
        return tuple(t for t in self.themes if t.id in actor.theme_ids)

    def actor(self, actor_id: str) -> Actor:
        return self._by_id[actor_id]

    def is_out_of_date(self, actor: Actor, today: date) -> bool:
        return actor.months_since_verification(today) >= self.verification_max_age_months

    @property
    def last_verified(self) -> date | None:
        """The newest verification date: the guide's "updated on" date (None: no actor yet)."""
        return max((actor.date_verification for actor in self.actors), default=None)


# --- building the model from validated data -------------------------------------------------


def build_guide(data: dict[str, Any], lines: Mapping[tuple[Any, ...], int] | None = None) -> Guide:
    """Turn validated source data into the model. `lines` maps source paths to line numbers."""
    lines = lines or {}
    settings = data["guide"]
    audio = settings.get("audio", {})
    themes = tuple(_theme(t) for t in data["themes"])
    actors_raw = named_areas(
        [_actor(a, themes, lines.get(("actors", i), 0)) for i, a in enumerate(data["actors"])]
    )
    by_theme = {
        theme.id: tuple(a for a in actors_raw if theme.id in a.theme_ids) for theme in themes
    }
    return Guide(
        territory=settings["territory"],
        default_language=language(settings["default_language"]),
        languages=tuple(language(tag) for tag in settings["languages"]),
        themes=themes,
        actors=tuple(actors_raw),
        verification_max_age_months=settings.get("verification_max_age_months", 12),
        site_url=_with_slash(settings.get("site_url")),
        audio_engines=tuple(audio.get("engines", DEFAULT_AUDIO_ENGINES)),
        audio_engines_by_language={
            tag: tuple(engines) for tag, engines in audio.get("languages", {}).items()
        },
        pronunciation=tuple(
            _saying(written, how) for written, how in audio.get("pronunciation", {}).items()
        ),
        _by_theme=by_theme,
    )


def _saying(written: str, how: Any) -> Saying:
    """`CAF: fr` (the French voice, as written) or `CAF: {fr: "…", ar: "…"}` (spellings)."""
    spellings = how.items() if isinstance(how, dict) else ()
    return Saying(
        written.strip(), tuple((tag, normalise_text(text).strip()) for tag, text in spellings)
    )


def _with_slash(url: str | None) -> str | None:
    if url is None:
        return None
    return url if url.endswith("/") else url + "/"


# C0 and C1 controls but line feed and tab, and direction controls (`check` refuses them in
# actors.yaml, the imports remove them; a YAML escape such as "\x02" still gets through).
CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
LEADING_TABS = re.compile(r"^\t+", re.MULTILINE)
TRAILING_SPACES = re.compile(r"[ \t]+$", re.MULTILINE)
BLANK_LINES = re.compile(r"\n{3,}")


# Whatever `normalise_text` would change besides the ends (most texts: nothing at all).
UNTIDY = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069](?<!\n)| \n|\n\n\n")


def normalise_text(text: str) -> str:
    """A free text as the model keeps it: Unix line ends, no control character, no trailing
    space on a line, at most one blank line in a row, tabs as spaces (four at the start of a
    line: a nested list item stays nested). No-break spaces are kept (« : » in French)."""
    if not UNTIDY.search(text) and text == text.strip():
        return text  # one pass instead of four, for each of a département's ~60,000 texts
    text = CONTROLS.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = TRAILING_SPACES.sub("", text)
    text = LEADING_TABS.sub(lambda tabs: "    " * len(tabs.group()), text).replace("\t", " ")
    return BLANK_LINES.sub("\n\n", text).strip()


def _text(value: Any) -> Text | None:
    if value is None:
        return None
    translations = {}
    for lang, entry in value.items():
        if isinstance(entry, dict):
            translations[lang] = Translation(
                normalise_text(entry["text"]), bool(entry.get("machine")), entry.get("source")
            )
        else:
            translations[lang] = Translation(normalise_text(str(entry)))
    return Text(translations)


def _date(value: Any) -> date | None:
    return None if value is None else date.fromisoformat(value)


def parse_phone(raw: str | None) -> Phone | None:
    """A validated number in its display and link forms."""
    if raw is None:
        return None
    number = phonenumbers.parse(raw, "FR")
    if phonenumbers.is_valid_number(number):
        e164 = phonenumbers.format_number(number, PhoneNumberFormat.E164)
        if number.country_code == 33:
            display = phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)
        else:
            display = phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)
        return Phone(raw, display, f"tel:{e164}", e164)
    digits = str(number.national_number)
    return Phone(raw, digits, f"tel:{digits}", None)


def _service(raw: dict[str, Any]) -> Service:
    return Service(
        id=raw["id"],
        nom=_text(raw["nom"]),  # type: ignore[arg-type]
        thematiques=tuple(raw.get("thematiques", ())),
        description=_text(raw.get("description")),
        resume=_text(raw.get("resume")),
        type=raw.get("type"),
        publics=tuple(raw.get("publics", ())),
        publics_precisions=_text(raw.get("publics_precisions")),
        frais=raw.get("frais"),
        frais_precisions=_text(raw.get("frais_precisions")),
        modes_accueil=tuple(raw.get("modes_accueil", ())),
        modes_mobilisation=tuple(raw.get("modes_mobilisation", ())),
        mobilisable_par=tuple(raw.get("mobilisable_par", ())),
        mobilisation_precisions=_text(raw.get("mobilisation_precisions")),
        lien_mobilisation=raw.get("lien_mobilisation"),
        conditions_acces=_text(raw.get("conditions_acces")),
        horaires_accueil=raw.get("horaires_accueil"),
        horaires_accueil_texte=_text(raw.get("horaires_accueil_texte")),
        telephone=parse_phone(raw.get("telephone")),
        courriel=raw.get("courriel"),
        langues_parlees=tuple(language(tag) for tag in raw.get("langues_parlees", ())),
        zone_eligibilite=tuple(raw.get("zone_eligibilite", ())),
        source=raw.get("source"),
        source_id=raw.get("source_id"),
        lien_source=raw.get("lien_source"),
        date_verification=_date(raw.get("date_verification")),
    )


def _theme(raw: dict[str, Any]) -> Theme:
    return Theme(
        id=raw["id"],
        title=_text(raw["title"]),  # type: ignore[arg-type]
        thematiques=tuple(raw["thematiques"]),
        icon=raw.get("icon"),
        description=_text(raw.get("description")),
    )


def _actor(raw: dict[str, Any], themes: tuple[Theme, ...], line: int) -> Actor:
    services = tuple(_service(s) for s in raw.get("services", ()))
    own = tuple(raw.get("thematiques", ()))
    topics = {*own, *(t for s in services for t in s.thematiques)}
    return Actor(
        id=raw["id"],
        nom=raw["nom"].strip(),
        description=_text(raw.get("description")),
        date_verification=date.fromisoformat(raw["date_verification"]),
        resume=_text(raw.get("resume")),
        services=services,
        adresse=raw.get("adresse"),
        complement_adresse=raw.get("complement_adresse"),
        code_postal=raw.get("code_postal"),
        code_insee=raw.get("code_insee"),
        commune=raw.get("commune"),
        secteur=" ".join(str(raw.get("secteur") or "").split()) or None,
        latitude=raw.get("latitude"),
        longitude=raw.get("longitude"),
        telephone=parse_phone(raw.get("telephone")),
        courriel=raw.get("courriel"),
        site_web=raw.get("site_web"),
        horaires_accueil=raw.get("horaires_accueil"),
        horaires_accueil_texte=_text(raw.get("horaires_accueil_texte")),
        langues_parlees=tuple(language(tag) for tag in raw.get("langues_parlees", ())),
        accessibilite_lieu=raw.get("accessibilite_lieu"),
        siret=raw.get("siret"),
        reseaux_porteurs=tuple(raw.get("reseaux_porteurs", ())),
        own_thematiques=own,
        source=raw.get("source"),
        source_id=raw.get("source_id"),
        lien_source=raw.get("lien_source"),
        theme_ids=tuple(t.id for t in themes if topics & set(t.thematiques)),
        line=line,
    )
