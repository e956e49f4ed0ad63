"""The Russian date grammar: the same rule records, scanner and calendar arithmetic as the
English grammar (grammar.py), with Russian words.

Months inflect ("8 февраля", "в феврале", "с января"), so every case form is listed; a
year may carry its noun ("2024 года", "2024 г.", "в 2023–2024 годах"), which is kept in
the span.  Numeric dates ("08.09.2014") are the English grammar's rules, shared.
"""
from __future__ import annotations

import re

from geoevents.dates import builders as b
from geoevents.dates.compound import Part, Range, Since
from geoevents.dates.exprs import Expr, Month, Year
from geoevents.dates.grammar import RULES as _EN_RULES
from geoevents.dates.grammar import Rule
from geoevents.dates.relative import Relative, TheYear, Weekday

# month number -> its forms: nominative, genitive ("8 февраля"), prepositional ("в феврале"), instrumental
_MONTH_FORMS = {
    1: "январь января январе январём январем", 2: "февраль февраля феврале февралём февралем",
    3: "март марта марте мартом", 4: "апрель апреля апреле апрелем", 5: "май мая мае маем",
    6: "июнь июня июне июнем", 7: "июль июля июле июлем", 8: "август августа августе августом",
    9: "сентябрь сентября сентябре сентябрём сентябрем", 10: "октябрь октября октябре октябрём октябрем",
    11: "ноябрь ноября ноябре ноябрём ноябрем", 12: "декабрь декабря декабре декабрём декабрем",
}
MONTH_NUMBER = {form: n for n, forms in _MONTH_FORMS.items() for form in forms.split()}
_COUNT_WORDS = {"два": 2, "две": 2, "двух": 2, "три": 3, "трёх": 3, "трех": 3, "четыре": 4, "четырёх": 4,
                "четырех": 4, "пять": 5, "пяти": 5, "шесть": 6, "шести": 6, "семь": 7, "семи": 7, "восемь": 8,
                "восьми": 8, "девять": 9, "девяти": 9, "десять": 10, "десяти": 10, "одиннадцать": 11,
                "одиннадцати": 11}

_MONTH = "(?:" + "|".join(sorted(MONTH_NUMBER, key=len, reverse=True)) + r")(?![\w-])"
_DAY = r"(?<![\d.,])(?:3[01]|[12][0-9]|0?[1-9])(?![\d])"
_YEAR = r"(?<![\d])(?:19|20)\d\d(?!\d)"
_YEAR_NOUN = r"(?:\s*(?:года|году|год|г\.(?:\s*г\.)?|гг\.?|годах|годов|годы)(?![\w-]))"  # "2024 года", "2024 г."
_DASH = r"(?:-|\u2013|\u2014)"
_ORD = r"(?:перв|втор|трет|четв[её]рт)\w{0,4}|I{1,3}|IV|[1-4]-?(?:м|й|го|ом)?"
_THIS_YEAR = r"(?:(?:текущего|этого|нынешнего|прошлого|прошедшего|минувшего)\s+года)"
_YEAR_REL = {"текущ": 0, "этог": 0, "нынешн": 0, "прошл": -1, "прошедш": -1, "минувш": -1}


def _month(text: str) -> int:
    return MONTH_NUMBER[text.lower()]


def _year_of(m) -> Expr | None:
    """The year a part is of: "2023 года", "текущего года", or None (the topic year)."""
    if m["y"]:
        return Year(int(m["y"]))
    if m["rel"]:
        word = m["rel"].lower()
        return Relative("year", next(v for k, v in _YEAR_REL.items() if word.startswith(k)), precision="year")
    return None


def _day(m: re.Match[str]) -> Expr | None:
    return b.valid_day(int(m["y"]) if m["y"] else None, _month(m["mon"]), int(m["d"]))


def _days(m: re.Match[str]) -> Expr | None:
    year = int(m["y"]) if m["y"] else None
    month, d1, d2 = _month(m["mon"]), int(m["d1"]), int(m["d2"])
    first, last = b.valid_day(year, month, d1), b.valid_day(year, month, d2)
    return Range(first, last) if first and last and d1 < d2 else None


