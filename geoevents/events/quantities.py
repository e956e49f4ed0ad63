"""Amounts of drugs, counts of people and cases, and money, found in one sentence."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

import functools

from geoevents.events.lexicon import Lexicon, lexicon
from geoevents.lang import folded, pack
from geoevents.model import Quantity

# a value stated as the earlier term of a comparison, not what happened now
_BASELINE_BEFORE = re.compile(
    r"(?:last year'?s|previous year'?s|the same period (?:last year|in \d{4})|compared (?:with|to)|"
    r"than|from|over|against|versus)\s+(?:(?:the\s+)?(?:seizures?|total|figure|level|volume)\s+of\s+)?$", re.I)
_YEAR_EARLIER = re.compile(r"\s+(?:a year earlier|a year ago|the year before|the previous year|last year)\b", re.I)
_MOVED = frozenset("up down rose fell increased decreased grew dropped climbed declined".split())
_FROM_TO = re.compile(r"^\s+to\s", re.I)
# "(21 tons, 787 kilos were seized during the same period in 2007)": the cue comes after
_BASELINE_AFTER = re.compile(r"^[^();.]{0,60}?\b(?:same period|last year|previous year|a year earlier|a year ago)\b", re.I)
_GENERIC = frozenset({"drugs", "psychotropic substances", "synthetic drugs"})


@dataclass(frozen=True)
class _Grammar:
    """The amount patterns of one language, built from its lexicon."""

    lex: Lexicon
    amount: re.Pattern[str]
    weighing: re.Pattern[str]
    any_unit: re.Pattern[str]
    apposition: re.Pattern[str]
    amount_folded: re.Pattern[str]  # for lower-cased text (lang.folded): several times faster
    any_unit_folded: re.Pattern[str]
    after_conversion: re.Pattern[str]  # ") of heroin" after "412 kilos (908 pounds"
    in_words: re.Pattern[str]  # an amount said in words alone ("half a ton of heroin"), folded
    word_keys: tuple[str, ...]  # a word each such amount holds ("half", "полтонны"): a cheap gate


class _Original:
    """A match on the lower-cased text that reads its groups from the text as written."""

    def __init__(self, m: re.Match[str], text: str):
        self._m, self._text = m, text

    def group(self, name: int | str = 0) -> str | None:
        start, end = self._m.span(name)
        return None if start < 0 else self._text[start:end]

    def start(self, name: int | str = 0) -> int:
        return self._m.start(name)

    def end(self, name: int | str = 0) -> int:
        return self._m.end(name)


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _phrases(words) -> str:
    """An alternation of phrases, longest first, any run of spaces between their words."""
    return "|".join(re.escape(w).replace("\\ ", "\\s+") for w in sorted(words, key=len, reverse=True)) or "(?!)"


@functools.cache  # compiled once per language
def _grammar(code: str) -> _Grammar:
    lex = lexicon(code)
    qual = "|".join(lex.qualifiers)
    sub = lex.substance_re.pattern[3:-3]  # the alternation without its \b( )\b wrapper
    number = lex.number_re
    second = _alternation(lex.second_units) if lex.second_units else "(?!)"
    weighing, linking = _phrases(lex.weighing), _phrases(lex.linking)
    # up to two words that describe the drug ("of Afghan heroin", "of high-grade hashish",
    # "высококачественного героина"), never a word that ends the phrase ("of goods and heroin")
    stop = _phrases(lex.not_modifiers)
    modifiers = rf"(?:(?!(?:{stop})\b)[^\W\d_][\w-]*\s+){{0,2}}?"
    amount = re.compile(
        rf"(?:(?P<qual>{qual})\s+)?(?P<num>{number})(?:\s*-\s*|\s+|(?<=\d))(?:(?P<pre>{sub})\s+)?"
        rf"(?P<unit>{lex.unit_re})\b(?:,?\s+(?:(?:and|и)\s+)?(?P<num2>{number})\s+(?P<unit2>{second})(?!\w))?"
        rf"(?:\s+(?:(?:{linking})\s+)?(?:the\s+)?{modifiers}"
        rf"[\"\u201c\u00ab']?(?P<post>{sub}))?",
        re.I,
    )
    weighing = re.compile(rf"\b({sub})[\"\u201d\u00bb']?\s+(?:{weighing})\s+(?:(?:{qual})\s+)?$", re.I)
    words = _phrases(lex.amount_words)
    any_unit = rf"(?:{lex.unit_re})\b"
    word_keys = tuple(sorted({next((w for w in phrase.split() if len(w) >= 4), phrase) for phrase in lex.amount_words}))
    return _Grammar(lex, amount, weighing, re.compile(any_unit, re.I),
                    re.compile(rf"\s*[\"\u201c\u00ab']?({sub})\b", re.I), folded(amount.pattern), folded(any_unit),
                    re.compile(rf"\s*\)\s*(?:(?:{linking})\s+)?(?:the\s+)?[\"\u201c\u00ab']?({sub})\b", re.I),
                    folded(rf"(?:(?P<qual>{qual})\s+)?\b(?P<words>{words})\b(?:\s+(?:(?:{linking})\s+)?(?:the\s+)?"
                           rf"[\"\u201c\u00ab']?(?P<post>{sub}))?"), word_keys)


@dataclass(frozen=True, slots=True)
class Found:
    """A quantity with its place in the sentence and whether it is a comparison baseline."""

    quantity: Quantity
    start: int
    end: int
    baseline: bool


def parse_number(text: str, code: str = "en") -> float | None:
    """A number written in digits or words of language ``code`` ("1,500", "1,5", "twenty-six")."""
    lex = lexicon(code)
    number_words = lex.number_words
    text = text.strip().lower()
    mult = 1
    for word, factor in lex.multipliers.items():
        if text.endswith(word):
            mult, text = factor, text[: -len(word)].strip()
    if text in number_words:
        return float(number_words[text] * mult)
    if lex.decimal_comma and re.fullmatch(r"\d[\d \u00a0]*(?:,\d+)?", text):  # "1 200,5", "20,374"
        return float(re.sub(r"[ \u00a0]", "", text).replace(",", ".")) * mult
    if re.fullmatch(r"\d{1,3}(?:[ \u00a0]\d{3})+", text):  # "1 200": thousands by a space
        return float(re.sub(r"\D", "", text)) * mult
    parts = re.split(r"[- ]", text)
    if len(parts) == 2 and all(p in number_words for p in parts):  # "twenty-six"
        return float((number_words[parts[0]] + number_words[parts[1]]) * mult)
    if re.fullmatch(r"\d+,\d{1,2}", text):  # a decimal comma: "1,5"
        return float(text.replace(",", ".")) * mult
    try:
        return float(text.replace(",", "")) * mult
    except ValueError:
        return None


def find_quantities(text: str, code: str = "en") -> list[Found]:
    """Every amount with a unit in ``text``: kg where the unit is a mass, else None."""
    grammar = _grammar(code)
    lex = grammar.lex
    found: list[Found] = []
    lowered = text.lower()
    in_words = len(lowered) == len(text) and any(key in lowered for key in grammar.word_keys)
    if len(lowered) == len(text):  # the folded patterns read the lower-cased text, several times faster
        if not in_words and not grammar.any_unit_folded.search(lowered):  # most sentences state no amount
            return found
        matches = (_Original(m, text) for m in grammar.amount_folded.finditer(lowered))
    else:
        if not grammar.any_unit.search(text):
            return found
        matches = grammar.amount.finditer(text)
    for m in matches:
        number = parse_number(m.group("num"), code)
        if number is None:
            continue
        unit_text = m.group("unit").lower()
        if m.end("num") == m.start("unit") and len(unit_text) == 1 and m.group("unit").isupper():
            continue  # "4G", "5T": a name, not "4 g" written close ("500g of heroin")
        per_kg = lex.units.get(unit_text)
        kg = number * per_kg if per_kg is not None else None
        if m.group("num2") and per_kg is not None:  # "21 tons, 787 kilos"
            extra = parse_number(m.group("num2"), code)
            if extra is not None:
                second = m.group("unit2").lower()
                kg = (kg or 0.0) + extra * (lex.units.get(second, lex.units.get(second.rstrip("."))) or 0.0)
                number, unit_text = kg, "kg"
        surface = (m.group("post") or m.group("pre") or _substance_before(text, m.start(), grammar) or "drugs").lower()
        substance = lex.substances.get(surface, surface)
        if substance in _GENERIC:
            # "73 kg of the psychotropic substance mephedrone": the name after the kind word
            named = grammar.apposition.match(text, m.end())
            if named and lex.substances[named.group(1).lower()] not in _GENERIC:
                substance = lex.substances[named.group(1).lower()]
        qualifier = m.group("qual").lower() if m.group("qual") else None
        quantity = Quantity(
            substance=substance, quantity=_tidy(number), unit=lex.unit_singular.get(unit_text, unit_text),
            kg=_tidy(kg) if kg is not None else None, qualifier=qualifier, text=m.group(0),
            drug_class=lex.substance_class.get(substance),
        )
        found.append(Found(quantity, m.start(), m.end(), _is_baseline(text, m)))
    if in_words:  # "half a ton of heroin"
        found = sorted(found + _in_words(lowered, text, grammar), key=lambda f: f.start)
    found = _without_conversions(found, text, grammar)
    for first, second in zip(found, found[1:]):
        # "from 379 kilos of heroin to 1.5 metric tons": the second term is the same drug
        if first.baseline and second.quantity.substance == "drugs" and _FROM_TO.match(text[first.end:]):
            found[found.index(second)] = Found(replace(second.quantity, substance=first.quantity.substance,
                                                       drug_class=first.quantity.drug_class),
                                               second.start, second.end, second.baseline)
    return found


def _in_words(lowered: str, text: str, grammar: _Grammar) -> list[Found]:
    """Amounts said in words alone: "half a ton of heroin", "около полутонны гашиша"."""
    lex = grammar.lex
    out = []
    for m in grammar.in_words.finditer(lowered):
        phrase = " ".join(m.group("words").split())
        kg = lex.amount_words.get(phrase)
        if kg is None:
            continue
        surface = (m.group("post") or "drugs").lower()
        substance = lex.substances.get(surface, surface)
        out.append(Found(Quantity(substance=substance, quantity=1.0, unit=phrase, kg=kg,
                                  qualifier=m.group("qual"), text=text[m.start():m.end()],
                                  drug_class=lex.substance_class.get(substance)),
                         m.start(), m.end(), False))
    return out


_CONVERSION_GAP = re.compile(r"\s*\(\s*(?:or\s+|about\s+|approximately\s+|~\s*)?$")


def _without_conversions(found: list[Found], text: str, grammar: _Grammar) -> list[Found]:
    """"412 kilos (908 pounds) of heroin", "820 kg (1,808 lbs)": the amount in brackets
    restates the one before it in other units: one quantity, of the drug named after the
    bracket."""
    out: list[Found] = []
    for f in found:
        prev = out[-1] if out else None
        if prev is not None and prev.quantity.kg and f.quantity.kg \
                and _CONVERSION_GAP.fullmatch(text, prev.end, f.start) \
                and abs(prev.quantity.kg - f.quantity.kg) <= 0.05 * max(prev.quantity.kg, f.quantity.kg):
            named = grammar.after_conversion.match(text, f.end)
            if prev.quantity.substance == "drugs" and named:
                substance = grammar.lex.substances.get(named.group(1).lower(), named.group(1).lower())
                prev = replace(prev, quantity=replace(prev.quantity, substance=substance,
                                                      drug_class=grammar.lex.substance_class.get(substance)))
            out[-1] = prev
            continue
        out.append(f)
    return out


def _substance_before(text: str, start: int, grammar: _Grammar) -> str | None:
    """"the volume of seized heroin (from 379 kilos to 1.5 metric tons": named just before."""
    window = text[max(0, start - 70):start]
    weighing = grammar.weighing.search(window)
    if weighing:  # "hashish weighing 37.3 kilograms"
        return weighing.group(1)
    if re.search(r"\d|;|\.\s", window):
        return None
    subs = grammar.lex.substances
    hits = [h for h in grammar.lex.substance_re.finditer(window) if subs[h.group(1).lower()] != "drugs"]
    return hits[-1].group(1) if hits else None


def _is_baseline(text: str, m: re.Match[str]) -> bool:
    if _YEAR_EARLIER.match(text, m.end()):
        return True
    if _BASELINE_AFTER.match(text[m.end():]) and "(" in text[max(0, m.start() - 3): m.start() + 1]:
        return True
    before = text[max(0, m.start() - 40): m.start()]
    if _BASELINE_BEFORE.search(before):
        # "from 379 kilos to 1.5 metric tons": the first is the baseline
        words = re.findall(r"[a-z']+", before.lower())
        if words[-1:] != ["from"] or (len(words) > 1 and words[-2] in _MOVED):
            return True
        return bool(_FROM_TO.match(text[m.end():]))  # "from 379 kilos to 1.5 tons"
    return False


def _tidy(value: float) -> float:
    """Round away float noise (48.763 * 1.0 stays 48.763; 1.5 * 1000 is 1500)."""
    return round(value, 6)


_SYMBOLS = {"$": "USD", "\u20ac": "EUR", "\u00a3": "GBP"}


@functools.cache  # compiled once per language
def _money_re(code: str) -> re.Pattern[str]:
    """An amount of money in language ``code``: "$5,000", "2 million soms", "30 млн тенге"."""
    lex, currencies = lexicon(code), pack(code).currencies
    digits = r"\d[\d \u00a0]*(?:,\d+)?" if lex.decimal_comma else r"\d[\d,]*(?:\.\d+)?"
    mult = _alternation(lex.multipliers) or "(?!)"
    return re.compile(
        rf"(?:(?P<sym>[$\u20ac\u00a3])\s?(?P<n1>{digits})(?:\s+(?P<m1>{mult}))?"
        rf"|(?P<n2>{digits})(?:\s+(?P<m2>{mult}))?\s+(?P<cur>{_alternation(currencies)}))(?!\w)",
        re.I)


@dataclass(frozen=True, slots=True)
class Money:
    amount: float
    currency: str
    start: int
    end: int
    baseline: bool


def find_money(text: str, code: str = "en") -> list[Money]:
    """Every amount of money in ``text`` (language ``code``) with its currency."""
    currencies = pack(code).currencies
    out = []
    for m in _money_re(code).finditer(text):
        raw = (m.group("n1") or m.group("n2")).strip()
        mult = m.group("m1") or m.group("m2")
        amount = parse_number(raw + (f" {mult}" if mult else ""), code)
        sym = m.group("sym")
        currency = _SYMBOLS[sym] if sym else currencies.get(m.group("cur").lower(), "USD")
        if amount is not None:
            out.append(Money(amount, currency, m.start(), m.end(), _is_baseline(text, m)))
    return out
