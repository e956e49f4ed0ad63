"""Render events (contract GeoJSON features) as one self-contained HTML map with a timeline.

Choices, and why:

* Assets.  Only Leaflet 1.9.3 is needed, vendored byte-for-byte from its npm package into
  geoevents/assets/leaflet (BSD-2-Clause; NOTICE beside it).  That is the exact version
  folium 0.20 links, adds no runtime dependency, and keeps the licence and provenance
  checkable (tests compare the files with the hashes in NOTICE).  folium-offline would add
  a dependency carrying ~70 resources this page does not use; xstatic-leaflet 1.9.3.0 holds
  the same Leaflet but would also be a new runtime dependency for four files.  By default
  every byte (JS, CSS, images as data: URIs) is inlined, so the file opens with no network;
  ``cdn=True`` links Leaflet from jsDelivr with SRI hashes of the same files.
* Slider and markers.  Not leaflet.timeline / TimestampedGeoJson: the page's own script
  (assets/js/*.js) keeps events as integer UTC day numbers (right before 1970 and
  across 2001-09-09, never local time), each with its own interval, and paints them on a
  canvas layer of its own (one canvas per tier: circles, routes, pins) from visibility
  flags, stamping pre-drawn glyph sprites, with its own hit-testing for clicks and hovers;
  a step that only adds events (accumulate mode, forward) draws just those onto the
  canvases; the timeline list renders only the rows in view.  Leaflet layer objects per
  event (tried first) cost ~0.1-0.3 s per slider step and ~4 s to open at 10 000 events;
  this design steps in about one frame (benchmarks/map_scale.py).
* Scale.  The page is written in pieces, never held whole; each event is encoded as the
  page's JSON as soon as it is read and only that text is kept (render.data.Preparer), so
  `geoevents map` of 100 000 events peaks at ~0.3 GB instead of ~2 GB.  No folium: the
  Leaflet skeleton folium used to write is written by render.page itself, which saves its
  imports (folium, branca, jinja2, pandas, requests: ~1-2 s of every run) and its copies.
* Base map.  Offline there are no tiles: country outlines from the gazetteer's Natural
  Earth data are always drawn underneath; OpenStreetMap tiles are an opt-in layer (on by
  default only in the CDN variant), so an offline page makes no request at all.
* Orientation.  Place names (countries, cities by population rank, regions near the
  events) come from the gazetteer and are placed by the page without overlap, under the
  events; the strips between neighbouring outlines are filled, and region (admin-1)
  borders show as thin dashed lines once zoomed in (see render.basemap).
* Sharing.  A map is a file people pass on: documents are named by file name, not by
  the path they had on the author's disk, unless ``source_paths`` is set.
* Safety.  Document text reaches the page only inside a ``<script type="application/json">``
  block with ``< > &`` U+2028/9 escaped, and the script builds popups, lists and tooltips
  with textContent, never innerHTML.  The page passes through no template engine, so
  ``{{ ... }}`` in document text stays text (see page.write_page).
"""
from __future__ import annotations

import io
import json
import os
import re
from collections.abc import Iterable
from functools import lru_cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any, TextIO

from geoevents.contract import SkipHandler, warn_skipped
from geoevents.io import atomic_output

if TYPE_CHECKING:
    from geoevents.render.data import Prepared

__all__ = ["map_html", "render_map", "write_map", "default_title", "bundled_countries"]


def map_html(features: Iterable[dict[str, Any]], documents: list[dict[str, Any]], *,
             title: str | None = None, cdn: bool = False,
             countries: dict[str, Any] | None = None, source_paths: bool = False,
             labels: bool = True, on_skip: SkipHandler = warn_skipped) -> str:
    """The whole HTML page for ``features`` (contract GeoJSON Features).

    ``countries`` is a GeoJSON FeatureCollection of outlines; by default the gazetteer's
    bundled ``countries.geojson`` (none drawn when that file is absent), with the strips
    between neighbours filled and, zoomed in, the region borders drawn.  ``labels``: embed
    gazetteer place names near the events.  ``source_paths``: keep each document's full
    path (default: its file name only).  A feature whose properties do not fit the
    contract is left out and reported to ``on_skip``.
    """
    from geoevents.render.data import prepare

    out = io.StringIO()
    write_map(out, prepare(features, on_skip, compact=True), documents, title=title, cdn=cdn,
              countries=countries, source_paths=source_paths, labels=labels)
    return out.getvalue()


