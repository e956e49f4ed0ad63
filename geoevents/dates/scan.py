"""Find expressions: run the grammar, drop numbers that are not dates, keep the longest
non-overlapping matches, then join "from A to B" ranges and "since X".

Every step is a linear scan or works on the handful of matches found, so the whole
pass is linear in the text length.
"""
from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, replace

from geoevents.dates.compound import Anaphor, Range, Since
from geoevents.dates.exprs import Expr
from geoevents.dates.relative import Ago, Past, ReportPeriod
from geoevents.dates.grammar import RULES, Rule
from geoevents.dates.lexicon import DASH, MONTHS, SEASONS, WEEKDAYS
from geoevents.dates.vetoes import plausible


@dataclass(frozen=True, slots=True)
class Found:
    """A matched expression: [start, end) in the text, its meaning, and what it was built from."""

    start: int
    end: int
    expr: Expr
    rank: int  # rule order, to break ties between equally long matches
    parts: tuple[Found, ...] = ()
    future: bool = False  # its sentence looks ahead before it ("will open in March")


_FROM = re.compile(r"\b(?:from|between)\s+$", re.I)
_BETWEEN = re.compile(r"\bbetween\s+$", re.I)
_SINCE = re.compile(r"\b(?:ever\s+)?since\s+$", re.I)
_TO_PRESENT = re.compile(r"\s*(?:-|\u2013|to|until|till|through)\s+(?:the\s+)?(?:present(?:\s+day)?|now|date|today)\b",
                         re.I)
_CONNECT = re.compile(rf"\s*{DASH}\s*|\s+(?:to|through|thru|until|till)\s+|\s+and\s+", re.I)
_NO_RANGE = (Since, Anaphor, Past, Ago, ReportPeriod)


# A match starts at most BACK characters before a trigger word it contains and ends, with
# the context its lookaheads read, at most AHEAD characters after it.
BACK, AHEAD = 48, 72
_TOKEN = re.compile(r"[A-Za-z]+|\d+")


_WORD_CLASSES = {
    "year": "y", "years": "y", "month": "m", "months": "m", "week": "w", "weeks": "w", "weekend": "w",
    "day": "d", "days": "d", "decade": "D", "decades": "D", "period": "P", "quarter": "Q",
    "quarters": "Q", "half": "H", "today": "T", "yesterday": "T", "tomorrow": "T", "tonight": "T",
    "night": "T", "morning": "T", "then": "T", "far": "T", "date": "T", "fiscal": "F", "calendar": "F",
}


def _word_classes() -> dict[str, str]:
    """Spelling -> trigger class (see grammar._TRIGGERS); month names only capitalised."""
    classes: dict[str, str] = {}
    for name in MONTHS + tuple(m[:3] for m in MONTHS) + ("sept",):
        classes[name.capitalize()] = classes[name.upper()] = "M"
    for name in WEEKDAYS:
        classes[name.capitalize()] = classes[name.upper()] = "W"
    for name in SEASONS:
        classes[name] = classes[name.capitalize()] = classes[name.upper()] = "S"
    for word, cls in _WORD_CLASSES.items():
        for form in (word, word.capitalize(), word.upper()):
            classes.setdefault(form, cls)
    classes.update({"Q": "Q", "H": "H", "FY": "F", "CY": "F"})
    return classes


_CLASS_OF = _word_classes()


@dataclass(frozen=True)
class Grammar:
    """One language's date rules and the words that gate them."""

    rules: tuple[Rule, ...]
    classes: dict[str, str]  # spelling -> trigger class
    token: re.Pattern[str]
    fold: bool  # rules are folded (lang.folded) and read the lower-cased text; words looked up in lower case
    future: re.Pattern[str]  # words that put a sentence in the future, before or after its date
    past: re.Pattern[str]  # a past act between a date and a later future word keeps the date past


