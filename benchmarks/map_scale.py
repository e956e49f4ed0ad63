"""The map at scale: synthetic events over Central Asia and 20 years (issues 6 and 15).

Usage: python benchmarks/map_scale.py [--events 10000] [--runs 3] [--summary-json PATH]

Two mixes of events: "seed" as the seed corpus, where 64% of the events are placed only
to a country (drawn as circles, at the country's centroid), and "10% circles".  For
geoevents' map and, as the peer, a plain folium map of the same events as
folium.CircleMarker with tooltips (SVG, one DOM node per marker, the way folium's own
time plugins draw them), the medians of --runs runs of:
  * writing the page from a GeoJSON file in a fresh process, as a user does (`geoevents
    map FILE`; for the peer json.load + folium): wall time with the interpreter's start
    and imports, peak RSS (the kernel's VmHWM of the process), file size; and the fixed
    cost of `geoevents map` on a 10-event file (cold start);
  * in Debian's Chromium (headless, network blocked, Leaflet served to the peer from the
    vendored copy): time from navigation until the page has drawn its markers (ready +
    two animation frames) -- "interactive" (first render);
  * slider steps: from setting the slider value to the frame after the redraw (two
    requestAnimationFrame callbacks, so ~33 ms at 60 Hz is the floor), one-month steps
    through 1995-1999 with the slider's step set to a month (as when playing), in window
    mode (a quarter) and in accumulate mode (the default), and random jumps in window
    mode.  For the peer the same steps are done the way leaflet.timeline does them:
    remove the markers leaving the window, add those entering.
Goals: issue 6 (10 000 events): write < 5 s, < 15 MB, interactive < 5 s, slowest step
< 200 ms.  Issue 15: at 10 000 events a step <= 50 ms in accumulate mode and <= 35 ms in
window mode (medians, both mixes); at 100 000 events writing within 500 MB peak RSS
and the first render within 5 s.  Each goal is printed beside its figure with
"met"/"NOT met" at the size it is set for.  Without Chromium or Playwright the browser
figures are skipped, and said so.
"""
from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
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
# Country-level events sit at their country's centroid (as the gazetteer places them),
# so many share a spot, as in the seed corpus.
COUNTRIES = [("KZ", "Kazakhstan", 48.0, 67.0), ("KG", "Kyrgyzstan", 41.5, 74.6),
             ("TJ", "Tajikistan", 38.9, 71.0), ("UZ", "Uzbekistan", 41.8, 63.9),
             ("TM", "Turkmenistan", 39.1, 59.4), ("AF", "Afghanistan", 33.9, 67.7),
             ("RU", "Russia", 55.75, 60.0), ("CN", "China", 40.0, 85.0)]
DRUGS = ["heroin", "opium", "hashish", "marijuana", "methamphetamine", "precursors"]
TWO_FRAMES = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"


