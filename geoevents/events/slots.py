"""Filling an event's date and place slots from what the paragraph offers.

Date: the sentence's own expression nearest the trigger; else the nearest earlier one
in the paragraph; else a later one; else the document's year.  Place: a located mention
near the trigger in the trigger's clause; else an actor country; else the document focus.
Each fallback lowers the event's confidence.
"""
from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from datetime import date, timedelta

from geoevents.lang import pack
from geoevents.model import Place, TimeSpan
from geoevents.places.morph import is_russian_adjective

# Expressions that date the earlier term of a comparison ("over last year's 378 kilos").
_BASELINE_SPAN = re.compile(r"^(?:last|previous|the previous) year(?:'s|\u2019s)|^the same period\b", re.I)
_BASELINE_BEFORE = re.compile(r"\b(?:over|from|than|compared (?:to|with)|versus|vs\.?)\s+(?:the\s+)?"
                              r"(?:[$\u20ac\u00a3]?[\d.,]+(?:\s+[A-Za-z]+)?\s+)?$", re.I)
# "MOSCOW, 21 November 2007 - ...": the dateline dates the report, not the event
_DATELINE_AFTER = re.compile(r"\s*(?:\([^)]{1,40}\)\s*)?[-\u2013\u2014]")
_DATELINE_BEFORE = re.compile(r"^\s*[A-Z][A-Za-z .'-]{1,40},\s*$")
_UNDATED_PAST = re.compile(r"\b(?:previously|formerly|earlier|in the past|had (?:already |previously )?\w+ed)\b", re.I)
_OPEN, _CLOSE = re.compile(r"\("), re.compile(r"\)")
_RELATIVE = re.compile(r"\b(?:who|whose|whom|while serving|after serving|that had|which had|that has|which has)\b", re.I)
_DEMONYM_TEXT = re.compile(r"(?:ish|ian|ani|ean|ese|ch|ic|i|an|ek|iz|yz)$", re.I)
_STATE_WORDS = frozenset("republic federation kingdom emirates states union confederation".split())
KIND_RANK = {"crossing": 6, "site": 6, "city": 5, "district": 4.5, "feature": 4, "region": 4, "border": 3, "macro": 2, "country": 1}


@dataclass(frozen=True, slots=True)
class DateChoice:
    span: TimeSpan | None
    source: str  # sentence | paragraph_before | paragraph_after | document | none
    penalty: float


def is_baseline_span(span: TimeSpan, para_text: str) -> bool:
    """A span that dates a comparison's earlier value, not the event."""
    before = para_text[max(0, span.char_start - 25): span.char_start]
    if span.char_start < 50 and _DATELINE_BEFORE.match(para_text[:span.char_start]) \
            and _DATELINE_AFTER.match(para_text, span.char_end):
        return True
    return bool(_BASELINE_SPAN.match(span.text)) or bool(_BASELINE_BEFORE.search(before))


_COMMENT_OPEN = re.compile(r"(?<!END )COMMENT:")


