"""Opening hours (OpenStreetMap syntax): a typical week to show or say, and real upcoming slots.

The parsing is done by `opening-hours-py` (the Rust `opening_hours` crate), which also knows
French public holidays (`PH`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache

import opening_hours

COUNTRY = "FR"
# A week with no French public holiday, used to describe the usual week.
TYPICAL_MONDAY = date(2030, 1, 14)

Slot = tuple[time, time]


@dataclass(frozen=True, slots=True)
class Week:
    """The usual opening slots of each weekday, Monday first."""

    days: tuple[tuple[Slot, ...], ...]
    closed_on_holidays: bool

    @property
    def is_empty(self) -> bool:
        return not any(self.days)


def runs_of(days: list[int]) -> list[list[int]]:
    """Consecutive days together: [0, 1, 2, 4] -> [[0, 1, 2], [4]]."""
    runs: list[list[int]] = []
    for day in days:
        if runs and runs[-1][-1] == day - 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    return runs


@cache
def typical_week(expression: str) -> Week:
    """The usual week of an expression (public holidays aside)."""
    hours = opening_hours.OpeningHours(expression)
    start = datetime.combine(TYPICAL_MONDAY, time())
    days: list[list[Slot]] = [[] for _ in range(7)]
    for begin, end, state, _comment in hours.intervals(start, start + timedelta(days=7)):
        if state != opening_hours.State.OPEN:
            continue
        while begin < end:  # an interval past midnight is cut into one slot per day
            midnight = datetime.combine(begin.date() + timedelta(days=1), time())
            stop = min(end, midnight)
            day = (begin.date() - TYPICAL_MONDAY).days
            if 0 <= day < 7:
                days[day].append((begin.time(), time(23, 59) if stop == midnight else stop.time()))
            begin = stop
    holidays = "PH off" in expression or "PH closed" in expression
    return Week(tuple(tuple(d) for d in days), holidays)


def _minutes(value: time) -> int:
    return value.hour * 60 + value.minute


def _day_slots(hours: opening_hours.OpeningHours, day: date) -> tuple[tuple[int, int], ...]:
    begin = datetime.combine(day, time())
    slots = []
    for a, b, state, _ in hours.intervals(begin, begin + timedelta(days=1)):
        if state == opening_hours.State.OPEN:
            end = 24 * 60 if b.date() != day else _minutes(b.time())
            slots.append((_minutes(a.time()), end))
    return tuple(slots)


def _week_minutes(week: Week) -> list[tuple[tuple[int, int], ...]]:
    return [
        tuple((_minutes(a), 24 * 60 if b == time(23, 59) else _minutes(b)) for a, b in day)
        for day in week.days
    ]


@dataclass(frozen=True, slots=True)
class Schedule:
    """What a browser needs to say "open now": the usual week and the exceptional closed days.

    `weekly` is False when the real calendar does not follow a weekly pattern (e.g. "first
    Saturday of the month"): then no "open now" is claimed, rather than a wrong one.
    """

    week: tuple[tuple[tuple[int, int], ...], ...]  # minutes from midnight, Monday first
    closed_days: tuple[date, ...]  # public holidays on which the usual week does not apply
    weekly: bool


@cache
def schedule(expression: str, start: date, days: int = 400) -> Schedule:
    """Check the usual week against the real calendar from `start`, noting holiday closures."""
    real = opening_hours.OpeningHours(expression, country=COUNTRY)
    usual = _week_minutes(typical_week(expression))
    closed: list[date] = []
    weekly = True
    for offset in range(days):
        day = start + timedelta(days=offset)
        actual = _day_slots(real, day)
        if actual == usual[day.weekday()]:
            continue
        if actual:
            weekly = False  # opens at other times than the usual week says
        else:
            closed.append(day)  # a public holiday (or a dated closure) on a usual opening day
    return Schedule(tuple(usual), tuple(closed), weekly)
