"""The map at scale: 10 000 synthetic events over Central Asia and 20 years.

Usage: python benchmarks/map_scale.py [--events 10000] [--runs 3] [--summary-json PATH]

Measures (medians of --runs runs) for geoevents' map and, as the peer, a plain folium map
of the same events as folium.CircleMarker with tooltips (SVG, one DOM node per marker,
the way folium's own time plugins draw them):
  * HTML write time and file size;
  * in Debian's Chromium (headless, network blocked, Leaflet served to the peer from
    the vendored copy): time from navigation until the page has drawn its markers
    (load + two animation frames) -- "interactive";
  * a slider step: from setting the slider value to the frame after the redraw (two
    requestAnimationFrame callbacks), for one-month steps as when playing and for random
    jumps.  For the peer the same step is done the way leaflet.timeline does it: remove
    the markers leaving the window, add those entering.
Targets from issue 6: write < 5 s, < 15 MB; interactive < 5 s; step < 200 ms.  Without
Chromium or Playwright the browser figures are skipped, and said so.
"""
from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import summary
from geoevents.model import EVENT_TYPES, Event, Place, Quantity, RouteStop, TimeSpan

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run"]
FIRST, LAST = date(1990, 1, 1), date(2009, 12, 31)
EPOCH = date(1970, 1, 1)
CITIES = [("Almaty", 43.25, 76.95), ("Shymkent", 42.3, 69.6), ("Bishkek", 42.87, 74.59),
          ("Osh", 40.53, 72.8), ("Dushanbe", 38.56, 68.78), ("Tashkent", 41.3, 69.27),
          ("Aktau", 43.65, 51.17), ("Astana", 51.17, 71.45), ("Khorog", 37.49, 71.55),
          ("Termez", 37.22, 67.28), ("Ashgabat", 37.95, 58.38), ("Pavlodar", 52.29, 76.97)]
DRUGS = ["heroin", "opium", "hashish", "marijuana", "methamphetamine", "precursors"]
TWO_FRAMES = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"


def synthetic_events(n: int, seed: int = 7) -> list[dict[str, Any]]:
    """``n`` contract features: pins, region/country circles and routes, 1990-2009."""
    rng = random.Random(seed)
    types = [t for t in EVENT_TYPES if t != "route"]
    out = []
    for i in range(n):
        day = FIRST + timedelta(days=rng.randrange((LAST - FIRST).days + 1))
        roll = rng.random()
        if roll < 0.6:
            span = TimeSpan(day, day, "day", "absolute", day.strftime("on %d %B %Y"), 0, 10)
        elif roll < 0.85:
            first = day.replace(day=1)
            last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
            span = TimeSpan(first, last, "month", "absolute", day.strftime("in %B %Y"), 0, 10)
        else:
            span = TimeSpan(date(day.year, 1, 1), date(day.year, 12, 31), "year", "absolute",
                            f"in {day.year}", 0, 7)
        name, lat, lon = rng.choice(CITIES)
        lat, lon = lat + rng.uniform(-1.5, 1.5), lon + rng.uniform(-1.5, 1.5)
        precision = rng.choices(["city", "site", "region", "country"], [60, 10, 20, 10])[0]
        place = Place(name, 0, len(name), name=name, place_id=f"bench:{name}", kind="city",
                      country_code="KZ", lat=lat, lon=lon, geo_precision=precision,
                      resolved_by="gazetteer")
        kind = "route" if rng.random() < 0.08 else rng.choice(types)
        route: tuple[RouteStop, ...] = ()
        if kind == "route":
            stops = rng.sample(CITIES, rng.choice([2, 3, 4]))
            route = tuple(RouteStop(s[0], s[2], s[1], f"bench:{s[0]}",
                                    "origin" if k == 0 else "destination" if k == len(stops) - 1
                                    else "transit") for k, s in enumerate(stops))
            place = None
        kilos = round(rng.uniform(0.1, 900), 3)
        drug = rng.choice(DRUGS)
        sentence = (f"{span.text.capitalize()} officers of the regional police department in {name} "
                    f"reported that a joint operation seized {kilos} kilograms of {drug} and detained "
                    f"{rng.randint(1, 40)} suspects, according to case number {rng.randint(1000, 9999)}.")
        out.append(Event(event_type=kind, title=f"{drug.capitalize()} {kind.replace('_', ' ')} near {name}",
                         doc_id=f"BENCH{i // 200:04d}", doc_date=span.end, paragraph=i % 60 + 1,
                         sentence=sentence, char_start=i * 10, char_end=i * 10 + len(sentence),
                         span=span, date_precision=span.precision, place=place, route=route,
                         drugs=(Quantity(drug, kilos, "kg", kilos),),
                         counts=(("arrested", rng.randint(1, 40)),), agencies=("MVD",)).to_feature())
    return out


