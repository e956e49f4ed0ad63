"""Language packs: the vocabulary is data the engine reads, checked for consistency."""
from __future__ import annotations

import pytest

from geoevents.events.quantities import find_quantities
from geoevents.lang import pack

CLASSES = {"opiate", "cannabis", "cocaine", "ATS", "synthetic cathinone", "synthetic cannabinoid", "opioid",
           "psychotropic", "precursor", "other", None}


def test_unknown_language_has_no_pack():
    with pytest.raises(KeyError):
        pack("xx")


def test_every_trigger_type_is_gated_and_every_substance_classed():
    en = pack("en")
    assert {kind for kind, _ in en.triggers} == set(en.trigger_needs)
    assert set(en.substance_class.values()) <= CLASSES
    assert set(en.substances.values()) == set(en.substance_class)


@pytest.mark.parametrize("text, substance, drug_class, kg", [
    ("seized 73 kg of the psychotropic substance mephedrone", "mephedrone", "synthetic cathinone", 73.0),
    ("and 223 kg of α-PVP were seized", "alpha-pvp", "synthetic cathinone", 223.0),
    ("over 22 tons of chemical reagents", "precursors", "precursor", 22000.0),
    ("17 tons of poppy straw", "poppy straw", "opiate", 17000.0),
    ("100 methadone tablets", "methadone", "opioid", None),
    ("2 kg of spice", "synthetic cannabinoids", "synthetic cannabinoid", 2.0),
])
def test_substances_carry_their_class(text, substance, drug_class, kg):
    (found,) = find_quantities(text)
    q = found.quantity
    assert (q.substance, q.drug_class, q.kg) == (substance, drug_class, kg)
    assert q.to_json()["class"] == drug_class


def test_precursors_are_left_out_of_drug_totals():
    from geoevents.filters import _total_kg

    drugs = [{"substance": "mephedrone", "kg": 125.0, "class": "synthetic cathinone"},
             {"substance": "precursors", "kg": 2000.0, "class": "precursor"}]
    assert _total_kg(drugs) == 125.0


@pytest.mark.parametrize("source, word_start", [
    (r"\bавиагруз\w*", True),
    (r"(?<!у )\bвагон", True),  # lookbehinds consume nothing
    (r"(?-i:\bИДК\b)", True),
    (r"\b(?:passenger )?trains?\b", True),  # an optional start: both ways start a word
    (r"\b\d+", False),  # kept out, to be safe
    (r"авиа", False),  # no boundary: may match inside a word
    (r"\b[«\"]x", False),
    (r"\b(?:a)?", False),  # may match nothing
])
def test_a_pattern_starting_a_word_is_told_apart(source, word_start):
    from geoevents.lang import starts_a_word

    assert starts_a_word(source) is word_start


@pytest.mark.parametrize("code, text", [
    ("en", "The heroin was hidden in a load of onions on a truck; dogs found it at the crossing. "
           "A courier had swallowed capsules; X-ray scanners and air cargo checks caught others."),
    ("ru", "Героин спрятали в грузе лука в фуре КамАЗ; служебная собака нашла его на посту. "
           "Курьер проглотил капсулы, рентген выявил их; авиагруз досмотрели по оперативной информации."),
])
def test_a_gate_that_starts_at_words_finds_what_the_plain_union_finds(code, text):
    import re

    from geoevents.lang import _read, any_of

    sources = [p for values in _read(code, "modus").values() if isinstance(values, dict)
               for patterns in values.values() if isinstance(patterns, list) for p in patterns]
    plain = re.compile("|".join(f"(?:{s})" for s in sources), re.I)
    gate = any_of(sources)
    assert gate.pattern.startswith("(?<!\\w)(?=\\w)")
    lowered = text.lower()
    assert [m.span() for m in gate.finditer(lowered)] == [m.span() for m in plain.finditer(text)]