def _day_range(m: re.Match[str]) -> Expr | None:
    """"с 25 августа по 5 сентября 2023 года"."""
    year = int(m["y"]) if m["y"] else None
    m1, m2 = _month(m["m1"]), _month(m["m2"])
    first = b.valid_day(year if year is None or m1 <= m2 else year - 1, m1, int(m["d1"]))
    last = b.valid_day(year, m2, int(m["d2"]))
    return Range(first, last) if first and last and (m1, int(m["d1"])) != (m2, int(m["d2"])) else None


def _month_year(m: re.Match[str]) -> Expr | None:
    return Month(_month(m["mon"]), int(m["y"]))


def _months(m: re.Match[str]) -> Expr | None:
    first, last = _month(m["m1"]), _month(m["m2"])
    if first == last:
        return None
    year = int(m["y"]) if m["y"] else None
    if year is None:
        return Range(Month(first), Month(last))
    return Range(Month(first, year if first < last else year - 1), Month(last, year))


_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_ORDINAL_STEMS = (("перв", 1), ("втор", 2), ("трет", 3), ("четв", 4))


def _ordinal(text: str) -> int:
    """"первом" -> 1, "III" -> 3, "2-м" -> 2."""
    text = text.lower()
    if text in _ROMAN:
        return _ROMAN[text]
    if text[:1].isdigit():
        return int(text[0])
    return next((n for stem, n in _ORDINAL_STEMS if text.startswith(stem)), 0)


def _quarter(m: re.Match[str]) -> Expr | None:
    n = _ordinal(m["ord"])
    return Part(_year_of(m), "quarter", n, "month") if 1 <= n <= 4 else None


def _half(m: re.Match[str]) -> Expr | None:
    n = _ordinal(m["ord"])
    return Part(_year_of(m), "half", n, "month") if n in (1, 2) else None


def _first_months(m: re.Match[str]) -> Expr | None:
    """"за девять месяцев 2023 года", "за 11 месяцев": the first N months of the year."""
    word = m["n"].lower()
    n = int(word) if word.isdigit() else _COUNT_WORDS.get(word, 0)
    return Part(_year_of(m), "first", n, "month") if 1 < n < 12 else None


def _since_start(m: re.Match[str]) -> Expr | None:
    """"с начала года", "с начала 2024 года": from the year's start to the report date."""
    return Since(Part(_year_of(m) or Relative("year", 0, precision="year"), "begin"))


def _part(m: re.Match[str]) -> Expr | None:
    """"в начале/середине/конце марта (2024 года)", "в конце 2023 года"."""
    part = {"нач": "begin", "сер": "middle", "кон": "end"}[m["part"].lower()[:3]]
    if m["mon"]:
        base: Expr = Month(_month(m["mon"]), int(m["y"]) if m["y"] else None)
    else:
        base = _year_of(m) or TheYear()
    return Part(base, part)


_WHEN_REL = {"прошл": -1, "прошедш": -1, "минувш": -1, "текущ": 0, "эт": 0, "нынешн": 0, "следующ": 1,
             "будущ": 1, "сегодня": 0, "вчера": -1, "позавчера": -2, "завтра": 1, "накануне": -1}
_WEEKDAY = {"понедельник": 0, "вторник": 1, "среду": 2, "четверг": 3, "пятницу": 4, "субботу": 5,
            "воскресенье": 6}


def _relative(m: re.Match[str]) -> Expr | None:
    unit = {"год": "year", "мес": "month", "нед": "week"}[m["unit"].lower()[:3]]
    which = m["which"].lower()
    rel = next(v for k, v in _WHEN_REL.items() if which.startswith(k))
    return Relative(unit, rel, precision=unit)


def _today(m: re.Match[str]) -> Expr | None:
    return Relative("day", _WHEN_REL[m["w"].lower()], precision="day")


