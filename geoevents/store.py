"""The SQLite event store behind ``extract --db`` and ``export --db`` (standard library sqlite3).

Documents are keyed by the sha256 of their bytes; each input path points at the content
it had when last processed.  A re-run skips a path whose content (and geoevents version)
is unchanged and replaces the events of one whose content changed.  Every document is
written in one transaction, so an interrupted run leaves a consistent store and the next
run resumes where it stopped.

Each document's Features are kept once, compressed together in its row (its body, see
geoevents.store_bodies); an event's row holds only what queries read -- its document,
id, type, dates, place_id, mass and group -- with an index on the dates, one on the
group and one on the bounding box, and side tables for countries and drugs, so filters
run as SQL.  Bounding boxes are kept once per place (the events at a place share one)
in an R*Tree.  A document's events have consecutive keys, so the document's row names
them without an index.  This keeps a store about twice the size of its input text,
where a Feature's JSON per event row and six indexes made it nine times.

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
import functools
import json
import math
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from geoevents import __version__, store_bodies, store_links
from geoevents.errors import GeoeventsError
from geoevents.filters import DRUG_FAMILIES, FilterSpec
from geoevents.store_links import KG_TOLERANCE  # noqa: F401  (part of this module's API)

# Schema 2 (the event_links table; a schema-1 store is upgraded on opening) in its compact
# layout.  A store of the earlier layout of schema 2 -- each event's Feature JSON in its
# row -- is told by its events.feature column and converted on opening.  geoevents
# versions from before this layout refuse a compact store on opening, with nothing
# changed: their schema script indexes paths (now a view) and events.country_code (gone).
SCHEMA_VERSION = "2"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents(
    sha256 TEXT PRIMARY KEY, doc_id TEXT, doc_date TEXT, size INTEGER,
    version TEXT NOT NULL, added TEXT NOT NULL,
    first_key INTEGER NOT NULL, event_count INTEGER NOT NULL, body BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS document_paths(path TEXT PRIMARY KEY, doc INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS document_paths_doc ON document_paths(doc);
CREATE VIEW IF NOT EXISTS paths AS
    SELECT p.path, d.sha256 FROM document_paths p JOIN documents d ON d.rowid = p.doc;
CREATE TABLE IF NOT EXISTS events(
    event_key INTEGER PRIMARY KEY, doc INTEGER NOT NULL, ordinal INTEGER NOT NULL,
    id TEXT, event_type TEXT NOT NULL, status TEXT, start TEXT, "end" TEXT,
    place_id TEXT, kg REAL, cluster INTEGER NOT NULL, box INTEGER);
CREATE INDEX IF NOT EXISTS events_dates ON events(start, "end");
CREATE INDEX IF NOT EXISTS events_cluster ON events(cluster);
CREATE INDEX IF NOT EXISTS events_box ON events(box);
CREATE TABLE IF NOT EXISTS event_countries(
    event_key INTEGER NOT NULL, country_code TEXT NOT NULL, PRIMARY KEY(event_key, country_code))
    WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS event_drugs(
    event_key INTEGER NOT NULL, position INTEGER NOT NULL, substance TEXT NOT NULL, kg REAL,
    PRIMARY KEY(event_key, position)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS boxes(
    box INTEGER PRIMARY KEY, min_lon REAL NOT NULL, max_lon REAL NOT NULL, min_lat REAL NOT NULL,
    max_lat REAL NOT NULL, UNIQUE(min_lon, max_lon, min_lat, max_lat));
CREATE VIRTUAL TABLE IF NOT EXISTS event_bbox USING rtree(box, min_lon, max_lon, min_lat, max_lat);
""" + store_links.SCHEMA

