"""The map page in a real browser: Debian's Chromium driven by Playwright, network blocked.

Each test opens a generated HTML file from disk with every non-file request aborted and
recorded, and console errors, page errors and dialogs collected.  Markers on the map are
compared with the events an independent Python reading of the fixtures puts inside the
slider window.  Skips (with the reason) when Chromium or Playwright is absent.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from geoevents.render import render_map
from geoevents.render.assets import LEAFLET_CDN, asset_bytes

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
EPOCH = date(1970, 1, 1)
TWO_FRAMES = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"


import test_render_samples as S  # noqa: E402  (tests/ is on sys.path, as for test_export_fixtures)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (Debian: apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("Playwright for Python is not installed (pip install playwright)")
    with sync_playwright() as driver:
        try:
            instance = driver.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                              args=LAUNCH_ARGS)
        except Exception as exc:  # a broken install is a skip with the reason, not a failure
            pytest.skip(f"Chromium did not start: {str(exc).splitlines()[0]}")
        yield instance
        instance.close()


@dataclass
class Opened:
    page: Any
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def state(self) -> dict[str, Any]:
        return self.page.evaluate("GeoeventsMap.page.state()")

    def visible(self) -> set[str]:
        """Ids of the events the map painted in its latest frame."""
        self.page.evaluate(TWO_FRAMES)
        return set(self.page.evaluate("GeoeventsMap.page.visibleIds()"))

    def click_row(self, event_id: str) -> None:
        """Scroll the timeline to the event's row, as a reader would, and click it."""
        assert self.page.evaluate("id => GeoeventsMap.page.reveal(id)", event_id)
        self.page.click(f'#ge-list .ge-item[data-id="{event_id}"]')

    def slide_to(self, day: int) -> None:
        self.page.fill("#ge-slider", str(day))  # sets the value and fires input, as a drag does

    def clean(self) -> None:
        assert self.requests == [], f"requests left the page: {self.requests}"
        assert self.errors == [], f"console/page errors: {self.errors}"
        assert self.dialogs == [], f"dialogs opened: {self.dialogs}"
        assert self.page.evaluate("typeof window.__pwned") == "undefined"


def open_page(browser: Any, path: Path, allow: dict[str, bytes] | None = None,
              viewport: dict[str, int] | None = None) -> Opened:
    """Open ``path`` (in a desktop-sized page unless ``viewport`` says otherwise) with all
    non-file requests aborted (or served from ``allow``)."""
    page = browser.new_page(viewport=viewport or {"width": 1400, "height": 860})
    opened = Opened(page)

    def route(request_route: Any) -> None:
        url = request_route.request.url
        if url.startswith(("file:", "data:")):
            request_route.continue_()
        elif allow and url in allow:
            opened.requests.append(url)
            request_route.fulfill(status=200, body=allow[url],
                                  headers={"Access-Control-Allow-Origin": "*",
                                           "Content-Type": "text/css" if url.endswith(".css")
                                           else "application/javascript"})
        else:
            opened.requests.append(url)
            request_route.abort()

    page.route("**/*", route)
    page.on("console", lambda m: opened.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: opened.errors.append(str(e)))
    page.on("dialog", lambda d: (opened.dialogs.append(d.message), d.dismiss()))
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-geoevents-ready]", timeout=20_000)
    return opened


@pytest.fixture
def sample(browser: Any, tmp_path: Path) -> Iterator[Opened]:
    """The sample page on all its dates, one slider step a day: the page opens on the
    bulk of the events by month (tests of that are in test_browser_map_phone.py)."""
    out = tmp_path / "sample.html"
    render_map(S.sample_features(), S.DOCUMENTS, out, countries=S.countries_fixture())
    opened = open_page(browser, out)
    if opened.page.is_enabled("#ge-range-reset"):
        opened.page.click("#ge-range-reset")
    opened.page.select_option("#ge-step", "day")
    yield opened
    opened.page.close()


# --- an independent reading of the fixtures: which events should the window show ---

def _day(text: Any) -> int | None:
    try:
        return (date.fromisoformat(text) - EPOCH).days
    except (TypeError, ValueError):
        return None


