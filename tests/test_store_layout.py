"""The event store's compact layout: a store of the earlier layout (each event's Feature
JSON in its row) is converted on opening and reads exactly as a store written anew;
geoevents versions from before refuse a compact store and leave it alone; a body gives
back every Feature exactly; events at one place share one bounding box; reprocessed
content keeps the paths that hold it."""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from geoevents import __version__, store as store_module
from geoevents.filters import spec_from_options
from geoevents.store import open_store
from test_store import event, result

# The layout before this one, verbatim from geoevents/store.py and store_links.py.
EARLIER_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents(
    sha256 TEXT PRIMARY KEY, doc_id TEXT, doc_date TEXT, size INTEGER,
    version TEXT NOT NULL, added TEXT NOT NULL, summary TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS paths(path TEXT PRIMARY KEY, sha256 TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS paths_sha ON paths(sha256);
CREATE TABLE IF NOT EXISTS events(
    event_key INTEGER PRIMARY KEY, sha256 TEXT NOT NULL, ordinal INTEGER NOT NULL,
    id TEXT, event_type TEXT NOT NULL, status TEXT, start TEXT, "end" TEXT,
    country_code TEXT, place_id TEXT, kg REAL, cluster INTEGER NOT NULL, feature TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS events_doc ON events(sha256, ordinal);
CREATE INDEX IF NOT EXISTS events_start ON events(start);
CREATE INDEX IF NOT EXISTS events_end ON events("end");
CREATE INDEX IF NOT EXISTS events_type ON events(event_type);
CREATE INDEX IF NOT EXISTS events_country ON events(country_code);
CREATE INDEX IF NOT EXISTS events_cluster ON events(cluster);
CREATE TABLE IF NOT EXISTS event_countries(
    country_code TEXT NOT NULL, event_key INTEGER NOT NULL, PRIMARY KEY(country_code, event_key))
    WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS event_countries_key ON event_countries(event_key);
CREATE TABLE IF NOT EXISTS event_drugs(event_key INTEGER NOT NULL, substance TEXT NOT NULL, kg REAL);
CREATE INDEX IF NOT EXISTS event_drugs_key ON event_drugs(event_key);
CREATE VIRTUAL TABLE IF NOT EXISTS event_bbox USING rtree(event_key, min_lon, max_lon, min_lat, max_lat);
"""
EARLIER_LINKS = """
CREATE TABLE IF NOT EXISTS event_links(
    event_type TEXT NOT NULL, place_id TEXT NOT NULL, kg REAL NOT NULL,
    event_key INTEGER NOT NULL, substance TEXT NOT NULL,
    start TEXT NOT NULL, "end" TEXT NOT NULL, doc INTEGER NOT NULL,
    PRIMARY KEY(event_type, place_id, kg, event_key, substance)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS event_links_key ON event_links(event_key, doc, start, "end");
"""


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def corners(geometry: dict | None) -> tuple[float, float, float, float] | None:
    if not geometry:
        return None
    coords = geometry["coordinates"]
    points = [coords] if geometry["type"] == "Point" else coords
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    return min(lons), max(lons), min(lats), max(lats)


def earlier_store(path: Path, results: list, aliases: dict[str, str],
                  groups: list[list[tuple[int, int]]], schema: str) -> None:
    """A store as the earlier geoevents wrote it: rows as its put made them, ``groups``
    (of (document, ordinal)) linked; schema "1" has no link table, an older index."""
    conn = sqlite3.connect(path)
    conn.executescript(EARLIER_SCHEMA + (EARLIER_LINKS if schema == "2" else
                                         "CREATE INDEX events_link ON events(event_type, place_id, start);"))
    conn.execute("INSERT INTO meta VALUES ('schema', ?)", (schema,))
    key, keys = 0, {}
    for at, r in enumerate(results):
        doc = conn.execute("INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?)", (
            r.sha256, r.document["doc_id"], r.document["doc_date"], r.size, __version__,
            "2026-01-01T00:00:00+00:00", dumps(r.document))).lastrowid
        conn.execute("INSERT INTO paths VALUES (?, ?)", (r.path, r.sha256))
        for ordinal, feature in enumerate(r.features):
            key += 1
            keys[at, ordinal] = key
            p = feature["properties"]
            start = p.get("start") or p.get("end")
            end = p.get("end") or start
            masses = [d["kg"] for d in p["drugs"] if d.get("kg") is not None]
            kg = sum(masses) if masses else None
            conn.execute("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", (
                key, r.sha256, ordinal, p["id"], p["event_type"], p["status"], start, end,
                p["country_code"], p["place_id"], kg, key, dumps(feature)))
            codes = set(p["countries"]) | ({p["country_code"]} if p["country_code"] else set())
            conn.executemany("INSERT INTO event_countries VALUES (?, ?)", ((c, key) for c in codes))
            conn.executemany("INSERT INTO event_drugs VALUES (?, ?, ?)",
                             ((key, d["substance"], d["kg"]) for d in p["drugs"]))
            box = corners(feature["geometry"])
            if box:
                conn.execute("INSERT INTO event_bbox VALUES (?, ?, ?, ?, ?)", (key, *box))
            if schema == "2" and p["status"] == "reported" and start and p["place_id"] and kg:
                conn.executemany("INSERT INTO event_links VALUES (?, ?, ?, ?, ?, ?, ?, ?)", (
                    (p["event_type"], p["place_id"], kg, key, d["substance"], start, end, doc)
                    for d in p["drugs"] if d["kg"] is not None))
    for sha_path, sha in aliases.items():
        conn.execute("INSERT INTO paths VALUES (?, ?)", (sha_path, sha))
    for group in groups:
        members = [keys[m] for m in group]
        conn.executemany("UPDATE events SET cluster=? WHERE event_key=?",
                         ((min(members), k) for k in members))
    conn.commit()
    conn.close()


def corpus() -> tuple[list, dict[str, str], list[list[tuple[int, int]]]]:
    """Three documents: a seizure reported twice (linked), a route, an undated event, a
    planned seizure, a second path holding the first document."""
    a = [event("A", "seizure", "2008-05-14", place="shymkent", drugs=(("heroin", 537.0),)),
         event("A", "arrest", "2008-05-20", place="osh", countries=("KZ",), at=30)]
    b = [event("B", "seizure", "2008-05-01", "2008-05-31", place="shymkent",
               drugs=(("heroin", 540.0),), paragraph=4),
         event("B", "route", "2008-04-01", "2008-04-30", route=("termez", "osh", "shymkent"), at=50)]
    c = [event("C", "other", None, at=5),
         event("C", "seizure", "2008-06-02", place="osh", drugs=(("opium", 12.0),), status="planned")]
    results = [result("a.txt", "A", a), result("b.txt", "B", b, doc_date="2008-12-02"),
               result("c.txt", "C", c, doc_date="2008-11-30")]
    return results, {"copy/a.txt": results[0].sha256}, [[(0, 0), (1, 0)]]


SPECS = [{}, {"types": ["seizure"]}, {"countries": ["KZ"]}, {"drugs": ["opiates"]},
         {"bbox": "72,40,73,41"}, {"date_from": "2008-05", "date_to": "2008-05"}]


def everything(store) -> dict[str, Any]:
    shas = sorted(r[0] for r in store.conn.execute("SELECT sha256 FROM documents"))
    return {"queries": [[dumps(f) for f in store.query(spec_from_options(**s))] for s in SPECS],
            "features": [[dumps(f) for f in store.features(sha)] for sha in shas],
            "documents": store.documents(shas), "counts": store.counts(),
            "paths": store.conn.execute("SELECT path, sha256 FROM paths ORDER BY path").fetchall()}


@pytest.mark.parametrize("schema", ["1", "2"])
def test_a_store_of_the_earlier_layout_is_converted_and_reads_as_one_written_anew(
        tmp_path: Path, schema: str):
    results, aliases, groups = corpus()
    with open_store(tmp_path / "anew.sqlite") as store:
        for r in results:
            store.put(r)
        for path, sha in aliases.items():
            store.current(path, sha)
        want = everything(store)
    old = tmp_path / "old.sqlite"
    earlier_store(old, results, aliases, groups, schema)
    before = old.stat().st_size
    with open_store(old) as store:
        assert everything(store) == want
        assert store.conn.execute("SELECT value FROM meta WHERE key='schema'").fetchone() == ("2",)
        assert "feature" not in {r[1] for r in store.conn.execute("PRAGMA table_info(events)")}
        assert store.current("copy/a.txt", results[0].sha256) == results[0].document
        # It goes on as a store: B changes and no longer reports the seizure.
        store.put(result("b.txt", "B", [event("B", "arrest", "2008-05-02")], sha="B2".ljust(64, "0")))
        assert store.counts() == {"documents": 3, "events": 5, "linked_groups": 0}
    assert old.stat().st_size < before  # the space the Features' JSON took is given back
    with open_store(old) as store:  # and opens again as it is
        assert store.counts()["events"] == 5


def test_an_earlier_geoevents_refuses_a_compact_store_and_leaves_it_as_it_was(tmp_path: Path):
    db = tmp_path / "s.sqlite"
    with open_store(db) as store:
        store.put(result("a.txt", "A", [event("A", "arrest", "2008-01-02", place="osh")]))
    conn = sqlite3.connect(db, isolation_level=None)
    schema = conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()
    conn.execute("BEGIN IMMEDIATE")  # what the earlier EventStore did on opening
    # It indexes paths (a view now) and events.country_code (gone): it fails at once.
    with pytest.raises(sqlite3.OperationalError, match="views may not be indexed|country_code"):
        for statement in (EARLIER_SCHEMA + EARLIER_LINKS).split(";"):
            if statement.strip():
                conn.execute(statement)
    conn.execute("ROLLBACK")
    assert conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall() == schema
    conn.close()


def test_every_feature_comes_back_exactly_whatever_its_id_dates_and_time(tmp_path: Path):
    plain = event("A", "seizure", "2008-05-14", place="osh", drugs=(("heroin", 5.0),))
    features = [plain, {**plain, "id": "not-the-property-id"}]
    no_time = json.loads(dumps(plain))
    del no_time["time"]
    end_only = json.loads(dumps(plain))
    end_only["properties"]["start"] = None
    end_only["properties"]["end"] = "2008-05-03"
    other_time = {**plain, "time": {"date": "1999-01-01"}}
    number_id = {**plain, "id": 7, "properties": {**plain["properties"], "id": 7}}
    empty_id = {**plain, "id": "", "properties": {**plain["properties"], "id": ""}}
    text = {**plain, "properties": {**plain["properties"], "sentence": "Изъято\nгероин \"5 кг\"",
                                    "start": "2008-05-01", "end": "2008-05-31"}}
    features += [no_time, end_only, other_time, number_id, empty_id, text,
                 event("A", "other", None, at=9)]
    want = [dumps(f) for f in features]
    with open_store(tmp_path / "s.sqlite") as store:
        store.put(result("a.txt", "A", features))
        assert [dumps(f) for f in store.features("A-sha".ljust(64, "0"))] == want
        exported = []
        for f in store.query():
            del f["properties"]["sources"]
            exported.append(dumps(f))
        assert sorted(exported) == sorted(want)


def test_events_at_one_place_share_a_box_and_a_box_goes_with_its_last_event(tmp_path: Path):
    def boxes(store) -> int:
        return store.conn.execute("SELECT COUNT(*) FROM event_bbox").fetchone()[0]

    osh = [event("A", "seizure", "2008-05-14", place="osh", drugs=(("heroin", 5.0 + i),), at=i)
           for i in range(3)]
    with open_store(tmp_path / "s.sqlite") as store:
        store.put(result("a.txt", "A", [*osh, event("A", "arrest", "2008-05-15", place="termez")]))
        assert boxes(store) == 2
        store.put(result("b.txt", "B", [event("B", "arrest", "2008-05-16", place="osh"),
                                        event("B", "route", "2008-05-01", route=("termez", "osh"))]))
        assert boxes(store) == 3  # Osh, Termez, the route's box
        spec = spec_from_options(bbox="72,40,73,41")  # around Osh: its events and the route
        assert sorted(f["properties"]["doc_id"] + f["properties"]["event_type"]
                      for f in store.query(spec)) == ["Aseizure"] * 3 + ["Barrest", "Broute"]
        store.put(result("a.txt", "A", [event("A", "arrest", "2008-05-15", place="khorog")],
                         sha="A2".ljust(64, "0")))
        assert boxes(store) == 3  # Termez went with A's arrest there, Khorog came
        store.put(result("b.txt", "B", [event("B", "other", None)], sha="B2".ljust(64, "0")))
        assert boxes(store) == 1
        assert [f["properties"]["place"] for f in store.query(spec_from_options(bbox="70,36,73,39"))
                ] == ["Khorog"]


def test_content_processed_again_keeps_every_path_that_holds_it(tmp_path: Path, monkeypatch):
    sha = "A-sha".ljust(64, "0")
    with open_store(tmp_path / "s.sqlite") as store:
        store.put(result("a.txt", "A", [event("A", "arrest", "2008-01-02", place="osh")]))
        store.current("b.txt", sha)
        monkeypatch.setattr(store_module, "__version__", "999")
        assert store.current("a.txt", sha) is None
        store.put(result("a.txt", "A", [event("A", "arrest", "2008-01-03", place="osh")]))
        assert store.conn.execute("SELECT path, sha256 FROM paths ORDER BY path").fetchall() == [
            ("a.txt", sha), ("b.txt", sha)]
        assert store.current("b.txt", sha)["doc_id"] == "A"
        assert [f["properties"]["start"] for f in store.features(sha)] == ["2008-01-03"]
        assert store.counts() == {"documents": 1, "events": 1, "linked_groups": 0}


def test_a_summary_longer_than_the_first_inflated_block_comes_back_whole(tmp_path: Path):
    long = result("a.txt", "A", [event("A", "arrest", "2008-01-02", place="osh")])
    long.document["title"] = "Ж" * 3000  # 6000 bytes: the summary spans several blocks
    with open_store(tmp_path / "s.sqlite") as store:
        store.put(long)
        assert store.current("a.txt", long.sha256) == long.document
        assert store.documents([long.sha256]) == [long.document]