Box = tuple[float, float, float, float]  # min_lon, max_lon, min_lat, max_lat


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
                schema, converted = self._create_or_upgrade()
            if converted:
                _vacuum(self.conn)
            self.dictionary = bytes(self.conn.execute(
                "SELECT value FROM meta WHERE key='dictionary'").fetchone()[0])
        except sqlite3.DatabaseError as exc:
            raise GeoeventsError(f"{path}: cannot use as an event store ({exc})") from None
        if schema != SCHEMA_VERSION:
            raise GeoeventsError(f"{path}: event store schema {schema}, this geoevents "
                                 f"reads {SCHEMA_VERSION}")

    def close(self) -> None:
        self.conn.close()

    def _create_or_upgrade(self) -> tuple[str, bool]:
        """Create what is missing; a new store gets the current schema, an older one is
        upgraded (in the caller's transaction, so no reader sees it half done): the
        earlier layout is converted, a schema-1 store gets its link table.  Returns the
        schema and whether the layout was converted."""
        self.conn.execute("CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        self.conn.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
        schema = self.conn.execute("SELECT value FROM meta WHERE key='schema'").fetchone()[0]
        if schema not in ("1", SCHEMA_VERSION):
            return str(schema), False  # a later geoevents' store: left as it is
        # Kept in the store, so that a later DICTIONARY never makes its bodies unreadable.
        self.conn.execute("INSERT OR IGNORE INTO meta VALUES ('dictionary', ?)",
                          (store_bodies.DICTIONARY,))
        converted = "feature" in {row[1] for row in self.conn.execute("PRAGMA table_info(events)")}
        if converted:
            _convert_layout(self.conn)
        _execute_script(self.conn, _SCHEMA)
        if schema == "1":
            _execute_script(self.conn, store_links.MIGRATE_FROM_1)
            self.conn.execute("UPDATE meta SET value=? WHERE key='schema'", (SCHEMA_VERSION,))
            schema = SCHEMA_VERSION
        return str(schema), converted

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
        row = self.conn.execute("SELECT rowid, body, version FROM documents WHERE sha256=?",
                                (sha256,)).fetchone()
        if row is None or row[2] != __version__:
            return None
        doc, body, _ = row
        old = self.conn.execute("SELECT doc FROM document_paths WHERE path=?", (path,)).fetchone()
        if old is None or old[0] != doc:
            with self._transaction():
                self.conn.execute("INSERT OR REPLACE INTO document_paths VALUES (?, ?)", (path, doc))
                if old is not None:
                    self._drop_if_orphan(old[0])
        return store_bodies.summary_of(store_bodies.first_line(body, self.dictionary), sha256)

    def put(self, result: Any) -> None:
        """Store one processed document (a :class:`geoevents.batch.DocResult`) in one
        transaction: replace what its path held before, insert and link its events."""
        summary = result.document
        sha = result.sha256 or summary["sha256"]
        path = _path_key(result.path, sha)
        features = list(result.features)
        held = [_held(f) for f in features]
        # Serialised and compressed before the transaction: other writers wait less.
        body = store_bodies.encode(store_bodies.summary_line(summary, sha),
                                   map(store_bodies.line, features, held),
                                   self.dictionary)
        with self._transaction():
            old = self.conn.execute("SELECT doc FROM document_paths WHERE path=?", (path,)).fetchone()
            # The same content processed again (a new version) keeps its rowid: other
            # paths that hold it name it by that.
            again = self._delete_document(sha)
            # Keys chosen here, consecutive, so a document's events are the key range its
            # row names (no index on events by document), and above every group label
            # too: a group may keep the label of a deleted event (_regroup).
            first = int(self.conn.execute(
                "SELECT COALESCE(MAX((SELECT MAX(event_key) FROM events), "
                "(SELECT MAX(cluster) FROM events)), 0) + 1").fetchone()[0])
            doc = int(self.conn.execute(
                "INSERT INTO documents(rowid, sha256, doc_id, doc_date, size, version, added, "
                "first_key, event_count, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (again, sha, summary.get("doc_id"), summary.get("doc_date"), result.size,
                 __version__, datetime.now(timezone.utc).isoformat(timespec="seconds"), first,
                 len(features), body)).lastrowid)
            self.conn.execute("INSERT OR REPLACE INTO document_paths VALUES (?, ?)", (path, doc))
            for key in self._insert_events(doc, first, features, held):
                self._link(key)
            if old is not None and old[0] != doc:
                self._drop_if_orphan(old[0])

    def features(self, sha256: str) -> Iterator[dict[str, Any]]:
        """A document's Features as extract wrote them, in their original order."""
        row = self.conn.execute("SELECT first_key, event_count, body FROM documents WHERE sha256=?",
                                (sha256,)).fetchone()
        if row is None:
            return iter(())
        first, count, body = row
        held = [store_bodies.Held(*r) for r in self.conn.execute(
            "SELECT id, start, \"end\" FROM events WHERE event_key BETWEEN ? AND ? "
            "ORDER BY event_key", (first, first + count - 1))]
        return map(store_bodies.feature, self._lines(body)[1:], held)

    def documents(self, shas: Iterable[str]) -> list[dict[str, Any]]:
        """Summaries of the given documents, by date then doc_id."""
        found = []
        for sha in sorted(set(shas)):
            row = self.conn.execute("SELECT body FROM documents WHERE sha256=?", (sha,)).fetchone()
            if row:
                found.append(store_bodies.summary_of(
                    store_bodies.first_line(row[0], self.dictionary), sha))
        return sorted(found, key=lambda d: (d.get("doc_date") or "", d.get("doc_id") or ""))

    def counts(self) -> dict[str, int]:
        """Documents, events and linked groups (of two or more events) in the store."""
        one = lambda sql: self.conn.execute(sql).fetchone()[0]  # noqa: E731
        return {"documents": one("SELECT COUNT(*) FROM documents"),
                "events": one("SELECT COUNT(*) FROM events"),
                "linked_groups": one("SELECT COUNT(*) FROM (SELECT cluster FROM events "
                                     "GROUP BY cluster HAVING COUNT(*) > 1)")}

    def _lines(self, body: bytes) -> list[str]:
        return store_bodies.decode(body, self.dictionary)

    def _drop_if_orphan(self, doc: int) -> None:
        if self.conn.execute("SELECT 1 FROM document_paths WHERE doc=?", (doc,)).fetchone() is None:
            row = self.conn.execute("SELECT sha256 FROM documents WHERE rowid=?", (doc,)).fetchone()
            if row is not None:
                self._delete_document(row[0])

    def _delete_document(self, sha: str) -> int | None:
        """Remove a document and its events; its rowid, None when the store lacks it."""
        row = self.conn.execute("SELECT rowid, first_key, event_count FROM documents WHERE sha256=?",
                                (sha,)).fetchone()
        if row is None:
            return None
        doc, first, last = row[0], row[1], row[1] + row[2] - 1
        found = self.conn.execute("SELECT cluster, box FROM events WHERE event_key BETWEEN ? AND ?",
                                  (first, last)).fetchall()
        store_links.delete(self.conn, first, last)  # before the events it finds them by
        for table in ("event_countries", "event_drugs", "events"):
            self.conn.execute(f"DELETE FROM {table} WHERE event_key BETWEEN ? AND ?", (first, last))
        self.conn.execute("DELETE FROM documents WHERE sha256=?", (sha,))
        for box in sorted({box for _, box in found if box is not None}):
            if self.conn.execute("SELECT 1 FROM events WHERE box=?", (box,)).fetchone() is None:
                self.conn.execute("DELETE FROM boxes WHERE box=?", (box,))
                self.conn.execute("DELETE FROM event_bbox WHERE box=?", (box,))
        # Groups that lost members are regrouped: a removed event may have been the only
        # bridge between the others.  Groups the document had no part in are untouched.
        for cluster in sorted({cluster for cluster, _ in found}):
            self._regroup(cluster)
        return int(doc)

    def _regroup(self, cluster: int) -> None:
        """Split what is left of group ``cluster`` into the groups the rule makes of it.

        Labels stay unique because a label is either the key of a member of its own
        group or the key of a deleted event (keys are never reused while they label a
        group, see put).  So the part holding the label's event keeps the label; if
        that event is gone, the largest part keeps it; any other part takes its
        smallest key.  Relabelling rewrites rows, so the common case -- one document
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

    def _insert_events(self, doc: int, first: int, features: list[Mapping[str, Any]],
                       held: list[store_bodies.Held]) -> list[int]:
        """Insert a document's events, keyed from ``first`` on, each labelled as its own
        group, with one statement per table; return the keys the rule may link."""
        events: list[tuple[Any, ...]] = []
        countries: list[tuple[int, str]] = []
        drugs: list[tuple[Any, ...]] = []
        links: list[tuple[Any, ...]] = []
        boxes: dict[Box, int] = {}
        linkable: list[int] = []
        for ordinal, (feature, (event_id, start, end)) in enumerate(zip(features, held)):
            key = first + ordinal
            props = feature.get("properties") or {}
            etype, status = props.get("event_type") or "other", props.get("status") or "reported"
            found = [d for d in props.get("drugs") or [] if isinstance(d, Mapping)]
            masses = [d["kg"] for d in found if _number(d.get("kg")) and d.get("class") != "precursor"]
            kg = sum(masses) if masses else None
            box = _bbox(feature.get("geometry"))
            if box is not None and box not in boxes:
                boxes[box] = _box_key(self.conn, box)
            events.append((key, doc, ordinal, event_id, etype, status, start, end,
                           props.get("place_id"), kg, key, None if box is None else boxes[box]))
            codes = {str(c).upper() for c in props.get("countries") or [] if c}
            if props.get("country_code"):
                codes.add(str(props["country_code"]).upper())
            countries += ((key, cc) for cc in sorted(codes))
            drugs += ((key, at, str(d.get("substance")).lower().strip(),
                       d["kg"] if _number(d.get("kg")) else None) for at, d in enumerate(found))
            facts = store_links.facts_of(status, start, end, props.get("place_id"), kg, (
                str(d.get("substance")).lower().strip() for d in found if _number(d.get("kg"))))
            if facts is not None:
                links += store_links.rows(key, etype, props["place_id"], facts)
                linkable.append(key)
        self.conn.executemany("INSERT INTO events VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", events)
        self.conn.executemany("INSERT INTO event_countries VALUES (?, ?)", countries)
        self.conn.executemany("INSERT INTO event_drugs VALUES (?, ?, ?, ?)", drugs)
        store_links.insert(self.conn, links)
        return linkable

    def _link(self, key: int) -> None:
        """Join ``key``'s group with the groups of the same event in other documents,
        under the label of the largest (its rows are not rewritten: union by size)."""
        *row, cluster = self.conn.execute(
            "SELECT event_type, place_id, kg, start, \"end\", doc, cluster FROM events "
            "WHERE event_key=?", (key,)).fetchone()
        mine = store_links.own(self.conn, key, *row)
        if mine is None:
            return  # the rule never links this event
        groups = store_links.linked_groups(self.conn, *mine)
        groups.add(cluster)
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
            "SELECT e.cluster, d.sha256, e.doc, e.ordinal, e.id, e.start, e.\"end\" "
            f"FROM events e JOIN documents d ON d.rowid = e.doc WHERE {where} "
            "ORDER BY d.doc_date, d.doc_id, d.sha256, e.ordinal", params)
        # Rows come document by document: each body is inflated once, not once per event.
        lines = functools.lru_cache(maxsize=16)(self._document_lines)
        emitted: set[int] = set()
        for cluster, sha, doc, ordinal, *held in rows:
            if cluster in emitted:
                continue
            feature = store_bodies.feature(lines(doc)[ordinal + 1], store_bodies.Held(*held))
            if not spec.matches(feature):
                continue
            emitted.add(cluster)
            # Counted once per group written, not for each member row: a group of N
            # reports would otherwise cost N x N.
            size = self.conn.execute("SELECT COUNT(*) FROM events WHERE cluster=?",
                                     (cluster,)).fetchone()[0]
            if size > 1:
                members = self.conn.execute(
                    "SELECT d.sha256, e.doc, e.ordinal, e.id, e.start, e.\"end\" FROM events e "
                    "JOIN documents d ON d.rowid = e.doc WHERE e.cluster=? "
                    "ORDER BY d.doc_date, d.doc_id, d.sha256, e.ordinal", (cluster,))
                feature["properties"]["sources"] = [
                    _source(store_bodies.feature(lines(d)[o + 1], store_bodies.Held(*h)), sha)
                    for sha, d, o, *h in members]
            else:
                feature["properties"]["sources"] = [
                    _source(feature, store_bodies.summary_of(lines(doc)[0], sha)["sha256"])]
            yield feature

    def _document_lines(self, doc: int) -> list[str]:
        return self._lines(self.conn.execute("SELECT body FROM documents WHERE rowid=?",
                                             (doc,)).fetchone()[0])


def _held(feature: Mapping[str, Any]) -> store_bodies.Held:
    """The id, start and end of a Feature's events row (a body may leave them out of the
    Feature).  An event dated by its end alone starts there too."""
    props = feature.get("properties") or {}
    start = props.get("start") or props.get("end")
    return store_bodies.Held(props.get("id", feature.get("id")), start, props.get("end") or start)


def _box_key(conn: sqlite3.Connection, box: Box) -> int:
    """The key of a bounding box in ``boxes`` and the R*Tree, added if new: the events at
    one place share its box, so the R*Tree grows with places and routes, not events."""
    found = conn.execute("SELECT box FROM boxes WHERE min_lon=? AND max_lon=? AND min_lat=? "
                         "AND max_lat=?", box).fetchone()
    if found is not None:
        return int(found[0])
    key = int(conn.execute("INSERT INTO boxes(min_lon, max_lon, min_lat, max_lat) "
                           "VALUES (?, ?, ?, ?)", box).lastrowid)
    conn.execute("INSERT INTO event_bbox VALUES (?, ?, ?, ?, ?)", (key, *box))
    return key


def _convert_layout(conn: sqlite3.Connection) -> None:
    """Rewrite a store of the earlier layout -- each event's Feature JSON and document's
    sha256 in its row, six indexes on events, event_countries and event_drugs indexed
    twice, an R*Tree box per event, paths naming documents by sha256, dates and
    documents in event_links -- into this one, keeping every key, group label and
    document rowid.

    A document's events had consecutive keys then too (put chose them one after the
    other in one transaction), so each document's row can name its range."""
    old_tables = [row[0] for row in conn.execute(
        "SELECT name FROM sqlite_master WHERE type='table' AND name IN ('documents', 'paths', "
        "'events', 'event_countries', 'event_drugs', 'event_links')")]  # a schema-1 store: no links
    for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='index' AND sql IS NOT NULL AND tbl_name IN "
            f"({_marks(old_tables)})", old_tables).fetchall():
        conn.execute(f'DROP INDEX "{name}"')
    for table in old_tables:
        conn.execute(f"ALTER TABLE {table} RENAME TO old_{table}")
    conn.execute("DROP TABLE event_bbox")  # a box per event: rebuilt below, a box per place
    _execute_script(conn, _SCHEMA)
    conn.execute(
        "INSERT INTO events SELECT e.event_key, d.rowid, e.ordinal, e.id, e.event_type, e.status, "
        "e.start, e.\"end\", e.place_id, e.kg, e.cluster, NULL "
        "FROM old_events e JOIN old_documents d ON d.sha256 = e.sha256")
    conn.execute("INSERT INTO document_paths SELECT p.path, d.rowid FROM old_paths p "
                 "JOIN old_documents d ON d.sha256 = p.sha256")
    if "event_links" in old_tables:
        conn.execute(f"INSERT INTO event_links {store_links.OLD_ROWS}")
    conn.execute("INSERT INTO event_countries SELECT event_key, country_code FROM old_event_countries")
    conn.execute("INSERT INTO event_drugs SELECT event_key, row_number() OVER "
                 "(PARTITION BY event_key ORDER BY rowid) - 1, substance, kg FROM old_event_drugs")
    dictionary = bytes(conn.execute("SELECT value FROM meta WHERE key='dictionary'").fetchone()[0])
    documents = conn.execute("SELECT rowid, sha256, doc_id, doc_date, size, version, added, summary "
                             "FROM old_documents ORDER BY rowid").fetchall()
    events: dict[str, list[tuple[int, int, str]]] = {}
    for sha, key, ordinal, text in conn.execute(
            "SELECT sha256, event_key, ordinal, feature FROM old_events ORDER BY sha256, ordinal"):
        events.setdefault(sha, []).append((key, ordinal, text))
    for rowid, sha, doc_id, doc_date, size, version, added, summary in documents:
        rows = events.pop(sha, [])
        first = rows[0][0] if rows else 0
        if [(key, ordinal) for key, ordinal, _ in rows] != [(first + i, i) for i in range(len(rows))]:
            raise GeoeventsError(f"document {sha}: its events do not have consecutive keys "
                                 "(a store geoevents did not write?)")
        features = [json.loads(text) for _, _, text in rows]
        body = store_bodies.encode(store_bodies.summary_line(json.loads(summary), sha),
                                   map(store_bodies.line, features, map(_held, features)),
                                   dictionary)
        conn.execute("INSERT INTO documents(rowid, sha256, doc_id, doc_date, size, version, added, "
                     "first_key, event_count, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     (rowid, sha, doc_id, doc_date, size, version, added, first, len(rows), body))
        boxes = ((key, _bbox(f.get("geometry"))) for (key, _, _), f in zip(rows, features))
        conn.executemany("UPDATE events SET box=? WHERE event_key=?",
                         [(_box_key(conn, box), key) for key, box in boxes if box is not None])
    for table in old_tables:
        conn.execute(f"DROP TABLE old_{table}")


def _vacuum(conn: sqlite3.Connection) -> None:
    """Give the space a conversion freed back to the file system.  Only an optimisation:
    when another process is reading the store just then, its pages are reused instead."""
    try:
        conn.execute("VACUUM")
    except sqlite3.OperationalError:
        pass


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
        clauses.append("e.box IN (SELECT box FROM event_bbox WHERE "
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
