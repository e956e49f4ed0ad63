"""Build the folium figure: map, base layers, one layer per event type, sidebar and data.

folium builds the Leaflet map, the panes, the country outlines, the tile layer, the
per-type feature groups (empty: they carry the on/off state the layer control shows) and
the layer control.  The events themselves are painted by ``assets/js/*.js`` from the
embedded JSON, because a slider step may change thousands of them (see __init__.py).
"""
from __future__ import annotations

import html
from typing import Any

from geoevents.model import DRUG_CLASSES, EVENT_TYPES
from geoevents.render.assets import app_script, head_assets
from geoevents.render.data import Prepared, script_json

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


# Where the large or untrusted parts go.  branca renders each MacroElement's output a
# second time as a Jinja template, so text placed through folium would have its "{{ }}"
# evaluated (and 10 MB of JSON tokenized); these HTML comments are swapped for the real
# content after rendering.  A comment cannot come from the escaped title or from JSON.
_SLOTS = ("head", "sidebar", "payload", "library")


def _slot(name: str) -> str:
    return f"<!--geoevents-slot:{name}-->"


def render_page(prepared: Prepared, documents: list[dict[str, Any]], title: str,
                countries: dict[str, Any] | None, cdn: bool,
                basemap: dict[str, Any] | None = None) -> str:
    """The whole HTML page: folium's skeleton with our parts put into their slots.

    ``basemap``: ``labels`` (see render.basemap.labels_for), ``gaps`` (delta-encoded
    rings filled with the land colour) and ``admin1`` (region borders, see
    render.basemap.admin1_for); any may be None.
    """
    figure, config = build_figure(prepared, documents, title, countries, cdn)
    config.update(labels=(basemap or {}).get("labels"), gaps=(basemap or {}).get("gaps"),
                  admin1=(basemap or {}).get("admin1"), land=_COUNTRY_STYLE["fillColor"])
    page = figure.render()
    parts = {"head": head_assets(cdn), "sidebar": _SIDEBAR.format(title=html.escape(title)),
             "payload": script_json(config), "library": app_script()}
    for name in _SLOTS:
        before, marker, after = page.partition(_slot(name))
        if not marker or _slot(name) in after:
            raise RuntimeError(f"page template must hold the {name} slot exactly once")
        page = before + parts[name] + after
    return page


def build_figure(prepared: Prepared, documents: list[dict[str, Any]], title: str,
                 countries: dict[str, Any] | None, cdn: bool) -> tuple[Any, dict[str, Any]]:
    """The folium Figure with empty slots, and the page's data (its JSON payload)."""
    import branca.element as be
    import folium

    class LeafletOnly(folium.Map):
        # Leaflet comes from head_assets (inline or CDN with SRI); folium's default jQuery,
        # Bootstrap and Font Awesome links are not used by this page.
        default_js: list[tuple[str, str]] = []
        default_css: list[tuple[str, str]] = []

    figure = be.Figure(title=html.escape(title))
    figure.header.add_child(be.Element(_slot("head")), name="geoevents_assets")
    fmap = LeafletOnly(tiles=None, location=[20, 0], zoom_start=2, control_scale=True,
                       world_copy_jump=False, prefer_canvas=True)
    figure.add_child(fmap)
    folium.map.CustomPane("basemap", z_index=150, pointer_events=False).add_to(fmap)
    if countries is not None:
        folium.GeoJson(countries, name="Country outlines", control=False, interactive=False,
                       pane="basemap", style_function=lambda _f: dict(_COUNTRY_STYLE)).add_to(fmap)
    folium.TileLayer("OpenStreetMap", name="OpenStreetMap tiles (online only)", overlay=True,
                     show=cdn).add_to(fmap)
    groups: dict[str, str] = {}
    for etype, count in prepared.type_counts.items():
        label = (f'<span class="ge-glyph" data-type="{etype}"></span>'
                 f'{TYPE_LABEL[etype]} <span class="ge-count">({count})</span>')
        group = folium.FeatureGroup(name=label, show=True).add_to(fmap)
        groups[etype] = group
    # Past six types the open control would hide much of the map: it folds into its
    # icon, and the sidebar's summary table (glyph, type, count) is the legend.
    control = folium.LayerControl(collapsed=len(groups) > 6, position="topright").add_to(fmap)
    if prepared.bounds is not None:
        south, west, north, east = prepared.bounds
        fmap.fit_bounds([[south, west], [north, east]], padding=(40, 40), max_zoom=7)
    fmap.add_child(_app_element(control))
    _stable_ids(figure)
    return figure, _config(prepared, documents, title, fmap, groups, cdn)


def _config(prepared: Prepared, documents: list[dict[str, Any]], title: str, fmap: Any,
            groups: dict[str, Any], cdn: bool) -> dict[str, Any]:
    return {
        "title": title,
        "map": fmap.get_name(),
        "groups": {t: g.get_name() for t, g in groups.items()},
        "types": [{"key": t, "label": TYPE_LABEL[t], "color": c, "shape": s}
                  for t, (c, s) in TYPE_STYLE.items()],
        "classes": [{"key": k, "label": k, "color": CLASS_COLOUR[k]} for k in DRUG_CLASSES],
        "documents": documents,
        "problems": list(prepared.problems),
        "events": list(prepared.records),
        "online": cdn,
    }


def _stable_ids(root: Any) -> None:
    """Replace folium's random element ids by counters: same input, same bytes."""
    counter = 0
    stack = [root]
    while stack:
        element = stack.pop(0)
        element._id = f"{counter:04d}"
        counter += 1
        stack.extend(element._children.values())


def _app_element(control: Any) -> Any:
    """Slots for the sidebar, the JSON data block and the library, and the start call.

    folium declares the layer control with ``let``, which is no property of window, so
    the start call (in the same script) hands it over; the page adds "Place names" to it.
    """
    import branca.element as be
    from jinja2 import Template

    class App(be.MacroElement):
        _template = Template("""
{% macro html(this, kwargs) %}""" + _slot("sidebar") + """
<script type="application/json" id="geoevents-data">""" + _slot("payload") + """</script>
""" + _slot("library") + """{% endmacro %}
{% macro script(this, kwargs) %}GeoeventsMap.start(document.getElementById("geoevents-data"),
    {control: typeof {{ this.control.get_name() }} === "undefined" ? null : {{ this.control.get_name() }}});
{% endmacro %}""")

    app = App()
    app._name = "GeoeventsApp"
    app.control = control  # named when rendered: _stable_ids renumbers elements first
    return app