def documents(features: list[dict[str, Any]]) -> list[dict[str, Any]]:
    ids = sorted({f["properties"]["doc_id"] for f in features})
    return [{"doc_id": d, "doc_date": None, "title": f"Synthetic report {d}", "path": f"{d}.txt",
             "sha256": None} for d in ids]


def peer_html(features: list[dict[str, Any]]) -> str:
    """A plain folium map of the same events: CircleMarkers (SVG) with tooltips."""
    import folium

    fmap = folium.Map(location=[45, 67], zoom_start=4, tiles=None)
    for f in features:
        geometry = f["geometry"]
        if geometry is None:
            continue
        lon, lat = geometry["coordinates"] if geometry["type"] == "Point" else geometry["coordinates"][0]
        # tooltips, not popups: folium's popups need jQuery from a CDN, unreachable here
        folium.CircleMarker([lat, lon], radius=6, tooltip=f["properties"]["sentence"]).add_to(fmap)
    return fmap.get_root().render()


def timed(func: Any, runs: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def day(d: date) -> int:
    return (d - EPOCH).days


def browser_figures(ours: Path, peer: Path, features: list[dict[str, Any]], runs: int) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    from geoevents.render.assets import asset_bytes

    leaflet = {"leaflet.js": asset_bytes("leaflet/leaflet.js"), "leaflet.css": asset_bytes("leaflet/leaflet.css")}

    def route(request_route: Any) -> None:
        url = request_route.request.url
        if url.startswith(("file:", "data:")):
            request_route.continue_()
        elif "/leaflet@" in url and url.rsplit("/", 1)[-1] in leaflet:
            request_route.fulfill(status=200, body=leaflet[url.rsplit("/", 1)[-1]])
        else:
            request_route.abort()

    rng = random.Random(11)
    months = [day(date(y, m, 15)) for y in range(1995, 2000) for m in range(1, 13)]
    jumps = [rng.randrange(day(FIRST), day(LAST)) for _ in range(25)]
    intervals = [[day(date.fromisoformat(f["properties"]["start"])), day(date.fromisoformat(f["properties"]["end"]))]
                 for f in features if f["geometry"] is not None]
    figures: dict[str, Any] = {"ours_load": [], "peer_load": []}
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS)
        for label, path in (("ours", ours), ("peer", peer)):
            for _ in range(runs):
                page = browser.new_page(viewport={"width": 1400, "height": 860})
                page.route("**/*", route)
                started = time.perf_counter()
                page.goto(path.as_uri(), wait_until="load", timeout=120_000)
                if label == "ours":
                    page.wait_for_selector("body[data-geoevents-ready]", timeout=120_000)
                page.evaluate(TWO_FRAMES)
                figures[f"{label}_load"].append(time.perf_counter() - started)
                page.close()
        page = browser.new_page(viewport={"width": 1400, "height": 860})
        page.route("**/*", route)
        page.goto(ours.as_uri(), wait_until="load", timeout=120_000)
        page.wait_for_selector("body[data-geoevents-ready]")
        page.uncheck("#ge-acc")
        page.select_option("#ge-width", "92")
        step = """async (days) => {
            const s = document.getElementById('ge-slider'), out = [];
            for (const d of days) {
                const t0 = performance.now();
                s.value = String(d); s.dispatchEvent(new Event('input', {bubbles: true}));
                await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
                out.push(performance.now() - t0);
            }
            return out; }"""
        figures["ours_month_steps"] = page.evaluate(step, months)
        figures["ours_jumps"] = page.evaluate(step, jumps)
        figures["ours_on_map"] = len(page.evaluate("GeoeventsMap.page.visibleIds()"))
        page.check("#ge-acc")
        figures["ours_acc_steps"] = page.evaluate(step, months)
        page.close()
        page = browser.new_page(viewport={"width": 1400, "height": 860})
        page.route("**/*", route)
        page.goto(peer.as_uri(), wait_until="load", timeout=120_000)
        peer_step = """async ([intervals, days, width]) => {
            const map = Object.values(window).find(v => v instanceof L.Map);
            const markers = [];
            map.eachLayer(l => { if (l instanceof L.CircleMarker) markers.push(l); });
            const shown = markers.map(() => true), out = [];
            for (const d of days) {
                const t0 = performance.now();
                for (let i = 0; i < markers.length; i++) {
                    const on = intervals[i][0] <= d && intervals[i][1] >= d - width + 1;
                    if (on !== shown[i]) { if (on) map.addLayer(markers[i]); else map.removeLayer(markers[i]); shown[i] = on; }
                }
                await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
                out.push(performance.now() - t0);
            }
            return [markers.length, out]; }"""
        count, figures["peer_month_steps"] = page.evaluate(peer_step, [intervals, months, 92])
        _, figures["peer_jumps"] = page.evaluate(peer_step, [intervals, jumps, 92])
        figures["peer_markers"] = count
        page.close()
        browser.close()
    return figures


