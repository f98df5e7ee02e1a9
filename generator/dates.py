"""Dates: verification age, and the reproducible build date."""

from __future__ import annotations

from datetime import UTC, date, datetime


def months_between(earlier: date, later: date) -> int:
    """Whole months from `earlier` to `later` (0 when less than a month)."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    return months - (1 if later.day < earlier.day else 0)


def epoch_of(day: date) -> int:
    """Midnight UTC of `day` as a Unix time, for SOURCE_DATE_EPOCH."""
    return int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp())
