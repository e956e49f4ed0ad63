"""The SQLite event store behind ``extract --db`` and ``export --db`` (standard library sqlite3).

Documents are keyed by the sha256 of their bytes; each input path points at the content
it had when last processed.  A re-run skips a path whose content (and geoevents version)
is unchanged and replaces the events of one whose content changed.  Every document is
written in one transaction, so an interrupted run leaves a consistent store and the next
run resumes where it stopped.  Events keep their whole GeoJSON Feature plus indexed
columns (start, end, event_type, country_code; an R*Tree on the geometry's bounding box)
so filters run as SQL.

Linking (the same event reported by several documents): two events of *different*
documents are the same event when all of these hold —
  * the same event_type, and both have status "reported";
  * their [start, end] date intervals overlap;
  * the same resolved place_id;
  * a substance in common (the same name, or one name a word of the other: "opium"
    and "raw opium", not "heroin" and "opium");
  * the same total seized mass: both have kg, and |a - b| <= 1% of the larger.
Links are transitive (single linkage): the linked events form one group, exported as
one Feature whose ``sources`` list every report's provenance (doc_id, doc_date,
paragraph, sentence, char offsets, id).  Events without a mass, a place or a date are
never linked: too little to tell two reports of one event from two events.  The rule runs
on a narrow table of its own (geoevents.store_links), so storing or replacing a document
costs in proportion to its events and the groups they join, not to the store.
"""
from __future__ import annotations

import contextlib
import json
import math
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from geoevents import __version__, store_links
from geoevents.errors import GeoeventsError
from geoevents.filters import DRUG_FAMILIES, FilterSpec
from geoevents.store_links import KG_TOLERANCE  # noqa: F401  (part of this module's API)

SCHEMA_VERSION = "2"  # 2: the event_links table (a schema-1 store is upgraded on opening)
_SCHEMA = """
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
""" + store_links.SCHEMA


@contextlib.contextmanager
def open_store(path: str | Path, *, create: bool = True) -> Iterator[EventStore]:
    """An :class:`EventStore` on ``path``, closed on exit (``create=False``: must exist)."""
    store = EventStore(path, create=create)
    try:
        yield store
    finally:
        store.close()


