"""The grammar of French opening-hours texts: tokens to one usual week, or Unsure.

A text is a series of clauses: rules ("du lundi au vendredi de 9h à 12h", "9h-12h le samedi") and
changes applied after all the rules ("(17h le vendredi)", "fermé le mercredi après-midi",
"sauf le jeudi", "fermé de 12h à 14h"). A day given hours twice, a change that does not fit the
hours it changes, or anything left over makes the whole text Unsure.
"""

from __future__ import annotations

from itertools import pairwise

from generator.hours_fr_words import NOON, Token, Unsure

Slot = tuple[int, int]  # minutes from midnight, end up to 24 * 60
DaySet = tuple[frozenset[int], bool, bool, frozenset[int]]  # days, holidays, "sauf fériés", named
ALL_DAYS = frozenset(range(7))
FULL_DAY: Slot = (0, 24 * 60)
PERIODS = ("AM", "PM", "EVE")
SEPARATORS = (",", ";", ".", "\n", "/", "&", "+", "-", ":", "ET")
LIST_SEPARATORS = (",", "ET", "/", "&", "+")
RANGE_SEPARATORS = ("A", "-", "/")


def read_week(tokens: list[Token]) -> tuple[list[list[Slot]], bool]:
    """The slots of each weekday (Monday first), and whether closed on public holidays."""
    parser = _Parser(tokens)
    parser.parse()
    return parser.week()


