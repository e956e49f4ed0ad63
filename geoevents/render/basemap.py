"""Orientation for the offline base map: place names from the gazetteer, and the strips
between neighbouring country outlines filled with the land colour.

Labels.  Country outlines alone do not tell Taraz from Shymkent.  The page gets the names
of countries, of cities (ranked by population) and, near the events, of first-level
regions, each with the lowest zoom at which it may appear; the page's script then places
them greedily in rank order without overlap (assets/js/7-labels.js), so capitals and large
cities show first and towns fill in as the user zooms in.  To keep the file small only
what a reader of these events needs is embedded: every city of a million or more and the
largest city of each country (the gazetteer does not flag capitals; the largest city is
the capital in most of the region), cities of 50 000 or more in the events' countries,
and every place within a few degrees of an event.

Gaps.  The bundled outlines were simplified one country at a time (~4 km), so two
neighbours' borders no longer coincide: zoomed in, the sea colour shows through slivers
between them.  ``assets/basemap/border-gaps.json`` holds those slivers (the parts within
``GAP_REACH`` degrees of both neighbours that neither covers, and holes in the land too
small to be seas), computed once from the
outlines by :func:`build_gaps` (``python -m geoevents.render.basemap``) and stamped with
the outlines' sha256: a stale file is not used.

Region borders.  Zoomed in (from ``ADMIN1_MIN_ZOOM``), thin dashed lines show the borders
between first-level regions (oblasts, viloyats, provinces), so "Zhambyl Region" on a
report can be told from its neighbours.  They come from the gazetteer's
``admin1_lines.geojson`` (Natural Earth admin-1 lines, clipped to the bundled outlines and
kept clear of country borders, see gazetteer/SOURCES.md).  The page carries all of them
for the countries the tool is about (``ADMIN1_ALWAYS``) and, for the big neighbours
(Russia alone would add ~80 kB), only the lines that come within ``ADMIN1_NEAR_DEG`` of
an event, delta-encoded like the gaps (~50 kB for the reference cable).
"""
from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import Any

GAP_REACH = 0.1  # degrees: a wide strip (the outlines were simplified ~4 km, one by one)
ADMIN1_ASSET = "admin1_lines.geojson"  # in the gazetteer's data folder
ADMIN1_MIN_ZOOM = 6  # region borders show from this zoom on, as the region names do
ADMIN1_ALWAYS = frozenset({"KZ", "KG", "UZ", "TJ", "TM", "AF"})  # ~20 kB in the page
ADMIN1_NEAR_DEG = 3.0  # other countries' region borders this close to an event are kept
GAPS_ASSET = ("basemap", "border-gaps.json")
HOLE_AREA = 0.5  # square degrees: a hole in the land smaller than this is no sea
NEAR_DEG = 3.0  # every gazetteer place this close to an event is a candidate label
MAX_CITIES = 6000
WORLD_POP = 1_000_000
COUNTRY_POP = 50_000
# (population, zoom): a city of at least this many people may show from this zoom on.
ZOOM_BY_POP: tuple[tuple[int, int], ...] = (
    (5_000_000, 3), (1_000_000, 4), (300_000, 5), (100_000, 6), (30_000, 7), (10_000, 8))
TOWN_ZOOM = 9
# Country names by population; the countries of the events show from the first zoom.
COUNTRY_ZOOM_BY_POP: tuple[tuple[int, int], ...] = ((30_000_000, 2), (5_000_000, 3), (1_000_000, 4))
SMALL_COUNTRY_ZOOM = 5


@dataclass(frozen=True, slots=True)
class GazPlace:
    name: str
    kind: str  # city | country | region
    cc: str
    lat: float
    lon: float
    population: int


@lru_cache(maxsize=1)
def gazetteer_places() -> tuple[GazPlace, ...]:
    """Cities, countries and regions of the bundled gazetteer (empty when absent)."""
    try:
        text = files("gazetteer").joinpath("data", "places.tsv").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError, NotADirectoryError):
        return ()
    out = []
    for line in text.splitlines():
        cols = line.split("\t")
        if len(cols) < 8 or cols[2] not in ("city", "country", "region"):
            continue
        try:
            lat, lon, pop = float(cols[5]), float(cols[6]), int(cols[7] or 0)
        except ValueError:
            continue
        out.append(GazPlace(cols[1], cols[2], cols[3], lat, lon, pop))
    return tuple(out)


def city_zoom(population: int, largest: bool) -> int:
    """The lowest zoom at which a city's name may show."""
    zoom = next((z for pop, z in ZOOM_BY_POP if population >= pop), TOWN_ZOOM)
    return min(zoom, 4) if largest else zoom


def country_zoom(population: int) -> int:
    """The lowest zoom at which a country's name may show."""
    return next((z for pop, z in COUNTRY_ZOOM_BY_POP if population >= pop), SMALL_COUNTRY_ZOOM)


