"""SQLite event store: incremental re-runs, per-document transactions, SQL filters,
cross-document linking, and `extract --db` / `export --db` on the command line."""
from __future__ import annotations

import json
import random
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from geoevents import batch, store as store_module
from geoevents.batch import DocResult
from geoevents.cli import main
from geoevents.filters import FilterSpec, spec_from_options
from geoevents.model import Event, Place, Quantity, RouteStop, TimeSpan
from geoevents.store import EventStore, open_store, spec_sql

PLACES = {
    "shymkent": ("Shymkent", "KZ", 69.6, 42.3), "osh": ("Osh", "KG", 72.8, 40.5),
    "termez": ("Termez", "UZ", 67.3, 37.2), "khorog": ("Khorog", "TJ", 71.6, 37.5),
    "anadyr": ("Anadyr", "RU", 177.5, 64.7),
}


def event(doc_id: str, kind: str, start: str | None, end: str | None = None, place: str | None = None,
          drugs: tuple[tuple[str, float | None], ...] = (), paragraph: int = 1, at: int = 0,
          countries: tuple[str, ...] = (), status: str = "reported",
          route: tuple[str, ...] = ()) -> dict:
    span = None
    if start:
        span = TimeSpan(date.fromisoformat(start), date.fromisoformat(end or start), "day",
                        "absolute", start, 0, 10)
    where = None
    if place:
        name, cc, lon, lat = PLACES[place]
        where = Place(text=name, char_start=0, char_end=len(name), name=name, place_id=f"gn:{place}",
                      kind="city", country_code=cc, lat=lat, lon=lon, geo_precision="city",
                      resolved_by="gazetteer")
    stops = tuple(RouteStop(PLACES[p][0], PLACES[p][2], PLACES[p][3], f"gn:{p}", role)
                  for p, role in zip(route, ("origin", "transit", "destination")))
    return Event(event_type=kind, title=f"{kind} {at}", doc_id=doc_id, doc_date=date(2008, 12, 1),
                 paragraph=paragraph, sentence=f"sentence {at}", char_start=at, char_end=at + 9,
                 span=span, place=where, route=stops, countries=countries, status=status,
                 drugs=tuple(Quantity(s, kg, "kg", kg) for s, kg in drugs)).to_feature()


def result(path: str, doc_id: str, features: list[dict], sha: str | None = None,
           doc_date: str = "2008-12-01") -> DocResult:
    sha = sha or f"{doc_id}-sha".ljust(64, "0")
    summary = {"doc_id": doc_id, "doc_date": doc_date, "title": doc_id, "path": path, "sha256": sha}
    return DocResult(0, path, 100, sha, summary, tuple(features), None, 0.0)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "events.sqlite"


def test_put_then_read_back_in_order_and_replace_on_change(db):
    one = [event("A", "seizure", "2008-03-01", place="osh", drugs=(("heroin", 5.0),), at=i)
           for i in range(3)]
    with open_store(db) as store:
        store.put(result("a.txt", "A", one))
        assert store.current("a.txt", "A-sha".ljust(64, "0"))["doc_id"] == "A"
        assert list(store.features("A-sha".ljust(64, "0"))) == one
        assert store.current("a.txt", "other".ljust(64, "0")) is None
        changed = result("a.txt", "A", one[:1], sha="A2".ljust(64, "0"))
        store.put(changed)  # same path, new content: the old document and its events go
        assert store.counts() == {"documents": 1, "events": 1, "linked_groups": 0}
        assert [f["properties"]["sources"][0]["sha256"] for f in store.query()] == [changed.sha256]


def test_same_content_at_a_new_path_is_not_processed_again(db):
    with open_store(db) as store:
        store.put(result("a.txt", "A", [event("A", "arrest", "2008-01-02")]))
        sha = "A-sha".ljust(64, "0")
        assert store.current("copy/a.txt", sha) is not None
        assert store.counts()["documents"] == 1
        rows = store.conn.execute("SELECT path FROM paths ORDER BY path").fetchall()
        assert rows == [("a.txt",), ("copy/a.txt",)]


def test_a_document_processed_by_another_version_is_processed_again(db, monkeypatch):
    with open_store(db) as store:
        store.put(result("a.txt", "A", [event("A", "arrest", "2008-01-02")]))
    monkeypatch.setattr(store_module, "__version__", "999")
    with open_store(db) as store:
        assert store.current("a.txt", "A-sha".ljust(64, "0")) is None


