"""The map as a new user meets it, in Chromium: orientation labels, popups on a phone and
beside the controls, the slider's starting span, Escape, shared maps and --cdn offline.

Uses the harness of test_browser_map.py (network aborted and recorded, errors collected).
Screenshots of the seed map on a desktop and a phone go to tests/artifacts/ (ignored by
git) for a reviewer to look at.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from geoevents.render import render_map
from test_browser_map import ARTIFACTS, TWO_FRAMES, Opened, _day, browser, open_page, twins_at_one_spot  # noqa: F401 (a fixture)
import test_render_samples as S  # noqa: E402

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1400, "height": 860}
# What lies under the middle of an element: the element itself (or a child) when nothing
# covers it.  Controls sit in their own stacking layer above the popup pane.
UNCOVERED = """(selector) => {
    const node = document.querySelector(selector), r = node.getBoundingClientRect();
    const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return !!top && (top === node || node.contains(top));
}"""
RECT = "(s) => { const r = document.querySelector(s).getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; }"
POPUP = ".leaflet-popup"
CLOSE = ".leaflet-popup-close-button"


def open_at(browser: Any, path: Path, viewport: dict[str, int]) -> Opened:
    """Open ``path`` in a page of the given size with every non-file request aborted."""
    return open_page(browser, path, viewport=viewport)


@pytest.fixture(scope="module")
def seed_map(seed_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The reference cable mapped by the command line, as a user makes it."""
    from click.testing import CliRunner

    from geoevents.commands.map import command

    out = tmp_path_factory.mktemp("seedmap") / "seed.html"
    result = CliRunner().invoke(command, [str(seed_dir), "--offline", "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def seed_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the seed cable under an absolute folder a shared map must not reveal."""
    from conftest import SEED

    if not SEED.is_file():
        pytest.skip(f"reference cable not present at {SEED}")
    folder = tmp_path_factory.mktemp("private-folder-of-the-author")
    (folder / "astana-2008.txt").write_bytes(SEED.read_bytes())
    return folder


@pytest.fixture
def desktop(browser: Any, seed_map: Path) -> Iterator[Opened]:
    opened = open_at(browser, seed_map, DESKTOP)
    yield opened
    opened.page.close()


@pytest.fixture
def phone(browser: Any, seed_map: Path) -> Iterator[Opened]:
    opened = open_at(browser, seed_map, PHONE)
    yield opened
    opened.page.close()


def events_of(opened: Opened) -> list[dict[str, Any]]:
    return json.loads(opened.page.eval_on_selector("#geoevents-data", "e => e.textContent"))["events"]


def set_view(opened: Opened, lat: float, lon: float, zoom: int) -> None:
    # the opening fit may still be settling when the page says ready (a slow machine):
    # ask again until the map is where it was asked to be
    for _ in range(50):
        opened.page.evaluate("([a, b, z]) => { GeoeventsMap.page.map.setView([a, b], z, {animate: false}); }",
                             [lat, lon, zoom])
        opened.page.evaluate(TWO_FRAMES)
        if opened.page.evaluate("GeoeventsMap.page.map.getZoom()") == zoom:
            return
        opened.page.wait_for_timeout(100)
    raise AssertionError(f"the map never moved to zoom {zoom}")


def labels(opened: Opened) -> list[dict[str, Any]]:
    opened.page.evaluate(TWO_FRAMES)
    return opened.page.evaluate("GeoeventsMap.page.labels()")


def clean(opened: Opened) -> None:
    assert opened.requests == [], f"requests left the page: {opened.requests}"
    assert opened.errors == [], f"console/page errors: {opened.errors}"


# --- orientation ---------------------------------------------------------------------

def overlapping(drawn: list[dict[str, Any]]) -> list[tuple[str, str]]:
    out = []
    for i, a in enumerate(drawn):
        for b in drawn[i + 1:]:
            x = a["box"][0] < b["box"][2] and b["box"][0] < a["box"][2]
            y = a["box"][1] < b["box"][3] and b["box"][1] < a["box"][3]
            if x and y:
                out.append((a["name"], b["name"]))
    return out


def test_labels_appear_and_thin_out_with_zoom(desktop: Opened) -> None:
    box = (42.0, 69.0, 44.5, 77.5)  # south, west, north, east: Shymkent to Almaty
    counts = []
    for zoom in (4, 5, 6, 7):
        set_view(desktop, 43.25, 73.25, zoom)
        drawn = labels(desktop)
        assert drawn and overlapping(drawn) == [], zoom
        names = {d["name"] for d in drawn if box[0] <= d["lat"] <= box[2] and box[1] <= d["lon"] <= box[3]}
        counts.append(len(names))
        if zoom == 4:
            assert "Almaty" in names and "Taraz" not in names  # a large city first, towns later
        if zoom == 7:
            assert {"Taraz", "Shymkent", "Bishkek", "Almaty"} <= names
    assert counts == sorted(counts) and counts[-1] >= 3 * counts[0], counts
    # drawn under the events: the label pane lies below the pane of the event canvas
    z = desktop.page.evaluate("""() => [document.querySelector('.ge-labels-canvas').parentNode,
                                        document.querySelector('canvas.ge-canvas').parentNode]
                                       .map(p => +getComputedStyle(p).zIndex)""")
    assert z[0] < z[1]
    # a country's name at low zoom, none of them zoomed in
    set_view(desktop, 45, 70, 3)
    assert "KAZAKHSTAN" in {d["name"] for d in labels(desktop) if d["kind"] == "country"}
    set_view(desktop, 43.25, 73.25, 8)
    assert not [d for d in labels(desktop) if d["kind"] == "country"]
    clean(desktop)


# Pixels of the map that neither an outline nor a filled strip covers: the sea's colour
# would show there.  Both are drawn on canvases; they are stacked as the page shows them.
UNCOVERED_LAND = """() => {
    const frame = document.querySelector('.folium-map').getBoundingClientRect();
    const layers = document.querySelectorAll('.leaflet-ge-gaps-pane canvas, .leaflet-basemap-pane canvas');
    const out = document.createElement('canvas');
    out.width = Math.round(frame.width); out.height = Math.round(frame.height);
    const ctx = out.getContext('2d');
    layers.forEach(c => { const r = c.getBoundingClientRect();
        ctx.drawImage(c, r.left - frame.left, r.top - frame.top, r.width, r.height); });
    const data = ctx.getImageData(0, 0, out.width, out.height).data;
    let empty = 0;
    for (let i = 3; i < data.length; i += 4) { if (data[i] === 0) { empty++; } }
    return empty;
}"""


def test_no_sea_between_neighbours_at_zoom_10(desktop: Opened) -> None:
    """Zoomed in on the Fergana valley (Kyrgyz, Uzbek and Tajik borders, the Vorukh
    enclave) and on the Kazakh-Chinese border, no pixel is left to the sea's colour
    (without the filled strips some 8 000 and 300 are)."""
    assert desktop.page.evaluate("GeoeventsMap.page.gaps()") > 100
    for lat, lon in ((40.3, 71.0), (43.0, 80.0)):
        set_view(desktop, lat, lon, 10)
        assert desktop.page.evaluate(UNCOVERED_LAND) == 0, (lat, lon)
    ARTIFACTS.mkdir(exist_ok=True)
    set_view(desktop, 40.3, 71.0, 10)
    desktop.page.screenshot(path=str(ARTIFACTS / "map_seed_border_zoom10.png"))
    clean(desktop)


# The region-border pane: its computed display, its stacking order against the place
# names and the events, and how many of its canvas pixels are painted.
ADMIN1_PANE = """() => {
    const pane = document.querySelector('.leaflet-ge-admin1-pane'), canvas = pane.querySelector('canvas');
    const z = p => +getComputedStyle(p).zIndex;
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let painted = 0;
    for (let i = 3; i < data.length; i += 4) { if (data[i] > 0) { painted++; } }
    return {display: getComputedStyle(pane).display, painted: painted, z: z(pane),
            labels: z(document.querySelector('.ge-labels-canvas').parentNode),
            events: z(document.querySelector('canvas.ge-canvas').parentNode),
            outlines: z(document.querySelector('.leaflet-basemap-pane'))};
}"""


def test_region_borders_show_only_zoomed_in(desktop: Opened) -> None:
    """Region (admin-1) borders are in the page, hidden below their zoom, drawn from it
    on: over southern Kazakhstan at zoom 7 as thin dashed lines under names and events."""
    info = desktop.page.evaluate("GeoeventsMap.page.admin1()")
    assert info["lines"] > 100 and info["minZoom"] == 6
    set_view(desktop, 43.0, 71.5, info["minZoom"] - 1)
    assert desktop.page.evaluate("GeoeventsMap.page.admin1().shown") is False
    assert desktop.page.evaluate(ADMIN1_PANE)["display"] == "none"
    set_view(desktop, 43.0, 71.5, 7)  # Shymkent, Taraz and the Kyrgyz border
    assert desktop.page.evaluate("GeoeventsMap.page.admin1().shown") is True
    pane = desktop.page.evaluate(ADMIN1_PANE)
    assert pane["display"] != "none" and pane["painted"] > 500
    assert pane["outlines"] < pane["z"] < pane["labels"] < pane["events"]
    overlays = desktop.page.eval_on_selector_all(".leaflet-control-layers-overlays label",
                                                 "ls => ls.map(l => l.textContent.trim())")
    assert "Region borders (zoomed in)" in overlays
    ARTIFACTS.mkdir(exist_ok=True)
    desktop.page.wait_for_timeout(200)
    desktop.page.screenshot(path=str(ARTIFACTS / "map_seed_region_borders_zoom7.png"))
    set_view(desktop, 43.0, 71.5, 5)  # and hidden again on the way out
    assert desktop.page.evaluate("GeoeventsMap.page.admin1().shown") is False
    clean(desktop)


# --- the slider's starting span --------------------------------------------------------

def test_seed_slider_starts_on_2008_and_all_dates_shows_1997(desktop: Opened) -> None:
    page = desktop.page
    state = desktop.state()
    assert (state["from"], state["to"]) == (_day("2008-01-01"), _day("2008-12-31"))
    assert state["min"] == _day("1997-04-01") and state["step"] == "month"
    bars = page.evaluate("GeoeventsMap.page.bars()")
    assert len(bars) == 12 and sum(b["n"] for b in bars) >= 70  # no bar holds the bulk unlabelled
    groups = page.eval_on_selector_all("#ge-bars .ge-group", "g => g.map(x => x.textContent)")
    assert groups == ["2008"]
    months = page.eval_on_selector_all("#ge-bars .ge-barlabels .ge-tick", "g => g.map(x => x.textContent)")
    assert months[:3] == ["Jan", "Feb", "Mar"] and len(months) == 12
    assert (page.input_value("#ge-from"), page.input_value("#ge-to")) == ("2008", "2008")
    assert "of 91 dated events in 2008" in page.inner_text("#ge-range-note")
    old = next(e for e in events_of(desktop) if e["p"]["date_text"] == "April 1997")
    assert old["id"] not in page.evaluate("GeoeventsMap.page.listIds()")
    page.click("#ge-range-reset")  # "all dates (1997-2009)"
    state = desktop.state()
    assert (state["from"], state["to"]) == (_day("1997-04-01"), _day("2009-12-31"))
    assert old["id"] in page.evaluate("GeoeventsMap.page.listIds()")
    assert old["id"] in desktop.visible()
    groups = page.eval_on_selector_all("#ge-bars .ge-group", "g => g.map(x => x.textContent)")
    assert groups[0].endswith("97") and all(groups)  # every group of bars is labelled
    # the user chooses the step: one bar (and one slider step) per year
    page.select_option("#ge-step", "year")
    assert len(page.evaluate("GeoeventsMap.page.bars()")) == 13
    assert desktop.state()["t"] == _day("2008-12-31")
    page.focus("#ge-slider")
    page.keyboard.press("ArrowLeft")
    assert desktop.state()["t"] == _day("2007-12-31")
    page.keyboard.press("ArrowRight")
    assert desktop.state()["t"] == _day("2008-12-31")
    clean(desktop)


# --- popups, controls and Escape -------------------------------------------------------

def test_phone_popup_fits_and_its_close_button_is_clickable(phone: Opened) -> None:
    page = phone.page
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "map_seed_phone.png"))
    slider = page.evaluate(RECT, "#ge-slider")
    assert 0 <= slider[1] and slider[3] <= PHONE["height"]  # the collapsed sheet keeps it in view
    page.click("#ge-sheet")  # "More": the sheet opens over the map, the slider stays on top
    assert page.is_visible("#ge-list") and page.is_visible("#ge-slider")
    page.screenshot(path=str(ARTIFACTS / "map_seed_phone_sheet.png"))
    pins = [e for e in events_of(phone) if e["k"] == "pin" and e["p"]["sentence"]
            and len(e["p"]["sentence"]) > 200]
    phone.click_row(pins[0]["id"])  # a long popup, opened from the list
    page.wait_for_selector(POPUP, timeout=5000)
    page.wait_for_timeout(300)
    assert not page.is_visible("#ge-list")  # the sheet folded away to show the popup
    popup, frame = page.evaluate(RECT, POPUP), page.evaluate(RECT, ".folium-map")
    assert popup[0] >= 0 and popup[2] <= PHONE["width"], popup
    assert popup[1] >= frame[1] and popup[3] <= frame[3], (popup, frame)
    assert page.evaluate(UNCOVERED, CLOSE), "a control covers the close button"
    page.screenshot(path=str(ARTIFACTS / "map_seed_phone_popup.png"))
    page.click(CLOSE)
    page.wait_for_timeout(300)
    assert page.query_selector(POPUP) is None
    clean(phone)