def _placed(geometry: Any) -> bool:
    if not geometry:
        return False
    coords = geometry["coordinates"]
    points = [coords] if geometry["type"] == "Point" else coords
    return all(-180 <= x <= 180 and -90 <= y <= 90 for x, y in points)


def expected(lo: int, hi: int, types: set[str] | None = None) -> set[str]:
    out = set()
    for feature in S.sample_features():
        props = feature["properties"]
        start, end = _day(props.get("start")), _day(props.get("end"))
        if start is None or end is None or not _placed(feature["geometry"]):
            continue
        if types is not None and props["event_type"] not in types:
            continue
        if start <= hi and end >= lo:
            out.add(props["id"])
    return out


def _id(title: str) -> str:
    return next(f["properties"]["id"] for f in S.sample_features() if f["properties"]["title"] == title)


# --- tests ---------------------------------------------------------------------------

def test_opens_offline_clean_and_shows_everything(sample: Opened) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    sample.page.wait_for_timeout(300)
    sample.page.screenshot(path=str(ARTIFACTS / "map_sample.png"))
    state = sample.state()
    assert state["accumulate"] is True and state["t"] == state["max"]
    assert sample.visible() == expected(state["lo"], state["hi"])
    assert len(sample.visible()) == 10
    assert "10 events on the map" in sample.page.inner_text("#ge-window")
    sample.clean()


def test_marker_count_follows_the_slider_window(sample: Opened) -> None:
    page = sample.page
    page.uncheck("#ge-acc")
    page.select_option("#ge-width", "31")
    counts = []
    for when in ("2008-03-20", "2007-06-29", "2008-07-04", "2006-05-01", "2009-06-30"):
        sample.slide_to(_day(when))
        state = sample.state()
        assert state["hi"] == _day(when) and state["lo"] == _day(when) - 30
        want = expected(state["lo"], state["hi"])
        assert sample.visible() == want, when
        assert f"{len(want)} event" in page.inner_text("#ge-window")
        counts.append(len(want))
    assert len(set(counts)) > 1  # the window really changes what is shown
    assert _id("Operation Kanal in the south") in expected(_day("2007-06-29") - 30, _day("2007-06-29"))
    # the keyboard moves the slider one day at a time
    page.focus("#ge-slider")
    page.keyboard.press("ArrowLeft")
    assert sample.state()["hi"] == _day("2009-06-29")
    sample.clean()


def test_month_and_year_precision_last_their_whole_period(sample: Opened) -> None:
    sample.page.uncheck("#ge-acc")
    sample.page.select_option("#ge-width", "1")
    kanal, arrests = _id("Operation Kanal in the south"), _id("Arrests across Kazakhstan")
    for when, present in (("2007-05-31", False), ("2007-06-01", True), ("2007-06-30", True),
                          ("2007-07-01", False)):
        sample.slide_to(_day(when))
        assert (kanal in sample.visible()) is present, when
    for when in ("2006-01-01", "2006-07-15", "2006-12-31"):
        sample.slide_to(_day(when))
        assert sample.visible() == {arrests}, when
    sample.clean()


def test_dates_before_1970_and_across_2001_09_09(sample: Opened) -> None:
    page = sample.page
    page.uncheck("#ge-acc")
    page.select_option("#ge-width", "1")
    assert sample.state()["min"] == _day("1965-05-10")
    sample.slide_to(_day("1965-05-10"))
    assert sample.visible() == {_id("Laboratory closed near Almaty")}
    assert "1965-05-10 \u2013 1965-05-10 UTC" in page.inner_text("#ge-window")
    before = _id("Opium seized in Bishkek before the change of digits")
    after = _id("Hashish seized in Osh after the change of digits")
    sample.slide_to(_day("2001-09-08"))
    assert sample.visible() == {before}
    sample.slide_to(_day("2001-09-10"))
    assert sample.visible() == {after}
    order = page.evaluate("GeoeventsMap.page.listIds()")
    rendered = page.eval_on_selector_all("#ge-list .ge-item", "rows => rows.map(r => r.dataset.id)")
    assert rendered == order  # the 14 rows all fit in the rendered stretch of the list
    assert order.index(before) < order.index(after) < order.index(_id("Heroin seized at Shymkent"))
    assert order[0] == _id("Laboratory closed near Almaty")
    sample.clean()


