"""Events from any input that holds them, recognised by content (see geoevents.sniff).

GeoJSON and text sequences go through geoevents.reader, a CSV export through
geoevents.csv_events, an SQLite event store through its query.  A store is asked with
the date filter widened to overlap (``spec.overlapping()``), so the caller's own check
can tell events outside the range from those dated only more coarsely than it, and
say how many of those it left out.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from geoevents.contract import SkipHandler, warn_skipped
from geoevents.errors import InputError
from geoevents.filters import FilterSpec
from geoevents.sniff import EVENT_FORMATS, Kind, sniff

if TYPE_CHECKING:
    from geoevents.reader import Prefilter

EVENT_KINDS: tuple[Kind, ...] = ("geojson", "geojsonseq", "csv", "store")


def read_any_events(path: str, documents: list[dict[str, Any]] | None = None, *,
                    kind: Kind | None = None, spec: FilterSpec | None = None,
                    on_skip: SkipHandler = warn_skipped,
                    prefilter: Prefilter | None = None) -> Iterator[dict[str, Any]]:
    """The Features of ``path``; ``documents`` is complete once the iterator is.

    A report (text or a directory) is an InputError: only commands that extract
    (`map`, `extract`) read those.  ``spec`` narrows a store's query (others are read
    whole: the caller filters).  ``prefilter`` reaches the GeoJSON reader (see
    :func:`geoevents.reader.read_events`); other inputs yield every event whole.
    """
    kind = kind or sniff(path)
    if kind in ("geojson", "geojsonseq"):
        from geoevents.reader import read_events

        return read_events(path, documents, on_skip=on_skip, prefilter=prefilter)
    if kind == "csv":
        from geoevents.csv_events import read_csv_events

        return read_csv_events(path, documents, on_skip=on_skip)
    if kind == "store":
        return _store_events(path, documents, spec)
    shown = "<stdin>" if path == "-" else path
    raise InputError(shown, f"a {'directory' if kind == 'reports' else 'text report'}, not "
                            f"events (expected {EVENT_FORMATS}; "
                            "`geoevents extract` makes events from reports)")


def overlapping(spec: FilterSpec) -> FilterSpec:
    """``spec`` with its date range widened to any overlap (the caller then tells the
    coarsely dated events apart with the original spec)."""
    return dataclasses.replace(spec, within=False) if spec.within else spec


def _store_events(path: str, documents: list[dict[str, Any]] | None,
                  spec: FilterSpec | None) -> Iterator[dict[str, Any]]:
    from geoevents.store import open_store

    with open_store(path, create=False) as store:
        cited: set[str] = set()
        for feature in store.query(overlapping(spec or FilterSpec())):
            cited.update(s["sha256"] for s in feature["properties"].get("sources", []))
            yield feature
        if documents is not None:
            documents.extend(store.documents(cited))
