"""The ordered grammar: compiled patterns that FIND temporal expressions, and what each means.

Each rule is a regex plus a builder that turns its match into an expression record
(see exprs.py / compound.py).  Rules are listed most specific first; the scanner keeps
the longest match wherever rules overlap and uses this order only to break ties.  A
rule may name a ``core`` group: the reported span is then the core, so "in March"
is matched (a bare month needs its preposition) but reported as "March".
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from geoevents.dates import builders as b
from geoevents.dates.builders import BASE, MONTH_REF, REL, month_no, number
from geoevents.dates.compound import Anaphor, Part, Since
from geoevents.dates.exprs import Decade, Expr, Month, Year
from geoevents.dates.relative import RelMonth, Relative, ReportPeriod, TheYear, Weekend
from geoevents.dates.lexicon import (DASH, DAY, MONTH, MONTH_FULL, NUM, ORD, POSS, SEASON, TO, UNITS, WEEKDAY,
                                     YEAR, YEAR2, YEAR_REF)

Builder = Callable[[re.Match[str]], Expr | None]


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    pattern: re.Pattern[str]
    build: Builder
    numeric: bool = False  # starts or ends with a bare number: check amounts, articles, phones
    triggers: str = ""  # classes of words every match contains (see scan.trigger_positions)
    needles: tuple[str, ...] = ()  # lower-case strings of which every match contains one


_SPEC: list[tuple[str, str, Builder, bool]] = [
    # name, pattern, builder, numeric
    ("iso", r"(?<![\w./-])(?P<y>(?:19|20)\d\d)(?P<sep>[-/.])(?P<m>0[1-9]|1[0-2])(?P=sep)"
            r"(?P<d>0[1-9]|[12]\d|3[01])(?:[T ]\d\d:\d\d(?::\d\d)?)?(?![\w/-]|\.\d)",
     lambda m: b.valid_day(int(m["y"]), int(m["m"]), int(m["d"])), False),
    ("dtg", r"(?-i:\b(?P<d>[0-3]\d)[0-2]\d[0-5]\dZ\s+(?P<mon>JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)"
            r"\s+(?P<y>\d\d(?:\d\d)?))(?!\d)",
     lambda m: b.valid_day(b.two_digit_year(m["y"]), month_no(m["mon"]), int(m["d"])), False),
    ("dmy_num", r"(?<![\w./-])(?P<d>0?[1-9]|[12]\d|3[01])\.(?P<m>0?[1-9]|1[0-2])\.(?P<y>(?:19|20)\d\d)"
                r"(?![\w/-]|[.,]\d)",
     lambda m: b.valid_day(int(m["y"]), int(m["m"]), int(m["d"])), False),
    ("mdy_num", r"(?<![\w./-])(?P<m>0?[1-9]|1[0-2])/(?P<d>0?[1-9]|[12]\d|3[01])/(?P<y>(?:19|20)\d\d)"
                r"(?![\w/-]|[.,]\d)",
     lambda m: b.valid_day(int(m["y"]), int(m["m"]), int(m["d"])), False),
    ("md_range", rf"(?:\bfrom\s+)?(?P<mon>{MONTH})\s*(?P<d1>{DAY}){TO}(?P<d2>{DAY})(?:,?\s*(?P<y>{YEAR}))?"
                 rf"(?!{DASH}?\d|[.,]\d)", b.days, True),
    ("md_between", rf"\bbetween\s+(?P<mon>{MONTH})\s*(?P<d1>{DAY})\s+and\s+(?P<d2>{DAY})(?:,?\s*(?P<y>{YEAR}))?"
                   rf"(?!{DASH}?\d|[.,]\d)", b.days, True),
    ("dm_range", rf"(?:\b(?:from|between)\s+)?(?<![\d.,$-])(?P<d1>{DAY})(?:{TO}|\s+and\s+)(?P<d2>{DAY})\s+"
                 rf"(?:of\s+)?(?P<mon>{MONTH})(?:,?\s*(?P<y>{YEAR}))?", b.days, True),
    ("mdy", rf"(?:{WEEKDAY},?\s+)?(?P<mon>{MONTH})\s*(?P<d>{DAY}),?\s*(?P<y>{YEAR})",
     lambda m: b.with_weekday(m, int(m["y"]), m["d"]), True),
    ("dmy", rf"(?:{WEEKDAY},?\s+)?(?:\bthe\s+)?(?<![\d.,$-])(?P<d>{DAY})\s+(?:of\s+)?(?P<mon>{MONTH}),?\s*"
            rf"(?P<y>{YEAR})", lambda m: b.with_weekday(m, int(m["y"]), m["d"]), True),
    ("my", rf"(?P<mon>{MONTH}),?\s*(?:of\s+)?(?P<y>{YEAR})",
     lambda m: Month(month_no(m["mon"]), int(m["y"])), True),
    ("m_rel", rf"(?P<mon>{MONTH_FULL})(?:\s+(?P<d>{DAY}))?,?\s+(?:of\s+)?(?P<rel>this|last|next)\s+year\b",
     lambda m: b.month_rel_year(m), False),
    ("md", rf"(?:{WEEKDAY},?\s+)?(?P<mon>{MONTH})\s*(?P<d>{DAY})(?![.,:]\d)",
     lambda m: b.with_weekday(m, None, m["d"]), True),
    ("dm", rf"(?:{WEEKDAY},?\s+)?(?:\bthe\s+)?(?<![\d.,$-])(?P<d>{DAY})\s+(?:of\s+)?(?P<mon>{MONTH})",
     lambda m: b.with_weekday(m, None, m["d"]), True),
    ("mon_range", rf"(?:\bfrom\s+)?(?P<m1>{MONTH})\s*(?:{DASH}|\s(?:to|through|thru|until|till)\s+)"
                  rf"\s*(?P<m2>{MONTH})(?:,?\s*(?:of\s+)?(?P<y>{YEAR}))?", b.month_range, True),
    ("mon_between", rf"\bbetween\s+(?P<m1>{MONTH_FULL})\s+and\s+(?P<m2>{MONTH_FULL})"
                    rf"(?:,?\s*(?:of\s+)?(?P<y>{YEAR}))?", b.month_range, True),
    ("year_range", rf"(?:\bfrom\s+)?(?<![\w$€£¥#@/.,\u2116-])(?P<y1>{YEAR})\s*(?:{DASH}|/)\s*(?P<y2>{YEAR2})"
                   rf"(?![\w%/-]|[.,]\d)", b.year_range, True),
    ("decade", r"(?:\bthe\s+)?(?:\b(?P<part>early|mid|late)[\s-]*)?(?<!\d)(?P<y>(?:19|20)\d0)['\u2019]?s\b",
     lambda m: Part(Decade(int(m["y"])), m["part"].lower()) if m["part"] else Decade(int(m["y"])), False),
    ("fy", rf"(?:\b(?P<kind>(?-i:FY|CY))\s*'?|\b(?P<kind2>fiscal|calendar)\s+years?\s+)(?P<y1>{YEAR2})"
           rf"(?:\s*(?:{DASH}|/)\s*'?(?P<y2>{YEAR2}))?(?![\w%-]|[.,]\d)", b.fiscal, False),
    ("quarter", rf"(?:\bthe\s+)?(?P<ord>{ORD}|last|final)[\s-]+quarter(?:\s+of\s+(?:the\s+)?(?:fiscal\s+)?"
                rf"(?P<base>{YEAR_REF})|,?\s+(?P<y>{YEAR})|(?!\s+of\b))",
     lambda m: b.part_of(m, "quarter", min(b.ordinal(m["ord"]), 4)), False),
    ("q_abbr", rf"(?-i:\b(?:(?P<q>[1-4])Q|Q(?P<q2>[1-4])))(?:\s*(?:of\s+)?'?(?P<y>{YEAR2}))?(?![\w-])",
     lambda m: b.part_of(m, "quarter", int(m["q"] or m["q2"])), False),
    ("half", rf"(?:\bthe\s+)?(?P<ord>first|second|latter|last|1st|2nd)[\s-]+half(?:\s+of\s+(?:the\s+)?"
             rf"(?P<base>{BASE})|,?\s+(?P<y>{YEAR})|(?!\s+of\b))",
     lambda m: b.part_of(m, "half", 1 if m["ord"].lower() in ("first", "1st") else 2), False),
    ("h_abbr", rf"(?-i:\bH(?P<h>[12]))\s*'?(?P<y>{YEAR2})(?![\w-])",
     lambda m: b.part_of(m, "half", int(m["h"])), False),
    ("first_n", rf"(?:\bthe\s+)?(?P<which>first|last|final|past|previous|initial|opening)\s+(?P<n>{NUM})\s+"
                rf"(?P<unit>months|weeks|days|quarters)\s+of\s+(?:the\s+)?(?P<base>{BASE})",
     lambda m: b.part_of(m, "first" if m["which"].lower() in ("first", "initial", "opening") else "last",
                     number(m["n"]), UNITS[m["unit"].lower()]), False),
    # "in 10 months of 2008": translated Central Asian statistics mean the first ten months
    ("n_months_of", rf"(?<![\w-])(?P<n>{NUM})\s+months\s+of\s+(?:the\s+)?(?P<base>{YEAR_REF})",
     lambda m: b.part_of(m, "first", number(m["n"])), False),
    ("first_n_year", rf"(?:\bthe\s+)?(?:first|initial|opening)\s+(?P<n>{NUM})\s+(?P<unit>months|quarters)\b"
                     rf"(?!\s+of\b)",
     lambda m: b.part_of(m, "first", number(m["n"]), UNITS[m["unit"].lower()]), False),
    ("nth_week", rf"(?:\bthe\s+)?(?P<ord>{ORD}|last|final)\s+week\s+of\s+(?P<base>{MONTH_FULL}(?:,?\s+{YEAR})?"
                 rf"|{MONTH_REF})", lambda m: b.part_of(m, "week", b.ordinal(m["ord"]), "week"), False),
    ("emlate", rf"\b(?P<part>early|mid|late|the\s+(?:middle|beginning|start|end|close|turn)\s+of)"
               rf"(?:\s*-\s*|\s+)(?P<base>{BASE})", b.early_mid_late, False),
    ("end_dash", rf"\b(?P<part>end|start)-(?P<base>{YEAR}|{MONTH_FULL})", b.early_mid_late, False),
    ("year_end", r"\byear(?:['\u2019]s)?[\s-]+end\b",
     lambda m: Part(TheYear(), "end"), False),
    ("earlier_later", r"\b(?P<part>earlier|later)\s+(?:in\s+)?(?P<base>(?:this|that|the)\s+(?:year|month))\b",
     lambda m: (lambda base: Part(base, m["part"].lower()) if base else None)(b.parse_base(m["base"])), False),
    ("season_year", rf"(?:\b(?P<part>early|mid|late)[\s-]+)?(?:\bthe\s+)?(?P<s>{SEASON})(?:\s+of)?\s+"
                    rf"(?P<y>{YEAR})(?:\s*(?:{DASH}|/)\s*(?P<y2>{YEAR2}))?", b.season, True),
    ("year_season", rf"(?:\bthe\s+)?(?<![\w$€£¥#@/.,-])(?P<y>{YEAR})(?:\s*(?:{DASH}|/)\s*(?P<y2>{YEAR2}))?\s+"
                    rf"(?P<s>{SEASON})(?![\w-])", b.season, True),
    ("season_rel_year", rf"(?:\bthe\s+)?(?P<s>{SEASON})\s+(?:of\s+)?(?P<rel>this|last|next)\s+"
                        r"(?P<year_word>year)\b",
     b.season, False),
    ("season_rel", rf"(?:\b(?P<part>early|late)\s+)?\b(?P<rel>this|last|next|past|coming)\s+(?P<s>{SEASON})",
     b.season, False),
    ("season_prep", rf"\b(?:in|during|by|since|until|till|through|throughout|over|of|before|after|for)\s+"
                    rf"(?P<core>the\s+(?:(?P<part>early|late)\s+)?(?P<s>{SEASON}))"
                    rf"(?!\s+of\s+(?!(?:19|20)\d\d))(?![\w-])", b.season, False),
    # without "the", only when no noun follows: "in winter, ..." but not "in summer camps"
    ("season_bare", rf"\b(?:in|during|by|until|till|through|throughout|over|before|after)\s+"
                    rf"(?P<core>(?P<s>{SEASON}))(?=\s*(?:[,.;:)]|$)|\s+(?:and|or|when|as|the|to|in|on|at|by|for"
                    r"|with|this|that|while|but|months)\b)", b.season, False),
    ("rel_unit", rf"\b(?P<rel>this|last|next|the\s+current|the\s+present|the\s+coming)\s+(?P<unit>year|month|week)"
                 rf"{POSS}(?![\w-])",
     lambda m: Relative(m["unit"].lower(), REL[m["rel"].lower().split()[-1]], precision=m["unit"].lower()),
     False),
    ("the_year_n", rf"\bthe\s+year\s+(?P<y>{YEAR})", lambda m: Year(int(m["y"])), False),
    ("the_year", r"(?:\b(?P<prep>during|in|throughout|for|over|within|of)\s+)?(?P<core>\bthe\s+year(?P<poss>"
                 r"['\u2019]s)?)(?!\s+(?:before|after|earlier|later|ago|round|(?:19|20)\d\d)\b)(?![\w-])",
     lambda m: TheYear() if (m["prep"] or m["poss"]) else None, False),
    ("the_unit", r"\b(?:the\s+(?P<which>previous|preceding|prior|following|subsequent|next|same)\s+"
                 r"(?P<unit>year|month|week|day))(?:['\u2019]s)?(?![\w-])", b.the_unit, False),
    ("that_unit", r"\b(?P<which>that)\s+(?P<unit>year|month|week|day)(?:['\u2019]s)?(?![\w-])", b.the_unit, False),
    ("unit_before", r"\bthe\s+(?P<unit>year|month|week|day)\s+(?P<which>before|after|earlier|later)"
                    r"(?=\s*(?:[,.;:)]|$)|\s+(?:and|when|but|while)\b)", b.the_unit, False),
    ("today", rf"\b(?P<w>yesterday|today|tomorrow|tonight|last\s+night|this\s+(?:morning|afternoon|evening))"
              rf"(?:\s+(?:morning|afternoon|evening|night))?{POSS}(?![\w-])", b.today, False),
    ("past_n", rf"(?:\bthe\s+)?\b(?P<which>past|last|previous|preceding|next|coming|following)\s+(?P<n>{NUM})\s+"
               r"(?P<unit>days|weeks|months|years|decades)\b(?!\s+of\b)", b.past, False),
    ("past_1", r"\b(?:the|this)\s+(?P<which>past|last)\s+(?P<unit>year|month|week|decade)\b(?!\s+of\b)"
               r"(?!['\u2019]s)", b.past, False),
    ("to_date", r"\b(?:(?:so|thus)\s+far\s+(?:this|in\s+the)\s+(?P<unit>year|month)"
                r"|(?:the\s+)?(?P<unit2>year|month)[\s-]+to[\s-]+date)\b",
     lambda m: Part(Relative((m["unit"] or m["unit2"]).lower(), 0, precision="year"), "earlier"), False),
    ("offset", rf"(?:\b(?:some|about|around|nearly|almost|roughly|approximately|just|only|barely)\s+)?"
               rf"(?P<n>{NUM})\s+(?P<unit>days?|weeks?|months?|years?|decades?)\s+(?P<dir>later|earlier|"
               r"afterwards?|previously|prior(?!\s+to\b)|ago|before(?=\s*(?:[,.;:)]|$)))", b.offset, False),
    ("period", rf"\b(?P<det>that|this|the\s+same|the\s+corresponding|the\s+comparable|the\s+equivalent)\s+"
               rf"period(?:\s+(?:of|in|during)\s+(?:the\s+)?(?:(?P<ref>(?:last|previous|preceding|prior)\s+year"
               rf"|year\s+before)|(?P<y>{YEAR}))|\s+(?P<ref2>last\s+year|(?:a|one)\s+year\s+(?:earlier|ago|"
               r"before)|the\s+(?:previous|preceding|prior)\s+year))?", b.period, False),
    ("same_unit_ref", rf"\bthe\s+same\s+(?P<det>date|day|week|month|time|quarter)\s+(?:(?:of|in)\s+)?"
                      rf"(?:(?P<ref>last\s+year|the\s+(?:previous|preceding|prior)\s+year|(?:a|one)\s+year\s+"
                      rf"(?:earlier|ago|before))|(?P<y>{YEAR}))", b.period, False),
    ("weekend", r"\b(?:(?P<rel>last|this|next|past|coming)|(?:over|at|during|on)\s+the)\s+weekend\b",
     lambda m: Weekend(REL[m["rel"].lower()] if m["rel"] else None), False),
    ("since_then", r"\b(?:ever\s+)?since\s+then\b", lambda m: Since(Anaphor("same")), False),
    ("report", r"\bthe\s+(?:current\s+)?(?:reporting|review|report|reported)\s+(?:period|year)\b"
               r"|\bthe\s+(?:period|year)\s+under\s+review\b",
     lambda m: ReportPeriod(), False),
    ("weekday", rf"(?P<core>(?:\b(?P<rel>last|next|this|past)\s+)?(?P<wd>{WEEKDAY}))", b.weekday, False),
    ("rel_month", rf"\b(?P<rel>last|next|this|past)\s+(?P<mon>{MONTH_FULL})",
     lambda m: RelMonth(month_no(m["mon"]), REL[m["rel"].lower()]), False),
    ("month_prep", rf"\b(?:in|during|since|by|until|till|from|of|to|through|throughout|between|and|or|before|after"
                   rf"|as\s+of|around|for|circa|about)\s+(?P<core>{MONTH_FULL})(?![\w-])",
     lambda m: Month(month_no(m["core"])), False),
    ("year", rf"(?<![\w$€£¥#@%&/.\u2116-])(?P<y>{YEAR})(?![\w%\u2030/]|[.,:]\d|{DASH}\d)",
     lambda m: Year(int(m["y"])), True),
]


# Which words each rule's matches always contain: Y a year number, M a month name,
# W a weekday, S a season; y m w d D the words year, month, week, day, decade (and
# plurals); P period, Q quarter (Q3, 3Q), H half (H1), F fiscal/FY/CY, T today and
# its kin.  The scanner runs a rule only near such words, which keeps it fast.
_TRIGGERS: dict[str, str] = {
    "iso": "Y", "dtg": "M", "dmy_num": "Y", "mdy_num": "Y", "md_range": "M", "md_between": "M",
    "dm_range": "M", "mdy": "M", "dmy": "M", "my": "M", "m_rel": "M", "md": "M", "dm": "M",
    "mon_range": "M", "mon_between": "M", "year_range": "Y", "decade": "Y", "fy": "F", "quarter": "Q",
    "q_abbr": "Q", "half": "H", "h_abbr": "H", "first_n": "mwdQ", "first_n_year": "mQ",
    "nth_week": "w", "emlate": "YMym", "end_dash": "YM", "year_end": "y", "earlier_later": "ym",
    "season_year": "S", "year_season": "S", "since_then": "T", "same_unit_ref": "y", "weekend": "w",
    "season_rel_year": "S", "season_rel": "S", "season_prep": "S", "season_bare": "S", "rel_unit": "ymw",
    "the_year_n": "y", "the_year": "y", "the_unit": "ymwd", "that_unit": "ymwd", "unit_before": "ymwd",
    "today": "T", "to_date": "ymT", "n_months_of": "m", "past_n": "ymwdD", "past_1": "ymwD",
    "offset": "ymwdD", "period": "P", "report": "Py", "weekday": "W", "rel_month": "M",
    "month_prep": "M", "year": "Y",
}

# A cheap test before running a rule on a window: one of these words must be in it.
_NEEDLES: dict[str, tuple[str, ...]] = {
    "offset": ("later", "earlier", "afterward", "previously", "prior", "ago", "before"),
    "past_n": ("past", "last", "previous", "preceding", "next", "coming", "following"),
    "past_1": ("past", "last"), "decade": ("0s", "0's", "0\u2019s"), "period": ("period",),
    "report": ("report", "review"),
    "the_unit": ("previous", "preceding", "prior", "following", "subsequent", "next", "same"),
    "that_unit": ("that",), "unit_before": ("before", "after", "earlier", "later"),
    "rel_unit": ("this", "last", "next", "current", "present", "coming"),
    "the_year": ("the",), "the_year_n": ("the",),
    "first_n": ("first", "last", "final", "past", "previous", "initial", "opening"),
    "first_n_year": ("first", "initial", "opening"),
    "emlate": ("early", "mid", "late", "middle", "beginning", "start", "end", "close", "turn"),
    "end_dash": ("end-", "start-"), "year_end": ("end",), "earlier_later": ("earlier", "later"),
    "m_rel": ("this", "last", "next"), "rel_month": ("last", "next", "this", "past"),
    "md_between": ("between",), "mon_between": ("between",), "since_then": ("since",),
    "same_unit_ref": ("same",), "year_range": ("-", "/", "\u2013", "\u2014", "\u2012"),
}

RULES: tuple[Rule, ...] = tuple(
    Rule(name, re.compile(pattern, re.I), build, numeric, _TRIGGERS[name],
         _NEEDLES.get(name, ()))
    for name, pattern, build, numeric in _SPEC
)
