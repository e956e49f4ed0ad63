"""Builders: turn a grammar match into the expression record it means.

Each takes the ``re.Match`` of a rule in grammar.py and returns an expression (see
exprs.py, compound.py), or None when the numbers make no date (February 30, a range
that runs backwards), so that match is dropped.
"""
from __future__ import annotations

import datetime
import re
from collections.abc import Callable

from geoevents.dates.compound import Anaphor, Part, Range
from geoevents.dates.exprs import Day, Expr, FiscalYear, Month, Season, Year
from geoevents.dates.relative import Ago, Past, Relative, TheYear, Weekday
from geoevents.dates.lexicon import (MONTH_FULL, MONTH_NUMBER, NUMBER_WORDS, ORDINALS, UNITS, WEEKDAY_NUMBER,
                                     YEAR, YEAR_REF)


def month_no(text: str) -> int:
    key = text.lower().rstrip(".")
    return MONTH_NUMBER.get(key) or MONTH_NUMBER[key[:3]]


def day_no(text: str) -> int:
    return int(re.match(r"\d+", text).group())  # type: ignore[union-attr]


def number(text: str) -> int:
    text = text.lower()
    return int(text) if text.isdigit() else NUMBER_WORDS[text]


def full_year(first: int, text: str) -> int | None:
    """The second year of "2008-09" or "2005/2006"; None unless it is after the first."""
    value = int(text)
    if len(text) == 2:
        value += first - first % 100
        if value <= first:
            value += 100
    return value if first < value <= first + 100 else None


def two_digit_year(text: str) -> int:
    value = int(text)
    return value if len(text) == 4 else (2000 + value if value < 50 else 1900 + value)


REL = {"this": 0, "current": 0, "present": 0, "last": -1, "past": -1, "next": 1, "coming": 1}
MONTH_REF = (r"(?:(?:this|last|next)\s+month|the\s+(?:current|previous|preceding|same|following)\s+month"
             r"|that\s+month|the\s+month)")
BASE = rf"(?:{YEAR_REF}|{MONTH_REF}|{MONTH_FULL}(?:,?\s+(?:of\s+)?{YEAR})?)"
_BASE_FORMS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], Expr]], ...] = tuple(
    (re.compile(p, re.I), f) for p, f in (
        (rf"{YEAR}", lambda m: Year(int(m.group()))),
        (r"(this|last|next)\s+(year|month)", lambda m: Relative(m[2].lower(), REL[m[1].lower()],
                                                                precision=m[2].lower())),
        (r"the\s+(current|present)\s+(year|month)", lambda m: Relative(m[2].lower(), 0,
                                                                       precision=m[2].lower())),
        (r"the\s+(previous|preceding|past)\s+(year|month)",
         lambda m: Anaphor("unit", m[2].lower(), -1, local_only=True)),
        (r"the\s+following\s+(year|month)", lambda m: Anaphor("unit", m[1].lower(), 1)),
        (r"(?:that|the\s+same)\s+(year|month)", lambda m: Anaphor("unit", m[1].lower(), 0)),
        (r"the\s+year", lambda m: TheYear()),
        (r"the\s+month", lambda m: Relative("month", 0, precision="month")),
        (rf"({MONTH_FULL})(?:,?\s+(?:of\s+)?({YEAR}))?",
         lambda m: Month(month_no(m[1]), int(m[2]) if m[2] else None)),
    ))


def parse_base(text: str) -> Expr | None:
    """The period a partial expression is a part of: "2008", "the year", "March 2007"..."""
    for pattern, make in _BASE_FORMS:
        m = pattern.fullmatch(text)
        if m:
            return make(m)
    return None


def valid_day(year: int | None, month: int, day: int) -> Day | None:
    try:
        datetime.date(year or 2000, month, day)  # 2000 is a leap year: Feb 29 stays possible
    except ValueError:
        return None
    return Day(month, day, year)


def days(m: re.Match[str]) -> Expr | None:
    year = int(m["y"]) if m["y"] else None
    month, d1, d2 = month_no(m["mon"]), day_no(m["d1"]), day_no(m["d2"])
    first, last = valid_day(year, month, d1), valid_day(year, month, d2)
    if first is None or last is None or d2 <= d1:
        return None
    return Range(first, last)


def part_of(m: re.Match[str], part: str, n: int = 0, unit: str = "month") -> Expr | None:
    """A Part of the period the match names in its ``base`` or ``y`` group, else of a year-less year."""
    base_text = m["base"] if "base" in m.re.groupindex else None
    year = m["y"] if "y" in m.re.groupindex else None
    if base_text:
        base = parse_base(base_text)
        return Part(base, part, n, unit) if base is not None else None
    if year:
        return Part(Year(two_digit_year(year)), part, n, unit)
    return Part(None, part, n, unit)


def ordinal(text: str) -> int:
    return ORDINALS[text.lower()]


