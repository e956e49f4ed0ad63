"""Expressions relative to the document date: this/last/next year, "the year", last
March, weekdays and weekends, "over the past three years", "two years ago", and the
reporting period of an annual report."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from geoevents.dates import arith
from geoevents.dates.arith import Interval
from geoevents.dates.exprs import Context, Resolved, move, unit_containing


@dataclass(frozen=True, slots=True)
class Relative:
    """this/last/next year, month, week; today, yesterday, tomorrow; "the year"."""

    unit: str
    offset: int = 0
    precision: str = "year"

    def resolve(self, ctx: Context) -> Resolved | None:
        if ctx.doc is None:
            return None
        return Resolved(*unit_containing(ctx.doc, self.unit, self.offset), self.unit, "document")


@dataclass(frozen=True, slots=True)
class TheYear:
    """"the year", "the year's": the year the paragraph is about (its last dated adverbial,
    as in "In 2005, ... by the end of the year"), else the year the document is about (an
    annual report published in March is about the year before), else the report date's."""

    precision: str = "year"

    def resolve(self, ctx: Context) -> Resolved | None:
        focus = ctx.year_in_focus()
        if focus is not None:
            return Resolved(*arith.year_span(focus), "year", "previous")
        if ctx.doc is None:
            return None
        year = ctx.doc.year
        if ctx.topic_year is not None and (not ctx.future or ctx.topic_year >= year):
            year = ctx.topic_year
        return Resolved(*arith.year_span(year), "year", "document")


@dataclass(frozen=True, slots=True)
class RelMonth:
    """last March / next March / this March, relative to the document date."""

    month: int
    rel: int
    precision: str = "month"

    def resolve(self, ctx: Context) -> Resolved | None:
        if ctx.doc is None:
            return None
        doc = ctx.doc

        def at(y: int) -> Interval:
            return arith.month_span(y, self.month)

        if self.rel == 0:
            found: Interval | None = at(doc.year)
        elif self.rel < 0:
            found = arith.latest_not_after(lambda y: at(y) if at(y)[1] < doc else None, doc)
        else:
            found = arith.earliest_after(at, doc)
        return Resolved(*found, "month", "document") if found else None


@dataclass(frozen=True, slots=True)
class Weekday:
    weekday: int  # Monday 0
    rel: int | None = None  # None: on/most recent (today included); -1 last; +1 next; 0 this
    precision: str = "day"

    def resolve(self, ctx: Context) -> Resolved | None:
        if ctx.doc is None:
            return None
        doc = ctx.doc
        if self.rel is None and ctx.future:
            d = arith.weekday_on_or_before(doc + timedelta(days=6), self.weekday)
        elif self.rel is None:
            d = arith.weekday_on_or_before(doc, self.weekday)
        elif self.rel < 0:
            d = arith.weekday_on_or_before(doc - timedelta(days=1), self.weekday)
        elif self.rel > 0:
            d = arith.weekday_on_or_before(doc + timedelta(days=7), self.weekday)
            if d <= doc:
                d += timedelta(days=7)
        else:
            d = arith.iso_week(doc)[0] + timedelta(days=self.weekday)
        return Resolved(d, d, "day", "document")


@dataclass(frozen=True, slots=True)
class Weekend:
    """Saturday and Sunday: "last weekend" (the latest one over), "this weekend", "over the weekend"."""

    rel: int | None = None
    precision: str = "range"

    def resolve(self, ctx: Context) -> Resolved | None:
        if ctx.doc is None:
            return None
        doc = ctx.doc
        saturday = arith.iso_week(doc)[0] + timedelta(days=5)
        if self.rel == 0 or (self.rel is None and ctx.future):
            pass
        elif self.rel is not None and self.rel > 0:
            saturday += timedelta(days=7)
        elif self.rel is None and saturday <= doc:  # "over the weekend": this one if begun
            pass
        else:
            saturday -= timedelta(days=7)
        return Resolved(saturday, saturday + timedelta(days=1), "range", "document")


@dataclass(frozen=True, slots=True)
class Past:
    """"over the past three years" (direction -1) or "the next two years" (+1)."""

    unit: str
    n: int
    direction: int = -1
    precision: str = "range"

    def resolve(self, ctx: Context) -> Resolved | None:
        if ctx.doc is None:
            return None
        other = move(ctx.doc, self.unit, self.direction * self.n)
        start, end = sorted((other, ctx.doc))
        return Resolved(start, end, "range", "document")


@dataclass(frozen=True, slots=True)
class Ago:
    """"two years ago": the calendar unit that many units before the document date."""

    unit: str
    n: int
    precision: str = "day"

    def resolve(self, ctx: Context) -> Resolved | None:
        if ctx.doc is None:
            return None
        return Resolved(*unit_containing(move(ctx.doc, self.unit, -self.n), self.unit), self.unit,
                        "document")


@dataclass(frozen=True, slots=True)
class ReportPeriod:
    """"the reporting period": the year a report covers: the year it is mostly about, else the
    year of its date (cables filed in January or February cover the year before)."""

    precision: str = "year"

    def resolve(self, ctx: Context) -> Resolved | None:
        if ctx.doc is None:
            return None
        year = ctx.doc.year if ctx.doc.month >= 3 else ctx.doc.year - 1
        if ctx.topic_year is not None and ctx.topic_year <= ctx.doc.year:
            year = ctx.topic_year
        return Resolved(*arith.year_span(year), "year", "document")
