"""The facts a resident acts on, computed once from the model and read by every renderer.

Need pages and their filters, actor pages, leaflets, the professionals' directory and the
clips all show the same facts; none of them works them out on its own.

For a need, the entries are the actor's services that address it, each with its effective
facts: a service's own telephone, hours, access mode, fees and languages replace the actor's
(data·inclusion: "if the service gives no hours, the structure's may be used"). An actor placed
under a need by its own `thematiques`, with no service for it, is one entry with the actor's
facts.

Walk-in, appointment, free and languages at the desk are three-valued: True, False, or None
when the data says nothing. Unknown is not "no": a badge, a filter match or a sentence comes
only from a value the data gives.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeVar

from generator.languages import Language
from generator.model import Actor, Guide, Phone, Service, Text, Theme

WALK_IN = "se-presenter"  # data·inclusion modes_mobilisation: just come
PHONE_FIRST = "telephoner"
IN_PERSON = "en-presentiel"  # data·inclusion modes_accueil
REMOTE = "a-distance"
FEES = {"gratuit": True, "payant": False}

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Facts:
    """What one can know before going; None (or empty) where the data says nothing."""

    telephone: Phone | None = None
    hours: str | None = None  # OpenStreetMap opening_hours
    hours_text: Text | None = None  # the hours as the source wrote them
    free: bool | None = None
    walk_in: bool | None = None  # one can just come
    appointment: bool | None = None  # one contacts them first (calls, writes, uses a link)
    call_first: bool = False  # …and calling is one way to do it
    remote: bool | None = None  # also at a distance (phone, internet)
    languages: tuple[Language, ...] = ()  # spoken at the desk; () when not known
    own_phone: bool = False  # the telephone is the service's own, not the actor's
    own_hours: bool = False  # the hours are the service's own, not the actor's

    @property
    def has_hours(self) -> bool:
        return bool(self.hours or self.hours_text)

    def speaks(self, tag: str) -> bool | None:
        """Whether the desk speaks `tag`: None when the languages are not known."""
        if not self.languages:
            return None
        return any(spoken.tag == tag for spoken in self.languages)

    @property
    def filter_values(self) -> dict[str, str]:
        """The `data-*` values the need page's filters read: "1" yes, "0" no, "" unknown."""
        return {
            "free": tristate(self.free),
            "walkin": tristate(self.walk_in),
            "langs": " ".join(spoken.tag for spoken in self.languages),
        }


def tristate(value: bool | None) -> str:
    return "" if value is None else ("1" if value else "0")


def agreed(values: Iterable[T | None]) -> T | None:
    """The one value all of `values` share, None when they differ, are unknown or are none."""
    found = list(values)
    if not found or any(value is None for value in found):
        return None
    first = found[0]
    return first if all(value == first for value in found) else None


def actor_facts(actor: Actor) -> Facts:
    """The actor's own facts: it says nothing of fees or access (its services do)."""
    return Facts(
        telephone=actor.telephone,
        hours=actor.horaires_accueil,
        hours_text=actor.horaires_accueil_texte,
        languages=actor.langues_parlees,
    )


def access_of(service: Service) -> tuple[bool | None, bool | None, bool]:
    """(walk-in, appointment, call first) from the service's modes, None where unknown.

    `se-presenter` among the ways to use the service: one can just come. Other ways only
    (phone, e-mail, a link): one contacts them first to be received. A service given only at
    a distance (a phone line, a website) is no door to walk through, and needs no appointment
    to be reached: only walk-in is known (no).
    """
    modes = service.modes_mobilisation
    remote_only = bool(service.modes_accueil) and IN_PERSON not in service.modes_accueil
    if remote_only:
        return False, None, False
    if not modes:
        return None, None, False
    appointment = WALK_IN not in modes
    return not appointment, appointment, appointment and PHONE_FIRST in modes


def service_facts(actor: Actor, service: Service) -> Facts:
    """A service's effective facts: its own where it gives them, else the actor's."""
    own_hours = bool(service.horaires_accueil or service.horaires_accueil_texte)
    walk_in, appointment, call_first = access_of(service)
    return Facts(
        telephone=service.telephone or actor.telephone,
        hours=service.horaires_accueil if own_hours else actor.horaires_accueil,
        hours_text=service.horaires_accueil_texte if own_hours else actor.horaires_accueil_texte,
        free=FEES.get(service.frais or ""),
        walk_in=walk_in,
        appointment=appointment,
        call_first=call_first,
        remote=(REMOTE in service.modes_accueil) if service.modes_accueil else None,
        languages=service.langues_parlees or actor.langues_parlees,
        own_phone=service.telephone is not None,
        own_hours=own_hours,
    )


