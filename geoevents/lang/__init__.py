"""Language packs: each language's vocabulary as data, read by one engine.

A pack is a folder ``geoevents/lang/CODE/`` of TOML files:

* ``triggers.toml`` — event triggers (type + regular expression) and the cheap word gates;
* ``cues.toml`` — what sets a trigger's status: negation, plans, purpose, clause starts;
* ``substances.toml`` — canonical substance names with their class and surface forms;
* ``units.toml``, ``numbers.toml`` — units with kilograms per unit, number words, qualifiers;
* ``agencies.toml`` — agency names;
* ``modus.toml`` — how a seizure moved, was hidden and was found, and who carried it;
* ``counts.toml`` — counts of people, cases and sites ("arrested 42 members").

A new trigger word goes in ``triggers.toml``; a new language is a new folder plus, where its
words inflect, a morphology hook. Packs load lazily, once per process.
"""
from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from typing import Any

from geoevents.lazyre import lazy_compile

LANGUAGES = ("en", "ru")
_SITE_CUES = ("locative", "not_site_before", "citizen_after", "force_after", "court_after", "where_after", "to_before",
              "site_form", "clause_join")
_ROUTE_CUES = ("start", "onward", "branch", "join", "new_chain", "origin", "from", "destination_gap", "bound", "directed",
               "came_from", "transit", "transit_origin", "transit_destination")


@dataclass(frozen=True)
class LanguagePack:
    code: str
    triggers: tuple[tuple[str, re.Pattern[str]], ...]
    # the same, folded for lower-cased text (None where a pattern sets its own case rules)
    triggers_folded: tuple[re.Pattern[str] | None, ...]
    trigger_needs: dict[str, tuple[str, ...]]
    cues: dict[str, re.Pattern[str]]
    route: dict[str, re.Pattern[str]]  # the cues of routes (cues.toml [route]); never-matching where a pack has none
    site: dict[str, re.Pattern[str]]  # which place is the site (cues.toml [site]); never-matching where none
    substances: dict[str, str]  # surface form (lower case) -> canonical name
    substance_class: dict[str, str | None]  # canonical name -> class (None: a generic word)
    kg_per_unit: dict[str, float | None]
    second_units: tuple[str, ...]  # a smaller unit completing an amount ("21 tons, 787 kilos")
    weighing: tuple[str, ...]  # words between a drug and its weight ("hashish weighing 37 kg")
    linking: tuple[str, ...]  # words between an amount and its drug ("7 kg of which is heroin")
    not_modifiers: tuple[str, ...]  # words that end the modifiers before a drug ("5 kg of Afghan heroin")
    currencies: dict[str, str]  # currency word (lower case) -> ISO code ("tenge" -> KZT)
    amount_words: dict[str, float]  # amounts said in words alone -> kg ("half a ton", "полтонны")
    decimal_comma: bool  # "20,374" is a decimal (Russian), not twenty thousand
    unit_singular: dict[str, str]
    number_words: dict[str, int]
    multipliers: dict[str, int]
    compound_tens: tuple[str, ...]  # "twenty-six": a tens word then a units word
    compound_units: tuple[str, ...]
    qualifiers: tuple[str, ...]
    agencies: tuple[tuple[str, str], ...]  # (pattern, canonical name)
    agency_hint: re.Pattern[str]
    # field (conveyance, concealment, detection) -> ((value, patterns), ...) in priority order
    modus: dict[str, tuple[tuple[str, tuple[re.Pattern[str], ...]], ...]]
    modus_any: dict[str, re.Pattern[str]]  # field -> any of its patterns: a one-search gate
    # the same two, folded (see folded) for lower-cased text
    modus_folded: dict[str, tuple[tuple[str, tuple[re.Pattern[str], ...]], ...]]
    modus_any_folded: dict[str, re.Pattern[str]]
    modus_gate: re.Pattern[str]  # any pattern of any field, folded (see folded): one scan of a lower-cased paragraph gates them all
    trafficker_words: dict[str, str]  # people, foreigner, citizen_of: regex sources
    counts: tuple[tuple[str, str], ...]  # (key, pattern source with {N} {N2} {PEOPLE} placeholders)
    count_needs: dict[str, tuple[str, ...]]  # key -> lower-case fragments, one of which the sentence must hold


