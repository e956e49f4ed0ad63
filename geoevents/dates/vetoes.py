"""Numbers that look like years or days but are not dates.

"Kanal-2008", "Article 319-1", "$2000", "1998 kilos", "07 ASTANA 2009", "+7 (7172) 2008 55":
the grammar's look-arounds reject numbers glued to words; these checks read the words
around a match.  Each looks at a few dozen characters, so a scan stays linear.
"""
from __future__ import annotations

import re

# Words after which a number is an article, a page, a phone, a reference or an amount.
_LEFT_WORDS = frozenset("""
article articles art arts section sections sec secs paragraph paragraphs para paras clause clauses
chapter chapters item items no nos number numbers resolution resolutions unscr scr decree decrees
page pages p pp tel telephone fax phone mobile cell room flight highway route annex appendix table
figure fig figs model version account license licence permit box reftel ref lot batch serial km
totaled totalled totaling totalling numbering usd us$ eur kzt kgs tjs uzs rub afn pkr irr tenge som
soms somoni ruble rubles rouble roubles euro euros dollar dollars manat # $ € £ ¥ №
""".split())
_LEFT_PAIRS = frozenset(("total of", "more than", "less than", "fewer than", "at least"))
_DETERMINERS = frozenset("the its their this that these those whose".split())
_CURRENCY_SIGNS = "$\u20ac\u00a3\u00a5#\u2116"

# Units and currencies: a number before them is an amount whatever else precedes it.
_UNIT = (r"(?:%|percent|per\s*cent|kilo|kgs?\b|grams?\b|g\b|tons?\b|tonnes?\b|mt\b|metric|lit(?:er|re)s?\b"
         r"|hectares?|ha\b|acres?|square|sq\b|km\b|kilomet|miles?\b|meters?\b|metres?\b|m\b|kzt|tenge|usd"
         r"|dollars?|euros?|eur\b|rubles?|roubles?|soms?\b|somoni|manat|sums?\b|afghanis?|hours\b|hrs?\b"
         r"|gmt\b|utc\b|local\s+time|times\b|doses?\b|pills?\b|tablets?\b|ampou?les?\b|vials?\b|bags?\b"
         r"|packages?\b|packets?\b|parcels?\b|plants?\b|bushes\b|bales?\b|bundles?\b|bricks?\b|bottles?\b"
         r"|boxes\b|pieces?\b)")
# Counted nouns: "2008 arrests" is a count, but "the 2008 arrests" names a year.
_COUNTED = (r"(?:people|persons?|individuals|men\b|women|children|minors|youths?|students|users|addicts"
            r"|patients|cases|crimes|offen[cs]es|offenders|arrests|detainees|prisoners|inmates|convicts"
            r"|officers|officials|agents|troops|soldiers|policemen|staff|members|employees|vehicles"
            r"|trucks|cars\b|seizures|raids|shipments|couriers|traffickers|units|clubs|events|posts)")
_RANGE_TAIL = r"(?:[\s-]*(?:(?:-|\u2013|to|and|or)\s*(?P<tail>[\d,.]+)\s*)?)"
_RIGHT_UNIT = re.compile(rf"{_RANGE_TAIL}{_UNIT}", re.I)
_RIGHT_COUNTED = re.compile(rf"{_RANGE_TAIL}{_COUNTED}", re.I)
_LAST_NUMBER = re.compile(r"\d+$")
_GROUP_SPLIT = re.compile(r"[\s()+\-\u2013]+")
_BIRTH = re.compile(r"\b(?:born|b\.)(?:\s+(?:in|on))?\s*$", re.I)
_BIRTH_AFTER = re.compile(r"\s*(?:year of birth|y\.\s*o\.\s*b|\u0433\.\s*\u0440\.)", re.I)
_PHONE_RUN_BEFORE = re.compile(r"[0-9 ()+\-\u2013]*\Z")
_PHONE_RUN_AFTER = re.compile(r"[0-9 ()+\-\u2013]*")
_CABLE_REF_CITY = re.compile(r"(?:\d\d)?[A-Z]{3,}")


def plausible(text: str, start: int, end: int) -> bool:
    """False when the number at an edge of text[start:end] is an amount, an article, a phone,
    or a birth date ("a resident (born in 1976)": who someone is, not when anything happened)."""
    if _BIRTH.search(text, max(0, start - 12), start) or _BIRTH_AFTER.match(text, end):
        return False
    before = text[max(0, start - 40):start].split()
    if text[start].isdigit() and before and _names_a_number(before):
        return False
    if text[end - 1].isdigit():
        after = text[end:end + 40]
        last = int(_LAST_NUMBER.search(text, start, end).group())  # type: ignore[union-attr]
        if _amount(_RIGHT_UNIT.match(after), last):
            return False
        if _amount(_RIGHT_COUNTED.match(after), last) and not (
                before and (before[-1].lower() in _DETERMINERS or before[-1].lower().endswith(("'s", "\u2019s")))):
            return False
    return not _phone_like(text, start, end)


def _names_a_number(before: list[str]) -> bool:
    """The words before a number make it an article, page, amount or cable reference."""
    last = before[-1].lower().rstrip(".:")
    if last in _LEFT_WORDS or last[-1:] in _CURRENCY_SIGNS:
        return True
    if len(before) >= 2:
        pair = f"{before[-2].lower()} {last}"
        if pair in _LEFT_PAIRS:
            return True
        # cable references: "07 ASTANA 2009", "08 STATE 1234"
        if before[-2].isdigit() and len(before[-2]) == 2 and _CABLE_REF_CITY.fullmatch(before[-1]):
            return True
    return bool(_CABLE_REF_CITY.fullmatch(before[-1]) and before[-1][:2].isdigit())


def _amount(m: re.Match[str] | None, number: int) -> bool:
    """A unit follows the number, directly or after a range ("2000 to 3000 kilos").

    "in 2007 to 6,900 tons" or "in 2009 to 416 kg" is a year: a quantity range goes up
    and is written in one style.
    """
    if m is None:
        return False
    tail = m["tail"]
    return tail is None or (tail.isdigit() and int(tail) > number)


def _phone_like(text: str, start: int, end: int) -> bool:
    """Digit groups run on around the match: "+7 (7172) 2008 55", page or table rows."""
    lo = _PHONE_RUN_BEFORE.search(text, max(0, start - 30), start).start()  # type: ignore[union-attr]
    hi = _PHONE_RUN_AFTER.match(text, end, min(len(text), end + 30)).end()  # type: ignore[union-attr]
    if lo == start and hi == end:
        return False
    groups = [g for g in _GROUP_SPLIT.split(text[lo:start] + " " + text[end:hi]) if g.isdigit()]
    if groups and all(len(g) == 4 and g[:2] in ("19", "20") for g in groups):
        return False  # a row of years ("2006 2007 2008"), as in a statistics table
    return len(groups) >= 2 or sum(len(g) for g in groups) >= 5
