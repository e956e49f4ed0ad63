"""Counts of people, cases and sites stated in a sentence ("arrested 42 members").

The patterns are data (geoevents/lang/CODE/counts.toml); {N} there is the language's number."""
from __future__ import annotations

import functools
import re

from geoevents.events.lexicon import lexicon
from geoevents.events.quantities import parse_number
from geoevents.lang import folded, pack

_PEOPLE = r"(?:[\w,'-]+\s+){0,7}?"  # "Seven people, including two Tajik citizens, were ..."


@functools.cache  # compiled once per language
def _compiled(code: str) -> tuple[tuple[tuple[str, re.Pattern[str], re.Pattern[str]], ...], re.Pattern[str],
                                  dict[str, tuple[str, ...]]]:
    """(key, pattern, the pattern folded for lower-cased text) per count, the number-word gate
    and the needs."""
    lang, lex = pack(code), lexicon(code)
    number = lex.number_re
    sources = [(key, source.replace("{N}", f"(?P<n>{number})").replace("{N2}", f"(?P<n2>{number})")
                .replace("{PEOPLE}", _PEOPLE)) for key, source in lang.counts]
    patterns = tuple((key, re.compile(source, re.I), folded(source)) for key, source in sources)
    words = [w for w in lex.number_words if " " not in w and len(w) > 2]
    any_word = re.compile(r"\b(?:" + "|".join(words) + r")\b") if words else re.compile(r"(?!)")
    return patterns, any_word, lang.count_needs


def find_counts(sentence: str, code: str = "en") -> dict[str, float]:
    """Each count once (first statement wins); numbers normalised to floats."""
    patterns, number_word, needs = _compiled(code)
    counts: dict[str, float] = {}
    lowered = sentence.lower()
    if not any(ch.isdigit() for ch in sentence) and not number_word.search(lowered):
        return counts
    same = len(lowered) == len(sentence)  # then the folded patterns read the lower-cased text, faster
    for key, pattern, folded_pattern in patterns:
        if key in counts or not any(n in lowered for n in needs.get(key, ("",))):
            continue
        m = folded_pattern.search(lowered) if same else pattern.search(sentence)
        if not m:
            continue
        if "one" in m.groupdict() and m.group("one") is not None:
            counts[key] = 1.0
            continue
        value = parse_number(m.group("n"), code)
        if value is not None and not (key != "sentence_years" and value > 1e7):
            counts[key] = value
            if key == "sentence_years" and m.groupdict().get("n2"):
                upper = parse_number(m.group("n2"), code)
                if upper is not None:
                    counts["sentence_years_max"] = upper
    return counts
