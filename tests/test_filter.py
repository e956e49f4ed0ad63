"""Filter options and matching: date bounds, overlap vs within, type/country/drug/kg/bbox."""
from __future__ import annotations

import subprocess
import sys
from datetime import date

import click
import pytest
from click.testing import CliRunner

from geoevents.filters import (
    FilterSpec, drug_matches, filter_options, geometry_in_bbox, parse_bbox, parse_date_bound,
    spec_from_options,
)
from test_export_fixtures import all_features


def _titles(spec: FilterSpec) -> list[str]:
    return [f["properties"]["title"] for f in all_features() if spec.matches(f)]


# --- date bounds -----------------------------------------------------------------------

@pytest.mark.parametrize(("text", "start", "end"), [
    ("2008", date(2008, 1, 1), date(2008, 12, 31)),
    ("2008-03", date(2008, 3, 1), date(2008, 3, 31)),
    ("2008-02", date(2008, 2, 1), date(2008, 2, 29)),
    ("2008-3", date(2008, 3, 1), date(2008, 3, 31)),
    ("2008-03-15", date(2008, 3, 15), date(2008, 3, 15)),
    (" 2009-11 ", date(2009, 11, 1), date(2009, 11, 30)),
])
def test_numeric_bounds_start_and_end_of_period(text: str, start: date, end: date) -> None:
    assert parse_date_bound(text) == start
    assert parse_date_bound(text, end=True) == end


@pytest.mark.parametrize(("text", "start", "end"), [
    ("March 2008", date(2008, 3, 1), date(2008, 3, 31)),
    ("1 March 2008", date(2008, 3, 1), date(2008, 3, 1)),
    ("February 2008", date(2008, 2, 1), date(2008, 2, 29)),
    ("15 Dec 2007", date(2007, 12, 15), date(2007, 12, 15)),
])
def test_word_bounds_through_dateparser(text: str, start: date, end: date) -> None:
    assert parse_date_bound(text) == start
    assert parse_date_bound(text, end=True) == end


@pytest.mark.parametrize(("text", "reason"), [
    ("2008-13-01", "not a valid date (month must be in 1..12)"),
    ("2008-02-30", "not a valid date (day is out of range for month)"),
    ("2008-13", "not a valid date"),
    ("03/15/2008", "use 2008, 2008-03 or 2008-03-15"),
    ("", "cannot read"),
    ("the day after never", "cannot read 'the day after never' as a date"),
])
def test_impossible_or_unreadable_dates(text: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason.replace("(", r"\(").replace(")", r"\)")):
        parse_date_bound(text)


# --- option validation -----------------------------------------------------------------

@pytest.mark.parametrize(("options", "hint", "reason"), [
    ({"date_from": "2008-13-01"}, "'--from'", "'2008-13-01' is not a valid date"),
    ({"date_to": "Smarch 2008"}, "'--to'", "cannot read 'Smarch 2008'"),
    ({"date_from": "2008-05", "date_to": "2008-03"}, "'--from'",
     "2008-05-01 is after --to 2008-03-31"),
    ({"types": ("seizure", "smuggling")}, "'--type'", "unknown event type 'smuggling'"),
    ({"countries": ("KAZ",)}, "'--country'", "'KAZ' is not an ISO 3166-1 alpha-2 code"),
    ({"bbox": "46,40,88"}, "'--bbox'", "is not four numbers W,S,E,N"),
    ({"bbox": "a,b,c,d"}, "'--bbox'", "is not four numbers"),
    ({"bbox": "46,40,88,56,1"}, "'--bbox'", "is not four numbers"),
    ({"bbox": "46,40,188,56"}, "'--bbox'", "longitudes must be within -180..180"),
    ({"bbox": "46,-95,88,56"}, "'--bbox'", "latitudes must be within -90..90"),
    ({"bbox": "46,56,88,40"}, "'--bbox'", "south 56.0 is north of north 40.0"),
    ({"bbox": "nan,1,2,3"}, "'--bbox'", "is not four numbers"),
    ({"min_kg": -1.0}, "'--min-kg'", "-1.0 is not a non-negative number"),
    ({"min_kg": float("nan")}, "'--min-kg'", "nan is not a non-negative number"),
])
def test_bad_option_values_name_the_option(options: dict, hint: str, reason: str) -> None:
    with pytest.raises(click.BadParameter) as info:
        spec_from_options(**options)
    assert info.value.param_hint == hint
    assert reason in info.value.format_message()


