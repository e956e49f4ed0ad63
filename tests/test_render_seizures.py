"""Seizure records on the map, without a browser: the contract check of their properties,
the compact record the page gets (the class a seizure is coloured by) and the palette.

The features are built through the model (so they are the real contract) and are shared
with test_browser_map_seizures.py, which checks the popup and the colour switch in Chromium.
"""
from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from geoevents.contract import properties_problem
from geoevents.model import DRUG_CLASSES, Event, Modus, Place, Quantity, RouteStop, TimeSpan
from geoevents.reader import read_events
from geoevents.render import map_html
from geoevents.render.data import largest_class, prepare
from geoevents.render.page import CLASS_COLOUR, TYPE_STYLE

DOC_ID = "09TESTPOST202"
DOCUMENTS = [{"doc_id": DOC_ID, "doc_date": "2008-03-20", "title": "Seizure records", "path": "r.txt",
              "sha256": "0" * 64}]
# document text where the page puts the concealment: must show as text, never run
HOSTILE = ('in a load of onions <img src=x onerror="window.__pwned=7">'
           "</script><script>window.__pwned=8</script>")
SHYMKENT, AKTAU, ALMATY = (42.3, 69.6), (43.65, 51.17), (43.25, 76.95)  # lat, lon: far apart


def _event(event_type: str, title: str, paragraph: int, at: tuple[float, float], **more: Any) -> Event:
    name = {SHYMKENT: "Shymkent", AKTAU: "Aktau", ALMATY: "Almaty"}[at]
    text = f"On 15 March 2008 something happened at {name}."
    return Event(event_type=event_type, title=title, doc_id=DOC_ID, doc_date=date(2008, 3, 20),
                 paragraph=paragraph, sentence=text, char_start=0, char_end=len(text),
                 span=TimeSpan(date(2008, 3, 15), date(2008, 3, 15), "day", "absolute", "15 March 2008", 0, 13),
                 date_precision="day", date_source="sentence",
                 place=Place(text=name, char_start=0, char_end=len(name), name=name, place_id=f"t:{name}",
                             kind="city", country_code="KZ", lat=at[0], lon=at[1], geo_precision="city",
                             resolved_by="gazetteer"),
                 **more)


def record_features() -> list[dict[str, Any]]:
    """A seizure with every seizure-record field, a bare one, and an arrest carrying drugs."""
    full = _event(
        "seizure", "Heroin and hashish in a truck", 1, SHYMKENT,
        drugs=(Quantity("hashish", 3.0, "kg", 3.0, drug_class="cannabis"),
               Quantity("heroin", 48.0, "kg", 48.0, drug_class="opiate")),
        route=(RouteStop("Tashkent", 69.24, 41.31, "t:Tashkent", "origin", "UZ"),
               RouteStop("Almaty", 76.95, 43.25, "t:Almaty", "transit", "KZ"),
               RouteStop("Moscow", 37.62, 55.75, "t:Moscow", "destination", "RU")),
        modus=Modus(conveyance="truck", concealment=HOSTILE, concealment_class="cargo", detection="x_ray",
                    trafficker_count=2, nationalities=("RU",)),
        incident="inc-1")
    bare = _event("seizure", "A seizure and nothing more", 2, AKTAU)
    arrest = _event("arrest", "Two held with hashish", 3, ALMATY,
                    drugs=(Quantity("hashish", 2.0, "kg", 2.0, drug_class="cannabis"),), incident="inc-1")
    return [e.to_feature() for e in (full, bare, arrest)]


def _by_title(records: Any) -> dict[str, dict[str, Any]]:
    return {r["p"]["title"]: r for r in records}


# --- the compact record ------------------------------------------------------------------

def test_record_carries_the_seizure_fields_and_the_class_it_is_coloured_by() -> None:
    records = _by_title(prepare(record_features()).records)
    full, bare, arrest = (records[t] for t in ("Heroin and hashish in a truck", "A seizure and nothing more",
                                               "Two held with hashish"))
    p = full["p"]
    assert p["conveyance"] == "truck" and p["detection"] == "x_ray"
    assert p["concealment"] == {"text": HOSTILE, "class": "cargo"}
    assert p["traffickers"] == {"count": 2, "nationalities": ["RU"]}
    assert p["route_roles"] == {"departure": ["UZ"], "transit": ["KZ"], "destination": ["RU"]}
    assert [d["class"] for d in p["drugs"]] == ["cannabis", "opiate"]
    assert full["c"] == "opiate"  # the largest drug (48 kg heroin), not the first named
    assert arrest["c"] == "cannabis"  # other events that carry drugs are coloured too
    # absent fields cost nothing: no nulls, no class, and the incident id is not embedded
    assert "c" not in bare and not {"conveyance", "concealment", "detection", "traffickers",
                                    "route_roles", "incident"} & set(bare["p"])
    assert "incident" not in p