class EventStore:
    """Documents, their events and the links between events, in one SQLite file."""

    def __init__(self, path: str | Path, *, create: bool = True) -> None:
        self.path = str(path)
        if not create and not Path(path).is_file():
            raise GeoeventsError(f"{path}: no such event store (create one with extract --db)")
        # Looked at read-only first: setting WAL mode or the schema would already change
        # a file that is not a store (a text file, someone else's database).
        if not _probe_store(path) and not create:
            raise GeoeventsError(f"{path}: not a geoevents event store "
                                 "(create one with extract --db)")
        try:
            self.conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            with self._transaction():
                schema = self._create_or_upgrade()
        except sqlite3.DatabaseError as exc:
            raise GeoeventsError(f"{path}: cannot use as an event store ({exc})") from None
        if schema != SCHEMA_VERSION:
            raise GeoeventsError(f"{path}: event store schema {schema}, this geoevents "
                                 f"reads {SCHEMA_VERSION}")

    def close(self) -> None:
        self.conn.close()

    def _create_or_upgrade(self) -> str:
        """Create what is missing; a new store gets the current schema, a schema-1 store
        is upgraded (in the caller's transaction, so no reader sees it half done)."""
        _execute_script(self.conn, _SCHEMA)
        self.conn.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
        schema = self.conn.execute("SELECT value FROM meta WHERE key='schema'").fetchone()[0]
        if schema == "1":
            _execute_script(self.conn, store_links.MIGRATE_FROM_1)
            self.conn.execute("UPDATE meta SET value=? WHERE key='schema'", (SCHEMA_VERSION,))
            schema = SCHEMA_VERSION
        return str(schema)

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            if self.conn.in_transaction:  # SQLite may have rolled back already (disk full)
                self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    # --- documents -------------------------------------------------------------------

    def current(self, path: str, sha256: str) -> dict[str, Any] | None:
        """The stored summary when ``sha256`` was processed by this geoevents version
        (then ``path`` now points at it); None when the document must be processed."""
        path = _path_key(path, sha256)
        row = self.conn.execute("SELECT summary, version FROM documents WHERE sha256=?",
                                (sha256,)).fetchone()
        if row is None or row[1] != __version__:
            return None
        old = self.conn.execute("SELECT sha256 FROM paths WHERE path=?", (path,)).fetchone()
        if old is None or old[0] != sha256:
            with self._transaction():
                self.conn.execute("INSERT OR REPLACE INTO paths VALUES (?, ?)", (path, sha256))
                if old is not None:
                    self._drop_if_orphan(old[0])
        return json.loads(row[0])

    def put(self, result: Any) -> None:
        """Store one processed document (a :class:`geoevents.batch.DocResult`) in one
        transaction: replace what its path held before, insert and link its events."""
        summary = result.document
        sha = result.sha256 or summary["sha256"]
        path = _path_key(result.path, sha)
        with self._transaction():
            old = self.conn.execute("SELECT sha256 FROM paths WHERE path=?", (path,)).fetchone()
            self._delete_document(sha)  # the same content processed again (new version)
            doc = self.conn.execute(
                "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?)",
                (sha, summary.get("doc_id"), summary.get("doc_date"), result.size, __version__,
                 datetime.now(timezone.utc).isoformat(timespec="seconds"), _dumps(summary))
            ).lastrowid
            self.conn.execute("INSERT OR REPLACE INTO paths VALUES (?, ?)", (path, sha))
            keys = [self._insert_event(sha, int(doc), ordinal, f)
                    for ordinal, f in enumerate(result.features)]
            for key in keys:
                self._link(key)
            if old is not None and old[0] != sha:
                self._drop_if_orphan(old[0])

    def features(self, sha256: str) -> Iterator[dict[str, Any]]:
        """A document's Features as extract wrote them, in their original order."""
        rows = self.conn.execute("SELECT feature FROM events WHERE sha256=? ORDER BY ordinal",
                                 (sha256,))
        return (json.loads(row[0]) for row in rows)

    def documents(self, shas: Iterable[str]) -> list[dict[str, Any]]:
        """Summaries of the given documents, by date then doc_id."""
        found = []
        for sha in sorted(set(shas)):
            row = self.conn.execute("SELECT summary FROM documents WHERE sha256=?", (sha,)).fetchone()
            if row:
                found.append(json.loads(row[0]))
        return sorted(found, key=lambda d: (d.get("doc_date") or "", d.get("doc_id") or ""))

    def counts(self) -> dict[str, int]:
        """Documents, events and linked groups (of two or more events) in the store."""
        one = lambda sql: self.conn.execute(sql).fetchone()[0]  # noqa: E731
        return {"documents": one("SELECT COUNT(*) FROM documents"),
                "events": one("SELECT COUNT(*) FROM events"),
                "linked_groups": one("SELECT COUNT(*) FROM (SELECT cluster FROM events "
                                     "GROUP BY cluster HAVING COUNT(*) > 1)")}

    def _drop_if_orphan(self, sha: str) -> None:
        if self.conn.execute("SELECT 1 FROM paths WHERE sha256=?", (sha,)).fetchone() is None:
            self._delete_document(sha)

    def _delete_document(self, sha: str) -> None:
        rows = self.conn.execute("SELECT event_key, cluster FROM events WHERE sha256=?",
                                 (sha,)).fetchall()
        keys = [key for key, _ in rows]
        store_links.delete(self.conn, keys)
        for table in ("event_bbox", "event_countries", "event_drugs", "events"):
            self.conn.executemany(f"DELETE FROM {table} WHERE event_key=?", ((k,) for k in keys))
        self.conn.execute("DELETE FROM documents WHERE sha256=?", (sha,))
        # Groups that lost members are regrouped: a removed event may have been the only
        # bridge between the others.  Groups the document had no part in are untouched.
        for cluster in sorted({cluster for _, cluster in rows}):
            self._regroup(cluster)

    def _regroup(self, cluster: int) -> None:
        """Split what is left of group ``cluster`` into the groups the rule makes of it.

        Labels stay unique because a label is either the key of a member of its own
        group or the key of a deleted event (keys are never reused while they label a
        group, see _insert_event).  So the part holding the label's event keeps the
        label; if that event is gone, the largest part keeps it; any other part takes
        its smallest key.  Relabelling rewrites rows, so the common case -- one document
        of N reports of one event replaced -- rewrites none."""
        parts = store_links.components(self.conn, cluster)
        if not parts:
            return
        keep = next((p for p in parts if cluster in p), None) or max(parts, key=len)
        for part in parts:
            if part is not keep:
                self.conn.executemany("UPDATE events SET cluster=? WHERE event_key=?",
                                      ((part[0], key) for key in part))

    # --- events ----------------------------------------------------------------------

    def _insert_event(self, sha: str, doc: int, ordinal: int, feature: Mapping[str, Any]) -> int:
        props = feature.get("properties") or {}
        start = props.get("start") or props.get("end")
        end = props.get("end") or start
        etype, status = props.get("event_type") or "other", props.get("status") or "reported"
        drugs = [d for d in props.get("drugs") or [] if isinstance(d, Mapping)]
        masses = [d["kg"] for d in drugs if _number(d.get("kg")) and d.get("class") != "precursor"]
        kg = sum(masses) if masses else None
        # Chosen here, not by SQLite, so the row is written once, already labelled as
        # its own group (an UPDATE would rewrite the whole Feature), and above every
        # group label too: a group may keep the label of a deleted event (_regroup).
        key = int(self.conn.execute(
            "SELECT COALESCE(MAX((SELECT MAX(event_key) FROM events), "
            "(SELECT MAX(cluster) FROM events)), 0) + 1").fetchone()[0])
        self.conn.execute(
            "INSERT INTO events (event_key, sha256, ordinal, id, event_type, status, start, "
            "\"end\", country_code, place_id, kg, cluster, feature) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (key, sha, ordinal, props.get("id", feature.get("id")), etype, status, start, end,
             (props.get("country_code") or "").upper() or None, props.get("place_id"),
             kg, key, _dumps(feature)))
        codes = {str(c).upper() for c in props.get("countries") or [] if c}
        if props.get("country_code"):
            codes.add(str(props["country_code"]).upper())
        self.conn.executemany("INSERT OR IGNORE INTO event_countries VALUES (?, ?)",
                              ((cc, key) for cc in sorted(codes)))
        self.conn.executemany("INSERT INTO event_drugs VALUES (?, ?, ?)", (
            (key, str(d.get("substance")).lower().strip(), d["kg"] if _number(d.get("kg")) else None)
            for d in drugs))
        box = _bbox(feature.get("geometry"))
        if box is not None:
            self.conn.execute("INSERT INTO event_bbox VALUES (?, ?, ?, ?, ?)", (key, *box))
        facts = store_links.facts_of(status, start, end, props.get("place_id"), kg, (
            str(d.get("substance")).lower().strip() for d in drugs if _number(d.get("kg"))))
        if facts is not None:
            store_links.insert(self.conn, key, doc, etype, props["place_id"], facts)
        return key

    def _link(self, key: int) -> None:
        """Join ``key``'s group with the groups of the same event in other documents,
        under the label of the largest (its rows are not rewritten: union by size)."""
        mine = store_links.own(self.conn, key)
        if mine is None:
            return  # the rule never links this event
        groups = store_links.linked_groups(self.conn, *mine)
        groups.add(self.conn.execute("SELECT cluster FROM events WHERE event_key=?",
                                     (key,)).fetchone()[0])
        if len(groups) < 2:
            return
        size = {g: self.conn.execute("SELECT COUNT(*) FROM events WHERE cluster=?",
                                     (g,)).fetchone()[0] for g in groups}
        target = max(sorted(groups), key=size.__getitem__)
        for group in sorted(groups - {target}):
            self.conn.execute("UPDATE events SET cluster=? WHERE cluster=?", (target, group))

    # --- queries ---------------------------------------------------------------------

    def query(self, spec: FilterSpec = FilterSpec()) -> Iterator[dict[str, Any]]:
        """Matching events in (doc_date, doc_id, order in document) order, a linked group
        once (at its first matching member) with every member in ``sources``.

        SQL does the selecting; each candidate is confirmed with ``spec.matches`` so the
        result is exactly what ``geoevents filter`` keeps (the R*Tree only narrows bbox
        queries to events whose bounding box touches the box)."""
        where, params = spec_sql(spec)
        rows = self.conn.execute(
            "SELECT e.cluster, e.feature, d.summary "
            f"FROM events e JOIN documents d ON d.sha256 = e.sha256 WHERE {where} "
            "ORDER BY d.doc_date, d.doc_id, e.sha256, e.ordinal", params)
        emitted: set[int] = set()
        for cluster, text, summary in rows:
            if cluster in emitted:
                continue
            feature = json.loads(text)
            if not spec.matches(feature):
                continue
            emitted.add(cluster)
            # Counted once per group written, not for each member row: a group of N
            # reports would otherwise cost N x N.
            size = self.conn.execute("SELECT COUNT(*) FROM events WHERE cluster=?",
                                     (cluster,)).fetchone()[0]
            if size > 1:
                members = self.conn.execute(
                    "SELECT e.feature, e.sha256 FROM events e JOIN documents d ON d.sha256 = e.sha256 "
                    "WHERE e.cluster=? ORDER BY d.doc_date, d.doc_id, e.sha256, e.ordinal", (cluster,))
                feature["properties"]["sources"] = [_source(json.loads(f), sha) for f, sha in members]
            else:
                feature["properties"]["sources"] = [_source(feature, json.loads(summary)["sha256"])]
            yield feature


