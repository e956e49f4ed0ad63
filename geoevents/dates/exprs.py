"""What a temporal expression means, before it is pinned to a calendar.

The grammar turns each match into one of these small frozen records; ``resolve`` pins
it to dates given the document date and the previous dated expression.  Keeping the
meaning separate from the dates lets a range inherit a year from its other end
("May 25 to October 25, 2008") and lets a document without a date still say what
kind of expression it found (unanchored, precision kept).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple, Protocol

from geoevents.dates import arith
from geoevents.dates.arith import Interval
from geoevents.model import TimeSpan


@dataclass(frozen=True, slots=True)
class Context:
    """What an expression is resolved against."""

    doc: date | None
    previous: TimeSpan | None = None
    local: int = 0  # how many of the latest history spans were found in this same text
    focus_year: int | None = None  # the year this paragraph is talking about, if it said
    history: tuple[TimeSpan, ...] = ()  # recent dated spans, oldest first (previous is last)
    future: bool = False  # the sentence looks ahead ("will", "plans to"): year-less means next
    topic_year: int | None = None  # the year the whole document is mostly about, if clear

    def year_in_focus(self) -> int | None:
        """The paragraph's focus year; a sentence about the future ignores a past one."""
        focus = self.focus_year
        if focus is not None and self.future and self.doc is not None and focus < self.doc.year:
            return None
        return focus


class Resolved(NamedTuple):
    start: date
    end: date
    precision: str
    anchor: str


class Expr(Protocol):
    precision: str

    def resolve(self, ctx: Context) -> Resolved | None: ...


_WEAKEST = {"absolute": 0, "document": 1, "previous": 2}


def weakest(*anchors: str) -> str:
    return max(anchors, key=lambda a: _WEAKEST.get(a, 3))


def _yearless(make, ctx: Context, explicit: int | None, rel_year: int | None,
              precision: str) -> Resolved | None:
    """Resolve something that needs a year: explicit, relative to the document, or past-preferred."""
    if explicit is not None:
        return Resolved(*make(explicit), precision, "absolute")
    if ctx.doc is None:
        return None
    if rel_year is not None:
        return Resolved(*make(ctx.doc.year + rel_year), precision, "document")
    choose = arith.earliest_not_over if ctx.future else arith.latest_not_after
    found = choose(make, ctx.doc)
    return Resolved(*found, precision, "document") if found else None


@dataclass(frozen=True, slots=True)
class Day:
    month: int
    day: int
    year: int | None = None
    rel_year: int | None = None  # "June 26 of last year": -1
    precision: str = "day"

    def at(self, year: int) -> Interval:
        d = date(year, self.month, self.day)
        return d, d

    def resolve(self, ctx: Context) -> Resolved | None:
        return _yearless(self.at, ctx, self.year, self.rel_year, "day")


@dataclass(frozen=True, slots=True)
class Month:
    month: int
    year: int | None = None
    rel_year: int | None = None
    precision: str = "month"

    def at(self, year: int) -> Interval:
        return arith.month_span(year, self.month)

    def resolve(self, ctx: Context) -> Resolved | None:
        return _yearless(self.at, ctx, self.year, self.rel_year, "month")


@dataclass(frozen=True, slots=True)
class Season:
    name: str
    year: int | None = None
    rel: int | None = None  # this 0, last -1, next +1
    rel_year: int | None = None
    precision: str = "season"

    def at(self, year: int) -> Interval:
        return arith.season_span(self.name, year)

    def resolve(self, ctx: Context) -> Resolved | None:
        if self.rel is None:
            return _yearless(self.at, ctx, self.year, self.rel_year, "season")
        if ctx.doc is None:
            return None
        doc = ctx.doc
        if self.rel == 0:  # the instance of the current season-year (winter: Dec..Feb)
            year = doc.year + 1 if self.name == "winter" and doc.month == 12 else doc.year
            found: Interval | None = self.at(year)
        elif self.rel < 0:  # the most recent one already over
            found = arith.latest_not_after(
                lambda y: self.at(y) if self.at(y)[1] < doc else None, doc)
        else:
            found = arith.earliest_after(self.at, doc)
        return Resolved(*found, "season", "document") if found else None


@dataclass(frozen=True, slots=True)
class Year:
    year: int
    precision: str = "year"

    def at(self, year: int) -> Interval:
        return arith.year_span(year)

    def resolve(self, ctx: Context) -> Resolved | None:
        return Resolved(*arith.year_span(self.year), "year", "absolute")


@dataclass(frozen=True, slots=True)
class Decade:
    first: int
    precision: str = "range"

    def resolve(self, ctx: Context) -> Resolved | None:
        return Resolved(date(self.first, 1, 1), date(self.first + 9, 12, 31), "range", "absolute")


@dataclass(frozen=True, slots=True)
class FiscalYear:
    """US federal fiscal years (FY2008 = 2007-10-01..2008-09-30), the genre's convention."""

    first: int
    last: int
    precision: str = "year"

    def resolve(self, ctx: Context) -> Resolved | None:
        precision = "year" if self.first == self.last else "range"
        return Resolved(date(self.first - 1, 10, 1), date(self.last, 9, 30), precision, "absolute")


def unit_containing(day: date, unit: str, offset: int = 0) -> Interval:
    """The calendar day/week/month/year holding ``day``, moved ``offset`` units."""
    if unit == "day":
        d = day + timedelta(days=offset)
        return d, d
    if unit == "week":
        return arith.iso_week(day + timedelta(days=7 * offset))
    if unit == "month":
        moved = arith.add_months(date(day.year, day.month, 1), offset)
        return arith.month_span(moved.year, moved.month)
    return arith.year_span(day.year + offset)


def move(day: date, unit: str, n: int) -> date:
    if unit in ("day", "week"):
        return day + timedelta(days=n * (7 if unit == "week" else 1))
    return arith.add_months(day, n * {"month": 1, "quarter": 3, "year": 12, "decade": 120}[unit])