@pytest.mark.parametrize(("drugs", "expected"), [
    ([{"kg": 1, "class": "opiate"}, {"kg": 5, "class": "cocaine"}], "cocaine"),
    ([{"kg": None, "class": "ATS"}, {"kg": None, "class": "opiate"}], "ATS"),  # no masses: first named
    ([{"kg": 2, "class": "opiate"}, {"kg": 2, "class": "cannabis"}], "opiate"),  # a tie: first named
    ([{"kg": 900, "class": None}, {"kg": 1, "class": "opiate"}], "opiate"),  # generic "drugs": no class
    ([{"kg": 1, "class": "bath salts"}], "other"),  # a class the page has no colour for
    ([{"kg": 1, "class": None}], None),
    ([], None),
    (None, None),
])
def test_largest_class(drugs: Any, expected: str | None) -> None:
    assert largest_class(drugs) == expected


def test_page_carries_a_colour_per_class() -> None:
    page = map_html(record_features(), DOCUMENTS, countries=None, labels=False)
    block = re.search(r'<script type="application/json" id="geoevents-data">(.*?)</script>', page, re.S)
    assert block is not None
    config = json.loads(block.group(1))
    assert [c["key"] for c in config["classes"]] == list(DRUG_CLASSES)
    colours = [c["color"] for c in config["classes"]]
    assert len(set(colours)) == len(colours) and all(re.fullmatch(r"#[0-9a-f]{6}", c) for c in colours)
    assert TYPE_STYLE["seizure"][0] not in colours  # switching a seizure changes its colour
    assert set(CLASS_COLOUR) == set(DRUG_CLASSES)
    assert "inc-1" not in page


# --- the contract check ------------------------------------------------------------------

def test_model_features_fit_the_contract() -> None:
    for feature in record_features():
        assert properties_problem(feature["properties"]) is None


BAD_RECORDS: list[tuple[dict[str, Any], str]] = [
    ({"conveyance": 3}, "conveyance is not text (a number)"),
    ({"detection": ["x_ray"]}, "detection is not text (a list)"),
    ({"incident": 12}, "incident is not text (a number)"),
    ({"concealment": "in a tyre"}, "concealment is not an object (a string)"),
    ({"concealment": {"text": ["in a tyre"], "class": "vehicle_compartment"}}, "concealment text is not text (a list)"),
    ({"concealment": {"text": "in a tyre", "class": 1}}, "concealment class is not text (a number)"),
    ({"traffickers": 2}, "traffickers is not an object (a number)"),
    ({"traffickers": {"count": "two", "nationalities": []}}, "traffickers count is not a number (a string)"),
    ({"traffickers": {"count": True}}, "traffickers count is not a number (a boolean)"),
    ({"traffickers": {"count": 2, "nationalities": "RU"}}, "traffickers nationalities is not a list (a string)"),
    ({"traffickers": {"count": 2, "nationalities": [7]}}, "traffickers nationalities holds a number, not text"),
    ({"route_roles": ["UZ", "RU"]}, "route_roles is not an object (a list)"),
    ({"route_roles": {"departure": "UZ"}}, "route_roles departure is not a list (a string)"),
    ({"route_roles": {"destination": [None]}}, "route_roles destination holds null, not text"),
    ({"drugs": [{"substance": "heroin", "kg": 1, "class": 5}]}, "drug 1 class is not text (a number)"),
]


@pytest.mark.parametrize(("change", "reason"), BAD_RECORDS)
def test_contract_names_what_does_not_fit(change: dict[str, Any], reason: str) -> None:
    props = {**record_features()[0]["properties"], **change}
    assert properties_problem(props) == reason


def test_nulls_and_partial_objects_fit() -> None:
    props = {**record_features()[0]["properties"], "conveyance": None, "concealment": None,
             "traffickers": {"count": None, "nationalities": ["RU"]}, "route_roles": {"destination": ["RU"]},
             "drugs": [{"substance": "drugs", "kg": None, "class": None}]}
    assert properties_problem(props) is None


@pytest.mark.parametrize(("change", "reason"), BAD_RECORDS[::3])
def test_reader_and_map_skip_the_feature_and_keep_the_rest(tmp_path: Path, change: dict[str, Any],
                                                           reason: str) -> None:
    features = record_features()
    features[1]["properties"].update(change)
    path = tmp_path / "events.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    said: list[str] = []
    assert len(list(read_events(str(path), on_skip=said.append))) == 2
    assert said == [f"feature 2 of {path}: {reason}"]
    said.clear()
    assert len(prepare(features, on_skip=said.append).records) == 2
    assert len(said) == 1 and said[0].endswith(reason)