def test_a_failure_inside_a_document_leaves_the_store_as_before(db, monkeypatch):
    def seized(doc_id: str) -> list[dict]:
        return [event(doc_id, "seizure", "2008-01-02", place="osh", drugs=(("heroin", 2.0),))]

    def side_rows(store: EventStore) -> list[int]:
        return [store.conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                for t in ("event_countries", "event_drugs", "event_bbox")]

    with open_store(db) as store:
        store.put(result("a.txt", "A", seized("A")))
        before = side_rows(store)

        def broken(self, key):
            raise RuntimeError("disk full")

        monkeypatch.setattr(EventStore, "_link", broken)
        with pytest.raises(RuntimeError):
            store.put(result("b.txt", "B", seized("B")))
        assert store.counts() == {"documents": 1, "events": 1, "linked_groups": 0}
        assert side_rows(store) == before == [1, 1, 1]
        assert store.conn.execute("SELECT path FROM paths").fetchall() == [("a.txt",)]


# --- linking -------------------------------------------------------------------------

def test_the_same_seizure_in_two_documents_is_one_event_with_two_sources(db):
    first = event("A", "seizure", "2008-05-14", place="shymkent", drugs=(("heroin", 537.0),))
    second = event("B", "seizure", "2008-05-01", "2008-05-31", place="shymkent",
                   drugs=(("heroin", 540.0),), paragraph=4)  # "in May", 0.6% apart
    other_mass = event("C", "seizure", "2008-05-14", place="shymkent", drugs=(("heroin", 560.0),))
    other_place = event("D", "seizure", "2008-05-14", place="osh", drugs=(("heroin", 537.0),))
    other_month = event("E", "seizure", "2008-06-14", place="shymkent", drugs=(("heroin", 537.0),))
    other_drug = event("H", "seizure", "2008-05-14", place="shymkent", drugs=(("opium", 537.0),))
    with open_store(db) as store:
        for name, feature in zip("ABCDEH", (first, second, other_mass, other_place, other_month,
                                            other_drug)):
            store.put(result(f"{name}.txt", name, [feature]))
        exported = list(store.query())
        assert len(exported) == 5 and store.counts()["linked_groups"] == 1
        merged = exported[0]
        assert [s["doc_id"] for s in merged["properties"]["sources"]] == ["A", "B"]
        assert merged["properties"]["sources"][1]["paragraph"] == 4
        assert all(len(f["properties"]["sources"]) == 1 for f in exported[1:])
        # the same document never links with itself, planned events never link
        store.put(result("F.txt", "F", [
            event("F", "seizure", "2008-05-14", place="osh", drugs=(("heroin", 100.0),), at=1),
            event("F", "seizure", "2008-05-14", place="osh", drugs=(("heroin", 100.0),), at=2),
            event("F", "seizure", "2008-05-14", place="termez", drugs=(("heroin", 9.0),),
                  status="planned", at=3)]))
        store.put(result("G.txt", "G", [event("G", "seizure", "2008-05-14", place="termez",
                                               drugs=(("heroin", 9.0),), status="planned")]))
        assert store.counts()["linked_groups"] == 1


def test_removing_the_bridge_document_splits_a_linked_group(db):
    a = event("A", "seizure", "2008-05-10", place="osh", drugs=(("opium", 100.0),))
    bridge = event("B", "seizure", "2008-05-01", "2008-05-31", place="osh",
                   drugs=(("raw opium", 100.8),))  # one name a word of the other: same drug
    c = event("C", "seizure", "2008-05-20", place="osh", drugs=(("opium", 101.6),))
    with open_store(db) as store:
        for name, feature in zip("ABC", (a, bridge, c)):
            store.put(result(f"{name}.txt", name, [feature]))
        assert [len(f["properties"]["sources"]) for f in store.query()] == [3]
        # b.txt changes and no longer reports the seizure: A and C are 1.6% apart
        store.put(result("B.txt", "B", [event("B", "arrest", "2008-05-02")], sha="B2".ljust(64, "0")))
        assert [len(f["properties"]["sources"]) for f in store.query()] == [1, 1, 1]


# --- filters as SQL --------------------------------------------------------------------