def early_mid_late(m: re.Match[str]) -> Expr | None:
    word = m["part"].lower().split()
    key = word[1] if word[0] == "the" else word[0]
    part = {"early": "early", "mid": "mid", "late": "late", "middle": "middle", "beginning": "begin",
            "start": "begin", "end": "end", "close": "end", "turn": "end"}[key]
    return part_of(m, part)


def season(m: re.Match[str]) -> Expr | None:
    name = m["s"].lower().replace("autumn", "fall")
    gd = m.groupdict()
    if gd.get("rel"):
        rel = REL[m["rel"].lower()]
        found: Expr = Season(name, rel_year=rel) if "year_word" in m.re.groupindex else Season(name, rel=rel)
    elif gd.get("y"):
        year = int(m["y"])
        if gd.get("y2"):
            second = full_year(year, m["y2"])
            if second != year + 1:
                return None
            year = second if name == "winter" else year
        found = Season(name, year)
    else:
        found = Season(name)
    return Part(found, m["part"].lower()) if gd.get("part") else found


def offset(m: re.Match[str]) -> Expr | None:
    unit, n, direction = UNITS[m["unit"].lower()], number(m["n"]), m["dir"].lower()
    if unit == "quarter":
        return None
    if direction == "ago":
        return Ago(unit, n, precision="year" if unit == "decade" else unit)
    sign = 1 if direction.startswith(("later", "after")) else -1
    return Anaphor("shift", unit, sign * n, precision=unit)


def the_unit(m: re.Match[str]) -> Expr | None:
    unit, which = m["unit"].lower(), m["which"].lower()
    if which in ("previous", "preceding", "prior", "before", "earlier"):
        return Anaphor("unit", unit, -1, local_only=True, precision=unit)
    if which == "next" and unit != "day":
        return Relative(unit, 1, precision=unit)
    if which in ("same", "that"):
        return Anaphor("unit", unit, 0, precision=unit)
    return Anaphor("unit", unit, 1, precision=unit)


def period(m: re.Match[str]) -> Expr | None:
    det = m["det"].lower().split()[-1]
    if m["y"]:
        return Anaphor("period_in", year=int(m["y"]))
    if m["ref"] or m.groupdict().get("ref2") or det in ("corresponding", "comparable", "equivalent"):
        # with nothing before it, "the same day last year" is the report date a year back
        unit = {"date": "day", "day": "day", "week": "week", "month": "month"}.get(det, "year")
        return Anaphor("period_shift", unit=unit, n=-1)
    return Anaphor("same")


def past(m: re.Match[str]) -> Expr | None:
    unit = UNITS[m["unit"].lower()]
    n = number(m["n"]) if m.groupdict().get("n") else 1
    which = m["which"].lower()
    if unit == "quarter" or n > 100:
        return None
    return Past(unit, n, 1 if which in ("next", "coming", "following") else -1)


def year_range(m: re.Match[str]) -> Expr | None:
    first = int(m["y1"])
    last = full_year(first, m["y2"])
    return Range(Year(first), Year(last)) if last else None


def month_rel_year(m: re.Match[str]) -> Expr | None:
    """"March of last year", "June 26 this year"."""
    month, rel = month_no(m["mon"]), REL[m["rel"].lower()]
    if not m["d"]:
        return Month(month, rel_year=rel)
    return Day(month, day_no(m["d"]), rel_year=rel) if valid_day(None, month, day_no(m["d"])) else None


def weekday(m: re.Match[str]) -> Expr | None:
    rel = m["rel"].lower() if m["rel"] else None
    return Weekday(WEEKDAY_NUMBER[m["wd"].lower()], None if rel is None else REL[rel])


def with_weekday(m: re.Match[str], year: int | None, day: str) -> Expr | None:
    return valid_day(year, month_no(m["mon"]), day_no(day))


def month_range(m: re.Match[str]) -> Expr | None:
    year = int(m["y"]) if m["y"] else None
    first, last = month_no(m["m1"]), month_no(m["m2"])
    if first == last:
        return None
    if year is None:  # both year-less: resolved together, December-February wraps
        return Range(Month(first), Month(last))
    return Range(Month(first, year if first < last else year - 1), Month(last, year))


def fiscal(m: re.Match[str]) -> Expr | None:
    kind = m["kind"] or ("FY" if m["kind2"].lower() == "fiscal" else "CY")
    first = two_digit_year(m["y1"])
    last = full_year(first, m["y2"]) if m["y2"] else first
    if last is None:
        return None
    if kind.upper() == "CY":
        return Year(first) if first == last else Range(Year(first), Year(last))
    return FiscalYear(first, last)


_DAY_WORDS = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1, "last": -1, "this": 0}
_NAME_BEFORE = re.compile(r"(?<![.!?:;]\s)(?<!^)\b[A-Z][A-Za-z-]+\s+$")


def today(m: re.Match[str]) -> Expr | None:
    """today, yesterday morning, last night...; not "Today" in a title ("Kazakhstan Today")."""
    word = m["w"].split()[0]
    if word[0] == "T" and _NAME_BEFORE.search(m.string, max(0, m.start() - 30), m.start()):
        return None
    return Relative("day", _DAY_WORDS[word.lower()], precision="day")