class _Parser:
    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.pos = 0
        self.rules: list[tuple[frozenset[int], list[Slot]]] = []
        self.named: set[int] = set()  # days named alone in an opening rule
        self.changes: list[tuple[str, frozenset[int], object]] = []  # applied after the rules
        self.holidays_off = False
        self.continuous = False
        self.in_brackets = False

    # -- tokens
    def kind(self, offset: int = 0) -> str:
        index = self.pos + offset
        return self.tokens[index][0] if index < len(self.tokens) else "END"

    def take(self, *kinds: str) -> bool:
        if self.kind() in kinds:
            self.pos += 1
            return True
        return False

    def expect(self, *kinds: str) -> int:
        if self.kind() not in kinds:
            raise Unsure
        self.pos += 1
        return self.tokens[self.pos - 1][1]

    # -- what starts where
    def days_start(self, offset: int = 0) -> bool:
        kind = self.kind(offset)
        if kind in ("DU", "DE"):
            return self.kind(offset + 1) == "DAY"
        return kind in ("DAY", "ALL", "D7", "WEEKEND", "PH")

    def slot_start(self, offset: int = 0) -> bool:
        kind = self.kind(offset)
        if kind in PERIODS:
            return self.slot_start(offset + (2 if self.kind(offset + 1) == ":" else 1))
        if kind in ("DE", "ENTRE"):
            kind = self.kind(offset + 1)
        return kind in ("TIME", "NUM", "H24")

    def period(self) -> str | None:
        """`matin`, `après-midi` or `soir` if the next token is one (then taken)."""
        kind = self.kind()
        return kind if self.take(*PERIODS) else None

    def single_time(self) -> bool:
        """A time alone (not the start of a slot), as in "(vendredi : 17h)"."""
        return self.kind() == "TIME" and self.kind(1) not in RANGE_SEPARATORS

    # -- grammar
    def parse(self) -> None:
        while self.kind() != "END":
            if not self.take(*SEPARATORS):
                self.clause()
        if not self.rules:
            raise Unsure  # no opening hours at all

    def clause(self) -> None:
        if self.kind() in ("CLOSE", "SAUF"):
            self.closure()
        elif self.take("("):
            if self.in_brackets:
                raise Unsure
            self.in_brackets = True
            self.bracket()
            self.in_brackets = False
            self.expect(")")
        elif self.take("ALWAYS"):
            self.add_rule(ALL_DAYS, [FULL_DAY])
        elif self.take("CONT"):
            self.continuous = True
        elif self.take("OPEN"):
            if self.kind() == "A" or self.single_time():
                self.take("A")  # "ouverture à 10h le lundi"
                at = self.expect("TIME")
                self.change("start", self.opening_days(), at)
        elif self.days_start():
            self.after_days(self.day_set())
        elif self.slot_start():
            slots = self.slots()
            self.take(":", ",", "ET")
            self.add_rule(self.opening_days(), slots)
        else:
            raise Unsure

    def bracket(self) -> None:
        """Inside brackets: an exception to what was said before."""
        if self.days_start():
            days = self.day_set()
            self.take(":")
            if self.single_time():  # "(vendredi : 17h00)": closes at 17h
                self.change("end", self.opening(days), self.expect("TIME"))
            else:
                self.after_days(days)
        elif self.single_time() or self.take("UNTIL"):  # "(17h le vendredi)", "(jusqu'à 17h…)"
            at = self.expect("TIME")
            self.change("end", self.opening_days(), at)
        else:
            self.clause()

    def after_days(self, days: DaySet) -> None:
        self.take(":", ",")
        self.take("OPEN")
        if self.slot_start():  # "lundi 9h-12h", "le mardi matin de 9h à 12h"
            self.add_rule(self.opening(days), self.slots(), days[3])
            return
        period = self.period()
        self.take(":")
        if self.take("CLOSE"):
            if self.take("A") or self.single_time():  # "le vendredi fermeture à 16h"
                if period:
                    raise Unsure
                self.change("end", self.opening(days), self.expect("TIME"))
            else:  # "samedi : fermé", "dimanche et jours fériés : fermé"
                later = self.period()
                if period and later:
                    raise Unsure
                self.close(days, period or later)
        elif self.take("UNTIL") and not period:  # "le vendredi jusqu'à 16h"
            self.change("end", self.opening(days), self.expect("TIME"))
        else:
            raise Unsure  # days without times: "le mardi matin", "lundi sur rendez-vous"

    def closure(self) -> None:
        """`fermé le mercredi (après-midi)`, `sauf le jeudi`, `fermé de 12h à 14h`..."""
        but = self.kind() == "SAUF"  # "sauf" excepts days that were said to be open
        self.pos += 1
        self.take(":")
        if self.kind() in ("DE", "ENTRE") and self.kind(1) == "TIME":  # "fermé de 12h à 14h"
            self.change("window", ALL_DAYS, self.slot())
            if self.days_start() or self.slot_start():
                raise Unsure  # "fermé de 12h à 14h lundi": on Monday only, or every day?
        elif self.take("A") or self.single_time():  # "fermeture à 16h le vendredi"
            at = self.expect("TIME")
            self.change("end", self.opening_days(), at)
        else:
            self.close(self.day_set(), self.period(), but)

    def close(self, days: DaySet, period: str | None, but: bool = False) -> None:
        found, holidays, but_holidays, _named = days
        if self.slot_start():
            raise Unsure  # "fermé le mercredi 14h-17h", "mardi fermé de 12h à 14h": which?
        if but_holidays or (period and not found):
            raise Unsure  # "fermé le dimanche sauf jours fériés", "fermé les fériés le matin"
        self.holidays_off |= holidays
        if found:
            self.change("except" if but else "close", found, period)

    def opening_days(self) -> frozenset[int]:
        return self.opening(self.day_set())

    def opening(self, days: DaySet) -> frozenset[int]:
        found, holidays, but_holidays, _named = days
        if holidays or not found:
            raise Unsure  # open on public holidays: not converted
        self.holidays_off |= but_holidays
        return found

    def day_set(self) -> DaySet:
        """Days: `lundi, mercredi et jeudi`, `du lundi au vendredi sauf le mercredi`..."""
        days, holidays, named = self.day_list()
        but_holidays = False
        if self.kind() == "SAUF" and self.days_start(1):
            self.pos += 1
            removed, but_holidays, _ = self.day_list()
            if not removed <= days:
                raise Unsure  # "du lundi au vendredi sauf samedi"
            days -= removed
            named -= removed
        return frozenset(days), holidays, but_holidays, frozenset(named)

    def day_list(self) -> tuple[set[int], bool, set[int]]:
        days: set[int] = set()
        named: set[int] = set()  # days named alone, not in a range
        holidays = False
        while True:
            if self.take("PH"):
                holidays = True
            elif self.take("ALL", "D7"):
                if days:
                    raise Unsure  # "lundi, tous les jours"
                days |= ALL_DAYS
            elif self.take("WEEKEND"):
                if days & {5, 6}:
                    raise Unsure
                days |= {5, 6}
                named |= {5, 6}  # "le week-end 10h-18h, fermé le dimanche" contradicts itself
            else:
                ranged = self.take("DU", "DE")
                first = self.expect("DAY")
                if self.kind() in ("AU", "A", "-") and self.kind(1) == "DAY":
                    self.pos += 1
                    last = self.expect("DAY")
                    span = {(first + i) % 7 for i in range((last - first) % 7 + 1)}
                    if last == first or days & span:
                        raise Unsure  # "du lundi au lundi", "lundi, du lundi au vendredi"
                    days |= span
                elif ranged or first in days:
                    raise Unsure  # "du lundi", "mardi et mardi"
                else:
                    days.add(first)
                    named.add(first)
            if self.kind() in LIST_SEPARATORS and self.days_start(1):
                self.pos += 1
            elif not self.days_start():
                return days, holidays, named

    def slots(self) -> list[Slot]:
        """Slots, all with a `matin` / `après-midi` label or none ("matin 9h-12h, 14h-17h"?)."""
        labelled = self.kind() in PERIODS
        found = [self.slot()]
        while True:
            if self.kind() in (*LIST_SEPARATORS, "-", ";") and self.slot_start(1):
                self.pos += 1
            elif not self.slot_start():
                return found
            if (self.kind() in PERIODS) != labelled:
                raise Unsure
            found.append(self.slot())

    def slot(self) -> Slot:
        period = self.period()
        if period:
            self.take(":")
        if self.take("H24"):
            if period:
                raise Unsure
            return FULL_DAY
        between = self.take("ENTRE")
        if not between:
            self.take("DE")
        first_kind, start = self.kind(), self.expect("TIME", "NUM")
        if between:
            self.expect("ET")
        else:
            self.expect(*RANGE_SEPARATORS)
        last_kind, end = self.kind(), self.expect("TIME", "NUM")
        if first_kind == last_kind == "NUM":
            raise Unsure  # "9-12" could be anything (ages, a date...)
        end = end or 24 * 60  # "20h-0h"
        if not start < end or start >= 24 * 60:
            raise Unsure
        if period and _period(start, end) != period and not (period == "EVE" and start >= 17 * 60):
            raise Unsure  # "le matin de 14h à 17h"
        return start, end

    def add_rule(
        self, days: frozenset[int], slots: list[Slot], named: frozenset[int] = frozenset()
    ) -> None:
        if self.in_brackets:
            self.change("slots", days, slots)
        else:
            self.rules.append((days, slots))
            self.named |= named

    def change(self, what: str, days: frozenset[int], value: object) -> None:
        if what not in ("close", "window") and not self.rules:
            raise Unsure  # "(17h le vendredi)", "sauf le jeudi" before any hours: of what?
        self.changes.append((what, days, value))

    # -- the week
    def week(self) -> tuple[list[list[Slot]], bool]:
        week: list[list[Slot] | None] = [None] * 7
        for days, slots in self.rules:
            for day in days:
                if week[day] is not None:
                    raise Unsure  # the same day given hours twice: added to or replaced?
                week[day] = sorted(slots)
        days_of = [list(day or []) for day in week]
        changed: set[int] = set()
        for change, days, value in self.changes:
            if change in ("end", "start", "slots"):
                if changed & days:
                    raise Unsure  # "(16h le vendredi) (le vendredi 9h-12h)": which one?
                changed |= days
            for day in days:
                days_of[day] = _change(days_of[day], change, value, day in self.named)
        for slots in days_of:
            if self.continuous and len(slots) > 1:
                raise Unsure  # "en continu" but with a break
            if any(a[1] >= b[0] for a, b in pairwise(slots)):
                raise Unsure  # overlapping or touching slots
        if not any(days_of):
            raise Unsure
        return days_of, self.holidays_off


