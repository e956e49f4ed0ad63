"""Calendar arithmetic on inclusive date intervals: exact, and far faster than a parser.

Every function is pure and works on ``datetime.date``; intervals are (start, end) pairs
with both ends included, which is what TimeSpan and the GeoJSON contract use.
"""
from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import date, timedelta

Interval = tuple[date, date]

SEASON_MONTHS: dict[str, int] = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}


def month_end(year: int, month: int) -> date:
    """The last day of a month."""
    return date(year, month, calendar.monthrange(year, month)[1])


def month_span(year: int, month: int) -> Interval:
    return date(year, month, 1), month_end(year, month)


def months_span(year: int, first: int, count: int) -> Interval:
    """``count`` whole months starting at ``first`` of ``year`` (may run into later years)."""
    start = date(year, first, 1)
    last = add_months(start, count - 1)
    return start, month_end(last.year, last.month)


def year_span(year: int) -> Interval:
    return date(year, 1, 1), date(year, 12, 31)


def add_months(day: date, months: int) -> date:
    """Shift by whole months, clamping the day (Jan 31 + 1 month = Feb 28/29)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_years(day: date, years: int) -> date:
    return add_months(day, 12 * years)


def shift(interval: Interval, unit: str, n: int) -> Interval:
    """Move an interval by ``n`` days, weeks, months or years, keeping month alignment.

    A whole-month interval stays whole-month: Feb 2008 moved a year back is all of
    Feb 2007 (28 days), not Feb 1 2007 .. Feb 29 2007.
    """
    start, end = interval
    if unit in ("day", "week"):
        delta = timedelta(days=n * (7 if unit == "week" else 1))
        return start + delta, end + delta
    months = n * (12 if unit == "year" else 10 * 12 if unit == "decade" else 1)
    new_start = add_months(start, months)
    if end == month_end(end.year, end.month) and start.day == 1:
        last = add_months(date(end.year, end.month, 1), months)
        return new_start, month_end(last.year, last.month)
    return new_start, add_months(end, months)


def iso_week(day: date) -> Interval:
    """Monday..Sunday of the week holding ``day``."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def season_span(season: str, year: int) -> Interval:
    """Meteorological seasons; winter Y runs from December Y-1 to February Y."""
    first = SEASON_MONTHS[season]
    if first == 12:
        return date(year - 1, 12, 1), month_end(year, 2)
    return months_span(year, first, 3)


def thirds(interval: Interval, which: str) -> Interval:
    """Early, mid or late part of a month (1-10, 11-20, 21-end) or of a longer period.

    A year splits into Jan-Apr, May-Aug, Sep-Dec; other whole-month periods split by
    month counts; a decade into 0-3, 4-6, 7-9.
    """
    start, end = interval
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    if months == 1:
        cut = {"early": (1, 10), "mid": (11, 20), "late": (21, end.day)}[which]
        return date(start.year, start.month, cut[0]), date(start.year, start.month, cut[1])
    if months == 120:
        lo, hi = {"early": (0, 3), "mid": (4, 6), "late": (7, 9)}[which]
        return date(start.year + lo, 1, 1), date(start.year + hi, 12, 31)
    size, extra = divmod(months, 3)
    sizes = [size + (1 if i < extra else 0) for i in range(3)]
    index = {"early": 0, "mid": 1, "late": 2}[which]
    first = add_months(start, sum(sizes[:index]))
    return months_span(first.year, first.month, sizes[index])


def halves(interval: Interval, which: int) -> Interval:
    """First (1) or second (2) half: of a month by days (1-15), of a year by months."""
    start, end = interval
    if start.month == end.month and start.year == end.year:
        return (start, date(start.year, start.month, 15)) if which == 1 else \
            (date(start.year, start.month, 16), end)
    return months_span(start.year, start.month + (0 if which == 1 else 6), 6)


def weekday_on_or_before(day: date, weekday: int) -> date:
    return day - timedelta(days=(day.weekday() - weekday) % 7)


def latest_not_after(make: Callable[[int], Interval | None], doc: date) -> Interval | None:
    """The instance of a year-less expression that began most recently, on or before ``doc``.

    ``make(year)`` builds the interval for a candidate year (None when that year has no
    such date, e.g. February 29).  This is dateparser's PREFER_DATES_FROM=past made exact:
    "In March" in a 2008-12-02 report is March 2008; in one dated 2008-02-10, March 2007.
    """
    for year in range(doc.year, doc.year - 9, -1):
        try:
            interval = make(year)
        except ValueError:
            continue
        if interval is not None and interval[0] <= doc:
            return interval
    return None


def earliest_after(make: Callable[[int], Interval | None], doc: date) -> Interval | None:
    """The next instance strictly after ``doc`` ("next March")."""
    for year in range(doc.year, doc.year + 9):
        try:
            interval = make(year)
        except ValueError:
            continue
        if interval is not None and interval[0] > doc:
            return interval
    return None


def earliest_not_over(make: Callable[[int], Interval | None], doc: date) -> Interval | None:
    """The first instance not over by ``doc``: what "will meet in March" means."""
    for year in range(doc.year - 1, doc.year + 9):
        try:
            interval = make(year)
        except ValueError:
            continue
        if interval is not None and interval[1] >= doc:
            return interval
    return None
