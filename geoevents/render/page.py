"""Write the page: Leaflet map, base layers, one layer per event type, sidebar and data.

The skeleton is the one folium 0.20 wrote for this page (the map div, its styles, the
Leaflet map, the panes, the country outlines, the OpenStreetMap layer, the per-type
feature groups -- empty: they carry the on/off state the layer control shows -- and the
layer control), written here directly: folium and what it imports (branca, jinja2,
pandas, requests) cost ~1-2 s per run before a byte was written, and its templates held
the whole page, JSON included, in memory several times over.  The events themselves
are painted by ``assets/js/*.js`` from the embedded JSON, because a slider step may
change thousands of them (see __init__.py).

The page is written in pieces to a stream, the events' JSON a slice at a time, so a map
of 100 000 events never exists as one string.  Every piece of text that is not the
page's own reaches it escaped: the title through ``html.escape``, everything else as
JSON with ``< > &`` U+2028/9 escaped (render.data.script_json).
"""
from __future__ import annotations

import html
import io
from collections.abc import Iterator
from typing import Any, TextIO

from geoevents.model import DRUG_CLASSES, EVENT_TYPES
from geoevents.render.assets import app_script, head_assets
from geoevents.render.data import Prepared, escape_json, script_json

# Colour and glyph per event type: glyphs keep types apart for colour-blind readers.
TYPE_STYLE: dict[str, tuple[str, str]] = {
    "seizure": ("#d62728", "diamond"),
    "operation": ("#1f77b4", "circle"),
    "lab_closure": ("#8c564b", "square"),
    "arrest": ("#9467bd", "triangle"),
    "sentencing": ("#5b2a86", "triangle-down"),
    "route": ("#ff7f0e", "line"),
    "price": ("#a6a000", "pentagon"),
    "legislation": ("#17becf", "hexagon"),
    "agreement": ("#2ca02c", "star"),
    "program": ("#e377c2", "ring"),
    "training": ("#0b6e4f", "cross"),
    "statistic": ("#7f7f7f", "square"),
    "other": ("#444444", "circle"),
}
TYPE_LABEL: dict[str, str] = {t: t.replace("_", " ") for t in EVENT_TYPES}
# Colour per substance class, for the legend's "substance class" mode (the glyph still
# tells the type).  None of them is the seizure red, so a switched seizure visibly changes.
CLASS_COLOUR: dict[str, str] = {
    "opiate": "#6a3d9a", "cannabis": "#33a02c", "cocaine": "#1f78b4", "ATS": "#ff7f00",
    "synthetic cathinone": "#e7298a", "synthetic cannabinoid": "#b2df8a", "opioid": "#8c510a",
    "psychotropic": "#01665e", "precursor": "#e6c700", "other": "#9e9e9e",
}

_COUNTRY_STYLE = {"color": "#7d8a99", "weight": 0.8, "fillColor": "#eef0e6", "fillOpacity": 1.0}

_SIDEBAR = """
<aside id="ge-side" aria-label="Timeline and summary">
  <header><button type="button" id="ge-sheet" aria-controls="ge-side" aria-expanded="false">&#9650; More</button>
    <h1 id="ge-title">{title}</h1></header>
  <section id="ge-controls" aria-label="Time controls">
    <div class="ge-row ge-main">
      <button type="button" id="ge-play" aria-label="Play">&#9654; Play</button>
      <input type="range" id="ge-slider" aria-label="Time" min="0" max="0" step="1" value="0"/>
    </div>
    <div id="ge-window" class="ge-row" aria-live="polite"></div>
    <div class="ge-row ge-opts">
      <label title="What one bar and one slider step stand for">Step <select id="ge-step">
        <option value="day">day</option><option value="week">week</option>
        <option value="month">month</option><option value="quarter">quarter</option>
        <option value="year">year</option></select></label>
      <label>Window <select id="ge-width">
        <option value="1">day</option><option value="7">week</option>
        <option value="31">month</option><option value="92">quarter</option>
        <option value="366">year</option></select></label>
      <label>Speed <select id="ge-speed">
        <option value="7">1 week/s</option><option value="31">1 month/s</option>
        <option value="92">3 months/s</option><option value="366">1 year/s</option>
        <option value="1830">5 years/s</option></select></label>
      <label title="Keep earlier events on the map as time moves on">
        <input type="checkbox" id="ge-acc"/> accumulate</label>
    </div>
    <div class="ge-row ge-opts">
      <label>From <input type="text" id="ge-from" size="10" placeholder="YYYY[-MM[-DD]]"/></label>
      <label>To <input type="text" id="ge-to" size="10" placeholder="YYYY[-MM[-DD]]"/></label>
      <button type="button" id="ge-range-reset">all dates</button>
      <span id="ge-range-msg" role="status"></span>
    </div>
    <div id="ge-range-note" class="ge-row" role="status"></div>
  </section>
  <section id="ge-bars" aria-label="Events per period"></section>
  <details id="ge-summary" open><summary>Summary</summary><div id="ge-summary-body"></div></details>
  <section id="ge-detail" hidden aria-label="Event details"></section>
  <div id="ge-list-head"></div>
  <div id="ge-list" role="list" aria-label="Events in date order"></div>
</aside>
"""


