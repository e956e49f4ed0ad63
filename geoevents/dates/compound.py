"""Expressions built on other expressions: parts of a period, ranges, "since", anaphora."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from geoevents.dates import arith
from geoevents.dates.arith import Interval
from geoevents.dates.exprs import Context, Expr, Resolved, move, unit_containing, weakest
from geoevents.model import TimeSpan


@dataclass(frozen=True, slots=True)
class Part:
    """A part of a period: early/mid/late, beginning/middle/end, halves, quarters,
    the first/last N months (weeks, days, quarters), the Nth week, earlier/later.

    With no ``base`` the period is a year to be chosen like a year-less month ("the
    third quarter" is the latest third quarter begun by the report date).
    """

    base: Expr | None
    part: str
    n: int = 0
    unit: str = "month"
    year: int | None = None  # never set: marks a year-less Part for Range
    precision: str = "range"

    def at(self, year: int) -> Interval | None:
        return self.cut(arith.year_span(year), None)

    def resolve(self, ctx: Context) -> Resolved | None:
        if self.base is None:  # "the first three quarters": of the year in focus, else the latest begun
            focus = ctx.year_in_focus()
            if focus is not None:
                found = self.at(focus)
                return Resolved(*found, self._precision(found), "previous") if found else None
            if ctx.doc is None:
                return None
            choose = arith.earliest_not_over if ctx.future else arith.latest_not_after
            found = choose(self.at, ctx.doc)
            return Resolved(*found, self._precision(found), "document") if found else None
        got = self.base.resolve(ctx)
        if got is None:
            return None
        cut = self.cut((got.start, got.end), ctx.doc)
        if cut is None:
            return None
        anchor = got.anchor
        if self.part in ("earlier", "later"):
            anchor = weakest(anchor, "document")
        return Resolved(cut[0], cut[1], self._precision(cut), anchor)

    def _precision(self, cut: Interval) -> str:
        if self.part == "quarter":
            return "quarter"
        if self.part == "week":
            return "week"
        whole_month = cut[0].day == 1 and cut[1] == arith.month_end(cut[1].year, cut[1].month)
        if whole_month and (cut[0].year, cut[0].month) == (cut[1].year, cut[1].month):
            return "month"
        return "range"

    def cut(self, span: Interval, doc: date | None) -> Interval | None:
        start, end = span
        months = (end.year - start.year) * 12 + end.month - start.month + 1
        part, n = self.part, self.n
        if part in ("early", "mid", "late"):
            return arith.thirds(span, part)
        if part in ("begin", "end", "middle"):
            if months <= 1 or months == 120:
                return arith.thirds(span, {"begin": "early", "end": "late", "middle": "mid"}[part])
            if part == "middle":
                return arith.thirds(span, "mid")
            month = start if part == "begin" else end
            return arith.month_span(month.year, month.month)
        if part == "half":
            return arith.halves(span, n) if months in (1, 12) else None
        if part == "quarter":
            return arith.months_span(start.year, 3 * (n - 1) + 1, 3) if months == 12 else None
        if part == "week":  # Nth week of a month; 5 = the last week
            if months != 1:
                return None
            if n >= 5:
                return end - timedelta(days=6), end
            first = start + timedelta(days=7 * (n - 1))
            return first, first + timedelta(days=6)
        if part in ("first", "last"):
            if self.unit in ("month", "quarter"):
                count = n * (3 if self.unit == "quarter" else 1)
                if count > months:
                    return None
                if part == "first":
                    return arith.months_span(start.year, start.month, count)
                first = arith.add_months(date(end.year, end.month, 1), 1 - count)
                return arith.months_span(first.year, first.month, count)
            days = n * (7 if self.unit == "week" else 1)
            if days > (end - start).days + 1:
                return None
            if part == "first":
                return start, start + timedelta(days=days - 1)
            return end - timedelta(days=days - 1), end
        if doc is None:
            return None
        if part == "earlier":  # "earlier this year": from its start to the report date
            return (start, min(end, doc)) if start <= doc else None
        if part == "later":
            return (max(start, doc), end) if doc <= end else None
        raise ValueError(f"unknown part {part!r}")


@dataclass(frozen=True, slots=True)
class Range:
    """A to B; a year-less end takes its year from the other end ("May 25 to October 25, 2008")."""

    first: Expr
    last: Expr
    precision: str = "range"

    def resolve(self, ctx: Context) -> Resolved | None:
        a, b = self.first, self.last
        try:
            if _yearless(a) and _yearless(b):
                return self._both_yearless(ctx)
            year_b = _year_of(b, ctx)
            if _yearless(a) and year_b is not None:
                got_b = b.resolve(ctx)
                if got_b is None:
                    return None
                lo = _at(a, year_b)[0]
                if lo > got_b.end:
                    lo = _at(a, year_b - 1)[0]
                return Resolved(lo, got_b.end, "range", got_b.anchor)
            year_a = _year_of(a, ctx)
            if _yearless(b) and year_a is not None:
                got_a = a.resolve(ctx)
                if got_a is None:
                    return None
                hi = _at(b, year_a)[1]
                if hi < got_a.start:
                    hi = _at(b, year_a + 1)[1]
                return Resolved(got_a.start, hi, "range", got_a.anchor)
        except ValueError:  # February 29 in a year without one
            return None
        got_a, got_b = a.resolve(ctx), b.resolve(ctx)
        if got_a is None or got_b is None or got_b.end < got_a.start:
            return None
        return Resolved(got_a.start, got_b.end, "range", weakest(got_a.anchor, got_b.anchor))

    def _both_yearless(self, ctx: Context) -> Resolved | None:
        if ctx.doc is None:
            return None
        a, b = self.first, self.last

        def both(year: int) -> Interval:
            lo = _at(a, year)[0]
            hi = _at(b, year)[1]
            return (lo, hi) if hi >= lo else (lo, _at(b, year + 1)[1])

        choose = arith.earliest_not_over if ctx.future else arith.latest_not_after
        found = choose(both, ctx.doc)
        return Resolved(*found, "range", "document") if found else None


def _at(e: Expr, year: int) -> Interval:
    """The instance of a year-less expression in ``year``; ValueError when there is none."""
    found = e.at(year)  # type: ignore[attr-defined]
    if found is None:
        raise ValueError(f"no instance in {year}")
    return found


def _yearless(e: Expr) -> bool:
    """A dated expression that names no year and takes one from context ("May 25", "the third quarter")."""
    return (hasattr(e, "at") and getattr(e, "year", 0) is None and getattr(e, "rel_year", None) is None
            and getattr(e, "rel", None) is None and getattr(e, "base", None) is None)


def _year_of(e: Expr, ctx: Context) -> int | None:
    """The year a dated expression names, explicitly or relative to the document."""
    if not hasattr(e, "at"):
        return None
    if getattr(e, "year", None) is not None:
        return e.year  # type: ignore[attr-defined]
    rel_year = getattr(e, "rel_year", None)
    return ctx.doc.year + rel_year if rel_year is not None and ctx.doc is not None else None


@dataclass(frozen=True, slots=True)
class Since:
    """"since 2005": from the start of 2005 to the report date."""

    base: Expr
    precision: str = "range"

    def resolve(self, ctx: Context) -> Resolved | None:
        got = self.base.resolve(ctx)
        if got is None or ctx.doc is None:
            return None
        if got.start > ctx.doc:  # a slip or a future plan: keep what was said
            return Resolved(got.start, got.end, "range", got.anchor)
        return Resolved(got.start, ctx.doc, "range", weakest(got.anchor, "document"))


# Days an antecedent may span for an offset in this unit to count from it.
_LONGEST_ANTECEDENT = {"day": 31, "week": 31, "month": 92, "year": 366}


@dataclass(frozen=True, slots=True)
class Anaphor:
    """An expression that leans on the previous dated one.

    ops: ``same`` (that period), ``unit`` (that year: the unit holding the previous
    start, moved ``n`` units: the following year, the next day), ``shift`` (six days
    later: the previous span moved), ``period_shift`` (the same period last year),
    ``period_in`` (the same period in 2007).  ``local_only``: only a previous expression
    from the same paragraph counts, otherwise fall back to the document date ("the
    previous year" is deictic when nothing precedes it).
    """

    op: str
    unit: str = "year"
    n: int = 0
    year: int | None = None
    local_only: bool = False
    precision: str = "range"

    def antecedent(self, ctx: Context) -> TimeSpan | None:
        """The span this one leans on: the latest, or for "six days later" / "a month
        earlier" the latest short enough to count from (not "this year" before it)."""
        longest = _LONGEST_ANTECEDENT.get(self.unit) if self.op in ("shift", "unit") else None
        if longest is not None:
            for span in reversed(ctx.history):
                if span.start is not None and span.end is not None and (span.end - span.start).days < longest:
                    return span
        return ctx.previous

    def resolve(self, ctx: Context) -> Resolved | None:
        prev = self.antecedent(ctx)
        local = ctx.history[len(ctx.history) - ctx.local:] if ctx.local else ()
        usable = prev is not None and prev.start is not None and prev.end is not None and (
            not self.local_only or any(prev is span for span in local))
        if not usable:
            return self._fallback(ctx)
        assert prev is not None and prev.start is not None and prev.end is not None
        span = (prev.start, prev.end)
        if self.op == "same":
            return Resolved(*span, prev.precision, "previous")
        if self.op == "unit":
            base = prev.end if self.n > 0 else prev.start
            return Resolved(*unit_containing(base, self.unit, self.n), self.unit, "previous")
        if self.op == "period_shift":
            return Resolved(*arith.shift(span, "year", self.n), prev.precision, "previous")
        if self.op == "period_in":
            assert self.year is not None
            return Resolved(*arith.shift(span, "year", self.year - prev.start.year), prev.precision,
                            "previous")
        # shift: "six days later" counts from the end of the previous span, "earlier" from its start
        if self.unit in ("day", "week") and prev.precision in ("day", "week", "range") or prev.start == prev.end:
            base = prev.end if self.n > 0 else prev.start
            d = move(base, self.unit, self.n)
            return Resolved(d, d, "day", "previous")
        moved = arith.shift(span, self.unit, self.n)
        precision = prev.precision if self.unit in ("month", "year", "decade") else "range"
        return Resolved(*moved, precision, "previous")

    def _fallback(self, ctx: Context) -> Resolved | None:
        if ctx.doc is None:
            return None
        if self.op == "period_shift" and self.unit != "year":  # the same day/week/month last year
            return Resolved(*unit_containing(arith.add_years(ctx.doc, self.n), self.unit), self.unit,
                            "document")
        if self.op == "period_shift":  # "the same period last year": year to date, a year back
            start = date(ctx.doc.year + self.n, 1, 1)
            return Resolved(start, arith.add_years(ctx.doc, self.n), "range", "document")
        if self.op == "period_in" and self.year is not None:
            return Resolved(*arith.year_span(self.year), "year", "absolute")
        if self.op == "unit" and self.local_only:
            return Resolved(*unit_containing(ctx.doc, self.unit, self.n), self.unit, "document")
        return None