def test_controls_never_cover_the_close_button_on_a_desktop(desktop: Opened) -> None:
    """A marker in the top right corner, under the layer button: its popup is panned clear."""
    page = desktop.page
    target = next(e for e in events_of(desktop) if e["k"] == "pin" and e["id"] in desktop.visible())
    lat, lon = target["g"][1], target["g"][0]
    for corner in ("right", "left"):  # just below the layer button, beside the zoom buttons
        page.evaluate("""([lat, lon, corner]) => {
            const m = GeoeventsMap.page.map, size = m.getSize();
            const want = corner === 'right' ? L.point(size.x - 30, 75) : L.point(60, 40);
            const here = m.latLngToContainerPoint([lat, lon]);
            m.panBy(here.subtract(want), {animate: false}); }""", [lat, lon, corner])
        page.evaluate(TWO_FRAMES)
        x, y = page.evaluate("""([lat, lon]) => {
            const m = GeoeventsMap.page.map, p = m.latLngToContainerPoint([lat, lon]);
            const r = m.getContainer().getBoundingClientRect(); return [r.left + p.x, r.top + p.y]; }""",
                             [lat, lon])
        page.mouse.click(x, y)
        page.wait_for_selector(POPUP, timeout=5000)
        page.wait_for_timeout(400)  # the pan clear of the controls is animated
        assert page.evaluate(UNCOVERED, CLOSE), corner
        page.click(CLOSE)
        page.wait_for_timeout(300)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "map_seed_desktop.png"))
    clean(desktop)