@functools.cache
def grammar_for(lang: str | None = "en") -> Grammar:
    """The date grammar of ``lang``; English for a language without one."""
    if lang == "ru":
        from geoevents.dates import grammar_ru  # loaded only when a Russian text arrives
        from geoevents.lang import folded

        # Russian writes its date words in lower case: its rules read the lower-cased text,
        # several times faster than ignoring case on Cyrillic
        rules = tuple(replace(r, pattern=folded(r.pattern.pattern)) for r in grammar_ru.RULES)
        return Grammar(rules, grammar_ru.WORD_CLASSES, re.compile(r"[^\W\d_]+|\d+"), True,
                       grammar_ru.FUTURE, grammar_ru.PAST)
    return Grammar(RULES, _CLASS_OF, _TOKEN, False, _FUTURE, _PAST)


def trigger_positions(text: str, grammar: Grammar | None = None) -> dict[str, list[int]]:
    """Where the words that every expression contains occur, by class (one linear pass)."""
    grammar = grammar or grammar_for("en")
    classes, fold = grammar.classes, grammar.fold
    out: dict[str, list[int]] = {cls: [] for cls in "YMWSymwdDPQHFT"}
    for m in grammar.token.finditer(text):
        word = m.group()
        if word[0].isdigit():
            if len(word) == 4 and word[:2] in ("19", "20"):
                out["Y"].append(m.start())
            elif len(word) == 1 and word in "1234" and text.startswith("Q", m.end()):
                out["Q"].append(m.start())
            continue
        cls = classes.get(word.lower() if fold else word)
        if cls is not None:
            out[cls].append(m.start())
    return out


def _windows(positions: list[int], size: int) -> list[tuple[int, int]]:
    windows: list[tuple[int, int]] = []
    for pos in positions:
        lo, hi = max(0, pos - BACK), min(size, pos + AHEAD)
        if windows and lo <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(hi, windows[-1][1]))
        else:
            windows.append((lo, hi))
    return windows


def scan(text: str, lang: str | None = "en") -> list[Found]:
    """All expressions in ``text`` (written in ``lang``), in text order."""
    grammar = grammar_for(lang)
    triggers = trigger_positions(text, grammar)
    read = text.lower() if grammar.fold else text
    if len(read) != len(text):  # a few characters lengthen when lower-cased: ignore case instead
        read, grammar = text, replace(grammar, rules=tuple(replace(r, pattern=re.compile(r.pattern.pattern, re.I))
                                                         for r in grammar.rules))
    windows_for: dict[str, list[tuple[int, int]]] = {}
    candidates: list[Found] = []
    lower = text.lower()
    if len(lower) != len(text):  # a few characters lengthen when lower-cased: skip the shortcut
        lower = ""
    for rank, rule in enumerate(grammar.rules):
        windows = windows_for.get(rule.triggers)
        if windows is None:
            positions = sorted(p for cls in rule.triggers for p in triggers[cls])
            windows = windows_for[rule.triggers] = _windows(positions, len(text))
        for lo, hi in windows:
            if lower and rule.needles and not any(lower.find(n, lo, hi) >= 0 for n in rule.needles):
                continue
            for m in rule.pattern.finditer(read, lo, hi):
                found = _build(text, rule, rank, m)
                if found is not None:
                    candidates.append(found)
    found = _since(text, _ranges(text, _longest(candidates, len(text))))
    ahead = _FutureIndex(text, grammar.future, grammar.past) if found else None
    return [replace(f, future=True) if ahead.before(f.start) else f for f in found]  # type: ignore[union-attr]


# Words that put a sentence in the future: a year-less date in it is the next one, not
# the last ("will visit in the summer", "scheduled for March 20-21").
_FUTURE = re.compile(r"\b(?:will|shall|upcoming|(?:plans?|planned|intends?|intended|expects?|expected|scheduled"
                     r"|set)\s+(?:to|for)|(?:expects?|expected|intends?|wants?)\s+(?:\w+\s+){1,3}?to\s+\w+"
                     r"|(?:is|are)\s+(?:to\s+be|expected|scheduled|planned)|due\s+to\s+be|to\s+be\s+held)\b",
                     re.I)
# "In January police seized 5 kg from a man who will face trial": the act before the future
# word is past, so is its date
_PAST = re.compile(r"\b(?:\w+ed|was|were|had|did|found|seized|caught|held|made|took|who|which)\b", re.I)
_SENTENCE_END = re.compile(r"[.!?;]\s")