def shared_facts(actor: Actor, entries: Iterable[Entry]) -> Facts:
    """The actor's facts, with what all of `entries` say alike (free, access, languages)."""
    facts = [entry.facts for entry in entries]
    own = actor_facts(actor)
    if not facts:
        return own
    walk_in = agreed(f.walk_in for f in facts)
    appointment = agreed(f.appointment for f in facts)
    return Facts(
        telephone=own.telephone,
        hours=own.hours,
        hours_text=own.hours_text,
        free=agreed(f.free for f in facts),
        walk_in=walk_in,
        appointment=appointment,
        call_first=bool(appointment) and all(f.call_first for f in facts),
        remote=agreed(f.remote for f in facts),
        languages=agreed(f.languages for f in facts) or (),
    )


@dataclass(frozen=True, slots=True, eq=False)
class Entry:
    """One line of a need: a service of an actor (or the actor itself) and its facts."""

    actor: Actor
    service: Service | None
    facts: Facts

    @property
    def anchor(self) -> str:
        """The id of the service's section on the actor page ("" for the actor itself)."""
        return service_anchor(self.service) if self.service else ""

    @property
    def name(self) -> Text | None:
        """The service's name (None for the actor itself: its name is the actor's)."""
        return self.service.nom if self.service else None

    @property
    def summary(self) -> Text | None:
        """What to show or say first: the short summary, else the description; a service
        without either is described by its actor's."""
        if self.service is not None:
            own = self.service.resume or self.service.description
            if own is not None:
                return own
        return self.actor.resume or self.actor.description


def main_phone(actor: Actor) -> Phone | None:
    """The number to give for an actor as a whole: its own, else its first service's."""
    if actor.telephone is not None:
        return actor.telephone
    return next((s.telephone for s in actor.services if s.telephone), None)


def service_anchor(service: Service) -> str:
    return f"service-{service.id}"


@dataclass(frozen=True, slots=True, eq=False)
class Group:
    """An actor and its entries for one need (leaflets: one block per actor)."""

    actor: Actor
    entries: tuple[Entry, ...]
    facts: Facts  # the actor's facts, and what its entries say alike

    @property
    def services(self) -> tuple[Entry, ...]:
        """The entries that are services (an actor entry is the actor itself)."""
        return tuple(entry for entry in self.entries if entry.service is not None)


class FactsView:
    """The facts of a guide, computed once (see `facts_view`)."""

    def __init__(self, guide: Guide) -> None:
        self.guide = guide
        self._by_id = {actor.id: actor for actor in guide.actors}
        self._actor_entries = {actor.id: self._entries_of(actor) for actor in guide.actors}
        self._themes = {theme.id: self._theme_groups(theme) for theme in guide.themes}
        self._actors = {
            actor.id: shared_facts(actor, self._actor_entries[actor.id]) for actor in guide.actors
        }

    @staticmethod
    def _entries_of(actor: Actor) -> tuple[Entry, ...]:
        if not actor.services:
            return (Entry(actor, None, actor_facts(actor)),)
        return tuple(Entry(actor, s, service_facts(actor, s)) for s in actor.services)

    def _theme_groups(self, theme: Theme) -> tuple[Group, ...]:
        topics = set(theme.thematiques)
        groups = []
        for actor in self.guide.actors_of(theme):
            matching = tuple(
                entry
                for entry in self._actor_entries[actor.id]
                if entry.service is not None and topics & set(entry.service.thematiques)
            )
            entries = matching or (Entry(actor, None, actor_facts(actor)),)
            facts = shared_facts(actor, matching) if matching else actor_facts(actor)
            groups.append(Group(actor, entries, facts))
        return tuple(groups)

    def groups(self, theme: Theme) -> tuple[Group, ...]:
        """The actors of a need, each with its entries for that need, in guide order."""
        return self._themes[theme.id]

    def entries(self, theme: Theme) -> tuple[Entry, ...]:
        """Every entry of a need, in guide order."""
        return tuple(entry for group in self.groups(theme) for entry in group.entries)

    def known(self, actor: Actor) -> bool:
        """Whether `actor` is the guide's own (not a changed copy, whose facts are its own)."""
        return self._by_id.get(actor.id) is actor

    def actor_entries(self, actor: Actor) -> tuple[Entry, ...]:
        """Every service of an actor with its facts (the actor itself when it has none)."""
        if not self.known(actor):
            return self._entries_of(actor)
        return self._actor_entries[actor.id]

    def actor(self, actor: Actor) -> Facts:
        """The actor's facts, with what all its services say alike."""
        if not self.known(actor):
            return shared_facts(actor, self.actor_entries(actor))
        return self._actors[actor.id]

    def main_phone(self, actor: Actor) -> Phone | None:
        return main_phone(actor)

    def spoken_languages(self, entries: Sequence[Entry]) -> list[Language]:
        """The languages spoken at the desks of some entries (a need's): the guide's first."""
        found = {spoken.tag: spoken for entry in entries for spoken in entry.facts.languages}
        order = [lang.tag for lang in self.guide.languages]
        return sorted(
            found.values(), key=lambda s: (order.index(s.tag) if s.tag in order else 99, s.tag)
        )


@lru_cache(maxsize=8)
def facts_view(guide: Guide) -> FactsView:
    """The facts of `guide`, computed on first use and shared by every renderer."""
    return FactsView(guide)
