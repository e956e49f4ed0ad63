"""The reference cable end to end: the events the issue names, with type, date, place, amount."""
from __future__ import annotations

import pytest

from conftest import SEED
from geoevents.ingest import read_document
from geoevents.pipeline import document_events


@pytest.fixture(scope="module")
def events():
    if not SEED.is_file():
        pytest.skip(f"reference cable not present at {SEED}")
    return [e.to_feature() for e in document_events(read_document(str(SEED)))]


def _find(events, paragraph, event_type, **want):
    out = []
    for feature in events:
        p = feature["properties"]
        if p["paragraph"] == paragraph and p["event_type"] == event_type and all(
                p.get(k) == v for k, v in want.items()):
            out.append(p)
    assert out, f"no {event_type} in paragraph {paragraph} with {want}"
    return out


def _kg(props, substance):
    return [d["kg"] for d in props["drugs"] if d["substance"] == substance]


def _told(parts):
    """The events one sentence gives for one seizure or tally, one per substance, as one."""
    assert len({(p["sentence"], p["start"], p["end"], p["place"]) for p in parts}) == 1, parts
    return dict(parts[0], drugs=[d for p in parts for d in p["drugs"]])


def test_record_seizure_at_the_kairak_checkpoint(events):
    (seizure,) = _find(events, 15, "seizure", start="2008-03-01", end="2008-03-31")
    assert seizure["date_precision"] == "month" and seizure["date_text"] == "March"
    assert _kg(seizure, "heroin") == [537.0]
    assert "Kairak" in seizure["place"] and seizure["geo_precision"] == "site"
    assert seizure["country_code"] == "KZ"
    (sentencing,) = _find(events, 15, "sentencing")
    assert sentencing["counts"]["sentence_years"] == 13 and sentencing["start"] == "2008-03-01"
    # "The cargo was en route from Uzbekistan to Saint Petersburg" belongs to the seizure
    assert [s["name"] for s in seizure["route"]] == ["Uzbekistan", seizure["place"], "Saint Petersburg"]
    assert [s["role"] for s in seizure["route"]] == ["origin", "transit", "destination"]
    second = _find(events, 15, "seizure", start="2008-01-01", end="2008-12-31")
    assert _kg(second[0], "heroin") == [120.0] and second[0]["place"] != "Turkey"


def test_typhoon_routes_are_two_five_stop_lines(events):
    routes = [p for p in _find(events, 16, "route") if len(p["route"]) == 5]
    assert len(routes) == 2
    features = {f["properties"]["id"]: f for f in events}
    for props in routes:
        geometry = features[props["id"]]["geometry"]
        assert geometry["type"] == "LineString" and len(geometry["coordinates"]) == 5
        assert [s["role"] for s in props["route"]] == ["origin", "transit", "transit", "transit", "destination"]
        assert props["route"][0]["name"] == "Shymkent"
    assert routes[0]["route"][-1]["name"] == "Petropavl"  # Petropavlovsk, Kazakhstan, not Kamchatka
    assert 54 < routes[0]["route"][-1]["lat"] < 55.5 and 68 < routes[0]["route"][-1]["lon"] < 70
    assert routes[1]["route"][-1]["name"] == "Ust-Kamenogorsk"
    (operation,) = _find(events, 16, "operation", operation="Typhoon")
    assert operation["counts"]["arrested"] == 42 and operation["counts"]["criminal_cases"] == 24
    assert {"KZ", "RU", "TJ", "UZ", "AF"} <= set(operation["countries"])


def test_controlled_deliveries_and_their_seizures(events):
    # 600 kilos from 27 deliveries over nine months is a tally: a statistic, not one seizure
    total = _told([s for s in _find(events, 11, "statistic") if s["drugs"]])
    assert (total["start"], total["end"]) == ("2008-01-01", "2008-09-30")
    assert _kg(total, "drugs") == [600.0] and _kg(total, "heroin") == [88.0]
    assert not [f for f in events if f["properties"]["paragraph"] == 11
                and f["properties"]["event_type"] == "seizure"]
    assert {"KG", "RU", "TJ"} <= set(_find(events, 11, "operation")[0]["countries"])


def test_nine_month_statistics(events):
    stats = _find(events, 13, "statistic")
    assert all((s["start"], s["end"]) == ("2008-01-01", "2008-09-30") for s in stats)
    heroin = [s for s in stats if _kg(s, "heroin")]
    assert heroin and _kg(heroin[0], "heroin") == [1514.0] and len(_kg(heroin[0], "opium")) == 0
    assert all(378.0 not in _kg(s, "drugs") for s in stats)  # last year's figure is a baseline
    tally = _told([s for s in _find(events, 14, "statistic") if s["drugs"]])
    # the named parts make up the 48.763 kilos: they are the events, the total is not repeated
    assert _kg(tally, "drugs") == [] and _kg(tally, "heroin") == [10.0] and _kg(tally, "marijuana") == [37.0]
    assert [d["qualifier"] for d in tally["drugs"] if d["substance"] == "heroin"] == ["over"]