class ParagraphIndex:
    """A paragraph's dates and places sorted by position, so each sentence finds its own
    in logarithmic time (a 1 MB one-paragraph file must not cost sentences x spans)."""

    def __init__(self, spans: list[TimeSpan], places: list[Place], para_text: str):
        self.para_text = para_text
        self.usable = sorted((s for s in spans if not is_baseline_span(s, para_text)),
                             key=lambda s: (s.char_start, s.char_end))
        self._starts = [s.char_start for s in self.usable]
        self.anchored = [s for s in self.usable if s.anchored]
        self._anchored_starts = [s.char_start for s in self.anchored]
        self._anchored_ends = [s.char_end for s in self.anchored]
        self.places = sorted(places, key=lambda p: (p.char_start, p.char_end))
        self.place_starts = [p.char_start for p in self.places]
        self._hits: dict[re.Pattern[str], tuple[list[int], list[int]]] = {}

    def any_match(self, pattern: re.Pattern[str], lo: int, hi: int) -> bool:
        """Does a match of ``pattern`` in the paragraph overlap [lo, hi)?  The paragraph is
        scanned once per pattern, so sentence windows gate their costly searches by bisection.
        A pattern compiled without re.IGNORECASE is a folded one (lang.folded): it reads the
        lower-cased paragraph, or, where lower-casing changes its length, the paragraph as is
        with case ignored."""
        hits = self._hits.get(pattern)
        if hits is None:
            text = self.para_text
            if not pattern.flags & re.IGNORECASE:
                lowered = text.lower()
                text, pattern_used = (lowered, pattern) if len(lowered) == len(text) else (
                    text, re.compile(pattern.pattern, re.I))
            else:
                pattern_used = pattern
            found = list(pattern_used.finditer(text))
            hits = self._hits[pattern] = ([m.start() for m in found], [m.end() for m in found])
        starts, ends = hits
        k = bisect.bisect_left(starts, hi)  # non-overlapping matches: ends rise with starts
        return k > 0 and ends[k - 1] > lo

    def inside_parentheses(self, start: int, pos: int) -> bool:
        """More "(" than ")" between ``start`` and ``pos``."""
        opens, closes = self._brackets
        opened = bisect.bisect_left(opens, pos) - bisect.bisect_left(opens, start)
        closed = bisect.bisect_left(closes, pos) - bisect.bisect_left(closes, start)
        return opened > closed

    def crosses_relative(self, lo: int, hi: int) -> bool:
        """A relative clause ("who", "that had") lies wholly inside [lo, hi)."""
        starts, ends = self._relative
        i = bisect.bisect_left(starts, lo)
        return i < len(starts) and ends[i] <= hi

    # Clause boundaries, relative clauses and brackets are found once per paragraph, and only
    # for paragraphs whose triggers ask: each trigger then counts them by bisection.
    @functools.cached_property
    def _boundaries(self) -> list[tuple[int, int]]:
        return [(m.start(), m.end()) for m in _BOUNDARY.finditer(self.para_text)]

    @functools.cached_property
    def _boundary_starts(self) -> list[int]:
        return [b[0] for b in self._boundaries]

    @functools.cached_property
    def _relative(self) -> tuple[list[int], list[int]]:
        found = list(_RELATIVE.finditer(self.para_text))
        return [m.start() for m in found], [m.end() for m in found]

    @functools.cached_property
    def _brackets(self) -> tuple[list[int], list[int]]:
        return ([m.start() for m in _OPEN.finditer(self.para_text)],
                [m.start() for m in _CLOSE.finditer(self.para_text)])

    @functools.cached_property
    def _comments(self) -> tuple[list[int], list[int]]:
        """Where each cable "COMMENT:" opens and where its "END COMMENT" (or the paragraph) ends."""
        text, starts, ends = self.para_text, [], []
        for m in _COMMENT_OPEN.finditer(text):
            if starts and m.start() < ends[-1]:
                continue  # a "COMMENT:" inside an open comment changes nothing
            close = text.find("END COMMENT", m.start())
            starts.append(m.start())
            ends.append(len(text) + 1 if close == -1 else close + len("END COMMENT"))
        return starts, ends

    def in_comment(self, pos: int) -> bool:
        """Inside a cable's "COMMENT: ... END COMMENT." the embassy argues; it reports no events."""
        starts, ends = self._comments
        k = bisect.bisect_right(starts, pos) - 1
        return k >= 0 and pos < ends[k]

    def boundaries_between(self, lo: int, hi: int) -> int:
        """How many clause boundaries lie wholly inside [lo, hi)."""
        i = bisect.bisect_left(self._boundary_starts, lo)
        j = bisect.bisect_left(self._boundary_starts, hi)
        while j > i and self._boundaries[j - 1][1] > hi:
            j -= 1
        return j - i

    def spans_in(self, lo: int, hi: int) -> list[TimeSpan]:
        return self.usable[bisect.bisect_left(self._starts, lo):bisect.bisect_left(self._starts, hi)]

    def places_in(self, lo: int, hi: int) -> list[Place]:
        return self.places[bisect.bisect_left(self.place_starts, lo):bisect.bisect_left(self.place_starts, hi)]

    def anchored_before(self, pos: int) -> TimeSpan | None:
        i = bisect.bisect_right(self._anchored_ends, pos)
        return self.anchored[i - 1] if i else None

    def anchored_after(self, pos: int) -> TimeSpan | None:
        i = bisect.bisect_left(self._anchored_starts, pos)
        return self.anchored[i] if i < len(self.anchored) else None