def random_features(count: int, seed: int) -> list[tuple[str, list[dict]]]:
    rng = random.Random(seed)
    docs = []
    for d in range(count):
        feats = []
        for i in range(rng.randrange(1, 6)):
            day = date(2008, rng.randrange(1, 13), rng.randrange(1, 28))
            end = date(2008, day.month, min(27, day.day + rng.choice([0, 0, 3, 20])))
            dated = rng.random() > 0.15
            drugs = tuple((rng.choice(["heroin", "hashish oil", "raw opium", "marijuana", "ecstasy"]),
                           rng.choice([None, rng.uniform(0.1, 900)])) for _ in range(rng.randrange(0, 3)))
            route = tuple(rng.sample(sorted(PLACES), 2)) if rng.random() < 0.2 else ()
            feats.append(event(f"D{d}", rng.choice(["seizure", "arrest", "route", "price"]),
                               day.isoformat() if dated else None, end.isoformat() if dated else None,
                               place=rng.choice([None, *PLACES]), drugs=drugs, at=i * 20,
                               countries=tuple(rng.sample(["KZ", "AF", "RU", "CN"], rng.randrange(0, 2))),
                               route=route))
        docs.append((f"D{d}", feats))
    return docs


SPECS = [
    {}, {"date_from": "2008-03", "date_to": "2008-05"},
    {"date_from": "2008-03", "date_to": "2008-05", "within": True}, {"date_to": "2008-02-10"},
    {"types": ["seizure", "route"]}, {"countries": ["kz"]}, {"countries": ["AF", "UZ"]},
    {"drugs": ["opium"]}, {"drugs": ["opiates"]}, {"drugs": ["cannabis", "ats"]},
    {"min_kg": 200}, {"drugs": ["heroin"], "min_kg": 50.5},
    {"bbox": "60,35,75,45"}, {"bbox": "170,50,-170,70"}, {"bbox": "0,0,10,10"},
    {"date_from": "2008-06", "types": ["seizure"], "countries": ["KG"], "min_kg": 1},
]


@pytest.mark.parametrize("options", SPECS, ids=[json.dumps(s) for s in SPECS])
def test_store_filters_keep_exactly_what_filter_keeps(db, options):
    docs = random_features(40, seed=3)
    spec = spec_from_options(**options)
    with open_store(db) as store:
        for doc_id, feats in docs:
            store.put(result(f"{doc_id}.txt", doc_id, feats))
        got = [f["id"] for f in store.query(spec)]
        want = [f["id"] for _, feats in docs for f in feats if spec.matches(f)]
        assert sorted(got) == sorted(want) and len(got) == len(set(got))
        if spec.bbox is None:  # SQL alone, without the confirming check, selects exactly these
            where, params = spec_sql(spec)
            rows = store.conn.execute(f"SELECT id FROM events e WHERE {where}", params).fetchall()
            assert sorted(r[0] for r in rows) == sorted(want)


def test_filter_by_date_uses_the_index(db):
    with open_store(db) as store:
        where, params = spec_sql(FilterSpec(date_from=date(2008, 1, 1), date_to=date(2008, 1, 31)))
        plan = " ".join(str(r) for r in store.conn.execute(
            f"EXPLAIN QUERY PLAN SELECT id FROM events e WHERE {where}", params))
        assert "USING INDEX events_" in plan


# --- the command line ----------------------------------------------------------------

def drug_events(doc, geocoder=None) -> list[Event]:
    """Stand-in extractor: a 537 kg heroin seizure in Osh for every 'ALPHA' paragraph."""
    found = []
    for p in doc.paragraphs:
        if "ALPHA" in p.text:
            found.append(Event("seizure", "ALPHA seizure", doc.doc_id, doc.doc_date, p.number,
                               p.text[:40], p.char_start, p.char_end,
                               span=TimeSpan(date(2008, 5, 1), date(2008, 5, 31), "month",
                                             "absolute", "May", 0, 3),
                               place=Place("Osh", 0, 3, "Osh", "gn:osh", "city", "KG", None,
                                           40.5, 72.8, "city", "gazetteer"),
                               drugs=(Quantity("heroin", 537.0, "kg", 537.0),)))
        found.append(Event("other", p.text[:20], doc.doc_id, doc.doc_date, p.number, p.text[:40],
                           p.char_start, p.char_end))
    return found


def cable(doc_id: str, body: str) -> str:
    return (f"Identifier\nCreated\n{doc_id}\n2008-06-02 08:00:00\nSUBJECT: TEST {doc_id}\n\n"
            f"1. (SBU) {body}\n\n2. (SBU) The post will report further developments.\n")


def cli(monkeypatch, capsys, *args: str) -> tuple[int, str, str]:
    monkeypatch.setattr(batch, "_default_events_fn", lambda: drug_events)
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    out = capsys.readouterr()
    return exit_info.value.code, out.out, out.err