def test_kanal_operation(events):
    (operation,) = _find(events, 19, "operation", operation="Kanal-2008")
    assert (operation["start"], operation["end"]) == ("2008-09-15", "2008-09-23")
    seizure = _told(_find(events, 19, "seizure"))
    assert _kg(seizure, "drugs") == [1400.0] and _kg(seizure, "heroin") == [133.0]
    assert seizure["start"] == "2008-09-15"


def test_corrupt_officers(events):
    (sentencing,) = _find(events, 21, "sentencing")
    assert sentencing["counts"]["sentence_years"] == 10 and sentencing["counts"]["sentence_years_max"] == 12
    (arrest,) = _find(events, 21, "arrest")
    assert (arrest["start"], arrest["end"]) == ("2008-01-01", "2008-01-31") and arrest["counts"]["arrested"] == 4
    assert not [p for p in (f["properties"] for f in events) if p["paragraph"] == 21 and p["event_type"] == "seizure"]


def test_agreements_and_caricc(events):
    dates = sorted(p["start"] for p in _find(events, 24, "agreement"))
    assert dates == ["2008-08-29", "2008-09-29"]
    (launch,) = _find(events, 26, "program")
    assert launch["start"] == "2007-11-01" and launch["place"] == "Almaty"
    kz = _find(events, 26, "agreement", start="2008-11-06")
    tj = _find(events, 26, "agreement", start="2008-11-12")
    assert kz[0]["country_code"] == "KZ" and tj[0]["country_code"] == "TJ"
    assert tj[0]["date_anchor"] == "previous"


def test_poppy_operation_and_no_lab(events):
    (operation,) = _find(events, 31, "operation", operation="Mak")
    assert (operation["start"], operation["end"]) == ("2008-05-25", "2008-10-25")
    assert "Chu" in operation["place"]
    assert not [p for p in (f["properties"] for f in events) if p["event_type"] == "lab_closure"
                and p["paragraph"] in (31, 34)]
    tally = _told([s for s in _find(events, 31, "statistic") if s["drugs"]])
    assert _kg(tally, "heroin") == [50.0] and _kg(tally, "marijuana") == [20000.0]


def test_pervitin_lab_in_pavlodar(events):
    (lab,) = _find(events, 32, "lab_closure")
    assert (lab["start"], lab["end"]) == ("2008-07-28", "2008-07-28")
    assert lab["place"] == "Pavlodar" and lab["geo_precision"] == "city"
    assert [d["substance"] for d in lab["drugs"]] == ["methamphetamine"]


def test_ecstasy_in_the_north_and_astana(events):
    seizures = _find(events, 35, "seizure")
    north = [s for s in seizures if s["drugs"] and s["drugs"][0]["unit"] == "dose"]
    assert north and north[0]["drugs"][0]["quantity"] == 500 and north[0]["drugs"][0]["kg"] is None
    assert "North Kazakhstan" in north[0]["place"] and north[0]["geo_precision"] == "region"
    assert north[0]["route"][0]["name"] == "Netherlands"
    (arrest,) = _find(events, 35, "arrest")
    assert arrest["place"] == "Astana" and arrest["place"] != "Jamaica"
    (sentencing,) = _find(events, 35, "sentencing")
    assert sentencing["counts"]["sentence_years"] == 10


def test_no_duplicates_and_stable_ids(events, seed_path):
    ids = [f["id"] for f in events]
    assert len(ids) == len(set(ids))
    text = seed_path.read_text()
    second_copy = text.index("MILAS")
    assert all(f["properties"]["char_end"] <= second_copy for f in events)
    again = [e.to_feature()["id"] for e in document_events(read_document(str(seed_path)))]
    assert again == ids


def test_prices_in_three_cities(events):
    prices = _find(events, 17, "price")
    by_place = {(p["place"], p["price"]["substance"]): p["price"] for p in prices}
    assert by_place[("Astana", "heroin")]["amount"] == 10000
    assert by_place[("Almaty", "marijuana")] == {"amount": 400.0, "currency": "USD", "unit": "kilo",
                                                  "substance": "marijuana", "previous": 250.0}
    pavlodar = by_place[("Pavlodar", "heroin")]
    assert (pavlodar["amount"], pavlodar["amount_max"], pavlodar["previous"]) == (10000, 15000, 8000)


def test_planned_items_are_marked(events):
    planned = [f["properties"] for f in events if f["properties"]["status"] == "planned"]
    assert {p["paragraph"] for p in planned} >= {46, 47, 48}
    assert all(p["event_type"] != "lab_closure" for p in planned)