def choose_date(trigger_at: int, sent_start: int, sent_end: int, index: ParagraphIndex,
                doc_date: date | None) -> DateChoice:
    para_text = index.para_text
    own = index.spans_in(sent_start, sent_end)
    if own:
        anchored = _nearest([s for s in own if s.anchored] or own, trigger_at, _NEAREST_DATES)
        best = min(anchored, key=lambda s: (_date_distance(s, trigger_at, index), s.char_start))
        if best.end is not None and _SPEECH.search(para_text, max(0, best.char_start - 14), best.char_start):
            # "officials said on Wednesday that police had seized ...": it happened on or
            # before the day it was told
            before = TimeSpan(best.end - timedelta(days=_REPORTED_WINDOW), best.end, "before", best.anchor,
                              best.text, best.char_start, best.char_end)
            return DateChoice(before, "sentence", 0.9)
        return DateChoice(best, "sentence", 1.0)
    before = after = None
    if not _UNDATED_PAST.search(para_text, sent_start, sent_end):
        # (not for "had previously ratified": the date said before it is not its date)
        before = index.anchored_before(sent_start)
        after = index.anchored_after(sent_end)
    if before is not None:
        return DateChoice(before, "paragraph_before", 0.85)
    if after is not None:
        return DateChoice(after, "paragraph_after", 0.75)
    if doc_date is not None:
        year = TimeSpan(date(doc_date.year, 1, 1), date(doc_date.year, 12, 31), "document",
                        "document", "", -1, -1)
        return DateChoice(year, "document", 0.6)
    return DateChoice(None, "none", 0.5)


_REPORTED_WINDOW = 30  # days before a reporting date in which the reported act is placed
_SPEECH = re.compile(r"\b(?:said|says|told|announced|reported|stated|added|confirmed)\s+(?:on\s+)?$", re.I)
_BOUNDARY = re.compile(r"[,;(]|\band\b|\bwhile\b|\bwhich\b")
_OTHER_CLAUSE = 2.0
# "the 1988 UN Convention", "The 2006-2008 Astana-Drug Free City program": a year naming a
# thing, not dating the event, is used only when nothing else is there
_ATTRIBUTIVE = re.compile(r"^\s+(?-i:[A-Z])")


def _date_distance(span: TimeSpan, trigger_at: int, index: ParagraphIndex) -> float:
    """How far a date is from a trigger, counting clause boundaries between them."""
    para_text = index.para_text
    lo, hi = (span.char_end, trigger_at) if span.char_end <= trigger_at else (trigger_at, span.char_start)
    distance = max(0, hi - lo) + 30 * index.boundaries_between(lo, hi)
    if _SPEECH.search(para_text[max(0, span.char_start - 14):span.char_start]):
        distance += 500  # "officials said on Wednesday": when it was said, not when it happened
    attributive = (span.precision in ("year", "range") and span.text[:1].isdigit()
                   and para_text[max(0, span.char_start - 4):span.char_start].lower() == "the "
                   and _ATTRIBUTIVE.match(para_text[span.char_end:span.char_end + 3]))
    return distance + (1000 if attributive else 0)


_NEAREST = 6  # places weighed on each side of a trigger; real sentences name fewer
_NEAREST_DATES = 3  # dates weighed on each side: the nearest ones win anyway


def _nearest(items: list, at: int, k: int = _NEAREST) -> list:
    """The items (sorted by char_start) nearest ``at`` on each side: the per-trigger work
    stays bounded however many dates or places a run-on sentence holds."""
    if len(items) <= 2 * k:
        return items
    i = bisect.bisect_left([x.char_start for x in items], at)
    return items[max(0, i - k): i + k]


def is_adjective(place: Place) -> bool:
    """'Afghan heroin', 'Turkish law enforcement': a demonym, not a named site."""
    if place.role in ("origin", "demonym", "adjective"):
        return True
    text, name = place.text.strip(), (place.name or "").strip()
    # only countries and macro-regions have demonyms in the gazetteer: a region's name spelled
    # otherwise ("Samangan" for "Samangān", "Jawzjan" for "Jowzjān") is still its name
    if place.kind not in ("country", "macro") or text.lower() == name.lower() or text.isupper():
        return False
    if text[:1].islower():  # "туркменское телевидение": names are capitalised, adjectives not
        return True
    if is_russian_adjective(text):  # "Российскими пограничниками" opening a sentence
        return True
    last = text.split()[-1]
    if last.lower() in _STATE_WORDS:  # "Kyrgyz Republic", "Russian Federation" name a state
        return False
    return bool(_DEMONYM_TEXT.search(last)) and last.lower() not in name.lower().split()