def labels_for(records: Sequence[dict[str, Any]],
               places: Sequence[GazPlace] | None = None) -> dict[str, list[list[Any]]]:
    """The page's label data for prepared event records (see render.data).

    ``{"countries": [[name, lat, lon, zoom]], "cities": [[name, lat, lon, zoom]], "regions":
    [[name, lat, lon]]}``, countries and cities in rank order (the zoom they show from,
    then population, largest first): the page places them in this order.
    """
    places = gazetteer_places() if places is None else places
    points = _event_points(records)
    codes = _event_countries(records)
    near = _Near(points, NEAR_DEG)
    largest: dict[str, GazPlace] = {}
    for place in places:
        best = largest.get(place.cc)
        if place.kind == "city" and (best is None or place.population > best.population):
            largest[place.cc] = place
    chosen: list[GazPlace] = []
    regions: list[GazPlace] = []
    nations: list[GazPlace] = []
    for place in places:
        if place.kind == "country":
            nations.append(place)
        elif place.kind == "region":
            if near(place.lat, place.lon):
                regions.append(place)
        elif (place.population >= WORLD_POP or largest.get(place.cc) is place
              or (place.cc in codes and place.population >= COUNTRY_POP)
              or near(place.lat, place.lon)):
            chosen.append(place)
    chosen.sort(key=lambda p: (-p.population, p.name))
    chosen = chosen[:MAX_CITIES]
    cities = [[p.name, _r(p.lat), _r(p.lon), city_zoom(p.population, largest.get(p.cc) is p)]
              for p in chosen]
    cities.sort(key=lambda c: c[3])  # stable: population order within a zoom
    nations.sort(key=lambda p: (p.cc not in codes, -p.population, p.name))
    countries = [[p.name, _r(p.lat), _r(p.lon), 2 if p.cc in codes else country_zoom(p.population)]
                 for p in nations]
    countries.sort(key=lambda c: c[3])
    return {"countries": countries, "cities": cities,
            "regions": [[p.name, _r(p.lat), _r(p.lon)] for p in regions]}


def _r(value: float) -> float:
    return round(value, 3)


def _event_points(records: Iterable[dict[str, Any]]) -> list[tuple[float, float]]:
    """(lat, lon) of every placed event and route vertex."""
    points: list[tuple[float, float]] = []
    for record in records:
        if record.get("k") in ("pin", "area"):
            points.append((record["g"][1], record["g"][0]))
        elif record.get("k") == "route":
            points.extend((c[1], c[0]) for c in record["g"])
    return points


def _event_countries(records: Iterable[dict[str, Any]]) -> set[str]:
    codes: set[str] = set()
    for record in records:
        props = record.get("p") if isinstance(record.get("p"), dict) else {}
        if isinstance(props.get("country_code"), str):
            codes.add(props["country_code"].upper())
        if isinstance(props.get("countries"), list):
            codes.update(c.upper() for c in props["countries"] if isinstance(c, str))
    return codes


class _Near:
    """Is a point within ``reach`` degrees (a box) of any of ``points``?  A grid of cells
    the size of ``reach`` answers from the nine cells around it."""

    def __init__(self, points: Iterable[tuple[float, float]], reach: float) -> None:
        self.reach = reach
        self.cells: dict[tuple[int, int], list[tuple[float, float]]] = {}
        for lat, lon in points:
            self.cells.setdefault(self._cell(lat, lon), []).append((lat, lon))

    def _cell(self, lat: float, lon: float) -> tuple[int, int]:
        return math.floor(lat / self.reach), math.floor(lon / self.reach)

    def __call__(self, lat: float, lon: float) -> bool:
        row, col = self._cell(lat, lon)
        for dr in (-1, 0, 1):
            for dc in (-1, 0, 1):
                for plat, plon in self.cells.get((row + dr, col + dc), ()):
                    if abs(plat - lat) <= self.reach and abs(plon - lon) <= self.reach:
                        return True
        return False


# --- region (admin-1) borders -------------------------------------------------------

@lru_cache(maxsize=1)
def admin1_lines() -> tuple[tuple[str, tuple[tuple[tuple[float, float], ...], ...]], ...]:
    """(country code, line parts as (lon, lat) tuples) from the gazetteer's admin-1 lines,
    or () when the file is not installed."""
    try:
        raw = files("gazetteer").joinpath("data", ADMIN1_ASSET).read_text(encoding="utf-8")
        data = json.loads(raw)
    except (ModuleNotFoundError, FileNotFoundError, NotADirectoryError, json.JSONDecodeError):
        return ()
    out = []
    for feature in data.get("features", []):
        geometry = feature.get("geometry") or {}
        cc = str((feature.get("properties") or {}).get("iso_a2") or "")
        coords = geometry.get("coordinates") or []
        parts = [coords] if geometry.get("type") == "LineString" else coords
        out.append((cc, tuple(tuple((float(p[0]), float(p[1])) for p in part)
                              for part in parts if len(part) >= 2)))
    return tuple(out)


