"""Words of the date grammar and the regex fragments built from them.

Patterns are compiled with re.IGNORECASE; month and weekday names switch it off
(``(?-i:...)``) so the verbs "may" and "march" never read as months, while "MAY 2008"
in a capitalised header still does.  Every fragment is a bounded alternation or a
single quantifier over a character class, so no pattern can backtrack catastrophically.
"""
from __future__ import annotations

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")
MONTH_NUMBER: dict[str, int] = {name: i + 1 for i, name in enumerate(MONTHS)}
MONTH_NUMBER.update({name[:3]: i + 1 for i, name in enumerate(MONTHS)})
MONTH_NUMBER["sept"] = 9

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WEEKDAY_NUMBER = {name: i for i, name in enumerate(WEEKDAYS)}

SEASONS = ("spring", "summer", "autumn", "fall", "winter")

NUMBER_WORDS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "ninety": 90, "hundred": 100,
}
ORDINALS: dict[str, int] = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
    "fifth": 5, "5th": 5, "last": 5, "final": 5,
}
UNITS = {"day": "day", "days": "day", "week": "week", "weeks": "week", "month": "month",
         "months": "month", "year": "year", "years": "year", "decade": "decade",
         "decades": "decade", "quarter": "quarter", "quarters": "quarter"}


def _cases(words: list[str] | tuple[str, ...]) -> str:
    """Capitalised and upper-case spellings, longest first so alternation is greedy."""
    forms = sorted({f for w in words for f in (w.capitalize(), w.upper())}, key=len, reverse=True)
    return "|".join(forms)


def alternation(words) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


_ABBREVIATIONS = ("jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec")

# A full month name; bare (no day, no year) it is only taken after a preposition.
MONTH_FULL = rf"(?-i:{_cases(MONTHS)})\b"
# A month name or an abbreviation ("Sept.", "Nov"); used only next to a day or a year.
MONTH = rf"(?-i:{_cases(MONTHS)}|(?:{_cases(_ABBREVIATIONS)})\b\.?)(?:\b|(?<=\.))"
WEEKDAY = rf"(?-i:{_cases(WEEKDAYS)})\b"
SEASON = rf"(?:{alternation(SEASONS)})\b"

DAY = r"(?:3[01]|[12][0-9]|0?[1-9])(?:st|nd|rd|th)?(?![\d])\b"
YEAR = r"(?<![\d])(?:19|20)\d\d(?!\d)"
YEAR2 = r"(?:(?:19|20)\d\d|\d\d)(?!\d)"  # the second year of "2008-09", "2005/06"
NUM = rf"\b(?:\d{{1,3}}|{alternation(k for k in NUMBER_WORDS if k not in ('hundred',))})\b"
ORD = rf"\b(?:{alternation(k for k in ORDINALS if k not in ('last', 'final'))})\b"
DASH = r"(?:-|\u2013|\u2014|\u2012)"
TO = rf"(?:\s*{DASH}\s*|\s+(?:to|through|thru|until|till|and)\s+)"  # day ranges, month ranges
POSS = r"(?:['\u2019]s\b)?"

# A year as the object of "of"/a partial expression: 2008, this year, last year, the year...
YEAR_REF = (rf"(?:{YEAR}|(?:this|last|next)\s+year|the\s+(?:current|previous|preceding|past|"
            rf"same|following)\s+year|the\s+year(?!\s+(?:before|after|earlier|later)\b)|that\s+year)")