def test_extract_db_reruns_skip_unchanged_and_export_links(monkeypatch, capsys, tmp_path, db):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(6):
        body = "Police seized heroin ALPHA." if i in (1, 4) else f"Routine note {i}."
        (corpus / f"{i}.txt").write_text(cable(f"08OSH{i}", body), encoding="utf-8")
    code, out, err = cli(monkeypatch, capsys, "extract", "--offline", "-j", "2", str(corpus),
                         "--db", str(db))
    assert code == 0 and out == "" and "6 document(s)" in err and "unchanged" not in err
    code, _, err = cli(monkeypatch, capsys, "extract", "--offline", "-j", "2", str(corpus),
                       "--db", str(db))
    assert "6 unchanged in the store" in err
    (corpus / "2.txt").write_text(cable("08OSH2", "Police seized heroin ALPHA again."), encoding="utf-8")
    code, out, err = cli(monkeypatch, capsys, "extract", "--offline", str(corpus), "--db", str(db),
                         "--format", "geojsonseq", "-o", "-")
    assert "5 unchanged in the store" in err
    fresh = subprocess_free_extract(monkeypatch, capsys, corpus)
    assert out == fresh  # stored events come back exactly as extract writes them

    code, out, err = cli(monkeypatch, capsys, "export", "--db", str(db), "--type", "seizure")
    collection = json.loads(out)
    assert code == 0 and len(collection["features"]) == 1
    sources = collection["features"][0]["properties"]["sources"]
    assert [s["doc_id"] for s in sources] == ["08OSH1", "08OSH2", "08OSH4"]
    assert [d["doc_id"] for d in collection["documents"]] == ["08OSH1", "08OSH2", "08OSH4"]
    assert "reported by several documents" in err
    code, out, _ = cli(monkeypatch, capsys, "export", "--db", str(db), "--format", "csv",
                       "--type", "other", "--from", "2009")
    assert code == 0 and out.splitlines()[0].startswith("id,event_type") and len(out.splitlines()) == 1


def subprocess_free_extract(monkeypatch, capsys, corpus: Path) -> str:
    code, out, _ = cli(monkeypatch, capsys, "extract", "--offline", str(corpus), "-j", "1",
                       "--format", "geojsonseq")
    assert code == 0
    return out


def test_interrupted_run_resumes(monkeypatch, capsys, tmp_path, db):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(5):
        (corpus / f"{i}.txt").write_text(cable(f"08X{i}", "Police seized heroin ALPHA."), encoding="utf-8")
    real_put = EventStore.put
    calls = []

    def failing_put(self, result):
        calls.append(result.path)
        if len(calls) == 3:
            raise KeyboardInterrupt
        real_put(self, result)

    monkeypatch.setattr(EventStore, "put", failing_put)
    code, _, err = cli(monkeypatch, capsys, "extract", "--offline", str(corpus), "--db", str(db))
    assert code == 130
    with open_store(db) as store:
        assert store.counts()["documents"] == 2
    monkeypatch.setattr(EventStore, "put", real_put)
    code, _, err = cli(monkeypatch, capsys, "extract", "--offline", str(corpus), "--db", str(db))
    assert code == 0 and "2 unchanged in the store" in err
    with open_store(db) as store:
        assert store.counts() == {"documents": 5, "events": 15, "linked_groups": 1}


def test_export_errors_are_one_line(monkeypatch, capsys, tmp_path):
    code, _, err = cli(monkeypatch, capsys, "export", "--db", str(tmp_path / "none.sqlite"))
    assert code == 2 and "no such event store" in err and len(err.strip().splitlines()) == 1
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"this is not a database at all" * 100)
    code, _, err = cli(monkeypatch, capsys, "export", "--db", str(junk))
    assert code == 2 and "junk.sqlite" in err and len(err.strip().splitlines()) == 1
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t(x)")
    code, _, err = cli(monkeypatch, capsys, "export", "--db", str(other))
    assert code == 2 and "not a geoevents event store" in err
    code, _, err = cli(monkeypatch, capsys, "export", "--db", str(other), "--from", "2008-13")
    assert code == 2 and "--from" in err


def test_each_content_piped_on_stdin_is_its_own_document(db):
    with open_store(db) as store:
        store.put(result("-", "A", [event("A", "arrest", "2008-01-02")]))
        store.put(result("-", "B", [event("B", "arrest", "2008-01-03")]))
        assert store.counts()["documents"] == 2
        assert store.current("-", "A-sha".ljust(64, "0"))["doc_id"] == "A"