# What folium put around the map: the map div's styles and its two globals.
_HEAD_TAIL = """
<meta name="viewport" content="width=device-width, initial-scale=1.0, maximum-scale=1.0, user-scalable=no" />
<style>
#{map} {{ position: relative; width: 100.0%; height: 100.0%; left: 0.0%; top: 0.0%; }}
.leaflet-container {{ font-size: 1rem; }}
</style>
<style>html, body {{ width: 100%; height: 100%; margin: 0; padding: 0; }}</style>
<style>#map {{ position: absolute; top: 0; bottom: 0; right: 0; left: 0; }}</style>
<script>
L_NO_TOUCH = false;
L_DISABLE_3D = false;
</script>
</head>
<body>
<div class="folium-map" id="{map}"></div>
"""

_OSM = ("https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        {"minZoom": 0, "maxZoom": 19, "maxNativeZoom": 19, "noWrap": False,
         "attribution": '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
         "subdomains": "abc", "detectRetina": False, "tms": False, "opacity": 1})

# Events per slice of the JSON block: small enough that a slice's text is a few MB.
_SLICE = 2000


def render_page(prepared: Prepared, documents: list[dict[str, Any]], title: str,
                countries: dict[str, Any] | str | None, cdn: bool,
                basemap: dict[str, Any] | None = None) -> str:
    """The whole HTML page as one string (see :func:`write_page`)."""
    out = io.StringIO()
    write_page(out, prepared, documents, title, countries, cdn, basemap=basemap)
    return out.getvalue()


def write_page(out: TextIO, prepared: Prepared, documents: list[dict[str, Any]], title: str,
               countries: dict[str, Any] | str | None, cdn: bool,
               basemap: dict[str, Any] | None = None) -> None:
    """Write the page to ``out``.

    ``countries``: GeoJSON outlines (a FeatureCollection, or its JSON text), or None.
    ``basemap``: ``labels`` (see render.basemap.labels_for), ``gaps`` (delta-encoded
    rings filled with the land colour) and ``admin1`` (region borders, see
    render.basemap.admin1_for); any may be None.
    """
    names = _Names()
    map_name = names("map")
    out.write('<!DOCTYPE html>\n<html>\n<head>\n<title>' + html.escape(title) + '</title>\n'
              '<meta http-equiv="content-type" content="text/html; charset=UTF-8" />\n')
    out.write(head_assets(cdn))
    out.write(_HEAD_TAIL.format(map=map_name))
    out.write(_SIDEBAR.format(title=html.escape(title)))
    script, groups, control = _map_script(prepared, map_name, names, countries, cdn)
    config = _config(prepared, documents, title, map_name, groups, cdn)
    config.update(labels=(basemap or {}).get("labels"), gaps=(basemap or {}).get("gaps"),
                  admin1=(basemap or {}).get("admin1"), land=_COUNTRY_STYLE["fillColor"])
    out.write('<script type="application/json" id="geoevents-data">')
    for piece in _payload(config, prepared):
        out.write(piece)
    out.write("</script>\n")
    out.write(app_script())
    out.write("\n</body>\n<script>\n")
    out.write(script)
    out.write(f'GeoeventsMap.start(document.getElementById("geoevents-data"),\n'
              f'    {{control: typeof {control} === "undefined" ? null : {control}}});\n'
              "</script>\n</html>\n")