def render_map(features: Iterable[dict[str, Any]], documents: list[dict[str, Any]],
               out_path: str | os.PathLike[str], *, title: str | None = None, cdn: bool = False,
               countries: dict[str, Any] | None = None, source_paths: bool = False,
               labels: bool = True, on_skip: SkipHandler = warn_skipped) -> None:
    """Write :func:`map_html` to ``out_path`` atomically (``-`` for stdout), a piece at a
    time: the page is never held whole in memory.

    ``features`` may be an iterator that fills ``documents`` as it goes (as the event
    readers do): the documents are read once the features are all in.
    """
    from geoevents.render.data import prepare

    prepared = prepare(features, on_skip, compact=True)
    with atomic_output(out_path) as handle:
        write_map(handle, prepared, documents, title=title, cdn=cdn, countries=countries,
                  source_paths=source_paths, labels=labels)


def write_map(out: TextIO, prepared: Prepared, documents: list[dict[str, Any]], *,
              title: str | None = None, cdn: bool = False,
              countries: dict[str, Any] | None = None, source_paths: bool = False,
              labels: bool = True) -> None:
    """Write the page of already prepared records (render.data.prepare) to ``out``."""
    from geoevents.render.basemap import admin1_for, border_gaps, labels_for
    from geoevents.render.page import write_page

    docs = [_document(d, source_paths) for d in documents if isinstance(d, dict)]
    # the bundled outlines go in as the compact text they are cached as: no parse, no dump
    outlines: dict[str, Any] | str | None = countries if countries is not None else _countries_text()
    page_title = title if title else default_title(docs)
    bundled = countries is None and outlines is not None
    basemap = {"labels": labels_for(prepared.records) if labels else None,
               # the gaps and the region borders belong to the bundled outlines (the lines
               # were clipped to them): other outlines have their own
               "gaps": border_gaps() if bundled else None,
               "admin1": admin1_for(prepared.records) if bundled else None}
    write_page(out, prepared, docs, page_title, outlines, cdn, basemap=basemap)


def default_title(documents: list[dict[str, Any]]) -> str:
    """A page title from the documents: the first title, and how many more there are."""
    titles = [str(d["title"]).strip() for d in documents if d.get("title")]
    if not titles:
        ids = [str(d["doc_id"]) for d in documents if d.get("doc_id")]
        return f"Events from {ids[0]}" if len(ids) == 1 else "geoevents map"
    if len(documents) == 1:
        doc_id = documents[0].get("doc_id")
        return f"{titles[0]} ({doc_id})" if doc_id and doc_id not in titles[0] else titles[0]
    return f"{titles[0]} and {len(documents) - 1} more document{'s' if len(documents) > 2 else ''}"


def _document(doc: dict[str, Any], source_paths: bool = False) -> dict[str, Any]:
    keys = ("doc_id", "doc_date", "title", "path", "sha256")
    out = {k: (str(doc[k]) if doc.get(k) not in (None, "") else None) for k in keys}
    if out["path"] and not source_paths:
        out["path"] = file_name(out["path"])
    return out


def file_name(path: str) -> str:
    """The last part of a path written on any system (``/home/a/r.txt``, ``C:\\r\\r.txt``):
    what a shared map shows instead of the folders of the author's disk."""
    name = re.split(r"[\\/]", path.rstrip("\\/"))[-1]
    return name or path


def bundled_countries() -> dict[str, Any] | None:
    """Country outlines shipped with the gazetteer, or None when they are not installed."""
    text = _countries_text()
    return json.loads(text) if text is not None else None


@lru_cache(maxsize=1)
def _countries_text() -> str | None:
    try:
        resource = files("gazetteer").joinpath("data", "countries.geojson")
        raw = json.loads(resource.read_text(encoding="utf-8"))
    except (ModuleNotFoundError, FileNotFoundError, NotADirectoryError, json.JSONDecodeError):
        return None
    return json.dumps(_slim_outlines(raw), separators=(",", ":"))


def _slim_outlines(collection: dict[str, Any]) -> dict[str, Any]:
    """Keep name/iso_a2 and three decimals (~100 m): outlines are context, not data."""
    def rounded(value: Any) -> Any:
        if isinstance(value, list):
            return [rounded(v) for v in value]
        return round(value, 3) if isinstance(value, float) else value

    features = []
    for feature in collection.get("features", []):
        geometry = feature.get("geometry")
        if not isinstance(geometry, dict):
            continue
        props = feature.get("properties") or {}
        features.append({"type": "Feature",
                         "properties": {"name": props.get("name"), "iso_a2": props.get("iso_a2")},
                         "geometry": {"type": geometry.get("type"),
                                      "coordinates": rounded(geometry.get("coordinates"))}})
    return {"type": "FeatureCollection", "features": features}
