"""Seizure records in Chromium: the popup's seizure-record lines (escaped, absent when not
told) and the legend's switch that colours seizures by substance class.

Uses the harness of test_browser_map.py (network aborted and recorded, errors collected)
on a map of the features of test_render_seizures.py.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from geoevents.render import render_map
from test_browser_map import PIXEL, TWO_FRAMES, Opened, browser, open_page  # noqa: F401 (a fixture)
import test_render_samples as S  # noqa: E402
import test_render_seizures as R  # noqa: E402

pytestmark = pytest.mark.browser

# every (label, value) line of the open popup's definition list
POPUP_LINES = """() => Array.from(document.querySelectorAll('.leaflet-popup-content dt'))
    .map(dt => [dt.textContent, dt.nextElementSibling.textContent])"""
RECORD_LABELS = {"Conveyance", "Hidden", "Found by", "Traffickers", "Route", "Stops"}


@pytest.fixture
def records_map(browser: Any, tmp_path: Path) -> Iterator[Opened]:
    out = tmp_path / "seizures.html"
    render_map(R.record_features(), R.DOCUMENTS, out, countries=S.countries_fixture(), labels=False)
    opened = open_page(browser, out)
    yield opened
    opened.page.close()


def _id(title: str) -> str:
    return next(f["id"] for f in R.record_features() if f["properties"]["title"] == title)


def _popup(opened: Opened, title: str) -> dict[str, str]:
    assert opened.page.evaluate("id => GeoeventsMap.page.openEvent(id)", _id(title))
    opened.page.wait_for_selector(".leaflet-popup-content dl", timeout=5000)
    lines = dict(opened.page.evaluate(POPUP_LINES))
    opened.page.keyboard.press("Escape")
    opened.page.wait_for_selector(".leaflet-popup", state="detached", timeout=3000)
    return lines


def test_popup_shows_the_seizure_record_and_nothing_when_absent(records_map: Opened) -> None:
    page = records_map.page
    lines = _popup(records_map, "Heroin and hashish in a truck")
    assert lines["Conveyance"] == "truck"
    assert lines["Hidden"] == R.HOSTILE + " (cargo)"  # the document's words, as text
    assert lines["Found by"] == "X-ray"
    assert lines["Traffickers"] == "2 (RU)"
    assert lines["Route"] == "UZ \u2192 KZ \u2192 RU"
    assert lines["Stops"].startswith("Tashkent (origin) \u2192 Almaty (transit)")
    assert not RECORD_LABELS & set(_popup(records_map, "A seizure and nothing more"))
    # the hostile concealment made no element and ran nothing
    assert page.evaluate("document.querySelectorAll('.ge-pop img, .ge-pop script, [onerror]').length") == 0
    records_map.clean()  # also: window.__pwned is undefined


def _colour(opened: Opened, latlon: tuple[float, float]) -> tuple[int, int, int]:
    opened.page.evaluate(TWO_FRAMES)
    red, green, blue, alpha = opened.page.evaluate(PIXEL, list(latlon))
    assert alpha > 200, "no marker painted there"
    return red, green, blue


def test_legend_switch_colours_seizures_by_substance_class(records_map: Opened) -> None:
    page = records_map.page
    legend = "#ge-summary-body .ge-switch"
    assert page.get_attribute(f"{legend} button[data-colour='type']", "aria-pressed") == "true"
    assert not page.is_visible("#ge-summary-body .ge-classes")
    red = _colour(records_map, R.SHYMKENT)
    assert red[0] > 150 and red[1] < 90 and red[2] < 90  # a seizure: red
    bare = _colour(records_map, R.AKTAU)
    arrest = _colour(records_map, R.ALMATY)

    page.click(f"{legend} button:has-text('substance class')")
    assert records_map.state()["colourBy"] == "class"
    purple = _colour(records_map, R.SHYMKENT)  # opiate, the class of its largest drug
    assert purple[2] > purple[0] > purple[1] and abs(purple[0] - red[0]) > 60
    assert _colour(records_map, R.AKTAU) == bare  # no drugs: its type's colour
    green = _colour(records_map, R.ALMATY)  # an arrest with hashish: cannabis green
    assert green != arrest and green[1] > green[0] and green[1] > green[2]
    # the palette with counts is in the legend while the switch is on
    rows = page.eval_on_selector_all("#ge-summary-body .ge-classes tr", "rs => rs.map(r => r.innerText)")
    assert [r.split() for r in rows] == [["opiate", "1"], ["cannabis", "1"]]

    page.click(f"{legend} button:has-text('event type')")
    assert _colour(records_map, R.SHYMKENT) == red
    assert not page.is_visible("#ge-summary-body .ge-classes")
    records_map.clean()


def test_no_switch_without_drugs(browser: Any, tmp_path: Path) -> None:
    out = tmp_path / "bare.html"
    render_map(R.record_features()[1:2], R.DOCUMENTS, out, countries=None, labels=False)
    opened = open_page(browser, out)
    try:
        assert opened.page.query_selector(".ge-switch") is None
        opened.clean()
    finally:
        opened.page.close()