def choose_place(trigger_at: int, sent_start: int, sent_end: int, places: list[Place],
                 para_text: str, focus_cc: str | None = None,
                 destination_is_site: bool = False,
                 index: ParagraphIndex | None = None,
                 cues: dict[str, re.Pattern[str]] | None = None) -> tuple[Place | None, float]:
    """The event's site among the sentence's mentions, with a confidence factor. ``index``
    (the paragraph's) answers the bracket and clause questions without rescanning the text;
    ``cues``: the language's site cues (cues.toml [site]; English by default)."""
    index = index or ParagraphIndex([], [], para_text)
    cue = cues if cues is not None else pack("en").site
    scored: list[tuple[float, Place]] = []
    for place in _nearest(places, trigger_at):
        if not (sent_start <= place.char_start < sent_end) or not place.resolved:
            continue
        if is_adjective(place):
            continue
        before = para_text[max(sent_start, place.char_start - 40): place.char_start]
        after = para_text[place.char_end: place.char_end + 30]
        where = cue["where_after"].match(after) and place.char_start < trigger_at
        # "deliver scanners to the Farap crossing": for a delivery the destination is the site
        delivered = destination_is_site and cue["to_before"].search(before)
        if (cue["not_site_before"].search(before) and not where and not delivered) or cue["citizen_after"].match(after) \
                or cue["force_after"].match(after):
            continue
        if index.inside_parentheses(sent_start, place.char_start):
            continue
        if cue["to_before"].search(before) and place.kind in ("country", "region", "city") \
                and not cue["site_form"].search(place.text) and not delivered:
            continue  # "в Россию" (the accusative, right after "в"): where it was going, not where it was
        lo, hi = sorted((trigger_at, place.char_start))
        crosses_relative = index.crosses_relative(lo, hi)
        locative = (bool(cue["locative"].search(before)) or bool(where) or bool(delivered)
                    or bool(cue["court_after"].match(after)))
        distance = abs(place.char_start - trigger_at)
        if not locative and (distance > 60 or _BOUNDARY.search(para_text, lo, hi)):
            continue  # a bare name far from the trigger is not its actor
        score = (4.0 if locative else 0.0) + KIND_RANK.get(place.kind or "", 1) * 0.6
        score -= distance / 80.0 + (5.0 if crosses_relative else 0.0)
        if place.kind == "country" and not locative:
            # among actor countries ("agencies of Kazakhstan, Russia and Uzbekistan") the
            # report's own country is the likelier site
            score -= 0.4 if place.country_code == focus_cc else 1.0
        scored.append((score, place, locative, locative and _clause_between(cue["clause_join"], para_text, lo, hi, sent_end)))
    if not scored:
        return None, 1.0
    if any(locative and not other_clause for _, _, locative, other_clause in scored):
        # "men were arrested in A and 200 kg of opium was seized in B": each clause its own site
        scored = [(score - _OTHER_CLAUSE if other_clause else score, p, locative, other_clause)
                  for score, p, locative, other_clause in scored]
    scored = [(score, p) for score, p, _, _ in scored]
    best_score, best = max(scored, key=lambda item: (item[0], -item[1].char_start))
    return best, (1.0 if best_score > 0 else 0.85)


def _clause_between(clause_join: re.Pattern[str], text: str, lo: int, hi: int, sent_end: int) -> bool:
    """Does a new clause begin between ``lo`` and ``hi`` (its verb may lie beyond ``hi``)?
    ``clause_join``: the language's words for where one clause ends and the next begins."""
    return any(m.start() < hi for m in clause_join.finditer(text, lo, min(sent_end, hi + 120)))


def inside_parentheses(text: str, start: int, pos: int) -> bool:
    segment = text[start:pos]
    return segment.count("(") > segment.count(")")
