"""French free-text opening hours to OpenStreetMap `opening_hours`, only when certain.

`to_osm("du lundi au vendredi de 9h à 12h")` gives `Mo-Fr 09:00-12:00`; anything this module cannot
account for word by word (a typo, "sur rendez-vous", "1er mardi du mois", "fermé en août",
"le matin" without times, "24h/24" without days...) gives None: the caller keeps the text.
A wrong conversion is worse than none.

How: the text is cut into tokens (an unknown word stops everything), parsed into rules ("these
days, these slots") and exceptions ("(17h le vendredi)", "fermé le mercredi après-midi",
"sauf jours fériés"), turned into one week of slots, written in OSM syntax, then read back with
opening-hours-py: the result is returned only if it gives exactly that week.

Not converted on purpose: "sur rendez-vous" (the guide's hours display drops OSM comments, and a
comment alone reads as open 24/7), monthly or seasonal patterns (the guide shows a usual week),
"24h/24" without days, times without days, days without times.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

import opening_hours

from generator.hours import TYPICAL_MONDAY, runs_of
from generator.hours_fr_grammar import FULL_DAY, Slot, read_week
from generator.hours_fr_words import Unsure, tokenize

DAY_NAMES = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")


def to_osm(text: str) -> str | None:
    """The OSM `opening_hours` form of a French hours text, or None when not certain."""
    try:
        week, holidays_off = read_week(tokenize(text))
    except Unsure:
        return None
    result = _write(week, holidays_off)
    return result if _reads_back(result, week) else None


def _write(week: list[list[Slot]], holidays_off: bool) -> str:
    rules = []
    if all(slots == [FULL_DAY] for slots in week):
        rules.append("24/7")
    else:
        groups: dict[tuple[Slot, ...], list[int]] = {}
        for day, slots in enumerate(week):
            if slots:
                groups.setdefault(tuple(slots), []).append(day)
        for slots, days in groups.items():
            times = ",".join(f"{_clock(a)}-{_clock(b)}" for a, b in slots)
            rules.append(f"{_days(days)} {times}")
    if holidays_off:
        rules.append("PH off")
    return "; ".join(rules)


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _days(days: list[int]) -> str:
    """`Mo-We,Fr`: runs of three days or more as ranges, others one by one."""
    parts = []
    for run in runs_of(days):
        if len(run) >= 3:
            parts.append(f"{DAY_NAMES[run[0]]}-{DAY_NAMES[run[-1]]}")
        else:
            parts.extend(DAY_NAMES[day] for day in run)
    return ",".join(parts)


def _reads_back(expression: str, week: list[list[Slot]]) -> bool:
    """Whether opening-hours-py reads the expression as exactly that usual week."""
    try:
        hours = opening_hours.OpeningHours(expression)
    except (opening_hours.ParserError, SyntaxError, ValueError):
        return False
    for offset, expected in enumerate(week):
        begin = datetime.combine(TYPICAL_MONDAY + timedelta(days=offset), time())
        end = begin + timedelta(days=1)
        found: list[Slot] = []
        for a, b, state, _comment in hours.intervals(begin, end):
            if state == opening_hours.State.OPEN:
                found.append((_minutes(max(a, begin) - begin), _minutes(min(b, end) - begin)))
        if found != expected:
            return False
    return True


def _minutes(delta: timedelta) -> int:
    return int(delta.total_seconds()) // 60
