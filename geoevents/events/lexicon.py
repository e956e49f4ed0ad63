"""The English word lists the event engine reads, from the language pack (geoevents/lang/en)."""
from __future__ import annotations

import re

from geoevents.lang import pack

_EN = pack("en")
# surface form (lower case) -> canonical substance; longest forms are matched first
SUBSTANCES: dict[str, str] = _EN.substances
SUBSTANCE_CLASS: dict[str, str | None] = _EN.substance_class
SUBSTANCE_RE = re.compile(
    r"\b(" + "|".join(re.escape(s) for s in sorted(SUBSTANCES, key=len, reverse=True)) + r")\b", re.I)

# unit (lower case, singular or plural) -> kilograms per unit, None for non-mass units
UNITS: dict[str, float | None] = _EN.kg_per_unit
UNIT_SINGULAR = _EN.unit_singular
UNIT_RE = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))

NUMBER_WORDS: dict[str, int] = _EN.number_words
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_UNITS_WORDS = "one|two|three|four|five|six|seven|eight|nine"
# "1,5 tons" (a decimal comma, as UNODC and Russian texts write it) before "1,500" (thousands)
NUMBER_RE = (r"(?:\d+,\d{1,2}(?![\d,])|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|"
             rf"(?:{_TENS})[- ](?:{_UNITS_WORDS})\b|"
             + "|".join(sorted((w for w in NUMBER_WORDS if w not in ("a", "an", "dozens of", "hundreds of")),
                               key=len, reverse=True)) + r")(?:\s+(?:million|thousand))?")
MULTIPLIERS = _EN.multipliers
QUALIFIERS = _EN.qualifiers

AGENCIES: dict[str, str] = dict(_EN.agencies)
_AGENCY_ANY = re.compile("|".join(f"(?P<a{i}>{p})" for i, p in enumerate(AGENCIES)))
_AGENCY_NAMES = list(AGENCIES.values())
_AGENCY_HINT = _EN.agency_hint


def agencies_in(text: str) -> tuple[str, ...]:
    """Canonical agency names mentioned in ``text``, in order of first mention."""
    names: list[str] = []
    if not _AGENCY_HINT.search(text):
        return ()
    for m in _AGENCY_ANY.finditer(text):
        name = _AGENCY_NAMES[int(m.lastgroup[1:])]
        if name not in names:
            names.append(name)
    # "police" alone adds nothing when a named police body is there
    if "police" in names and len(names) > 1 and {"MVD", "Financial Police"} & set(names):
        names.remove("police")
    return tuple(names)