def folded(source: str) -> re.Pattern[str]:
    """``source`` (a case-insensitive pattern without inline flags) compiled to match lower-cased
    text case-sensitively: the same matches, several times faster than re.IGNORECASE on long
    text.  Only literal letters are lowered; escapes such as \\S or \\W keep their case."""
    out, i = [], 0
    while i < len(source):
        if source[i] == "\\" and i + 1 < len(source):
            out.append(source[i:i + 2])
            i += 2
            continue
        if source.startswith("(?P", i):  # a named group's syntax, whose name keeps its case
            end = source.find(">", i) + 1 if source.startswith("(?P<", i) else source.find(")", i)
            out.append(source[i:end])
            i = end
            continue
        out.append(source[i].lower())
        i += 1
    return lazy_compile("".join(out))


def any_of(sources: list[str]) -> re.Pattern[str]:
    """One folded pattern (see folded) matching where any of ``sources`` does: a gate that
    scans a paragraph once.  When every source starts at a word's start ("\\bгрузов", "\\bair
    cargo"), the union says so first: the engine then tries its dozens of alternatives only
    where a word begins, not at every character (three times faster on a paragraph)."""
    union = "|".join(f"(?:{s})" for s in sources)
    return folded(("(?<!\\w)(?=\\w)(?:" + union + ")") if all(starts_a_word(s) for s in sources) else union)


def starts_a_word(source: str) -> bool:
    """Can ``source`` match only where a word begins: a ``\\b`` (after lookbehinds only)
    before a first character that is always a word character?"""
    import re._parser as parser  # the standard library's own parse of a pattern; read only

    try:
        items = list(parser.parse(source, re.I))
    except re.error:
        return False
    return _word_start(items, boundary=False)


def _word_start(items: list, boundary: bool) -> bool:
    """Does every way through ``items`` consume a word character first, after a ``\\b``?"""
    from re import _constants as c

    for k, (op, av) in enumerate(items):
        if op is c.ASSERT_NOT or op is c.ASSERT and av[0] == -1:
            continue  # a lookbehind consumes nothing
        if op is c.AT:
            if av is not c.AT_BOUNDARY:
                return False
            boundary = True
            continue
        if op is c.SUBPATTERN:
            return _word_start(list(av[3]) + items[k + 1:], boundary)
        if op is c.BRANCH:
            return all(_word_start(list(branch) + items[k + 1:], boundary) for branch in av[1])
        if op in (c.MAX_REPEAT, c.MIN_REPEAT):
            first = _word_start(list(av[2]) + items[k + 1:], boundary)
            return first if av[0] >= 1 else first and _word_start(items[k + 1:], boundary)
        if not boundary:
            return False
        if op is c.LITERAL:
            return chr(av).isalnum() or chr(av) == "_"
        if op is c.IN:
            return all(o is c.LITERAL and (chr(a).isalnum() or chr(a) == "_")
                       or o is c.RANGE and chr(a[0]).isalnum() and chr(a[1]).isalnum()
                       or o is c.CATEGORY and a is c.CATEGORY_WORD for o, a in av)
        return False
    return False


def _read(code: str, name: str) -> dict[str, Any]:
    with resources.files(__package__).joinpath(code, f"{name}.toml").open("rb") as handle:
        return tomllib.load(handle)


@functools.cache
def other_stories() -> re.Pattern[str]:
    """The opening of a web page's block of other stories ("Related News", "Читайте также"),
    in any language with a pack: segmenting reads it before a paragraph's language is known,
    so only this entry of each cues.toml is read, not the whole pack."""
    return re.compile("|".join(f"(?:{_read(code, 'cues')['other_stories']})" for code in LANGUAGES), re.I)


