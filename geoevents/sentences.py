"""Sentence boundaries for report prose, in linear time.

Splits after . ! ? when the next word opens a sentence, but not after abbreviations
(U.S., No., Gen.), initials, inside parentheses, or inside numbers (48.763, $8,000).
"""
from __future__ import annotations

import bisect
import re

ABBREVIATIONS = frozenset("""
u.s u.n u.k e.u mr mrs ms dr gen col lt sgt st jr sr inc ltd co corp vs etc approx
jan feb mar apr jun jul aug sep sept oct nov dec e.g i.e a.m p.m
govt dept mt ft rep sen amb adm maj capt cpl pvt
""".split())
NUMBER_ABBREVIATIONS = frozenset("no nos art arts para paras p pp fig vol ch sec".split())
# a terminator, closing quotes/brackets, whitespace, then what may open a sentence
_BOUNDARY = re.compile(r"[.!?]+[\"'\u201d\u2019)\]]*(?=\s+[\"'\u201c\u2018(\[]?[A-Z0-9\u0400-\u042f])")
_WORD_BEFORE = re.compile(r"([\w.]+)$")
_BRACKET = re.compile(r"[()\[\]]")
_MAX_PAREN = 600  # an unclosed "(" stops shielding after this many characters
# Every later stage does some work per trigger over its sentence; a sentence longer than this
# (a run-on list, a file with no full stops) is cut at clause boundaries so that work stays
# linear in the text. Real report sentences are far shorter (the seed's longest: ~700).
MAX_SENTENCE = 1200
_CLAUSE_CUTS = (re.compile(r"[;:]\s"), re.compile(r",\s"), re.compile(r"\s(?:and|or|while|which)\s"),
                re.compile(r"\s"))


def split_sentences(text: str) -> list[tuple[int, int]]:
    """[start, end) spans of the sentences of ``text``, whitespace trimmed."""
    inside = _parenthesised(text)
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        cut = m.end()
        if inside(m.start()) or _is_abbreviation(text, m.start()):
            continue
        spans.append((start, cut))
        start = cut
    spans.append((start, len(text)))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            out.extend(_capped(text, s, e))
    return out


def _capped(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``[start, end)`` as pieces of at most MAX_SENTENCE characters, cut at the latest
    clause boundary (semicolon, comma, conjunction, else any space) in each window's second half."""
    pieces = []
    while end - start > MAX_SENTENCE:
        limit, half = start + MAX_SENTENCE, start + MAX_SENTENCE // 2
        cut = limit
        for pattern in _CLAUSE_CUTS:
            last = None
            for m in pattern.finditer(text, half, limit):
                last = m
            if last is not None:
                cut = last.start() + 1
                break
        piece_end = cut
        while piece_end > start and text[piece_end - 1].isspace():
            piece_end -= 1
        pieces.append((start, piece_end))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if start < end:
        pieces.append((start, end))
    return pieces


def _is_abbreviation(text: str, dot: int) -> bool:
    if text[dot] != ".":
        return False
    m = _WORD_BEFORE.search(text, max(0, dot - 40), dot)
    if not m:
        return False
    word = m.group(1).lower().rstrip(".")
    if word in NUMBER_ABBREVIATIONS:  # "No. 41" but not 'said "no." Then'
        return text[dot + 1:dot + 3].strip()[:1].isdigit()
    if word in ABBREVIATIONS:
        return True
    # initials ("A. Ivanov") and dotted acronyms ("U.S.", "N.B.")
    return (len(word) == 1 and text[dot - 1].isupper()) or bool(re.fullmatch(r"(?:[a-z]\.)+[a-z]", word))


def _parenthesised(text: str):
    """A predicate: is position i inside a closed (...) or [...] pair?"""
    intervals: list[tuple[int, int]] = []
    stack: list[int] = []
    for m in _BRACKET.finditer(text):
        i, ch = m.start(), m.group()
        if ch in "([":
            stack.append(i)
        elif ch in ")]" and stack:
            open_at = stack.pop()
            if i - open_at <= _MAX_PAREN and not stack:
                intervals.append((open_at, i))
        if len(stack) > 50:  # pathological input: stop tracking nesting
            stack.clear()
    starts = [a for a, _ in intervals]

    def inside(pos: int) -> bool:
        k = bisect.bisect_right(starts, pos) - 1
        return k >= 0 and intervals[k][0] < pos < intervals[k][1]

    return inside