def test_popup_shows_injection_text_and_runs_nothing(sample: Opened) -> None:
    page = sample.page
    sample.click_row(_id(S.INJECT_TITLE))
    popup = page.wait_for_selector(".leaflet-popup-content", timeout=5000)
    text = popup.inner_text()
    assert S.INJECT_TITLE in text
    assert "</script><script>window.__pwned=2;alert(2)</script>" in text
    assert S.INJECT_DATE in text and S.INJECT_PLACE.strip() in text and "<b>Customs</b>" in text
    assert "{{ 7*7 }} and {% if true %}kept{% endif %}" in text
    assert "09TESTPOST101 \u00b621" in text  # source: document and paragraph
    assert popup.query_selector("script, img, b") is None
    assert page.evaluate("document.querySelectorAll('[onmouseover], [onerror]').length") == 0
    page.hover(".leaflet-popup-content")
    page.wait_for_timeout(200)
    # the page title is text too, and the document list shows the raw title as text
    assert page.inner_text("#ge-title").startswith(S.INJECT_DOC_TITLE)
    assert S.INJECT_DOC_TITLE in page.inner_text("#ge-summary-body")
    sample.clean()


def test_clicking_a_marker_on_the_canvas_opens_its_popup(sample: Opened) -> None:
    page = sample.page
    point = page.evaluate("""() => {
        const m = GeoeventsMap.page.map, p = m.latLngToContainerPoint([42.3, 69.6]);
        const r = m.getContainer().getBoundingClientRect();
        return [r.left + p.x, r.top + p.y];
    }""")
    page.mouse.click(point[0], point[1])
    popup = page.wait_for_selector(".leaflet-popup-content", timeout=5000)
    text = popup.inner_text()
    # two events sit at Shymkent (the seizure and a route stop): either popup is right,
    # and each names its source sentence and paragraph
    assert "Heroin seized at Shymkent" in text or "Afghan heroin route to Russia" in text
    assert "09TESTPOST101 \u00b6" in text
    selected = page.eval_on_selector("#ge-list .ge-item.ge-sel", "r => r.dataset.id")
    assert selected in {_id("Heroin seized at Shymkent"), _id("Afghan heroin route to Russia")}
    sample.clean()


PIXEL = """([lat, lon]) => {
    const m = GeoeventsMap.page.map, c = document.querySelector('canvas.ge-canvas');
    const p = m.latLngToContainerPoint([lat, lon]);
    const box = c.getBoundingClientRect(), frame = m.getContainer().getBoundingClientRect();
    const x = Math.round((frame.left + p.x - box.left) * devicePixelRatio);
    const y = Math.round((frame.top + p.y - box.top) * devicePixelRatio);
    return Array.from(c.getContext('2d').getImageData(x, y, 1, 1).data);
}"""
AKTAU = [43.65, 51.17]  # the injection seizure: alone on the map


def test_canvas_paints_the_marker_only_inside_the_window(sample: Opened) -> None:
    page = sample.page
    sample.visible()  # a frame has been painted
    red, green, blue, alpha = page.evaluate(PIXEL, AKTAU)
    assert alpha > 200 and red > 150 and green < 90 and blue < 90  # the seizure's red diamond
    page.uncheck("#ge-acc")
    page.select_option("#ge-width", "1")
    sample.slide_to(_day("2008-07-03"))
    assert _id(S.INJECT_TITLE) not in sample.visible()
    assert page.evaluate(PIXEL, AKTAU)[3] == 0
    sample.slide_to(_day("2008-07-04"))
    assert _id(S.INJECT_TITLE) in sample.visible() == expected(_day("2008-07-04"), _day("2008-07-04"))
    assert page.evaluate(PIXEL, AKTAU)[3] > 200
    sample.clean()


