"""The spoken script of an actor in one language, built from the facts view with per-language
templates, within the clip's time budget.

Plain language: short sentences, common words. Opening hours are said as people say them
("du lundi au vendredi, de 9 heures à midi"), the phone number digit by digit in groups, so
that each engine reads the digits in its own language. A text that exists only in French is
left out of a script in another language rather than read by a foreign voice; names and
addresses, which are French, are marked as such so that an engine can switch voice for them.

The facts are those every page shows (generator/facts.py): what all the actor's services say
alike is said once; a service whose access, fees, hours or phone differ is said on its own.
Walk-in, appointment and free are said only where the data says them. A place whose facts may
be out of date says so first. A clip lasts at most 90 seconds (generator/audio/budget.py): the
name, the warning, how to get in, the address and the phone are always said; then hours,
languages, for whom, each service and the rest of the description, as long as time allows;
what is left out is announced by "more on the page". Acronyms and French names are said as the
guide's pronunciation list says (generator/audio/pronunciation.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from generator.audio.budget import TARGET_SECONDS, estimate
from generator.audio.hours_speech import (
    day_name,
    group_days,
    hours_sentences,
    period_of,
    runs_of,
    say_days,
    say_slot,
    say_time,
)
from generator.audio.pronunciation import say_sentences
from generator.audio.sentences import (
    FULL_STOPS,
    NAME,
    OPTIONAL_KEYS,
    PHONE,
    REFERENCE,
    SECTIONS,
    TEMPLATES_DIR,
    TEXT,
    Part,
    Script,
    Sentence,
    Templates,
    as_label,
    cldr_locale,
    compose,
    end_sentence,
    full_stop,
    language_name,
    load_templates,
    merge_parts,
    missing_keys,
    page_text,
    phone_part,
    placeholders,
    say_list,
    spoken_phone,
    template_tags,
)
from generator.facts import Entry, Facts, facts_view, main_phone
from generator.i18n import catalog
from generator.languages import Language
from generator.model import SOURCE_LANGUAGE, Actor, Guide, Phone, Text
from generator.render import richtext

__all__ = [
    "FULL_STOPS",
    "NAME",
    "OPTIONAL_KEYS",
    "PHONE",
    "REFERENCE",
    "SECTIONS",
    "TEMPLATES_DIR",
    "TEXT",
    "Part",
    "Script",
    "Sentence",
    "Templates",
    "actor_phone",
    "as_label",
    "build_script",
    "cldr_locale",
    "compose",
    "day_name",
    "end_sentence",
    "full_stop",
    "group_days",
    "hours_sentences",
    "language_name",
    "load_templates",
    "merge_parts",
    "missing_keys",
    "page_text",
    "period_of",
    "phone_part",
    "placeholders",
    "runs_of",
    "say_days",
    "say_list",
    "say_slot",
    "say_time",
    "spoken_phone",
    "template_tags",
]


def actor_phone(actor: Actor) -> Phone | None:
    """The number a clip gives: the actor's, else its first service's."""
    return main_phone(actor)


@dataclass(slots=True)
class Draft:
    """A script being fitted into its budget: parts chosen in order of importance."""

    lang: str
    budget: float
    fixed: list[Sentence]  # always said
    chosen: dict[str, list[Sentence]] = field(default_factory=dict)
    cut: bool = False
    more: list[Sentence] = field(default_factory=list)  # said should something be left out

    def spent(self, *more: Sentence) -> float:
        """The estimated seconds of what is chosen (with "more on the page"), and `more`."""
        chosen = (s for part in self.chosen.values() for s in part)
        return estimate([*self.fixed, *chosen, *self.more, *more], self.lang)

    def offer(self, name: str, sentences: list[Sentence]) -> bool:
        """Keep `sentences` (all of them) if they fit; note that something was left out."""
        if not sentences:
            return True
        if self.spent(*sentences) > self.budget:
            self.cut = True
            return False
        self.chosen.setdefault(name, []).extend(sentences)
        return True


class Teller:
    """Says one actor's facts in one language."""

    def __init__(
        self, guide: Guide, actor: Actor, lang: Language, templates: Templates, today: date | None
    ) -> None:
        self.guide = guide
        self.actor = actor
        self.lang = lang
        self.templates = templates
        self.today = today
        view = facts_view(guide)
        self.shared = view.actor(actor)
        self.services = [entry for entry in view.actor_entries(actor) if entry.service]
        self.phone = view.main_phone(actor)

    def say(self, key: str, **values: str | Part) -> Sentence:
        return compose(self.templates.data["script"][key], self.lang.tag, **values)

    # --- what is always said -------------------------------------------------------------

    def head(self) -> list[Sentence]:
        sentences = [self.say("intro", name=Part(self.actor.nom, SOURCE_LANGUAGE, NAME))]
        if self.today is not None and self.guide.is_out_of_date(self.actor, self.today):
            months = str(self.guide.verification_max_age_months)
            sentences.append(self.say("outdated", months=months))
        return sentences

    def access(self) -> list[Sentence]:
        """Free or not, with or without an appointment: what all the services say alike."""
        sentences = []
        fees = [entry.facts.free for entry in self.services]
        if self.shared.free is True:
            sentences.append(self.say("free"))
        elif self.shared.free is False:
            sentences.append(self.say("paid_one"))
        elif fees and None not in fees:  # some free, some not
            sentences.append(self.say("paid"))
        known = [entry.facts.walk_in for entry in self.services if entry.facts.walk_in is not None]
        sentences += self.way_in(self.shared)
        if not known and self.phone is not None:  # nothing says how to get in: ask
            sentences.append(self.say("call_to_ask"))
        return sentences

    def way_in(self, facts: Facts) -> list[Sentence]:
        if facts.walk_in:
            return [self.say("walk_in")]
        if facts.appointment:
            return [self.say("call_first" if facts.call_first else "appointment")]
        return []

    def address(self) -> list[Sentence]:
        actor = self.actor
        place = ", ".join(p for p in (actor.adresse, actor.complement_adresse, actor.commune) if p)
        if not place:
            return []
        return [self.say("address", address=Part(place, SOURCE_LANGUAGE, NAME))]

    def phone_sentences(self) -> list[Sentence]:
        if self.phone is None:
            return []
        number = phone_part(self.phone, self.lang.tag)
        return [self.say("phone", phone=number), self.say("phone_again", phone=number)]

    # --- what is said while time allows --------------------------------------------------

    def summary(self) -> list[Sentence]:
        """The summary, else the description, sentence by sentence, if written in this
        language (as plain sentences: no symbol, no address)."""
        for text in (self.actor.resume, self.actor.description):
            shown = text.get(self.lang.tag) if text is not None else None
            if shown is None or shown.is_fallback:
                continue
            said = richtext.plain_sentences(shown.text, full_stop(self.lang.script))
            if said:
                return [Sentence((Part(line, self.lang.tag),)) for line in said]
        return []

    def topics(self) -> list[Sentence]:
        """What they help with, by the names of their services or needs, in this language."""
        tag = self.lang.tag
        names = [e.service.nom.get(tag).text for e in self.services if e.service.nom.has(tag)]
        if not names:
            themes = self.guide.themes_of(self.actor)
            names = [t.title.get(tag).text for t in themes if t.title.has(tag)]
        if not names:
            return []
        labels = [as_label(name, self.lang.script) for name in dict.fromkeys(names)]
        return [self.say("helps_with", topics=say_list(labels, tag))]

    def for_whom(self) -> list[Sentence]:
        publics = list(dict.fromkeys(p for e in self.services for p in e.service.publics))
        if not publics:
            return []
        if "tous-publics" in publics:
            return [self.say("for_everyone")]
        ui = catalog(self.lang.tag)
        labels = [
            as_label(ui(f"public.{p}"), self.lang.script)
            for p in publics
            if f"public.{p}" in ui.reference and ui.lang_of(f"public.{p}") == self.lang.tag
        ]
        if not labels:
            return []
        return [self.say("for_whom", publics=say_list(labels, self.lang.tag))]

    def hours(
        self, expression: str | None, text: Text | None, holidays: bool = True
    ) -> list[Sentence]:
        if expression:
            return hours_sentences(expression, self.templates, self.lang.tag, holidays)
        if text is not None:
            return [hours_text_sentence(text, self.templates, self.lang)]
        return []

    def languages(self, spoken: tuple[Language, ...]) -> list[Sentence]:
        if not spoken:
            return []
        names = say_list([language_name(s, self.lang.tag) for s in spoken], self.lang.tag)
        return [self.say("languages", languages=names)]

    def service(self, entry: Entry, hours: bool = True) -> list[Sentence]:
        """What is particular to one service: how to get in and its fees when the services
        differ, its own hours (if `hours`), languages and phone. Nothing when nothing is
        particular."""
        assert entry.service is not None
        facts, sentences = entry.facts, []
        if self.shared.walk_in is None and self.shared.appointment is None:
            sentences += self.way_in(facts)
        if self.shared.free is None and facts.free is not None:
            sentences.append(self.say("free" if facts.free else "paid_one"))
        if hours and facts.own_hours:  # closing on public holidays is said once, above
            sentences += self.hours(facts.hours, facts.hours_text, holidays=False)
        if entry.service.langues_parlees:
            sentences += self.languages(entry.service.langues_parlees)
        if facts.own_phone and facts.telephone is not None and facts.telephone != self.phone:
            number = phone_part(facts.telephone, self.lang.tag)
            sentences.append(self.say("service_phone", phone=number))
        if not sentences:
            return []
        name = entry.service.nom.get(self.lang.tag)
        part = Part(name.text, name.lang, NAME) if name.is_fallback else Part(name.text, name.lang)
        return [self.say("service", service=part), *sentences]

    # --- the whole script ----------------------------------------------------------------

    def pronounced(self, sentences: list[Sentence]) -> list[Sentence]:
        """Acronyms and names said as the guide's pronunciation list says (before the
        budget is counted: a spelling may take longer than the written form)."""
        return say_sentences(sentences, self.lang.tag, self.guide.pronunciation)

    def script(self, budget: float) -> Script:
        said = self.pronounced
        head, access = said(self.head()), said(self.access())
        address, phone = said(self.address()), said(self.phone_sentences())
        more = said([self.say("more_on_page")])
        draft = Draft(self.lang.tag, budget, [*head, *access, *address, *phone], more=more)
        actor = self.actor
        draft.offer("hours", said(self.hours(actor.horaires_accueil, actor.horaires_accueil_texte)))
        for entry in self.services:  # whole; else without its hours (the page has them)
            whole = draft.offer("services", said(self.service(entry)))
            if not whole and not draft.offer("services", said(self.service(entry, hours=False))):
                break
        summary = said(self.summary())
        described = bool(summary) and draft.offer("summary", summary[:1])
        if not described and "services" not in draft.chosen:  # say at least what they do
            draft.offer("topics", said(self.topics()))
        draft.offer("languages", said(self.languages(actor.langues_parlees)))
        draft.offer("whom", said(self.for_whom()))
        for sentence in summary[1:] if described else ():
            if not draft.offer("summary", [sentence]):
                break
        part = draft.chosen.get
        sentences = [
            *head,
            *part("summary", []),
            *part("topics", []),
            *part("whom", []),
            *access,
            *address,
            *part("hours", []),
            *part("languages", []),
            *part("services", []),
            *(more if draft.cut else []),
            *phone,
        ]
        return Script(self.lang.tag, tuple(sentences), cut=draft.cut)


def hours_text_sentence(text: Text, templates: Templates, lang: Language) -> Sentence:
    """Hours known only as the source wrote them: read in the script's language when
    translated, else in French by a French voice (as addresses are), never by a foreign one."""
    shown = text.get(lang.tag)
    hours = shown.text.strip().rstrip(".;,:")
    part = Part(hours, shown.lang, NAME) if shown.is_fallback else Part(hours, lang.tag)
    return compose(templates.data["script"]["hours_text"], lang.tag, hours=part)


def build_script(
    guide: Guide,
    actor: Actor,
    lang: Language,
    today: date | None = None,
    budget: float = TARGET_SECONDS,
) -> Script | None:
    """The spoken text of `actor` in `lang`, or None when the language has no templates.

    `today` says whether the facts may be out of date (None: not said); `budget` is the
    estimated seconds the script may take.
    """
    templates = load_templates(lang.tag)
    if templates is None or missing_keys(lang.tag):
        return None
    return Teller(guide, actor, lang, templates, today).script(budget)