def browser_missing() -> str | None:
    """Why the browser figures cannot be measured here, or None."""
    if not CHROMIUM.exists():
        return f"no Chromium at {CHROMIUM}"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "Playwright not installed (pip install -e '.[test]')"
    return None


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=10_000,
                        help="synthetic events on the map (default %(default)s)")
    parser.add_argument("--runs", type=int, default=3,
                        help="runs of each measure; the median is reported (default %(default)s)")
    summary.add_option(parser)
    args = parser.parse_args(argv)
    try:
        import folium  # noqa: F401 - the peer
    except ImportError:
        summary.skip(args.summary_json, "map_scale", "folium (the peer) is not installed")
        return
    rows = measure(args.events, args.runs)
    summary.write(args.summary_json, "map_scale", rows)


def measure(n: int, runs: int) -> list[summary.Row]:
    """Print every figure; return the headline rows (write time and size, and the
    browser's when it can run)."""
    from geoevents.render import map_html, render_map

    features = synthetic_events(n)
    docs = documents(features)
    map_html(features[:10], docs[:1])  # warm imports and asset caches before timing
    with tempfile.TemporaryDirectory() as tmp:
        ours, peer = Path(tmp) / "ours.html", Path(tmp) / "peer.html"
        write, _ = timed(lambda: render_map(features, docs, ours), runs)
        peer_write, html = timed(lambda: peer_html(features), runs)
        peer.write_text(html, encoding="utf-8")
        size, peer_size = ours.stat().st_size / 1e6, peer.stat().st_size / 1e6
        print(f"events: {n} ({sum(f['geometry'] is None for f in features)} unplaced), "
              f"medians of {runs} runs")
        print(f"write:  geoevents {write:6.2f} s  {size:6.1f} MB   | folium CircleMarkers "
              f"{peer_write:6.2f} s  {peer_size:6.1f} MB   ratio time {write / peer_write:.2f}, "
              f"size {size / peer_size:.2f}   target < 5 s, < 15 MB: "
              f"{'met' if write < 5 and size < 15 else 'MISSED'}")
        rows = [summary.Row(figure=f"map write time, {n:,} events (lower is better)",
                            value=f"{write:.2f} s", peer="folium CircleMarkers",
                            peer_value=f"{peer_write:.2f} s", ratio=write / peer_write,
                            goal="< 5 s", met=write < 5),
                summary.Row(figure=f"map file size, {n:,} events (lower is better)",
                            value=f"{size:.1f} MB", peer="folium CircleMarkers",
                            peer_value=f"{peer_size:.1f} MB", ratio=size / peer_size,
                            goal="< 15 MB", met=size < 15)]
        missing = browser_missing()
        if missing:
            print(f"browser: skipped, {missing}")
            rows.append(summary.Row(figure=f"browser figures skipped: {missing}"))
            return rows
        from playwright.sync_api import Error as PlaywrightError

        try:
            fig = browser_figures(ours, peer, features, runs)
        except PlaywrightError as exc:  # e.g. a Chromium that will not start here
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            print(f"browser: skipped, {reason}")
            rows.append(summary.Row(figure=f"browser figures skipped: {reason}"))
            return rows
    load, peer_load = statistics.median(fig["ours_load"]), statistics.median(fig["peer_load"])
    print(f"interactive: geoevents {load:6.2f} s (all {n} drawn) | folium {peer_load:6.2f} s   "
          f"ratio {load / peer_load:.2f}   target < 5 s: {'met' if load < 5 else 'MISSED'}")
    rows.append(summary.Row(figure="map interactive (lower is better)", value=f"{load:.2f} s",
                            peer="folium CircleMarkers", peer_value=f"{peer_load:.2f} s",
                            ratio=load / peer_load, goal="< 5 s", met=load < 5))
    for name, key in (("month step", "month_steps"), ("random jump", "jumps")):
        ours_ms, peer_ms = fig[f"ours_{key}"], fig[f"peer_{key}"]
        print(f"{name:12s}: geoevents median {statistics.median(ours_ms):6.1f} ms, max {max(ours_ms):6.1f} ms"
              f" | peer median {statistics.median(peer_ms):6.1f} ms, max {max(peer_ms):6.1f} ms"
              f"   ratio {statistics.median(ours_ms) / statistics.median(peer_ms):.2f}"
              f"   target < 200 ms: {'met' if max(ours_ms) < 200 else 'MISSED'}")
        rows.append(summary.Row(figure=f"slider {name}, slowest (lower is better)",
                                value=f"{max(ours_ms):.0f} ms", peer="leaflet.timeline-style",
                                peer_value=f"{max(peer_ms):.0f} ms", ratio=max(ours_ms) / max(peer_ms),
                                goal="< 200 ms", met=max(ours_ms) < 200))
    acc = fig["ours_acc_steps"]
    print(f"accumulate step: geoevents median {statistics.median(acc):6.1f} ms, max {max(acc):6.1f} ms;"
          f" quarter window at the last step showed {fig['ours_on_map']} events;"
          f" peer markers {fig['peer_markers']}")
    return rows


if __name__ == "__main__":
    main()
