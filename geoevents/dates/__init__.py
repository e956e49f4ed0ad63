"""Dates: find temporal expressions in report prose and pin them to calendar intervals.

An ordered grammar of compiled regexes FINDS the spans (grammar.py, scan.py; numbers
that are amounts, articles, phones or references are vetoed in vetoes.py); calendar
arithmetic gives their inclusive [start, end] (exprs.py, relative.py, compound.py).
dateparser finds nothing here: ``normalise`` falls back to it only for a string the
grammar cannot read, and the tests check the arithmetic against it on simple spans.

Conventions (what each kind of expression is taken to mean):
- A year-less date ("In March", "the third quarter") is its latest instance begun by
  the document date (anchor "document"); in a sentence that looks ahead ("will",
  "plans to", "scheduled") it is the first instance not yet over.
- "early/mid/late" a year: Jan-Apr, May-Aug, Sep-Dec; of a month: days 1-10, 11-20,
  21-end; "the beginning/end of" a year: January/December, of a month: as early/late.
- Seasons are meteorological (spring = March-May); winter 2008 = Dec 2007-Feb 2008.
- "FY2008" is the US federal fiscal year (2007-10-01..2008-09-30).
- "since X" and "from X to the present" run from X's start to the document date.
- "over the past N years" runs from that day N years before the document date;
  "N years ago" is that calendar year; "last week" the previous Monday-Sunday.
- "the year" and "the reporting period": the year the paragraph is about, else the
  year the document mostly names ("In 2009, ...": an INCSR published in March 2010),
  else the document date's.
- Anaphora ("that period", "the same period last year", "six days later") lean on
  the latest dated expression before them (anchor "previous"), across paragraphs;
  offsets in days or months count from the latest span short enough to count from.
- Without a document date, relative expressions are returned unanchored: start and
  end None, precision kept; never silently anchored to today.

Not emitted, by design: vague present/past markers ("currently", "recently", "to date",
"now", "in recent years"), durations not tied to a time ("13 years in prison",
"a three-year operation", "over nine months") and offsets from events rather than
dates ("30 days after it receives").  An event stage falls back to the document date
for those, which is what they mean.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from geoevents.dates.compound import Anaphor, Range
from geoevents.dates.exprs import Context
from geoevents.dates.scan import Found, scan
from geoevents.model import TimeSpan

if TYPE_CHECKING:
    from geoevents.model import Document

__all__ = ["find_dates", "document_dates", "chain_dates", "normalise"]


def find_dates(text: str, doc_date: date | None, previous: TimeSpan | None = None,
               lang: str | None = "en") -> list[TimeSpan]:
    """Temporal expressions in ``text`` (offsets into it), in text order.

    ``previous`` is the last dated expression before this text (for anaphora such as
    "six days later" at the start of a paragraph).  Without ``doc_date`` relative
    expressions are returned unanchored: start/end None, precision kept.
    """
    history = (previous,) if previous is not None and previous.anchored else ()
    scanned = [(text, scan(text, lang))]
    return _resolve_text(text, scanned[0][1], doc_date, history, _topic_year(scanned, doc_date))[0]


def chain_dates(texts: Iterable[str], doc_date: date | None,
                langs: Iterable[str | None] | None = None) -> list[list[TimeSpan]]:
    """find_dates over consecutive paragraphs, each seeing the dated spans before it
    (``langs``: each paragraph's language, for its grammar; English by default)."""
    texts = list(texts)
    langs = list(langs) if langs is not None else ["en"] * len(texts)
    scanned = [(text, scan(text, lang)) for text, lang in zip(texts, langs, strict=True)]
    first: list[list[TimeSpan]] = []
    topic = _topic_year(scanned, doc_date, first)
    if topic is None:  # the first pass already resolved everything without a topic year
        return first
    out: list[list[TimeSpan]] = []
    history: tuple[TimeSpan, ...] = ()
    for text, found in scanned:
        spans, history = _resolve_text(text, found, doc_date, history, topic)
        out.append(spans)
    return out


_HISTORY = 8  # dated spans remembered for anaphora
# A bare year after one of these is what the sentence is about ("In 2005, ..."); after
# "the" it only names something ("the 1988 Convention") and sets no focus year.
_ADVERBIAL = re.compile(r"\b(?:in|during|since|by|until|through|throughout|for|from|of|early|late|mid)[\s-]+$",
                        re.I)
# ...nor does a year something is compared with ("up 14% from 2008", "against last year's").
_COMPARED = re.compile(r"(?:\b(?:compared\s+(?:with|to)|than)\s+(?:\S+\s+){0,4}?|\b(?:against|over|versus|vs\.?"
                       r"|(?:up|down|rose|fell|increased|decreased)\s+from)\s+(?:the\s+)?)$", re.I)
_LEFTOVER = re.compile(r"\b(?:in|on|at|during|by|until|till|of|for|around|about|circa|as|from)\b|[\W_]+", re.I)


def _resolve_text(text: str, found: list[Found], doc_date: date | None, history: tuple[TimeSpan, ...],
                  topic: int | None) -> tuple[list[TimeSpan], tuple[TimeSpan, ...]]:
    spans: list[TimeSpan] = []
    local, focus = 0, None
    for f in found:
        ctx = Context(doc_date, history[-1] if history else None, local, focus, history, f.future, topic)
        for span in _resolve(text, f, ctx):
            spans.append(span)
            if span.start is None or span.end is None:
                continue
            history = (history + (span,))[-_HISTORY:]
            local = min(local + 1, _HISTORY)
            if span.start.year == span.end.year and _sets_focus(text, f, span):
                focus = span.start.year
    return spans, history


def _sets_focus(text: str, found: Found, span: TimeSpan) -> bool:
    """Does this span say which year the paragraph is about?  Not a name ("the 1988
    Convention"), a comparison ("the same period of 2008", "last year's") or a plan."""
    if isinstance(found.expr, Anaphor) and found.expr.op in ("period_shift", "period_in"):
        return False
    if span.text.endswith(("'s", "\u2019s")):
        return False
    before = (max(0, span.char_start - 40), span.char_start)
    if span.text.isdigit() and not _ADVERBIAL.search(text, *before):
        return False
    return not _COMPARED.search(text, *before)


def _topic_year(scanned: list[tuple[str, list[Found]]], doc_date: date | None,
                resolved: list[list[TimeSpan]] | None = None) -> int | None:
    """The year a document is mostly about: the explicit year its dated adverbials name most
    often, when one clearly leads ("In 2009, ...", "in April 2009", "during 2009").
    ``resolved``, when given, receives each text's spans as resolved without a topic year."""
    counts: dict[int, int] = {}
    history: tuple[TimeSpan, ...] = ()
    for text, found in scanned:
        spans, history = _resolve_text(text, found, doc_date, history, None)
        if resolved is not None:
            resolved.append(spans)
        for span in spans:
            if (span.anchor == "absolute" and span.start is not None and span.end is not None
                    and span.start.year == span.end.year and not span.text.endswith(("'s", "\u2019s"))
                    and (not span.text.isdigit() or _ADVERBIAL.search(text, max(0, span.char_start - 40),
                                                                     span.char_start))):
                counts[span.start.year] = counts.get(span.start.year, 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    if not ranked or ranked[0][1] < 2 or (len(ranked) > 1 and ranked[1][1] * 2 > ranked[0][1]):
        return None
    return ranked[0][0]


def _resolve(text: str, found: Found, ctx: Context) -> list[TimeSpan]:
    try:
        got = found.expr.resolve(ctx)
    except (ValueError, OverflowError):  # arithmetic beyond year 1 or 9999: not a usable date
        got = None
    if got is None and isinstance(found.expr, Range) and found.parts:
        # "2008 to 2005" or an end before its start: not a range, but both ends are dates
        out: list[TimeSpan] = []
        for part in found.parts:
            out.extend(_resolve(text, part, ctx))
        return out
    piece = text[found.start:found.end]
    if got is None:
        return [TimeSpan(None, None, found.expr.precision, "unanchored", piece, found.start, found.end)]
    return [TimeSpan(got.start, got.end, got.precision, got.anchor, piece, found.start, found.end)]


def document_dates(doc: Document) -> list[tuple[int, TimeSpan]]:
    """(paragraph number, span) for every expression, offsets into that paragraph's text,
    each paragraph read in its own language (as the whole pipeline reads it)."""
    from geoevents.language import paragraph_languages

    texts = [p.text for p in doc.paragraphs]
    per_paragraph = chain_dates(texts, doc.doc_date, paragraph_languages(texts))
    return [(p.number, span) for p, spans in zip(doc.paragraphs, per_paragraph) for span in spans]


def normalise(expression: str, doc_date: date | None, previous: TimeSpan | None = None) -> TimeSpan | None:
    """The interval one expression denotes ("late last year", "FY2008", "3 weeks ago").

    The grammar reads it when it covers the whole string; otherwise dateparser is asked
    (relative to ``doc_date``, preferring the past), at day, month or year precision.
    Returns None when neither can read it.
    """
    from geoevents.dates.fallback import parse_with_dateparser

    text = expression.strip()
    if not text:
        return None
    spans = find_dates(text, doc_date, previous)
    if len(spans) == 1:
        rest = text[:spans[0].char_start] + " " + text[spans[0].char_end:]
        if not _LEFTOVER.sub("", rest):  # nothing else but prepositions and punctuation
            return spans[0]
    return parse_with_dateparser(text, doc_date)