@functools.cache
def pack(code: str = "en") -> LanguagePack:
    """The vocabulary of language ``code`` (raises KeyError for a language without a pack)."""
    if code not in LANGUAGES:
        raise KeyError(f"no language pack for {code!r}")
    triggers = _read(code, "triggers")
    cues = _read(code, "cues")
    substances = _read(code, "substances")
    units = _read(code, "units")
    numbers = _read(code, "numbers")
    agencies = _read(code, "agencies")
    modus = _read(code, "modus")
    counts = _read(code, "counts")
    people = modus.pop("traffickers")
    sensitive = set(cues.pop("case_sensitive", ()))
    route = cues.pop("route", {})
    site = cues.pop("site", {})
    kg_per_unit: dict[str, float | None] = dict(units["kg_per_unit"])
    kg_per_unit.update({u: None for u in units["not_mass"]["units"]})
    return LanguagePack(
        code=code,
        triggers=tuple((t["type"], lazy_compile(t["pattern"], re.I)) for t in triggers["trigger"]),
        triggers_folded=tuple(None if "(?-i" in t["pattern"] or "(?i" in t["pattern"] else folded(t["pattern"])
                              for t in triggers["trigger"]),
        trigger_needs={k: tuple(v) for k, v in triggers["needs"].items()},
        cues={k: lazy_compile(v, 0 if k in sensitive else re.I) for k, v in cues.items()},
        route={k: lazy_compile(route.get(k, "(?!)"), re.I) for k in _ROUTE_CUES},
        site={k: lazy_compile(site.get(k, "" if k == "site_form" else "(?!)"), re.I) for k in _SITE_CUES},
        substances={form: name for name, entry in substances.items() for form in entry["forms"]},
        substance_class={name: entry.get("class") for name, entry in substances.items()},
        kg_per_unit=kg_per_unit,
        second_units=tuple(units.get("second", {}).get("units", ())),
        weighing=tuple(units.get("weighing", {}).get("forms", ())),
        linking=tuple(units.get("linking", {}).get("forms", ())),
        not_modifiers=tuple(units.get("linking", {}).get("not_modifiers", ())),
        currencies=dict(units.get("currencies", {})),
        amount_words={k: float(v) for k, v in units.get("amount_words", {}).items()},
        decimal_comma=bool(numbers.get("digits", {}).get("decimal_comma", False)),
        unit_singular=dict(units["singular"]),
        number_words=dict(numbers["words"]),
        multipliers=dict(numbers["multipliers"]),
        compound_tens=tuple(numbers.get("compound", {}).get("tens", ())),
        compound_units=tuple(numbers.get("compound", {}).get("units", ())),
        qualifiers=tuple(numbers["qualifiers"]["forms"]),
        agencies=tuple((a["pattern"], a["name"]) for a in agencies["agency"]),
        agency_hint=lazy_compile(agencies["hint"]["pattern"]),
        modus={field: tuple((value, tuple(lazy_compile(p, re.I) for p in patterns))
                            for value, patterns in values.items())
               for field, values in modus.items()},
        modus_any={field: lazy_compile("|".join(f"(?:{p})" for patterns in values.values() for p in patterns), re.I)
                   for field, values in modus.items()},
        modus_folded={field: tuple((value, tuple(folded(p) for p in patterns)) for value, patterns in values.items())
                      for field, values in modus.items()},
        modus_any_folded={field: any_of([p for patterns in values.values() for p in patterns])
                          for field, values in modus.items()},
        modus_gate=any_of([p for values in modus.values() for patterns in values.values() for p in patterns]),
        trafficker_words=dict(people),
        counts=tuple((c["key"], c["pattern"]) for c in counts["count"]),
        count_needs={k: (v,) if isinstance(v, str) else tuple(v) for k, v in counts["needs"].items()},
    )
