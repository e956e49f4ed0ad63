"""dateparser as a normaliser of last resort, for strings the grammar does not read.

It is imported here only, on first use, so the CLI stays fast to start, and its
answers are cached: the same (text, document date) pair is parsed once per process.
"""
from __future__ import annotations

import functools
from datetime import date

from geoevents.dates import arith
from geoevents.model import TimeSpan


def parse_with_dateparser(text: str, doc_date: date | None) -> TimeSpan | None:
    """A TimeSpan for ``text`` as dateparser reads it, or None.

    Without a document date a relative string ("two weeks ago") is unanchored rather
    than read against today.
    """
    got = _parse(text, doc_date)
    if got is None:
        return None
    day, period, relative = got
    if relative and doc_date is None:
        return TimeSpan(None, None, period, "unanchored", text, 0, len(text))
    if period == "year":
        start, end = arith.year_span(day.year)
    elif period == "month":
        start, end = arith.month_span(day.year, day.month)
    elif period == "week":
        start, end = arith.iso_week(day)
    else:
        start = end = day
    anchor = "document" if relative else "absolute"
    return TimeSpan(start, end, period if period in ("day", "week", "month", "year") else "day", anchor,
                    text, 0, len(text))


@functools.lru_cache(maxsize=4096)
def _parse(text: str, doc_date: date | None) -> tuple[date, str, bool] | None:
    """(date, period, relative?) from dateparser with the project's settings, cached."""
    import datetime

    from dateparser.date import DateDataParser

    settings = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False,
                "PREFER_DAY_OF_MONTH": "first"}
    if doc_date is not None:
        settings["RELATIVE_BASE"] = datetime.datetime(doc_date.year, doc_date.month, doc_date.day)
    parser = DateDataParser(languages=["en"], settings=settings)
    data = parser.get_date_data(text)
    if data is None or data.date_obj is None:
        return None
    # A string with no year, or a relative one, was completed from the base date.
    relative = not any(ch.isdigit() for ch in text) or not _has_year(text)
    return data.date_obj.date(), data.period or "day", relative


def _has_year(text: str) -> bool:
    import re

    return re.search(r"(?<!\d)(?:1[89]|20)\d\d(?!\d)", text) is not None