class _FutureIndex:
    """Is a position in a sentence that looks ahead (a future word before it, or after it with
    no past act between, within 160 characters and the same sentence)?  The text is scanned
    once, so a text with a date at every other word costs no more than one with a few."""

    def __init__(self, text: str, future: re.Pattern[str], past: re.Pattern[str]):
        self._text, self._past = text, past
        self._ends = [m.end() for m in _SENTENCE_END.finditer(text)]
        matches = list(future.finditer(text))
        self._starts = [m.start() for m in matches]
        self._stops = [m.end() for m in matches]

    def before(self, pos: int) -> bool:
        lo = max(0, pos - 160)
        k = bisect.bisect_right(self._ends, pos) - 1
        if k >= 0 and self._ends[k] > lo:
            lo = self._ends[k]
        i = bisect.bisect_left(self._starts, lo)
        if i < len(self._starts) and self._stops[i] <= pos:
            return True
        # a future word after the date, before its sentence ends (and within 160 characters)
        hi = self._ends[k + 1] if k + 1 < len(self._ends) else pos + 160
        j = bisect.bisect_left(self._starts, pos)
        if j >= len(self._starts) or self._starts[j] >= min(hi, pos + 160):
            return False
        return not self._past.search(self._text, pos, self._starts[j])


def _build(text: str, rule: Rule, rank: int, m: re.Match[str]) -> Found | None:
    start, end = m.span("core") if "core" in rule.pattern.groupindex else m.span()
    if rule.numeric and not plausible(text, start, end):
        return None
    expr = rule.build(m)
    return Found(start, end, expr, rank) if expr is not None else None


def _longest(candidates: list[Found], size: int) -> list[Found]:
    """Greedy longest-first choice of non-overlapping matches, returned in text order.

    Matches are short, so marking taken characters in a bytearray keeps this linear
    even when a pathological text yields a match at every other word.
    """
    taken = bytearray(size)
    chosen: list[Found] = []
    for c in sorted(candidates, key=lambda f: (f.start - f.end, f.rank, f.start)):
        if taken.find(1, c.start, c.end) == -1:
            taken[c.start:c.end] = b"\x01" * (c.end - c.start)
            chosen.append(c)
    chosen.sort(key=lambda f: f.start)
    return chosen


def _ranges(text: str, found: list[Found]) -> list[Found]:
    """Join neighbours "A to B", "A-B", "from A until B", "between A and B" into one range."""
    out: list[Found] = []
    i = 0
    while i < len(found):
        a = found[i]
        b = found[i + 1] if i + 1 < len(found) else None
        if b is not None and not isinstance(a.expr, _NO_RANGE + (Range,)) and not isinstance(
                b.expr, _NO_RANGE + (Range,)):
            gap = _CONNECT.fullmatch(text, a.end, b.start)
            if gap and ("and" not in gap.group().lower() or _BETWEEN.search(text, max(0, a.start - 12), a.start)):
                pre = _FROM.search(text, max(0, a.start - 12), a.start)
                start = pre.start() if pre else a.start
                out.append(Found(start, b.end, Range(a.expr, b.expr), a.rank, (a, b)))
                i += 2
                continue
        out.append(a)
        i += 1
    return out


def _since(text: str, found: list[Found]) -> list[Found]:
    """"since 2005" and "from 2005 to the present" run from 2005 to the report date."""
    out: list[Found] = []
    for f in found:
        if not isinstance(f.expr, (Since, Anaphor, Range)):
            pre = _SINCE.search(text, max(0, f.start - 16), f.start)
            if pre:
                f = Found(pre.start(), f.end, Since(f.expr), f.rank, (f,))
            elif _FROM.search(text, max(0, f.start - 12), f.start):
                post = _TO_PRESENT.match(text, f.end)
                if post:
                    start = _FROM.search(text, max(0, f.start - 12), f.start).start()  # type: ignore[union-attr]
                    f = Found(start, post.end(), Since(f.expr), f.rank, (f,))
        out.append(f)
    return out