def synthetic_events(n: int, seed: int = 7, circles: float | None = None) -> list[dict[str, Any]]:
    """``n`` contract features: pins, region/country circles and routes, 1990-2009.

    ``circles``: the share of placed events that are country-level (drawn as circles),
    placed at the country's centroid as the gazetteer places them; the others are cities
    and sites.  None keeps the mixed precisions (city, site, region, country) of issue 6.
    """
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
        code = "KZ"
        if circles is None:
            precision = rng.choices(["city", "site", "region", "country"], [60, 10, 20, 10])[0]
        elif rng.random() < circles:
            precision = "country"
            code, name, lat, lon = rng.choice(COUNTRIES)
        else:
            precision = rng.choices(["city", "site"], [85, 15])[0]
        place = Place(name, 0, len(name), name=name, place_id=f"bench:{name}",
                      kind="country" if precision == "country" else "city",
                      country_code=code, lat=lat, lon=lon, geo_precision=precision,
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


# --- writing, in a fresh process -------------------------------------------------------

MIXES = {"seed": 0.64, "10% circles": 0.10}  # share of country-level events (circles)
STEP_GOALS = {"accumulate": 50.0, "window": 35.0}  # ms, median step at 10 000 events
RSS_GOAL_MB, LOAD_GOAL_S = 500.0, 5.0
HERE = Path(__file__).resolve().parent

# The child reports its own peak RSS: the kernel's high-water mark of the new process
# image (VmHWM), since ru_maxrss would carry over this benchmark's size across exec.
_CHILD = """import json, sys, time
started = time.perf_counter()
def report(rc):
    hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1]
    print(json.dumps({'rc': rc, 'rss': int(hwm) / 1024}), file=sys.stderr)
if sys.argv[1] == 'peer':
    sys.path.insert(0, sys.argv[2])
    import map_scale
    with open(sys.argv[3], encoding='utf-8') as f:
        features = json.load(f)['features']
    html = map_scale.peer_html(features)
    with open(sys.argv[4], 'w', encoding='utf-8') as f:
        f.write(html)
    report(0)
else:
    from geoevents.cli import main
    try:
        main(sys.argv[2:])
        rc = 0
    except SystemExit as exc:
        rc = exc.code
    report(rc)
"""


def run_child(args: list[str]) -> tuple[float, float]:
    """Run the child with ``args``: (wall seconds with the interpreter's start, peak RSS MB)."""
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", _CHILD, *args], capture_output=True, text=True)
    wall = time.perf_counter() - started
    try:
        stats = json.loads(proc.stderr.strip().splitlines()[-1])
    except (IndexError, ValueError):
        stats = {"rc": proc.returncode}
    if stats.get("rc") not in (0, None) or proc.returncode:
        raise SystemExit(f"map_scale: {' '.join(args[:2])} failed:\n{proc.stderr[-2000:]}")
    return wall, stats["rss"]


def write_geojson(features: list[dict[str, Any]], path: Path) -> None:
    path.write_text(json.dumps({"type": "FeatureCollection", "documents": documents(features),
                                "features": features}, ensure_ascii=False), encoding="utf-8")


def cli_write(source: Path, out: Path, runs: int) -> dict[str, float]:
    """`geoevents map SOURCE -o OUT` in fresh processes: medians of wall time and RSS."""
    walls, rss = zip(*(run_child(["ours", "map", str(source), "-o", str(out), "--force"])
                       for _ in range(runs)))
    return {"wall": statistics.median(walls), "rss": statistics.median(rss),
            "size": out.stat().st_size / 1e6}


def peer_write(source: Path, out: Path, runs: int) -> dict[str, float]:
    walls, rss = zip(*(run_child(["peer", str(HERE), str(source), str(out)]) for _ in range(runs)))
    return {"wall": statistics.median(walls), "rss": statistics.median(rss),
            "size": out.stat().st_size / 1e6}


# --- in Chromium -----------------------------------------------------------------------

STEP = """async ([days, mode]) => {
    if (mode) {
        const acc = document.getElementById('ge-acc');
        if (acc.checked !== (mode === 'accumulate')) { acc.click(); }
        const sel = document.getElementById('ge-step');
        if (sel.value !== 'month') { sel.value = 'month'; sel.dispatchEvent(new Event('change')); }
        if (mode === 'window') { const w = document.getElementById('ge-width'); w.value = '92'; w.dispatchEvent(new Event('change')); }
        await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
    }
    const s = document.getElementById('ge-slider'), out = [];
    for (const d of days) {
        const t0 = performance.now();
        s.value = String(d); s.dispatchEvent(new Event('input', {bubbles: true}));
        await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
        out.push(performance.now() - t0);
    }
    return out; }"""
PEER_STEP = """async ([intervals, days, width]) => {
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


class Browser:
    """Headless Chromium with the network blocked (Leaflet served to the peer from the
    vendored copy)."""

    def __init__(self) -> None:
        from playwright.sync_api import sync_playwright

        from geoevents.render.assets import asset_bytes

        self.leaflet = {"leaflet.js": asset_bytes("leaflet/leaflet.js"),
                        "leaflet.css": asset_bytes("leaflet/leaflet.css")}
        self.driver = sync_playwright().start()
        self.browser = self.driver.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                                   args=LAUNCH_ARGS)

    def _route(self, request_route: Any) -> None:
        url = request_route.request.url
        if url.startswith(("file:", "data:")):
            request_route.continue_()
        elif "/leaflet@" in url and url.rsplit("/", 1)[-1] in self.leaflet:
            request_route.fulfill(status=200, body=self.leaflet[url.rsplit("/", 1)[-1]])
        else:
            request_route.abort()

    def open(self, path: Path, ours: bool) -> tuple[Any, float]:
        """A page on ``path`` and the seconds until it was interactive."""
        page = self.browser.new_page(viewport={"width": 1400, "height": 860})
        page.route("**/*", self._route)
        started = time.perf_counter()
        page.goto(path.as_uri(), wait_until="load", timeout=300_000)
        if ours:
            page.wait_for_selector("body[data-geoevents-ready]", timeout=300_000)
        page.evaluate(TWO_FRAMES)
        return page, time.perf_counter() - started

    def close(self) -> None:
        self.browser.close()
        self.driver.stop()


def step_days() -> tuple[list[int], list[int]]:
    """Month steps through 1995-1999 (as when playing) and 25 random jumps."""
    rng = random.Random(11)
    months = [day(date(y, m, 15)) for y in range(1995, 2000) for m in range(1, 13)]
    return months, [rng.randrange(day(FIRST), day(LAST)) for _ in range(25)]


def ours_in_browser(browser: Browser, path: Path, runs: int) -> dict[str, Any]:
    loads = []
    for _ in range(runs):
        page, seconds = browser.open(path, ours=True)
        loads.append(seconds)
        page.close()
    months, jumps = step_days()
    page, _ = browser.open(path, ours=True)
    out: dict[str, Any] = {"load": statistics.median(loads)}
    # accumulate first: the page opens in it, at the end of the range
    out["accumulate"] = page.evaluate(STEP, [months, "accumulate"])
    out["window"] = page.evaluate(STEP, [months, "window"])
    out["jumps"] = page.evaluate(STEP, [jumps, None])
    out["on_map"] = len(page.evaluate("GeoeventsMap.page.visibleIds()"))
    page.close()
    return out


def peer_in_browser(browser: Browser, path: Path, features: list[dict[str, Any]],
                    runs: int) -> dict[str, Any]:
    loads = []
    for _ in range(runs):
        page, seconds = browser.open(path, ours=False)
        loads.append(seconds)
        page.close()
    months, jumps = step_days()
    intervals = [[day(date.fromisoformat(f["properties"]["start"])), day(date.fromisoformat(f["properties"]["end"]))]
                 for f in features if f["geometry"] is not None]
    page, _ = browser.open(path, ours=False)
    out: dict[str, Any] = {"load": statistics.median(loads)}
    # accumulate: everything since the first day stays on
    count, out["accumulate"] = page.evaluate(PEER_STEP, [intervals, months, 10 ** 6])
    _, out["window"] = page.evaluate(PEER_STEP, [intervals, months, 92])
    _, out["jumps"] = page.evaluate(PEER_STEP, [intervals, jumps, 92])
    out["markers"] = count
    page.close()
    return out


def browser_missing() -> str | None:
    """Why the browser figures cannot be measured here, or None."""
    if not CHROMIUM.exists():
        return f"no Chromium at {CHROMIUM}"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "Playwright not installed (pip install -e '.[test]')"
    return None


# --- report ----------------------------------------------------------------------------

def verdict(met: bool | None) -> str:
    return "" if met is None else ("met" if met else "NOT met")


def line(name: str, ours: str, peer: str, ratio: float, goal: str, met: bool | None) -> None:
    print(f"{name:40s} geoevents {ours:>10s} | peer {peer:>10s}  ratio {ratio:5.2f}"
          + (f"   goal {goal}: {verdict(met)}" if goal else ""))


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
    """Print every figure; return the headline rows."""
    at10k = n == 10_000
    rows: list[summary.Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        mixes = {name: synthetic_events(n, circles=share) for name, share in MIXES.items()}
        print(f"events: {n:,} per mix ({', '.join(f'{k}: {v:.0%} country-level circles' for k, v in MIXES.items())}),"
              f" medians of {runs} runs")
        tiny = folder / "tiny.geojson"
        write_geojson(mixes["seed"][:10], tiny)
        cold = cli_write(tiny, folder / "tiny.html", runs)
        print(f"{'cold start (10 events)':40s} geoevents {cold['wall']:8.2f} s, peak RSS {cold['rss']:.0f} MB")
        pages: dict[str, Path] = {}
        for name, features in mixes.items():
            source = folder / f"{name}.geojson".replace(" ", "_").replace("%", "")
            write_geojson(features, source)
            pages[name] = source.with_suffix(".html")
            ours = cli_write(source, pages[name], runs)
            if name != "seed":
                print(f"{'write, ' + name:40s} geoevents {ours['wall']:8.2f} s, {ours['size']:.1f} MB, "
                      f"peak RSS {ours['rss']:.0f} MB")
                continue
            peer_page = folder / "peer.html"
            peer = peer_write(source, peer_page, runs)
            line("write time (fresh process)", f"{ours['wall']:.2f} s", f"{peer['wall']:.2f} s",
                 ours["wall"] / peer["wall"], "< 5 s (issue 6)" if at10k else "", ours["wall"] < 5 if at10k else None)
            line("file size", f"{ours['size']:.1f} MB", f"{peer['size']:.1f} MB", ours["size"] / peer["size"],
                 "< 15 MB (issue 6)" if at10k else "", ours["size"] < 15 if at10k else None)
            line("peak RSS while writing", f"{ours['rss']:.0f} MB", f"{peer['rss']:.0f} MB", ours["rss"] / peer["rss"],
                 f"<= {RSS_GOAL_MB:.0f} MB", ours["rss"] <= RSS_GOAL_MB)
            rows += [
                summary.Row(figure=f"map write time, {n:,} events, fresh process (lower is better)",
                            value=f"{ours['wall']:.2f} s", peer="folium CircleMarkers",
                            peer_value=f"{peer['wall']:.2f} s", ratio=ours["wall"] / peer["wall"],
                            **({"goal": "< 5 s", "met": ours["wall"] < 5} if at10k else {})),
                summary.Row(figure=f"map file size, {n:,} events (lower is better)",
                            value=f"{ours['size']:.1f} MB", peer="folium CircleMarkers",
                            peer_value=f"{peer['size']:.1f} MB", ratio=ours["size"] / peer["size"],
                            **({"goal": "< 15 MB", "met": ours["size"] < 15} if at10k else {})),
                summary.Row(figure=f"map write peak RSS, {n:,} events (lower is better)",
                            value=f"{ours['rss']:.0f} MB", peer="folium CircleMarkers",
                            peer_value=f"{peer['rss']:.0f} MB", ratio=ours["rss"] / peer["rss"],
                            goal=f"<= {RSS_GOAL_MB:.0f} MB", met=ours["rss"] <= RSS_GOAL_MB),
                summary.Row(figure="map cold start, 10 events (lower is better)",
                            value=f"{cold['wall']:.2f} s")]
        missing = browser_missing()
        if missing:
            print(f"browser: skipped, {missing}")
            rows.append(summary.Row(figure=f"browser figures skipped: {missing}"))
            return rows
        from playwright.sync_api import Error as PlaywrightError

        try:
            browser = Browser()
            try:
                figures = {name: ours_in_browser(browser, page, runs) for name, page in pages.items()}
                peer_fig = peer_in_browser(browser, folder / "peer.html", mixes["seed"], runs)
            finally:
                browser.close()
        except PlaywrightError as exc:  # e.g. a Chromium that will not start here
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            print(f"browser: skipped, {reason}")
            rows.append(summary.Row(figure=f"browser figures skipped: {reason}"))
            return rows
    rows += browser_rows(n, figures, peer_fig)
    return rows


def browser_rows(n: int, figures: dict[str, dict[str, Any]], peer: dict[str, Any]) -> list[summary.Row]:
    """Print the browser figures beside their goals; the headline rows."""
    at10k = n == 10_000
    rows: list[summary.Row] = []
    load_goal = n in (10_000, 100_000)
    for name, fig in figures.items():
        met = fig["load"] <= LOAD_GOAL_S if load_goal else None
        line(f"interactive (first render), {name}", f"{fig['load']:.2f} s", f"{peer['load']:.2f} s",
             fig["load"] / peer["load"], f"<= {LOAD_GOAL_S:.0f} s" if load_goal else "", met)
        rows.append(summary.Row(figure=f"map interactive, {n:,} events, {name} (lower is better)",
                                value=f"{fig['load']:.2f} s", peer="folium CircleMarkers",
                                peer_value=f"{peer['load']:.2f} s", ratio=fig["load"] / peer["load"],
                                **({"goal": f"<= {LOAD_GOAL_S:.0f} s", "met": met} if load_goal else {})))
    for name, fig in figures.items():
        for mode, goal in STEP_GOALS.items():
            ours_ms, peer_ms = statistics.median(fig[mode]), statistics.median(peer[mode])
            met = ours_ms <= goal if at10k else None
            line(f"{mode} step median, {name}", f"{ours_ms:.1f} ms", f"{peer_ms:.1f} ms", ours_ms / peer_ms,
                 f"<= {goal:.0f} ms" if at10k else "", met)
            print(f"{'':40s} slowest {max(fig[mode]):.0f} ms (peer {max(peer[mode]):.0f} ms)"
                  + (f"   issue 6 < 200 ms: {verdict(max(fig[mode]) < 200)}" if at10k else ""))
            rows.append(summary.Row(figure=f"slider {mode} step median, {n:,} events, {name} (lower is better)",
                                    value=f"{ours_ms:.1f} ms", peer="leaflet.timeline-style",
                                    peer_value=f"{peer_ms:.1f} ms", ratio=ours_ms / peer_ms,
                                    **({"goal": f"<= {goal:.0f} ms", "met": met} if at10k else {})))
        jumps, peer_jumps = fig["jumps"], peer["jumps"]
        line(f"random jump median, {name}", f"{statistics.median(jumps):.1f} ms",
             f"{statistics.median(peer_jumps):.1f} ms", statistics.median(jumps) / statistics.median(peer_jumps),
             "", None)
        print(f"{'':40s} slowest {max(jumps):.0f} ms (peer {max(peer_jumps):.0f} ms)"
              + (f"   issue 6 < 200 ms: {verdict(max(jumps) < 200)}" if at10k else "")
              + f"; the last window showed {fig['on_map']} events")
        if at10k:
            slowest = max(max(fig[m]) for m in ("accumulate", "window", "jumps"))
            rows.append(summary.Row(figure=f"slider step, slowest, {n:,} events, {name} (lower is better)",
                                    value=f"{slowest:.0f} ms", goal="< 200 ms", met=slowest < 200))
    print(f"peer: {peer['markers']:,} markers (the seed mix)")
    return rows


if __name__ == "__main__":
    main()