# The event canvases' pixels, kept (`keep`) or compared with those kept: the largest
# difference of any channel, and how many painted pixels each canvas holds.
TIERS = """(keep) => {
    const out = [];
    document.querySelectorAll('canvas.ge-canvas-areas, canvas.ge-canvas-routes, canvas.ge-canvas')
        .forEach((c, k) => {
            const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            let painted = 0, diff = 0;
            for (let i = 3; i < d.length; i += 4) { if (d[i]) { painted++; } }
            if (keep) { (window.__kept = window.__kept || [])[k] = d; }
            else { for (let i = 0; i < d.length; i++) { diff = Math.max(diff, Math.abs(d[i] - window.__kept[k][i])); } }
            out.push([c.className.split(' ')[0], painted, diff]);
        });
    return out; }"""


def test_accumulate_steps_draw_only_the_new_events_as_a_full_repaint_would(sample: Opened) -> None:
    """Moving forward in accumulate mode draws just the events that came in, onto the
    canvases of their tier (circles, routes, pins); the result is the picture a full
    repaint makes, and clicks and the painted-id list know the new events."""
    page = sample.page
    assert sample.state()["accumulate"] is True
    starts = sorted({d for f in S.sample_features() if f["geometry"] and (d := _day(f["properties"].get("start")))})
    sample.slide_to(starts[0])
    page.evaluate(TWO_FRAMES)
    page.evaluate("""() => { const C = GeoeventsMap.CanvasLayer.prototype, draw = C.draw;
        window.__full = 0;
        C.draw = function (onlyAdded) {  // the events' layer (the place names' has no extend)
            if (!onlyAdded && this.options.extend) { window.__full++; }
            return draw.apply(this, arguments); }; }""")
    for when in starts[1:]:
        sample.slide_to(when)
        state = sample.state()
        assert sample.visible() == expected(state["lo"], state["hi"]), when
    assert page.evaluate("window.__full") == 0  # every step drew only what it added
    x, y = page.evaluate("""([lat, lon]) => {
        const m = GeoeventsMap.page.map, p = m.latLngToContainerPoint([lat, lon]);
        const r = m.getContainer().getBoundingClientRect();
        return [r.left + p.x, r.top + p.y]; }""", AKTAU)
    page.mouse.move(x - 30, y - 30)
    page.mouse.move(x, y, steps=3)  # the pointer finds a pin drawn by a step
    assert page.wait_for_selector(".leaflet-tooltip", timeout=5000).inner_text() == S.INJECT_TITLE
    page.mouse.move(5, 5)
    assert page.evaluate("window.__full") == 0
    incremental = page.evaluate(TIERS, True)
    assert [name for name, _, _ in incremental] == ["ge-canvas-areas", "ge-canvas-routes", "ge-canvas"]
    assert all(painted > 0 for _, painted, _ in incremental)  # circles, routes and pins came in
    page.evaluate("GeoeventsMap.page.map.fire('moveend')")  # a full repaint, as after a pan
    assert page.evaluate("window.__full") == 1
    repainted = page.evaluate(TIERS, False)
    for (name, before, _), (_, after, diff) in zip(incremental, repainted):
        assert before == after and diff <= 2, name  # the same picture, to a rounding step
    sample.clean()


def test_hover_shows_the_title_as_text(sample: Opened) -> None:
    page = sample.page
    x, y = page.evaluate("""([lat, lon]) => {
        const m = GeoeventsMap.page.map, p = m.latLngToContainerPoint([lat, lon]);
        const r = m.getContainer().getBoundingClientRect();
        return [r.left + p.x, r.top + p.y]; }""", AKTAU)
    page.mouse.move(x - 30, y - 30)
    page.mouse.move(x, y, steps=3)
    tip = page.wait_for_selector(".leaflet-tooltip", timeout=5000)
    assert tip.inner_text() == S.INJECT_TITLE
    assert page.evaluate("GeoeventsMap.page.map.getContainer().style.cursor") == "pointer"
    sample.clean()


def twins_at_one_spot(count: int, title: str) -> list[dict[str, Any]]:
    """``count`` copies of the Shymkent seizure, ids twin-0..., titled ``title`` with {n}."""
    base = next(f for f in S.sample_features() if f["properties"]["title"] == "Heroin seized at Shymkent")
    twins = []
    for n in range(count):
        twin = json.loads(json.dumps(base))
        twin["id"] = twin["properties"]["id"] = f"twin-{n}"
        twin["properties"]["title"] = title.format(n=n)
        twins.append(twin)
    return twins