def _probe_store(path: str | Path) -> bool:
    """True for an event store, False for a missing or empty file or an SQLite database
    without tables (a store may be made there); GeoeventsError for anything else.
    The file is opened read-only, so a refused file is left exactly as it was."""
    target = Path(path)
    try:
        if not target.exists() or target.stat().st_size == 0:
            return False
        conn = sqlite3.connect(target.resolve().as_uri() + "?mode=ro", uri=True, timeout=30)
    except (OSError, sqlite3.Error) as exc:
        raise GeoeventsError(f"{path}: cannot open as an event store ({exc})") from None
    with contextlib.closing(conn):
        try:
            tables = {row[0] for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table'")}
        except sqlite3.DatabaseError as exc:  # "file is not a database"
            raise GeoeventsError(f"{path}: not an SQLite database, so not an event store "
                                 f"({exc})") from None
    if not tables:
        return False
    if "meta" not in tables:
        raise GeoeventsError(f"{path}: an SQLite database, but not a geoevents event store")
    return True


def spec_sql(spec: FilterSpec) -> tuple[str, list[Any]]:
    """A WHERE clause over ``events e`` selecting what ``spec`` keeps (for bbox and
    multi-word drug names a superset, which :meth:`EventStore.query` then confirms)."""
    clauses: list[str] = ["1"]
    params: list[Any] = []
    if spec.dated:
        lo = spec.date_from.isoformat() if spec.date_from else "0000-01-01"
        hi = spec.date_to.isoformat() if spec.date_to else "9999-12-31"
        clauses.append("e.start IS NOT NULL")
        clauses.append("e.start >= ? AND e.\"end\" <= ?" if spec.within
                       else "e.start <= ? AND e.\"end\" >= ?")
        params += [lo, hi] if spec.within else [hi, lo]
    if spec.types:
        clauses.append(f"e.event_type IN ({_marks(spec.types)})")
        params += sorted(spec.types)
    if spec.countries:
        clauses.append("EXISTS (SELECT 1 FROM event_countries c WHERE c.event_key = e.event_key "
                       f"AND c.country_code IN ({_marks(spec.countries)}))")
        params += sorted(spec.countries)
    if spec.drugs or spec.min_kg is not None:
        drug, drug_params = _drug_sql(spec.drugs)
        clauses.append(f"EXISTS (SELECT 1 FROM event_drugs d WHERE d.event_key = e.event_key AND {drug})")
        params += drug_params
        if spec.min_kg is not None:
            clauses.append("(SELECT TOTAL(d.kg) FROM event_drugs d WHERE d.event_key = e.event_key "
                           f"AND {drug}) >= ?")
            params += [*drug_params, spec.min_kg]
    if spec.bbox is not None:
        west, south, east, north = spec.bbox
        boxes = [(west, east)] if west <= east else [(west, 180.0), (-180.0, east)]
        ors = " OR ".join("(max_lon >= ? AND min_lon <= ?)" for _ in boxes)
        clauses.append("e.event_key IN (SELECT event_key FROM event_bbox WHERE "
                       f"max_lat >= ? AND min_lat <= ? AND ({ors}))")
        params += [south, north, *(v for box in boxes for v in box)]
    return " AND ".join(clauses), params


def _drug_sql(wanted: frozenset[str]) -> tuple[str, list[Any]]:
    """d.substance matching any wanted name: the name, one of its words, or its family."""
    if not wanted:
        return "1", []
    ors: list[str] = []
    params: list[Any] = []
    for want in sorted(wanted):
        escaped = want.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        ors.append("d.substance = ? OR (' ' || d.substance || ' ') LIKE ? ESCAPE '\\'")
        params += [want, f"% {escaped} %"]
        family = sorted(DRUG_FAMILIES.get(want, ()))
        if family:
            ors.append(f"d.substance IN ({_marks(family)})")
            params += family
    return "(" + " OR ".join(ors) + ")", params


def _execute_script(conn: sqlite3.Connection, script: str) -> None:
    """Each statement of ``script`` (no ';' inside literals) in the current transaction:
    ``executescript`` would commit it first."""
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


def _marks(values: Iterable[Any]) -> str:
    return ", ".join("?" for _ in values)


def _path_key(path: str, sha: str) -> str:
    """Stdin has no lasting name: each content piped in is its own document."""
    return f"<stdin>:{sha}" if path in ("-", "<stdin>") else path


def _source(feature: Mapping[str, Any], sha: str) -> dict[str, Any]:
    props = feature.get("properties") or {}
    keys = ("id", "doc_id", "doc_date", "paragraph", "sentence", "char_start", "char_end",
            "start", "end")
    return {**{k: props.get(k) for k in keys}, "sha256": sha}


def _bbox(geometry: Mapping[str, Any] | None) -> tuple[float, float, float, float] | None:
    """(min_lon, max_lon, min_lat, max_lat) of every vertex, or None."""
    points: list[tuple[float, float]] = []

    def walk(coords: Any) -> None:
        if isinstance(coords, (list, tuple)) and len(coords) >= 2 and all(
                _number(c) for c in coords[:2]):
            points.append((float(coords[0]), float(coords[1])))
        elif isinstance(coords, (list, tuple)):
            for part in coords:
                walk(part)

    if geometry:
        for part in geometry.get("geometries") or [geometry]:
            walk(part.get("coordinates"))
    if not points:
        return None
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    return min(lons), max(lons), min(lats), max(lats)


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