_SPEC: list[tuple[str, str, object, bool, str]] = [
    # name, pattern, builder, numeric, trigger classes
    ("ru_day_range", rf"\bс\s+(?P<d1>{_DAY})\s+(?P<m1>{_MONTH})\s+(?:по|до)\s+(?P<d2>{_DAY})\s+(?P<m2>{_MONTH})"
                     rf"(?:\s+(?P<y>{_YEAR}){_YEAR_NOUN}?)?", _day_range, False, "M"),
    ("ru_dm_range", rf"(?:\b(?:с|со)\s+)?(?P<d1>{_DAY})\s*(?:{_DASH}|\s(?:по|до)\s)\s*(?P<d2>{_DAY})\s+"
                    rf"(?P<mon>{_MONTH})(?:\s+(?P<y>{_YEAR}){_YEAR_NOUN}?)?", _days, True, "M"),
    ("ru_dmy", rf"(?P<d>{_DAY})\s+(?P<mon>{_MONTH})\s+(?P<y>{_YEAR}){_YEAR_NOUN}?", _day, True, "M"),
    ("ru_dm", rf"(?P<d>{_DAY})\s+(?P<mon>{_MONTH})(?P<y>)", _day, True, "M"),
    ("ru_mon_range", rf"(?:\b(?:с|со)\s+)?(?P<m1>{_MONTH})\s*(?:{_DASH}|\s(?:по|до)\s)\s*(?P<m2>{_MONTH})"
                     rf"(?:\s+(?P<y>{_YEAR}){_YEAR_NOUN}?)?", _months, False, "M"),
    ("ru_my", rf"(?P<mon>{_MONTH})\s+(?P<y>{_YEAR}){_YEAR_NOUN}?", _month_year, True, "M"),
    ("ru_part", rf"\b(?:в|к)\s+(?P<part>начале|середине|конце)\s+(?:(?P<mon>{_MONTH})(?:\s+(?P<y>{_YEAR}){_YEAR_NOUN}?)?"
                rf"|(?P<y2>{_YEAR}){_YEAR_NOUN}|(?P<rel>текущего|этого|прошлого|прошедшего|минувшего)\s+года)",
     lambda m: _part(_Groups(m, y=m["y"] or m["y2"])), False, "MYy"),
    ("ru_quarter", rf"\b(?P<ord>{_ORD})\s+квартал\w{{0,3}}(?:\s+(?:(?P<y>{_YEAR}){_YEAR_NOUN}?|(?P<rel>текущего|этого"
                   rf"|прошлого|прошедшего|минувшего)\s+года))?", _quarter, False, "Q"),
    ("ru_half", rf"\b(?P<ord>перв\w{{1,4}}|втор\w{{1,4}}|I{{1,2}}|[12]-?(?:м|е|ое)?)\s+полугоди\w{{1,3}}(?:\s+(?:(?P<y>{_YEAR})"
                rf"{_YEAR_NOUN}?|(?P<rel>текущего|этого|прошлого|прошедшего|минувшего)\s+года))?", _half, False, "H"),
    ("ru_first_months", rf"\bза\s+(?:(?:первые|прошедшие|истекшие|минувшие)\s+)?(?P<n>\d{{1,2}}|{'|'.join(_COUNT_WORDS)})"
                        rf"\s+месяц\w{{0,3}}(?:\s+(?:(?P<y>{_YEAR}){_YEAR_NOUN}?|(?P<rel>текущего|этого|прошлого"
                        rf"|прошедшего|минувшего)\s+года))?", _first_months, False, "m"),
    ("ru_since_start", rf"\bс\s+начала\s+(?:(?P<y>{_YEAR}){_YEAR_NOUN}|(?P<rel>текущего|этого|прошлого)\s+года|года)",
     _since_start, False, "Yy"),
    ("ru_year_range", rf"(?:\b(?:в|во|за|с|на)\s+)?(?<![\w$€£¥#@/.,\u2116-])(?P<y1>{_YEAR})\s*(?:{_DASH}|/)\s*"
                      rf"(?P<y2>(?:19|20)\d\d|\d\d)(?!\d){_YEAR_NOUN}?", b.year_range, True, "Y"),
    ("ru_relative", r"\b(?:в|на|за|до)\s+(?P<which>прошлом|прошедшем|минувшем|текущем|этом|нынешнем|следующем|будущем"
                    r"|прошлой|прошедшей|минувшей|текущей|этой|следующей|прошлый|прошедший|минувший|текущий|этот"
                    r"|прошлую|текущую|эту)\s+(?P<unit>году|год|месяце|месяц|неделе|неделю)(?![\w-])",
     _relative, False, "ymw"),
    # "накануне" alone is the day before; "накануне праздника" (on the eve of) is not a date here
    ("ru_today", r"\b(?P<w>позавчера|вчера|сегодня|завтра|накануне(?=\s*(?:[,.]|в\b|во\b|на\b|утром|вечером"
                 r"|днем|днём|ночью)))(?![\w-])", _today, False, "T"),
    ("ru_weekday", rf"\b(?:в|во)\s+(?P<wd>{'|'.join(_WEEKDAY)})(?![\w-])",
     lambda m: Weekday(_WEEKDAY[m["wd"].lower()]), False, "W"),
    ("ru_month_prep", rf"\b(?:в|во|с|со|до|по|к|за|начиная\s+с)\s+(?P<core>{_MONTH})",
     lambda m: Month(_month(m["core"])), False, "M"),
    # a year needs its noun or a preposition: a bare "1920" between commas is a page's
    # number, not a date ("Sputnik Узбекистан, 1920, 07.09.2023")
    ("ru_year", rf"(?:\b(?:в|во|с|со|до|по|к|за|от|на|после|около|между|и|или)\s+)?"
                rf"(?<![\w$€£¥#@%&/.\u2116-])(?P<y>{_YEAR})(?P<noun>{_YEAR_NOUN})?(?![\w%\u2030/]|[.,:]\d|{_DASH}\d)",
     lambda m: Year(int(m["y"])) if m["noun"] or m.group(0)[:1].isalpha() else None, True, "Y"),
]


