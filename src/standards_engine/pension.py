"""Folkepensionsalder by birth date (lov om social pension § 1 a, docs/contract.md §2).

Never a fixed 65 or 67: the age depends on the birth cohort.
"""
from __future__ import annotations

import datetime as dt

# (born on or before this date, pension age in months)
_COHORTS: tuple[tuple[dt.date, int], ...] = (
    (dt.date(1953, 12, 31), 65 * 12),
    (dt.date(1954, 6, 30), 65 * 12 + 6),
    (dt.date(1954, 12, 31), 66 * 12),
    (dt.date(1955, 6, 30), 66 * 12 + 6),
    (dt.date(1962, 12, 31), 67 * 12),
    (dt.date(1966, 12, 31), 68 * 12),
    (dt.date(1970, 12, 31), 69 * 12),
)
_LATEST = 70 * 12
MIN_PENSION_AGE = 65
MAX_PENSION_AGE = 70


def pension_age_months(birth_date: dt.date) -> int:
    for last_born, months in _COHORTS:
        if birth_date <= last_born:
            return months
    return _LATEST


def add_months(d: dt.date, months: int) -> dt.date:
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    if d.day <= 28:  # every month has the day
        return dt.date(year, month, d.day)
    # 29 February (or a 31st) rolls back to the month's last day.
    import calendar  # only here: a check's start-up need not load it
    return dt.date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def pension_date(birth_date: dt.date) -> dt.date:
    return add_months(birth_date, pension_age_months(birth_date))


def age_on(birth_date: dt.date, on: dt.date) -> int:
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))


def birth_range(age: int, on: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last birth date of a person who is `age` years old on `on` (both included)."""
    return add_months(on, -12 * (age + 1)) + dt.timedelta(days=1), add_months(on, -12 * age)


def under_pension_age(birth_date: dt.date, on: dt.date) -> bool:
    return on < pension_date(birth_date)