def test_escape_closes_any_popup(browser: Any, tmp_path: Path) -> None:
    twins = twins_at_one_spot(2, "Seizure number {n}")
    out = tmp_path / "twins.html"
    render_map(twins + S.sample_features(), S.DOCUMENTS, out, countries=S.countries_fixture())
    opened = open_at(browser, out, DESKTOP)
    page = opened.page
    try:
        if page.is_enabled("#ge-range-reset"):
            page.click("#ge-range-reset")
        # 1. opened from a timeline row: the focus is in the sidebar, not on the map
        opened.click_row("twin-0")
        page.wait_for_selector(POPUP, timeout=5000)
        page.keyboard.press("Escape")
        page.wait_for_selector(POPUP, state="detached", timeout=3000)
        # 2. opened from the chooser of events sharing a spot, then one of them
        def click_shymkent() -> None:  # where it is now: opening a popup pans the map
            x, y = page.evaluate("""() => {
                const m = GeoeventsMap.page.map, p = m.latLngToContainerPoint([42.3, 69.6]);
                const r = m.getContainer().getBoundingClientRect(); return [r.left + p.x, r.top + p.y]; }""")
            page.mouse.click(x, y)

        click_shymkent()
        page.wait_for_selector(".ge-choose", timeout=5000)
        page.click(".ge-choose button:has-text('Seizure number 1')")
        assert "Seizure number 1" in page.inner_text(".leaflet-popup-content")
        page.keyboard.press("Escape")
        page.wait_for_selector(POPUP, state="detached", timeout=3000)
        # 3. the chooser itself
        page.wait_for_timeout(300)
        click_shymkent()
        page.wait_for_selector(".ge-choose", timeout=5000)
        page.keyboard.press("Escape")
        page.wait_for_selector(POPUP, state="detached", timeout=3000)
        clean(opened)
    finally:
        page.close()