class _Groups:
    """A match seen through other group values: one builder serves two spellings of a rule."""

    def __init__(self, m: re.Match[str], **override: str | None):
        self._m, self._override = m, override

    def __getitem__(self, key: str) -> str | None:
        return self._override[key] if key in self._override else self._m[key]


# Numeric dates ("08.09.2014", "2014-09-08") read the same in Russian text.
_SHARED = tuple(r for r in _EN_RULES if r.name in ("iso", "dmy_num"))

RULES: tuple[Rule, ...] = _SHARED + tuple(
    Rule(name, re.compile(pattern, re.I), build, numeric, triggers)  # type: ignore[arg-type]
    for name, pattern, build, numeric, triggers in _SPEC
)

# Word (lower case) -> trigger class, as in scan._WORD_CLASSES: a rule runs only near one of its words.
WORD_CLASSES: dict[str, str] = {form: "M" for form in MONTH_NUMBER}
WORD_CLASSES.update({w: "y" for w in ("год", "года", "году", "годах", "годов", "годы", "г", "гг")})
WORD_CLASSES.update({w: "m" for w in ("месяц", "месяца", "месяцев", "месяце", "месяцы")})
WORD_CLASSES.update({w: "w" for w in ("неделе", "неделю", "неделя")})
WORD_CLASSES.update({w: "Q" for w in ("квартал", "квартала", "квартале", "кварталы")})
WORD_CLASSES.update({w: "H" for w in ("полугодие", "полугодия", "полугодии")})
WORD_CLASSES.update({w: "T" for w in ("вчера", "сегодня", "позавчера", "завтра", "накануне")})
WORD_CLASSES.update({w: "W" for w in _WEEKDAY})

# Words that put a sentence in the future, before or after its date ("В декабре ведомство
# планирует ...", "... будет проведена в мае"): a year-less date there is the next one.
# ... unless a past act stands between ("В январе задержали курьера, которому будет ...")
PAST = re.compile(r"\b(?:\w{3,}(?:ли|ла|ло|лся|лась|лись)|\w{4,}л|котор\w+)\b", re.I)
FUTURE = re.compile(r"\b(?:планир\w*|запланирован\w*|предстоит|будет|будут|намерен\w*|собира\w+ся"
                    r"|ожида\w+ся)", re.I)
