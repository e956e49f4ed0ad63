"""The word lists the event engine reads, compiled once per language from its pack (geoevents/lang)."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from geoevents.lang import pack

# Digits: "1,5 tons" (a decimal comma, as UNODC and Russian texts write it) before "1,500"
# (thousands), and "1 200" (thousands by a space or no-break space, as Russian writes them).
# A number starts where a run of digits starts: inside a long run no position is tried again.
_DIGITS = (r"(?<!\d)(?:\d+,\d{1,2}(?![\d,])|\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![,.])\d{1,3}(?:[ \u00a0]\d{3})+(?![\d,.])"
           r"|\d+(?:\.\d+)?)")
# Where a comma is the decimal mark: "1 200,5", "20,374", "1,5"; a point is read too.
_DIGITS_DECIMAL_COMMA = r"(?<!\d)(?:\d{1,3}(?:[ \u00a0]\d{3})+(?:,\d+)?(?![\d,.])|\d+,\d+|\d+(?:\.\d+)?)"
_NOT_COUNTED = ("a", "an", "dozens of", "hundreds of")  # amounts of these words are too vague to read


@dataclass(frozen=True)
class Lexicon:
    """One language's substances, units, numbers and agencies, with their compiled patterns."""

    code: str
    substances: dict[str, str]  # surface form (lower case) -> canonical substance
    substance_class: dict[str, str | None]
    substance_re: re.Pattern[str]  # longest forms first, group 1 the form
    units: dict[str, float | None]  # unit (lower case) -> kilograms per unit, None when not a mass
    unit_singular: dict[str, str]
    unit_re: str  # alternation, longest first
    number_words: dict[str, int]
    number_re: str  # a number in digits or words, with an optional multiplier word
    multipliers: dict[str, int]
    qualifiers: tuple[str, ...]
    decimal_comma: bool
    second_units: tuple[str, ...]
    weighing: tuple[str, ...]
    linking: tuple[str, ...]
    not_modifiers: tuple[str, ...]
    amount_words: dict[str, float]
    agencies: dict[str, str]  # pattern -> canonical name
    agency_any: re.Pattern[str]
    agency_names: tuple[str, ...]
    agency_hint: re.Pattern[str]


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@functools.cache
def lexicon(code: str = "en") -> Lexicon:
    """The compiled word lists of language ``code`` (KeyError for a language without a pack)."""
    lang = pack(code)
    words = [w for w in lang.number_words if w not in _NOT_COUNTED]
    compound = (rf"(?:{'|'.join(lang.compound_tens)})[- ](?:{'|'.join(lang.compound_units)})\b|"
                if lang.compound_tens else "")
    multiplier = rf"(?:\s+(?:{_alternation(lang.multipliers)}))?" if lang.multipliers else ""
    digits = _DIGITS_DECIMAL_COMMA if lang.decimal_comma else _DIGITS
    number_re = rf"(?:{digits}|{compound}{_alternation(words)}){multiplier}"
    agencies = dict(lang.agencies)
    return Lexicon(
        code=code,
        substances=lang.substances,
        substance_class=lang.substance_class,
        substance_re=re.compile(rf"\b({_alternation(lang.substances)})\b", re.I),
        units=lang.kg_per_unit,
        unit_singular=lang.unit_singular,
        unit_re=_alternation(lang.kg_per_unit),
        number_words=lang.number_words,
        number_re=number_re,
        multipliers=lang.multipliers,
        qualifiers=lang.qualifiers,
        decimal_comma=lang.decimal_comma,
        second_units=lang.second_units,
        weighing=lang.weighing,
        linking=lang.linking,
        not_modifiers=lang.not_modifiers,
        amount_words=lang.amount_words,
        agencies=agencies,
        agency_any=re.compile("|".join(f"(?P<a{i}>{p})" for i, p in enumerate(agencies))),
        agency_names=tuple(agencies.values()),
        agency_hint=lang.agency_hint,
    )


def agencies_in(text: str, code: str = "en") -> tuple[str, ...]:
    """Canonical agency names mentioned in ``text``, in order of first mention."""
    lex = lexicon(code)
    names: list[str] = []
    if not lex.agency_hint.search(text):
        return ()
    for m in lex.agency_any.finditer(text):
        name = lex.agency_names[int(m.lastgroup[1:])]
        if name not in names:
            names.append(name)
    # "police" alone adds nothing when a named police body is there
    if "police" in names and len(names) > 1 and {"MVD", "Financial Police"} & set(names):
        names.remove("police")
    return tuple(names)