def test_spec_from_options_normalises_and_ignores_other_keywords() -> None:
    spec = spec_from_options(date_from="2008-03", date_to="2008", types=("seizure,arrest",),
                             countries=("kz", "ru,af"), drugs=("Heroin",), bbox="46 40 88 56",
                             min_kg=1, inputs=("x.txt",), output="-")
    assert spec == FilterSpec(date(2008, 3, 1), date(2008, 12, 31), True,
                              frozenset({"seizure", "arrest"}), frozenset({"KZ", "RU", "AF"}),
                              frozenset({"heroin"}), (46.0, 40.0, 88.0, 56.0), 1)
    assert spec_from_options() == FilterSpec()


def test_filter_options_decorator_gives_the_same_options_to_any_command() -> None:
    seen: list[FilterSpec] = []

    @click.command()
    @click.argument("inputs", nargs=-1)
    @filter_options
    def probe(inputs: tuple[str, ...], **options: object) -> None:
        seen.append(spec_from_options(**options))

    runner = CliRunner()
    result = runner.invoke(probe, ["a.txt", "--from", "March 2008", "--to", "2008-04",
                                   "--within", "--type", "seizure", "--type", "arrest",
                                   "--country", "KZ", "--drug", "cannabis",
                                   "--bbox", "46,40,88,56", "--min-kg", "2.5"])
    assert result.exit_code == 0, result.output
    assert seen == [FilterSpec(date(2008, 3, 1), date(2008, 4, 30), True,
                               frozenset({"seizure", "arrest"}), frozenset({"KZ"}),
                               frozenset({"cannabis"}), (46.0, 40.0, 88.0, 56.0), 2.5)]
    bad = runner.invoke(probe, ["--type", "smuggling"])
    assert bad.exit_code == 2 and "Invalid value for '--type'" in bad.output


# --- matching --------------------------------------------------------------------------

MARCH = spec_from_options(date_from="2008-03", date_to="2008-03", within=False)  # --overlap


def test_overlap_keeps_events_whose_interval_touches_the_range() -> None:
    assert _titles(MARCH) == [
        "Border guards seize heroin near Shymkent",  # 03-14
        "Operation Poppy-2008 along the southern border",  # 02-20 .. 04-10
        "Afghan heroin moves north through Almaty to Moscow",  # the whole of 2008
        "Hashish seized in Almaty",  # 03-31 .. 04-02
        "=HYPERLINK(\"http://example.invalid\",\"click\")",  # 03-05
        "Pacific route to the United States",  # 03-01 .. 06-30
    ]


def test_within_requires_the_interval_inside_the_range_and_is_the_default() -> None:
    spec = spec_from_options(date_from="2008-03", date_to="2008-03", within=True)
    assert _titles(spec) == ["Border guards seize heroin near Shymkent",
                             "=HYPERLINK(\"http://example.invalid\",\"click\")"]
    assert spec_from_options(date_from="2008-03", date_to="2008-03") == spec
    whole_year = next(f for f in all_features()
                      if f["properties"]["title"] == "Afghan heroin moves north through Almaty to Moscow")
    assert spec.rejection(whole_year) == "coarse"  # overlaps March, not known to be in it
    assert MARCH.rejection(whole_year) is None


