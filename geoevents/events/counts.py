"""Counts of people, cases and sites stated in a sentence ("arrested 42 members")."""
from __future__ import annotations

import re

from geoevents.events.lexicon import NUMBER_RE, NUMBER_WORDS
from geoevents.events.quantities import parse_number

_N = rf"(?P<n>{NUMBER_RE})"
_NUMBER_WORD = re.compile(r"\b(?:" + "|".join(w for w in NUMBER_WORDS if " " not in w and len(w) > 2) + r")\b")
_PEOPLE = r"(?:[\w,'-]+\s+){0,7}?"  # "Seven people, including two Tajik citizens, were ..."
_COUNTS: tuple[tuple[str, re.Pattern[str]], ...] = tuple((key, re.compile(p, re.I)) for key, p in (
    ("arrested", rf"\barrest(?:ed|ing)\s+(?:its\s+|their\s+|all\s+)?{_N}\b"),
    ("arrested", rf"\barrests? of\s+{_N}\b"),
    ("arrested", rf"\b{_N}\s+{_PEOPLE}(?:were|was|had been|have been)\s+arrested\b"),
    ("detained", rf"\bdetain(?:ed|ing)\s+{_N}\b"),
    ("detained", rf"\bdetention of\s+{_N}\b"),
    ("detained", rf"\b{_N}\s+{_PEOPLE}(?:were|was|had been|have been)\s+detained\b"),
    ("detained", r"\bdetained (?:a|an|one)\s+(?P<one>\w+)\b"),
    ("sentenced", rf"\b{_N}\s+{_PEOPLE}(?:were|was)\s+(?:later\s+)?sentenced\b"),
    ("sentenced", rf"\bsentenced\s+{_N}\s+(?!years)"),
    ("trained", rf"\btrain(?:s|ed|ing)?\s+{_N}\b"),
    ("trained", rf"\bfor\s+{_N}\s+(?:[\w-]+\s+){{0,3}}?(?:officers|officials|personnel|guards|cadets|participants|specialists|instructors|students)\b"),
    ("convicted", rf"\b{_N}\s+{_PEOPLE}(?:were|was)\s+convicted\b"),
    ("convicted", rf"\bconvictions?\b[^.;]{{0,50}}?\bfrom\s+[\d,]+\s+to\s+{_N}\b"),
    ("sentence_years", rf"\bsentenced\s+(?:[\w,'-]+\s+){{0,20}}?to\s+(?:\w+\s+)?{_N}(?:\s+(?:to|-)\s+(?P<n2>{NUMBER_RE}))?\s+years\b"),
    ("sentence_years", rf"\bsentences? of\s+{_N}\s+years\b"),
    ("criminal_cases", rf"\b{_N}\s+criminal cases\b"),
    ("administrative_cases", rf"\b{_N}\s+administrative cases\b"),
    ("crimes", rf"\b{_N}\s+(?:drug-related\s+|narcotics-related\s+)?crimes\b"),
    ("trafficking_cases", rf"\b{_N}\s+cases of (?:drug\s+)?trafficking\b"),
    ("sales_cases", rf"\b{_N}\s+cases of (?:drug\s+)?sales?\b"),
    ("violations", rf"\b{_N}\s+violations\b"),
    ("cultivation_sites", rf"\b{_N}\s+(?:separate\s+)?(?:illicit\s+)?(?:crop\s+)?(?:cultivations|cultivation sites|plantations|fields)\b"),
    ("controlled_deliveries", rf"\b{_N}\s+controlled deliveries\b"),
    ("groups_dismantled", rf"\b{_N}\s+(?:organized\s+)?(?:criminal\s+|drug\s+|trafficking\s+)?(?:groups|gangs|rings|cartels)\b"),
    ("labs", rf"\b{_N}\s+(?:clandestine\s+|illegal\s+)?(?:[\w-]+\s+)?(?:labs|laboratories)\b"),
))


# a word each pattern needs, so most sentences skip most patterns without a regex search
_NEEDS = {"arrested": "arrest", "detained": "det", "sentenced": "sentenc", "convicted": "convict",
          "sentence_years": "years", "criminal_cases": "criminal", "administrative_cases": "administrative",
          "crimes": "crimes", "trafficking_cases": "cases of", "sales_cases": "cases of",
          "violations": "violation", "cultivation_sites": "", "controlled_deliveries": "deliveries",
          "groups_dismantled": "", "labs": "lab", "trained": ""}


def find_counts(sentence: str) -> dict[str, float]:
    """Each count once (first statement wins); numbers normalised to floats."""
    counts: dict[str, float] = {}
    lowered = sentence.lower()
    if not any(ch.isdigit() for ch in sentence) and not _NUMBER_WORD.search(lowered):
        return counts
    for key, pattern in _COUNTS:
        if key in counts or _NEEDS.get(key, "") not in lowered:
            continue
        m = pattern.search(sentence)
        if not m:
            continue
        if "one" in m.groupdict() and m.group("one") is not None:
            counts[key] = 1.0
            continue
        value = parse_number(m.group("n"))
        if value is not None and not (key != "sentence_years" and value > 1e7):
            counts[key] = value
            if key == "sentence_years" and m.groupdict().get("n2"):
                upper = parse_number(m.group("n2"))
                if upper is not None:
                    counts["sentence_years_max"] = upper
    return counts