def test_a_crowd_of_pins_looks_the_same_with_the_buried_ones_left_out(browser: Any, tmp_path: Path) -> None:
    """A full paint skips pins buried under the solid middles of three pins above them;
    the picture is the one drawing every pin gives (here: each added by a slider step)."""
    import random

    rng = random.Random(5)
    crowd = twins_at_one_spot(2000, "Seizure {n} in a crowd")  # ~80 px across at zoom 7
    types = ["seizure", "operation", "arrest", "price", "lab_closure", "program"]  # ring included
    for n, twin in enumerate(crowd):
        twin["geometry"]["coordinates"] = [69.6 + rng.uniform(-0.4, 0.4), 42.3 + rng.uniform(-0.4, 0.4)]
        twin["properties"]["event_type"] = types[n % len(types)]
        twin["properties"]["start"] = twin["properties"]["end"] = (date(2008, 1, 1) + timedelta(days=n)).isoformat()
    out = tmp_path / "crowd.html"
    render_map(crowd, S.DOCUMENTS, out, countries=S.countries_fixture())
    opened = open_page(browser, out)
    try:
        page = opened.page
        page.select_option("#ge-step", "day")
        first = _day("2008-01-01")
        opened.slide_to(first)
        for n in range(1, 2000, 25):  # accumulate, forward: every pin drawn as it comes
            opened.slide_to(first + n)
        opened.slide_to(first + 1999)
        assert len(opened.visible()) == 2000 and page.evaluate("GeoeventsMap.page.map.getZoom()") == 7
        page.evaluate(TIERS, True)
        stamps = page.evaluate("""() => {
            const draw = CanvasRenderingContext2D.prototype.drawImage;
            let count = 0;
            CanvasRenderingContext2D.prototype.drawImage = function () {
                if (this.canvas.classList.contains('ge-canvas')) { count++; }
                return draw.apply(this, arguments); };
            GeoeventsMap.page.map.fire('moveend');  // a full paint
            CanvasRenderingContext2D.prototype.drawImage = draw;
            return count; }""")
        assert stamps < len(crowd)  # some were buried (the inner ones, lower in the stack)
        tiers = page.evaluate(TIERS, False)
        assert tiers[-1][0] == "ge-canvas" and tiers[-1][1] > 0  # the pins' canvas
        assert all(diff <= 2 for _, _, diff in tiers), tiers  # the same picture, to a rounding step
        opened.clean()
    finally:
        page.close()


def test_events_sharing_a_spot_are_all_reachable(browser: Any, tmp_path: Path) -> None:
    twins = twins_at_one_spot(3, "Seizure number {n} <i>at</i> the same place")
    out = tmp_path / "twins.html"
    render_map(twins, S.DOCUMENTS, out, countries=S.countries_fixture())
    opened = open_page(browser, out)
    try:
        page = opened.page
        x, y = page.evaluate("""() => {
            const m = GeoeventsMap.page.map, p = m.latLngToContainerPoint([42.3, 69.6]);
            const r = m.getContainer().getBoundingClientRect();
            return [r.left + p.x, r.top + p.y]; }""")
        page.mouse.click(x, y)
        popup = page.wait_for_selector(".leaflet-popup-content .ge-choose", timeout=5000)
        assert popup.inner_text().startswith("3 events here")
        page.click(".ge-choose button:has-text('Seizure number 1 <i>at</i> the same place')")
        details = page.inner_text(".leaflet-popup-content")
        assert "Seizure number 1 <i>at</i> the same place" in details and "48.763 kg heroin" in details
        page.click(".leaflet-popup-content .ge-back")
        assert page.inner_text(".leaflet-popup-content").startswith("3 events here")
        opened.clean()
    finally:
        opened.page.close()