# --- shared maps and --cdn -------------------------------------------------------------

def test_default_map_shows_file_names_not_paths(desktop: Opened, seed_map: Path, seed_dir: Path) -> None:
    html = seed_map.read_text(encoding="utf-8")
    assert str(seed_dir) not in html and "private-folder-of-the-author" not in html
    page = desktop.page
    first = next(e for e in events_of(desktop) if e["k"] == "pin")
    page.evaluate("id => GeoeventsMap.page.openEvent(id)", first["id"])
    cite = page.wait_for_selector(".leaflet-popup-content .ge-cite").inner_text()
    assert cite.endswith("astana-2008.txt") and "/" not in cite.split("\u00b7")[-1]
    assert "astana-2008.txt" in page.inner_text("#ge-summary-body")
    clean(desktop)


def test_cdn_map_offline_says_so_in_the_page(browser: Any, tmp_path: Path) -> None:
    out = tmp_path / "cdn.html"
    render_map(S.sample_features(), S.DOCUMENTS, out, cdn=True, countries=S.countries_fixture())
    page = browser.new_page(viewport=DESKTOP)
    page_errors: list[str] = []
    page.on("pageerror", lambda e: page_errors.append(str(e)))
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:"))
               else r.abort("internetdisconnected"))
    try:
        page.goto(out.as_uri())
        page.wait_for_selector("body[data-geoevents-offline]", timeout=20_000)
        message = page.inner_text("#ge-offline")
        assert "--cdn" in message and "internet" in message and message.count(".") <= 3
        assert page.is_visible("#ge-offline")
        assert page_errors == []  # no script error: folium's calls met the stand-in
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "map_cdn_offline.png"))
    finally:
        page.close()


def test_price_popup_says_per_kilo(desktop: Opened) -> None:
    price = next(e for e in events_of(desktop) if e["t"] == "price" and e["p"]["price"].get("amount_max"))
    desktop.page.evaluate("id => GeoeventsMap.page.openEvent(id)", price["id"])
    text = desktop.page.wait_for_selector(".leaflet-popup-content").inner_text()
    assert "heroin, per kilo" in text and "kilo heroin" not in text
    assert "10,000\u201315,000 USD per kilo of heroin (before: 8,000)" in text
    clean(desktop)