def admin1_for(records: Sequence[dict[str, Any]],
               lines: Sequence[tuple[str, Sequence[Sequence[tuple[float, float]]]]] | None = None
               ) -> dict[str, Any] | None:
    """The page's region borders for prepared event records (see render.data):
    ``{"min_zoom": ADMIN1_MIN_ZOOM, "lines": [delta-encoded line, ...]}`` (see
    :func:`encode_ring`), or None when there is none to draw."""
    lines = admin1_lines() if lines is None else lines
    # Events as cells of ADMIN1_NEAR_DEG; a line is kept when its bounding box, grown by one
    # cell, holds an event's cell: every line within the margin of an event is kept (a few
    # up to twice as far too), and long straight stretches with no vertex near an event
    # are not missed, as a test of the vertices alone would.
    cells = {(math.floor(lat / ADMIN1_NEAR_DEG), math.floor(lon / ADMIN1_NEAR_DEG))
             for lat, lon in _event_points(records)}

    def near(part: Sequence[tuple[float, float]]) -> bool:
        lons, lats = [p[0] for p in part], [p[1] for p in part]
        r0, r1 = math.floor(min(lats) / ADMIN1_NEAR_DEG) - 1, math.floor(max(lats) / ADMIN1_NEAR_DEG) + 1
        c0, c1 = math.floor(min(lons) / ADMIN1_NEAR_DEG) - 1, math.floor(max(lons) / ADMIN1_NEAR_DEG) + 1
        return any(r0 <= r <= r1 and c0 <= c <= c1 for r, c in cells)

    kept = [encode_ring(part) for cc, parts in lines for part in parts
            if cc in ADMIN1_ALWAYS or (cells and near(part))]
    return {"min_zoom": ADMIN1_MIN_ZOOM, "lines": kept} if kept else None


# --- the strips between neighbouring outlines ---------------------------------------

def countries_sha256() -> str | None:
    try:
        raw = files("gazetteer").joinpath("data", "countries.geojson").read_bytes()
    except (ModuleNotFoundError, FileNotFoundError, NotADirectoryError):
        return None
    return hashlib.sha256(raw).hexdigest()


@lru_cache(maxsize=1)
def border_gaps() -> list[list[int]] | None:
    """The gap rings for the page (delta-encoded, see :func:`encode_ring`), or None when
    the asset is missing or was computed from other outlines than the bundled ones."""
    from geoevents.render.assets import asset_text

    try:
        data = json.loads(asset_text("/".join(GAPS_ASSET)))
    except (FileNotFoundError, json.JSONDecodeError):
        return None
    if data.get("countries_sha256") != countries_sha256():
        return None
    return data.get("rings")


def encode_ring(coords: Sequence[Sequence[float]]) -> list[int]:
    """lon/lat pairs (of a ring or a line) as thousandths of a degree, each after the first
    as the difference from the one before: a third of the size of plain JSON coordinates."""
    out: list[int] = []
    px = py = 0
    for lon, lat, *_ in coords:
        x, y = round(lon * 1000), round(lat * 1000)
        out += [x - px, y - py]
        px, py = x, y
    return out


def build_gaps(countries: dict[str, Any], reach: float = GAP_REACH,
               hole_area: float = HOLE_AREA) -> list[list[int]]:
    """Rings of the areas within ``reach`` of two neighbouring outlines that neither covers,
    and of the small holes no outline covers (an enclave such as Vorukh whose own outline
    was simplified away or no longer fits its hole); large ones are seas (the Caspian)."""
    from shapely import STRtree, set_precision
    from shapely.geometry import Polygon, shape
    from shapely.ops import unary_union

    geoms = [shape(f["geometry"]).buffer(0) for f in countries.get("features", [])
             if f.get("geometry")]
    tree = STRtree(geoms)
    pieces = []
    for i, geom in enumerate(geoms):
        grown = geom.buffer(reach, 4)
        for j in tree.query(grown):
            if j <= i or geom.distance(geoms[j]) > reach:
                continue
            gap = grown.intersection(geoms[j].buffer(reach, 4)).difference(geom).difference(geoms[j])
            if not gap.is_empty:
                pieces.append(gap)
    land = unary_union(geoms)
    for part in getattr(land, "geoms", [land]):
        pieces.extend(Polygon(ring) for ring in part.interiors if Polygon(ring).area < hole_area)
    merged = set_precision(unary_union(pieces).simplify(0.001), 0.001)
    polygons = getattr(merged, "geoms", [merged])
    return [encode_ring(p.exterior.coords) for p in polygons
            if p.geom_type == "Polygon" and not p.is_empty]


def write_gaps_asset() -> str:
    """Recompute assets/basemap/border-gaps.json from the bundled outlines; its path."""
    from pathlib import Path

    raw = files("gazetteer").joinpath("data", "countries.geojson").read_text(encoding="utf-8")
    rings = build_gaps(json.loads(raw))
    target = Path(str(files("geoevents").joinpath("assets", *GAPS_ASSET)))
    target.parent.mkdir(parents=True, exist_ok=True)
    body = {"about": "strips between neighbouring country outlines, filled with the land colour; "
                     "python -m geoevents.render.basemap rebuilds this file",
            "countries_sha256": countries_sha256(), "reach_degrees": GAP_REACH, "rings": rings}
    target.write_text(json.dumps(body, separators=(",", ":")) + "\n", encoding="utf-8")
    return str(target)


if __name__ == "__main__":
    print(write_gaps_asset())