class _Names:
    """Script variable names numbered in order of creation, as folium's were: the same
    input gives the same bytes."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, kind: str) -> str:
        self.count += 1
        return f"{kind}_{self.count:04d}"


def _js(value: Any) -> str:
    """A value as JavaScript: JSON, escaped so no text can end the script early."""
    return script_json(value)


def _map_script(prepared: Prepared, map_name: str, names: _Names,
                countries: dict[str, Any] | str | None, cdn: bool) -> tuple[str, dict[str, str], str]:
    """The script that makes the Leaflet map and its layers, the per-type group names and
    the layer control's name."""
    lines = [f'var {map_name} = L.map("{map_name}", {{crs: L.CRS.EPSG3857, center: [20.0, 0.0], '
             'zoom: 2, zoomControl: true, preferCanvas: true, worldCopyJump: false});',
             f"L.control.scale().addTo({map_name});"]
    pane = names("pane")
    lines += [f'var {pane} = {map_name}.createPane("basemap");', f"{pane}.style.zIndex = 150;",
              f"{pane}.style.pointerEvents = 'none';"]
    if countries is not None:
        outlines = names("geo_json")
        data = escape_json(countries) if isinstance(countries, str) else script_json(countries)
        lines += [f"var {outlines} = L.geoJson(null, {{style: function () {{ return {_js(_COUNTRY_STYLE)}; }}, "
                  'interactive: false, pane: "basemap"});',
                  f"{outlines}.addData({data});", f"{outlines}.addTo({map_name});"]
    tiles = names("tile_layer")
    lines.append(f"var {tiles} = L.tileLayer({_js(_OSM[0])}, {_js(_OSM[1])});")
    if cdn:  # online the tiles show from the start; offline they are one click away
        lines.append(f"{tiles}.addTo({map_name});")
    overlays = {"OpenStreetMap tiles (online only)": tiles}
    groups: dict[str, str] = {}
    for etype, count in prepared.type_counts.items():
        label = (f'<span class="ge-glyph" data-type="{etype}"></span>'
                 f'{TYPE_LABEL[etype]} <span class="ge-count">({count})</span>')
        group = groups[etype] = names("feature_group")
        lines += [f"var {group} = L.featureGroup({{}});", f"{group}.addTo({map_name});"]
        overlays[label] = group
    control = names("layer_control")
    # Past six types the open control would hide much of the map: it folds into its
    # icon, and the sidebar's summary table (glyph, type, count) is the legend.
    entries = ", ".join(f"{_js(label)}: {var}" for label, var in overlays.items())
    options = {"position": "topright", "collapsed": len(groups) > 6, "autoZIndex": True}
    lines.append(f"let {control} = L.control.layers({{}}, {{{entries}}}, {_js(options)}).addTo({map_name});")
    if prepared.bounds is not None:
        south, west, north, east = prepared.bounds
        # not animated: a zoom animation from the world view hides the event canvases
        # until it ends, and its end repaints them all (~1 s at 100 000 events)
        lines.append(f"{map_name}.fitBounds({_js([[south, west], [north, east]])}, "
                     f'{{"maxZoom": 7, "padding": [40, 40], "animate": false}});')
    return "\n".join(lines) + "\n", groups, control


def _config(prepared: Prepared, documents: list[dict[str, Any]], title: str, map_name: str,
            groups: dict[str, str], cdn: bool) -> dict[str, Any]:
    """The page's data but its events (written after it, a slice at a time)."""
    return {
        "title": title,
        "map": map_name,
        "groups": groups,
        "types": [{"key": t, "label": TYPE_LABEL[t], "color": c, "shape": s}
                  for t, (c, s) in TYPE_STYLE.items()],
        "classes": [{"key": k, "label": k, "color": CLASS_COLOUR[k]} for k in DRUG_CLASSES],
        "documents": documents,
        "problems": list(prepared.problems),
        "online": cdn,
    }


def _payload(config: dict[str, Any], prepared: Prepared) -> Iterator[str]:
    """The JSON block's text in pieces: ``config`` with ``"events"`` added last, the
    records encoded a slice at a time (or as :class:`Prepared` holds them encoded)."""
    head = script_json(config)
    yield head[:-1] + ',"events":['
    if prepared.encoded is not None:
        for start in range(0, len(prepared.encoded), _SLICE):
            yield ("," if start else "") + ",".join(prepared.encoded[start:start + _SLICE])
    else:
        for start in range(0, len(prepared.records), _SLICE):
            yield ("," if start else "") + script_json(list(prepared.records[start:start + _SLICE]))[1:-1]
    yield "]}"