def test_open_ended_ranges_and_boundaries_are_inclusive() -> None:
    assert _titles(spec_from_options(date_from="2008-04-02", date_to="2008-04-02", within=False)) == [
        "Operation Poppy-2008 along the southern border",
        "Afghan heroin moves north through Almaty to Moscow",
        "Hashish seized in Almaty", "Customs officers detain a courier in Aktau",
        "Pacific route to the United States"]
    assert _titles(spec_from_options(date_from="2009")) == ["Training for canine units planned"]
    assert "Laboratory closed in Karaganda" not in _titles(spec_from_options(date_to="2008-01-31"))


def test_undated_events_are_excluded_by_a_date_filter_only() -> None:
    undated = next(f for f in all_features() if f["properties"]["start"] is None)
    assert MARCH.rejection(undated) == "undated"
    assert FilterSpec().matches(undated)
    assert spec_from_options(types=("statistic",)).matches(undated)


def test_type_country_and_drug_filters() -> None:
    assert _titles(spec_from_options(types=("lab_closure,training",))) == [
        "Laboratory closed in Karaganda", "Training for canine units planned"]
    assert _titles(spec_from_options(countries=("pe",))) == [
        "=HYPERLINK(\"http://example.invalid\",\"click\")"]
    # route events match any country they pass through
    assert "Afghan heroin moves north through Almaty to Moscow" in _titles(
        spec_from_options(countries=("AF",)))
    assert _titles(spec_from_options(drugs=("cannabis",))) == ["Hashish seized in Almaty"]
    assert _titles(spec_from_options(drugs=("opiates",))) == [
        "Border guards seize heroin near Shymkent",
        "Afghan heroin moves north through Almaty to Moscow",
        "Customs officers detain a courier in Aktau"]


def test_min_kg_counts_only_the_chosen_drugs() -> None:
    assert _titles(spec_from_options(min_kg=10)) == [
        "Border guards seize heroin near Shymkent", "Hashish seized in Almaty"]
    assert _titles(spec_from_options(min_kg=10, drugs=("opium",))) == []
    assert _titles(spec_from_options(min_kg=2.5, drugs=("opium",))) == [
        "Customs officers detain a courier in Aktau"]


def test_drug_names_words_and_families() -> None:
    assert drug_matches("Heroin base", {"heroin"})
    assert drug_matches("marijuana", {"cannabis"})
    assert not drug_matches("heroin", {"cannabis"})
    assert not drug_matches("hashish", {"hash"})


def test_bbox_points_lines_and_the_antimeridian() -> None:
    central_asia = spec_from_options(bbox="46,40,88,56")
    assert "Laboratory closed in Karaganda" in _titles(central_asia)
    assert "=HYPERLINK(\"http://example.invalid\",\"click\")" not in _titles(central_asia)
    assert "Drug addicts registered nationwide" not in _titles(central_asia)  # unplaced
    # the Kabul-Almaty-Moscow line crosses this box although no vertex lies in it
    line = {"type": "LineString", "coordinates": [[69.17, 34.53], [76.93, 43.26]]}
    assert geometry_in_bbox(line, (71.0, 37.0, 72.0, 38.0))
    assert not geometry_in_bbox(line, (60.0, 37.0, 61.0, 38.0))
    bering = spec_from_options(bbox="170,50,-160,66")  # west > east: across 180°
    assert _titles(bering) == ["Pacific route to the United States"]


def test_parse_bbox_accepts_spaces_and_commas() -> None:
    assert parse_bbox(" -10, 35 ,5 45") == (-10.0, 35.0, 5.0, 45.0)


def test_filter_modules_import_no_heavy_libraries() -> None:
    code = ("import sys, geoevents.commands.filter, geoevents.reader, geoevents.export; "
            "print([m for m in ('dateparser', 'shapely', 'folium', 'geopy', 'pandas') "
            "if m in sys.modules])")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60, check=True)
    assert result.stdout.strip() == "[]"
