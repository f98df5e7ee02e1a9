"""Opening hours as people say them: "du lundi au vendredi, de 9 heures à midi", "from 2 to
5 p.m.", each language with its own day forms and clock (templates' `hours` section)."""

from __future__ import annotations

from datetime import time
from typing import Any

from babel import Locale
from babel.dates import get_day_names

from generator.audio.sentences import Sentence, Templates, cldr_locale, compose, say_list
from generator.hours import Slot, Week, runs_of, typical_week


def period_of(moment: time) -> str:
    if moment.hour < 12:
        return "morning"
    if moment.hour < 13:
        return "noon"
    return "afternoon" if moment.hour < 18 else "evening"


def say_time(moment: time, hours: dict[str, Any], *, bare: bool = False) -> str:
    """A time as people say it: "9 heures 30", "2 p.m.", "midi"."""
    exact = hours.get("exact") or {}
    key = f"{moment.hour:02}:{moment.minute:02}"
    if key in exact:
        return str(exact[key])
    name = "time_bare" if bare else "time"
    if moment.minute:
        name += "_minutes"
    periods = hours.get("periods") or {}
    return (
        str(hours[name])
        .format(
            h=moment.hour,
            h12=moment.hour % 12 or 12,
            m=moment.minute,
            mm=f"{moment.minute:02}",
            period=periods.get(period_of(moment), ""),
        )
        .strip()
    )


def say_slot(slot: Slot, hours: dict[str, Any]) -> str:
    start, end = slot
    exact = hours.get("exact") or {}
    merge = (
        hours.get("clock") == 12
        and "time_bare" in hours
        and period_of(start) == period_of(end)
        and f"{start.hour:02}:{start.minute:02}" not in exact
        and f"{end.hour:02}:{end.minute:02}" not in exact
    )
    return str(hours["slot"]).format(
        start=say_time(start, hours, bare=merge), end=say_time(end, hours)
    )


def day_name(day: int, role: str, hours: dict[str, Any], tag: str) -> str:
    """Day `day` (0 = Monday) in the form a role needs, else CLDR's name.

    Roles: `first` and `last` of a range, `day` alone, `list` in a list of days.
    """
    forms = (hours.get("forms") or {}).get(role)
    if forms:
        return str(forms[day])
    locale = cldr_locale(tag) or Locale("fr")
    return get_day_names("wide", context="format", locale=locale)[day]


def say_days(days: list[int], hours: dict[str, Any], tag: str) -> str:
    """ "du lundi au vendredi", "le mardi et jeudi", "tous les jours"."""
    if len(days) == 7:
        return str(hours["every_day"])
    runs = runs_of(days)
    if all(len(run) < 3 for run in runs) and "days" in hours and len(days) > 1:
        names = [day_name(d, "list", hours, tag) for d in days]
        return str(hours["days"]).format(days=say_list(names, tag))
    phrases: list[str] = []
    for run in runs:
        if len(run) >= 3:
            first = day_name(run[0], "first", hours, tag)
            last = day_name(run[-1], "last", hours, tag)
            phrases.append(str(hours["range"]).format(first=first, last=last))
        else:
            phrases += [str(hours["day"]).format(day=day_name(d, "day", hours, tag)) for d in run]
    return say_list(phrases, tag)


def group_days(week: Week) -> list[tuple[list[int], tuple[Slot, ...]]]:
    """Days with the same hours together, in week order of their first day."""
    groups: dict[tuple[Slot, ...], list[int]] = {}
    for day, slots in enumerate(week.days):
        if slots:
            groups.setdefault(slots, []).append(day)
    return [(days, slots) for slots, days in groups.items()]


def hours_sentences(
    expression: str, templates: Templates, lang: str, holidays: bool = True
) -> list[Sentence]:
    """The usual week, a sentence per group of days with the same hours; then, if `holidays`,
    whether it is closed on public holidays."""
    week = typical_week(expression)
    hours = templates.data["hours"]
    sentences = []
    for days, slots in group_days(week):
        said = [say_slot(slot, hours) for slot in slots]
        joiner = hours.get("slots_join")  # when the CLDR "and" reads badly, e.g. in Arabic
        said_slots = str(joiner).join(said) if joiner else say_list(said, lang)
        sentences.append(
            compose(
                templates.data["script"]["open"],
                lang,
                days=say_days(days, hours, lang),
                slots=said_slots,
            )
        )
    if holidays and week.closed_on_holidays and not week.is_empty:
        sentences.append(compose(templates.data["script"]["closed_holidays"], lang))
    return sentences