def _bulk_reference(spans: list[tuple[int, int]], low: int, high: int) -> list[int] | None:
    """The page's starting span, read from its rule (4-timeline.js bulkRange): the shortest
    run of 90% of the events by middle day (ties in list order), widened to their own
    bounds, then to whole months (whole years past two years), kept within low..high."""
    k = -(-len(spans) * 9 // 10)
    if len(spans) < 5 or k >= len(spans):
        return None
    order = sorted(range(len(spans)), key=lambda i: spans[i][0] + spans[i][1])  # stable
    mids = [spans[i][0] + spans[i][1] for i in order]
    best = min(range(len(spans) - k + 1), key=lambda i: (mids[i + k - 1] - mids[i], i))
    first = min(spans[i][0] for i in order[best:best + k])
    last = max(spans[i][1] for i in order[best:best + k])
    a, b = EPOCH + timedelta(days=first), EPOCH + timedelta(days=last)
    if last - first + 1 > 731:
        a, b = date(a.year, 1, 1), date(b.year, 12, 31)
    else:
        a = a.replace(day=1)
        b = (b.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    start, end = max((a - EPOCH).days, low), min((b - EPOCH).days, high)
    return [start, end] if high - low + 1 >= 1.5 * (end - start + 1) else None


def test_starting_span_sorts_middle_days_as_a_stable_sort_would(sample: Opened) -> None:
    """bulkRange sorts the events' middle days as numbers, not objects (a start-up cost at
    100 000 events); ties, many here, keep the events' order, as a stable sort does."""
    import random

    rng = random.Random(5)
    for size in (4, 5, 9, 40, 300, 3000):
        spread = rng.choice([20, 400, 5000])
        spans = []
        for _ in range(size):
            start = rng.randrange(spread) - (9000 if rng.random() < 0.2 else 0)  # before 1970 too
            spans.append((start, start + rng.choice([0, 0, 3, 30, 400])))
        spans.sort()  # the page's events are in date order
        low, high = min(s for s, _ in spans), max(e for _, e in spans)
        got = sample.page.evaluate("([list, low, high]) => GeoeventsMap.periods.bulk("
                                   "list.map(([s, e]) => ({s: s, e: e})), low, high)", [spans, low, high])
        assert got == _bulk_reference(spans, low, high), (size, spread)


def test_show_all_control_fits_every_event(sample: Opened) -> None:
    page = sample.page
    page.evaluate("GeoeventsMap.page.map.setView([43.65, 51.17], 9, {animate: false})")
    page.click(".ge-fitall a")
    page.wait_for_timeout(700)  # the fit is animated
    inside = page.evaluate("""(points) => {
        const b = GeoeventsMap.page.map.getBounds();
        return points.every(([lon, lat]) => b.contains([lat, lon])); }""",
        [c for f in S.sample_features() if f["geometry"] and _placed(f["geometry"])
         for c in ([f["geometry"]["coordinates"]] if f["geometry"]["type"] == "Point"
                   else f["geometry"]["coordinates"])])
    assert inside
    sample.clean()


def test_list_click_pans_and_brings_event_into_the_window(sample: Opened) -> None:
    page = sample.page
    page.uncheck("#ge-acc")
    page.select_option("#ge-width", "1")
    sample.slide_to(_day("2009-06-01"))
    target = _id("Opium seized in Bishkek before the change of digits")
    sample.click_row(target)
    page.wait_for_selector(".leaflet-popup-content", timeout=5000)
    assert target in sample.visible()
    assert sample.state()["hi"] == _day("2001-09-08")
    center = page.evaluate("(() => { const c = GeoeventsMap.page.map.getCenter(); return [c.lat, c.lng]; })()")
    assert abs(center[0] - 42.87) < 0.5 and abs(center[1] - 74.59) < 0.5
    sample.clean()


def test_layer_per_type_can_be_switched_off(sample: Opened) -> None:
    page = sample.page
    before = sample.visible()
    page.hover(".leaflet-control-layers")  # ten types: the control is folded into its icon
    label = page.locator(".leaflet-control-layers-overlays label", has_text="seizure")
    label.locator("input").uncheck()
    state = sample.state()
    others = {f["properties"]["event_type"] for f in S.sample_features()} - {"seizure"}
    assert sample.visible() == expected(state["lo"], state["hi"], types=others)
    assert len(sample.visible()) < len(before)
    assert f"{len(sample.visible())} events on the map" in page.inner_text("#ge-window")
    label.locator("input").check()
    assert sample.visible() == before
    # the legend glyphs are data: images, drawn by the page itself
    image = page.eval_on_selector(".leaflet-control-layers .ge-glyph[data-type=seizure]",
                                  "e => getComputedStyle(e).backgroundImage")
    assert image.startswith('url("data:image/png')
    sample.clean()


def test_date_range_narrowed_in_the_page(sample: Opened) -> None:
    page = sample.page
    page.fill("#ge-from", "2008")
    page.press("#ge-from", "Enter")
    page.fill("#ge-to", "2008-06")
    page.press("#ge-to", "Enter")
    state = sample.state()
    assert (state["from"], state["to"]) == (_day("2008-01-01"), _day("2008-06-30"))
    assert page.get_attribute("#ge-slider", "min") == str(_day("2008-01-01"))
    assert page.get_attribute("#ge-slider", "max") == str(_day("2008-06-30"))
    assert sample.visible() == expected(_day("2008-01-01"), _day("2008-06-30"))
    shown_rows = page.evaluate("GeoeventsMap.page.listIds()")
    assert _id("Laboratory closed near Almaty") not in shown_rows
    assert _id("Heroin seized at Shymkent") in shown_rows
    page.fill("#ge-to", "2008-13")
    page.press("#ge-to", "Enter")
    assert "YYYY" in page.inner_text("#ge-range-msg")
    page.click("#ge-range-reset")
    assert sample.state()["from"] == _day("1965-05-10")
    sample.clean()


def test_play_pause_and_speed(sample: Opened) -> None:
    page = sample.page
    page.uncheck("#ge-acc")
    page.select_option("#ge-speed", "1830")
    page.click("#ge-play")  # at the end: restarts from the beginning
    page.wait_for_timeout(600)
    first = sample.state()
    assert first["playing"] is True and first["t"] > first["min"]
    page.wait_for_timeout(400)
    assert sample.state()["t"] > first["t"]
    page.click("#ge-play")
    paused = sample.state()
    page.wait_for_timeout(300)
    assert sample.state()["t"] == paused["t"] and paused["playing"] is False
    assert sample.visible() == expected(paused["lo"], paused["hi"])
    sample.clean()


def test_summary_lists_unplaced_and_undated_events(sample: Opened) -> None:
    page = sample.page
    summary = page.inner_text("#ge-summary-body")
    assert "14 events: 11 on the map, 3 unplaced, 2 undated." in summary
    assert "Unplaced events (3)" in summary and "Dog handlers trained" in summary
    assert "Dates 1965-05-10 to 2009-12-31 (UTC)." in summary
    page.click("#ge-summary-body button.ge-link:has-text('Dog handlers trained')")
    detail = page.inner_text("#ge-detail")
    assert "instructors trained dog handlers" in detail and "not placed on the map" in detail
    sample.clean()


def test_cdn_variant_loads_leaflet_with_integrity(browser: Any, tmp_path: Path) -> None:
    out = tmp_path / "cdn.html"
    render_map(S.sample_features(), S.DOCUMENTS, out, cdn=True, countries=S.countries_fixture())
    served = {f"{LEAFLET_CDN}/leaflet.js": asset_bytes("leaflet/leaflet.js"),
              f"{LEAFLET_CDN}/leaflet.css": asset_bytes("leaflet/leaflet.css")}
    opened = open_page(browser, out, allow=served)
    try:
        # Leaflet came from the CDN and passed its integrity check; the rest are OSM
        # tiles (on by default in this online variant) and Leaflet's control icon.
        assert set(served) <= set(opened.requests)
        others = set(opened.requests) - set(served)
        assert others and all(u.startswith(("https://tile.openstreetmap.org/", f"{LEAFLET_CDN}/images/"))
                              for u in others)
        state = opened.state()
        assert opened.visible() == expected(state["lo"], state["hi"])
        assert opened.page.evaluate("L.version") == "1.9.3"
        assert [e for e in opened.errors if "net::ERR_FAILED" not in e] == []
        assert opened.dialogs == []
    finally:
        opened.page.close()


def test_seed_cable_map(browser: Any, seed_path: Path, tmp_path: Path) -> None:
    """The reference cable through the whole pipeline, as `geoevents map` makes it."""
    from click.testing import CliRunner

    from geoevents.commands.map import command
    out = tmp_path / "seed.html"
    result = CliRunner().invoke(command, [str(seed_path), "--offline", "-o", str(out)])
    assert result.exit_code == 0, result.output
    opened = open_page(browser, out)
    try:
        page = opened.page
        data = json.loads(page.eval_on_selector("#geoevents-data", "e => e.textContent"))
        events = data["events"]
        assert events and data["documents"][0]["doc_id"] == "08ASTANA2380"
        state = opened.state()
        # the page opens on 2008, where the bulk of the cable's events lie
        lo, hi = _day("2008-01-01"), _day("2008-12-31")
        assert (state["from"], state["to"]) == (lo, hi)
        assert opened.visible() == {e["id"] for e in events
                                    if e["k"] and e["s"] is not None and e["s"] <= hi and e["e"] >= lo}
        routes = [e for e in events if e["k"] == "route"]
        page.wait_for_timeout(300)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "map_seed.png"))
        first = next(e for e in events if e["k"] == "pin")
        assert page.evaluate(f"GeoeventsMap.page.openEvent({json.dumps(first['id'])})")
        popup = page.wait_for_selector(".leaflet-popup-content", timeout=5000).inner_text()
        assert first["p"]["sentence"][:40] in popup and "08ASTANA2380 \u00b6" in popup
        page.wait_for_timeout(800)  # let the pan/zoom animation finish before the picture
        page.screenshot(path=str(ARTIFACTS / "map_seed_popup.png"))
        assert state["min"] <= (date(2006, 1, 1) - EPOCH).days
        assert len(routes) >= 1
        # the slider in window mode: a quarter around mid-2008
        page.click(".leaflet-popup-close-button")
        page.uncheck("#ge-acc")
        page.select_option("#ge-width", "92")
        opened.slide_to(_day("2008-06-30"))
        lo, hi = _day("2008-06-30") - 91, _day("2008-06-30")
        assert opened.visible() == {e["id"] for e in events
                                    if e["k"] and e["s"] is not None and e["s"] <= hi and e["e"] >= lo}
        page.wait_for_timeout(400)  # the closed popup fades out
        page.screenshot(path=str(ARTIFACTS / "map_seed_2008q2.png"))
        opened.clean()
    finally:
        opened.page.close()