def _period(start: int, end: int) -> str | None:
    if start < NOON and end <= 14 * 60:
        return "AM"
    if start >= NOON:
        return "PM"
    return None  # across midday: neither a morning nor an afternoon


def _change(slots: list[Slot], change: str, value: object, named: bool) -> list[Slot]:
    if change == "slots":  # "(le vendredi 9h-12h)": replaces that day's hours
        if not slots:
            raise Unsure
        assert isinstance(value, list)
        return sorted(value)
    if change in ("close", "except"):
        if change == "except" and not slots:
            raise Unsure  # "du lundi au vendredi 9h-17h sauf samedi": Saturday was not open
        if value is None:
            if named:
                raise Unsure  # "lundi 9h-12h ... fermé le lundi"
            return []
        kept = [slot for slot in slots if _period(*slot) != value]
        if any(_period(*slot) is None for slot in slots) or value == "EVE" or kept == slots:
            raise Unsure  # "fermé le mercredi après-midi" of a day open 9h-17h: not exact
        return kept
    if change == "window":  # "fermé de 12h à 14h"
        assert isinstance(value, tuple)
        start, end = value
        kept = []
        for a, b in slots:
            if a < start and end < b:
                kept += [(a, start), (end, b)]
            elif b <= start or end <= a:
                kept.append((a, b))
            else:
                raise Unsure
        return kept
    assert isinstance(value, int)
    if not slots:
        raise Unsure  # "(17h le samedi)" but no hours on Saturday
    if change == "end":  # "(17h le vendredi)": the last slot of the day closes then
        start, end = slots[-1]
        if value * 2 < start + end or (value > end and end <= 14 * 60):
            raise Unsure  # "9h-12h (9h30 le lundi)": an opening time? "9h-12h, vendredi
            # jusqu'à 16h": a longer morning, or a new slot?
        return [*slots[:-1], (start, value)]
    start, end = slots[0]  # "start": "(ouverture à 10h le lundi)"
    if value * 2 > start + end:
        raise Unsure
    return [(value, end), *slots[1:]]