# Values a hand-edited file may hold where the page expects a list of objects, an object,
# a number or text.  The reader and render.data skip such features; the page must not
# depend on that, so these go into the page's data directly.
ODD_VALUES: list[Any] = ["A > B", [None, 5, "x", {"name": {"x": 1}, "lat": "43", "role": [1]}],
                         42, {"a": [1]}, True, [[1, 2]], None]


def test_odd_property_values_cannot_break_the_page(browser: Any, tmp_path: Path) -> None:
    from geoevents.render.data import prepare
    from geoevents.render.page import render_page

    prepared = prepare(S.sample_features())
    for k, record in enumerate(prepared.records):
        value = ODD_VALUES[k % len(ODD_VALUES)]
        record["p"].update({key: value for key in (
            "route", "drugs", "counts", "agencies", "price", "title", "status", "place",
            "place_text", "date_text", "sentence", "doc_id", "paragraph", "confidence",
            "conveyance", "concealment", "detection", "traffickers", "route_roles")})
    prepared.records[-1]["p"] = "not an object"
    out = tmp_path / "odd.html"
    out.write_text(render_page(prepared, S.DOCUMENTS, "Odd values", S.countries_fixture(), False),
                   encoding="utf-8")
    opened = open_page(browser, out)
    try:
        page = opened.page
        opened.visible()  # routes and pins painted (route stops are projected)
        ids = [r["id"] for r in prepared.records]
        for event_id in ids:  # each popup or details panel, and its list row
            assert page.evaluate("id => GeoeventsMap.page.openEvent(id)", event_id)
            opened.click_row(event_id)
        page.mouse.move(700, 400, steps=5)  # hover over the map: tooltips read titles
        page.mouse.click(700, 400)
        page.wait_for_timeout(100)
        assert len(page.query_selector_all("#ge-summary-body li")) > 0
        opened.clean()
    finally:
        page.close()
